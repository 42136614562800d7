"""Stance scores: span detection, polarity on matched spans, and the whole (holder, target, polarity) triple.

Each stance is ``(doc_id, start, end, polarity, (holder_start, holder_end), (target_start, target_end))``.

- span detection: one-to-one exact match of ``(doc, start, end)``;
- polarity on the matched spans: accuracy, macro-F1 over the polarities seen, and F_avg = mean of the F1 of
  FAVOR and AGAINST (SemEval-2016 Task 6; NEUTRAL/NONE counts only through the others' precision and recall);
- triple: one-to-one exact match of ``(doc, holder span, target span, polarity)``, regardless of the stance span.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from eval.prf import PRF, Average, macro_average
from eval.spans import MODES, SpanReport, averaged_labels, count_matches_by_doc, score_spans

StanceTuple = tuple[Hashable, int, int, str, tuple[int, int], tuple[int, int]]
F_AVG_CLASSES = ("FAVOR", "AGAINST")


@dataclass(frozen=True, slots=True)
class PolarityScores:
    """Polarity agreement on the spans both sides found."""

    matched: int
    accuracy: float
    per_polarity: Mapping[str, PRF]
    macro: Average
    f_avg: float  # mean F1 of FAVOR and AGAINST


@dataclass(frozen=True, slots=True)
class StanceReport:
    spans: SpanReport  # stance spans labelled with their polarity, every mode
    span_detection: PRF
    polarity: PolarityScores
    triples: PRF
    tasks_by_doc: Mapping[str, Mapping[Hashable, PRF]]  # "span_detection", "triples": per document


def _doc(key: Hashable) -> Hashable:
    assert isinstance(key, tuple)
    return key[0]


def polarity_scores(pairs: Sequence[tuple[str, str]], *, polarities: Sequence[str] = ()) -> PolarityScores:
    """Accuracy, per-polarity P/R/F1, macro-F1 and F_avg of (gold, predicted) polarity pairs."""
    names = [*polarities, *sorted({p for pair in pairs for p in pair} - set(polarities))]
    per: dict[str, PRF] = {}
    for name in names:
        tp = sum(g == name and p == name for g, p in pairs)
        fp = sum(g != name and p == name for g, p in pairs)
        fn = sum(g == name and p != name for g, p in pairs)
        per[name] = PRF(correct=tp, incorrect=fp, gold_correct=tp, gold_incorrect=fn)
    accuracy = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    f_avg = sum(per[name].f1 if name in per else 0.0 for name in F_AVG_CLASSES) / len(F_AVG_CLASSES)
    return PolarityScores(len(pairs), accuracy, per, macro_average(per, averaged_labels(per)), f_avg)


def score_stance(
    gold: Iterable[StanceTuple],
    pred: Iterable[StanceTuple],
    *,
    polarities: Sequence[str] | None = None,
    modes: Sequence[str] = MODES,
) -> StanceReport:
    """Score predicted stances against gold stances (see the module docstring)."""
    gold, pred = list(gold), list(pred)
    spans = score_spans([s[:4] for s in gold], [s[:4] for s in pred], labels=polarities, modes=modes)
    span_keys = {side: [(s[0], s[1], s[2]) for s in items] for side, items in (("gold", gold), ("pred", pred))}
    triple_keys = {side: [(s[0], s[4], s[5], s[3]) for s in items] for side, items in (("gold", gold), ("pred", pred))}
    by_doc = {
        "span_detection": count_matches_by_doc(span_keys["gold"], span_keys["pred"], doc_of=_doc),
        "triples": count_matches_by_doc(triple_keys["gold"], triple_keys["pred"], doc_of=_doc),
    }
    # polarity pairs: same span on both sides, paired one to one (in order when a span repeats)
    waiting: dict[tuple[Hashable, int, int], list[str]] = defaultdict(list)
    for s in gold:
        waiting[(s[0], s[1], s[2])].append(s[3])
    pairs = []
    for s in pred:
        queue = waiting.get((s[0], s[1], s[2]))
        if queue:
            pairs.append((queue.pop(0), s[3]))
    return StanceReport(
        spans=spans,
        span_detection=PRF.total(by_doc["span_detection"].values()),
        polarity=polarity_scores(pairs, polarities=polarities or ()),
        triples=PRF.total(by_doc["triples"].values()),
        tasks_by_doc=by_doc,
    )
