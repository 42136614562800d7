"""Flashpoint evaluation harness: span, event and stance scores with intervals (see the README's Evaluation).

Metrics are pure functions over ``(doc_id, start, end, label)`` tuples; loading, pairing and reporting are
separate modules:

- ``eval.prf``: the addable :class:`~eval.prf.PRF` counter (COR/INC/PAR/SPU, gold COR/INC/PAR/MIS) and averages;
- ``eval.spans``: :func:`~eval.spans.score_spans` (modes strict / exact / overlap / partial) and the numpy core;
- ``eval.bio``: tagging schemes as tables (conlleval, IOB2, IOBES); ``eval.pairing``: :func:`~eval.pairing.score_bio`;
- ``eval.events`` (ACE trigger and argument scores), ``eval.stance`` (span, polarity, triple);
- ``eval.layers``: annotation sets -> scores per layer (:func:`~eval.layers.score_sets`, :func:`~eval.layers.score_pairs`);
- ``eval.bootstrap``: document-level intervals and the paired test;
- ``eval.load`` (corpus JSONL / BIO files), ``eval.run`` (end to end), ``eval.report`` / ``eval.writers`` / ``eval.plot``.
"""
