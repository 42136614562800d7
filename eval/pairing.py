"""Pair gold with predictions and turn them into span matchings: tag sequences, or annotated documents per layer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from eval.bio import decode
from eval.spans import MODES, Matching, SpanArrays, SpanReport, match_arrays


class PairingError(ValueError):
    """Gold and predictions do not line up; the message says where."""


def check_aligned(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], *, where: Sequence[str] | None = None) -> None:
    """Both sides must have the same number of sentences and the same number of tokens in each sentence.

    ``where`` optionally names each sentence (e.g. ``"gold.bio:120 / pred.bio:118"``) for the message.
    """
    if len(gold) != len(pred):
        raise PairingError(f"gold has {len(gold)} sentences, predictions have {len(pred)}")
    lengths_differ = [i for i, (g, p) in enumerate(zip(gold, pred, strict=True)) if len(g) != len(p)]
    if lengths_differ:
        i = lengths_differ[0]
        name = where[i] if where is not None else f"sentence {i + 1}"
        raise PairingError(
            f"{name}: gold has {len(gold[i])} tokens, prediction has {len(pred[i])} "
            f"({len(lengths_differ)} sentence(s) differ in length)"
        )


def match_bio(
    gold: Sequence[Sequence[str]],
    pred: Sequence[Sequence[str]],
    *,
    scheme: str = "conlleval",
    labels: Sequence[str] = (),
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
) -> Matching:
    """Decode both tag sequences with ``scheme`` and match them; documents are sentences, offsets tokens."""
    check_aligned(gold, pred)
    decoded_gold = decode(gold, scheme=scheme, types=labels)
    decoded_pred = decode(pred, scheme=scheme, types=decoded_gold.types)
    # codes follow ``labels``, then every other type found (the gold's, then the predictions'); renumber them so
    # that the other types follow ``labels`` sorted by name, whatever side they came from
    found = decoded_pred.types  # a superset of the gold's types, with the same codes
    types = (*labels, *sorted(set(found) - set(labels)))
    order = {name: i for i, name in enumerate(types)}
    recode = [order[name] for name in found]
    gold_spans, pred_spans = _recode(decoded_gold.spans, recode), _recode(decoded_pred.spans, recode)
    return match_arrays(gold_spans, pred_spans, types, modes=modes, min_overlap=min_overlap)


def _recode(spans: SpanArrays, recode: Sequence[int]) -> SpanArrays:
    table = np.asarray(recode, dtype=np.int64)
    return SpanArrays.build(spans.doc, spans.start, spans.end, table[spans.label] if len(spans) else spans.label)


def score_bio(
    gold: Sequence[Sequence[str]],
    pred: Sequence[Sequence[str]],
    *,
    scheme: str = "conlleval",
    labels: Sequence[str] = (),
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
) -> SpanReport:
    """Per-label, micro, macro and weighted scores of predicted tags against gold tags, in every mode.

    Lists every label in ``labels`` and every type found; the "_" pseudo-type of the O tag is never listed.
    """
    matching = match_bio(gold, pred, scheme=scheme, labels=labels, modes=modes, min_overlap=min_overlap)
    present = set(matching.gold.label.tolist()) | set(matching.pred.label.tolist())
    listed = [name for code, name in enumerate(matching.labels) if name in labels or code in present]
    return matching.report(listed=listed)
