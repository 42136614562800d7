"""Flashpoint evaluation harness: span, event and stance scores with intervals.

Public API (pure functions over ``(doc_id, start, end, label)`` tuples; see ``eval/README.md``):

- :func:`eval.spans.score_spans` -> :class:`eval.spans.SpanReport` (modes strict / exact / overlap / partial)
- :func:`eval.pairing.score_bio` for two lists of tag sequences (schemes conlleval / IOB2 / IOBES)
- :class:`eval.prf.PRF`, the addable counter behind every score
"""
