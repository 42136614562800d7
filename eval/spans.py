"""Span matching and scoring: pure functions over sets of ``(doc_id, start, end, label)``.

Four matching modes (SemEval-2013 Task 9.1, as nervaluate 1.2.1 names them in brackets):

- ``strict`` (strict): boundaries and label must match;
- ``exact`` (exact): boundaries must match, any label;
- ``overlap`` (ent_type): the spans overlap (by at least ``min_overlap`` of the gold span) and the labels match;
- ``partial`` (partial): the spans overlap, any label; an overlap with different boundaries is PAR (half a match).

Every prediction becomes COR, INC, PAR or SPU, every gold span COR, INC, PAR or MIS, by nervaluate's greedy
rule: predictions in order (by document, start, end, label code), each taking the first free gold span it matches
(for ``overlap``, the same-label gold span with the closest boundaries), else the first free overlapping one (INC,
or PAR in ``partial``). Components of the overlap graph where one prediction meets one gold span are classified
in bulk with numpy; only the rest (a gold span cut into pieces, nested spans) runs the greedy loop, so the result
is nervaluate's to the last digit at a fraction of its cost.

Offsets are half-open ``[start, end)`` in any unit (characters or tokens) as long as both sides use the same.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from eval.prf import PRF, Average, macro_average, weighted_average

MODES: tuple[str, ...] = ("strict", "exact", "overlap", "partial")
NERVALUATE_NAMES: Mapping[str, str] = {"strict": "strict", "exact": "exact", "overlap": "ent_type", "partial": "partial"}

# outcome codes; on the gold side code 3 is MIS, on the prediction side SPU
COR, INC, PAR, UNMATCHED = 0, 1, 2, 3

IntArray = npt.NDArray[np.int64]
SpanTuple = tuple[Hashable, int, int, str]


class SpanError(ValueError):
    """A span that cannot be scored (bad offsets, unknown label); the message names it."""


@dataclass(frozen=True, slots=True)
class SpanArrays:
    """Spans encoded as parallel integer arrays, sorted by (doc, start, end, label)."""

    doc: IntArray
    start: IntArray
    end: IntArray
    label: IntArray

    def __len__(self) -> int:
        return len(self.doc)

    @classmethod
    def build(cls, doc: npt.ArrayLike, start: npt.ArrayLike, end: npt.ArrayLike, label: npt.ArrayLike) -> SpanArrays:
        columns = [np.asarray(column, dtype=np.int64) for column in (doc, start, end, label)]
        if len({len(column) for column in columns}) != 1:
            raise SpanError("doc, start, end and label arrays differ in length")
        d, s, e, lab = columns
        bad = np.flatnonzero((s < 0) | (e <= s))
        if len(bad):
            i = int(bad[0])
            raise SpanError(f"{len(bad)} span(s) are not half-open ranges with 0 <= start < end, first: doc #{d[i]} [{s[i]}, {e[i]})")
        if not _is_sorted(d, s, e, lab):
            order = np.lexsort((lab, e, s, d))
            d, s, e, lab = d[order], s[order], e[order], lab[order]
        return cls(d, s, e, lab)


def _is_sorted(*keys: IntArray) -> bool:
    """Whether rows are in lexicographic order of the key columns (cheaper than sorting again)."""
    if len(keys[0]) < 2:
        return True
    undecided = np.ones(len(keys[0]) - 1, dtype=bool)
    for key in keys:
        step = np.sign(key[1:] - key[:-1])
        if np.any(undecided & (step < 0)):
            return False
        undecided &= step == 0
    return True


@dataclass(frozen=True, slots=True)
class Matching:
    """The outcome of matching predictions against gold in every mode (arrays; see :func:`match_arrays`)."""

    gold: SpanArrays
    pred: SpanArrays
    labels: tuple[str, ...]  # label code -> name
    pred_outcome: Mapping[str, IntArray]  # mode -> COR/INC/PAR/SPU per prediction
    gold_outcome: Mapping[str, IntArray]  # mode -> COR/INC/PAR/MIS per gold span
    pred_match: Mapping[str, IntArray]  # mode -> index of the matched gold span, or -1
    min_overlap: float = 0.0

    @property
    def modes(self) -> tuple[str, ...]:
        return tuple(self.pred_outcome)

    def counts(self, mode: str) -> IntArray:
        """Per-label outcome counts, shape ``(n_labels, 8)`` in :class:`~eval.prf.PRF` field order."""
        n = len(self.labels)
        pred = np.bincount(self.pred.label * 4 + self.pred_outcome[mode], minlength=4 * n).reshape(n, 4)
        gold = np.bincount(self.gold.label * 4 + self.gold_outcome[mode], minlength=4 * n).reshape(n, 4)
        return np.concatenate([pred, gold], axis=1)

    def counts_by_doc(self, mode: str, n_docs: int) -> npt.NDArray[np.int32]:
        """Per-document, per-label outcome counts, shape ``(n_docs, n_labels, 8)`` (for the bootstrap)."""
        n = len(self.labels)
        pred = np.bincount((self.pred.doc * n + self.pred.label) * 4 + self.pred_outcome[mode], minlength=n_docs * n * 4)
        gold = np.bincount((self.gold.doc * n + self.gold.label) * 4 + self.gold_outcome[mode], minlength=n_docs * n * 4)
        # int32: a document never holds 2**31 spans, and the bootstrap keeps one table per mode alive
        return np.concatenate([pred.reshape(n_docs, n, 4), gold.reshape(n_docs, n, 4)], axis=2).astype(np.int32)

    def report(self, *, listed: Sequence[str] | None = None, modes: Sequence[str] | None = None) -> SpanReport:
        """Per-label, micro, macro and weighted scores in every mode matched (or in ``modes``)."""
        chosen = self.modes if modes is None else tuple(modes)
        return report_from_counts({mode: self.counts(mode) for mode in chosen}, self.labels, listed=listed)


@dataclass(frozen=True, slots=True)
class ModeReport:
    """Scores of one matching mode: per label (every listed label), micro, macro and weighted averages."""

    mode: str
    per_label: Mapping[str, PRF]
    micro: PRF
    macro: Average
    weighted: Average


@dataclass(frozen=True, slots=True)
class SpanReport:
    """Scores of every mode. ``labels`` lists every label scored, in order (schema labels first)."""

    labels: tuple[str, ...]
    modes: Mapping[str, ModeReport]

    def __getitem__(self, mode: str) -> ModeReport:
        return self.modes[mode]


def averaged_labels(per_label: Mapping[str, PRF]) -> tuple[str, ...]:
    """The labels macro/weighted averages run over: those with gold or predicted spans, sorted by name.

    This is seqeval's label set (the union of gold and predicted types); listed labels that occur on neither side
    are shown with zeros but kept out of the averages, so listing the whole schema does not change them.
    """
    return tuple(sorted(label for label, count in per_label.items() if count.support or count.predicted))


def report_from_counts(counts: Mapping[str, IntArray], labels: Sequence[str], *, listed: Sequence[str] | None = None) -> SpanReport:
    """Build a :class:`SpanReport` from per-mode ``(n_labels, 8)`` count arrays (rows in ``labels`` order)."""
    modes: dict[str, ModeReport] = {}
    for mode, table in counts.items():
        per_label = {label: PRF(*(int(v) for v in row)) for label, row in zip(labels, table.tolist(), strict=True)}
        if listed is not None:
            per_label = {label: per_label[label] for label in listed}
        averaged = averaged_labels(per_label)
        modes[mode] = ModeReport(
            mode=mode,
            per_label=per_label,
            micro=PRF(*(int(v) for v in table.sum(axis=0).tolist())),
            macro=macro_average(per_label, averaged),
            weighted=weighted_average(per_label, averaged),
        )
    return SpanReport(labels=tuple(listed if listed is not None else labels), modes=modes)


# ---------------------------------------------------------------------------------------------------- encoding


@dataclass(frozen=True, slots=True)
class Encoded:
    gold: SpanArrays
    pred: SpanArrays
    labels: tuple[str, ...]
    docs: tuple[Hashable, ...]


def encode_spans(
    gold: Iterable[SpanTuple],
    pred: Iterable[SpanTuple],
    *,
    labels: Sequence[str] | None = None,
    docs: Sequence[Hashable] | None = None,
) -> Encoded:
    """Encode span tuples as integer arrays with one label and one document vocabulary for both sides.

    The label vocabulary is ``labels`` (in order) followed by any other label found, sorted by name. Document
    codes follow ``docs`` (so documents without spans keep their place, e.g. for the bootstrap), then new ids in
    order of appearance.
    """
    gold, pred = list(gold), list(pred)
    vocabulary = {label: i for i, label in enumerate(labels or ())}
    if len(vocabulary) != len(labels or ()):
        raise SpanError(f"labels repeat a name: {list(labels or ())}")
    extra = sorted({item[3] for item in (*gold, *pred)} - set(vocabulary))
    for label in extra:
        vocabulary[label] = len(vocabulary)
    doc_codes: dict[Hashable, int] = {doc: i for i, doc in enumerate(docs or ())}
    arrays = []
    for side, items in (("gold", gold), ("pred", pred)):
        for position, item in enumerate(items):
            if len(item) != 4 or not all(isinstance(v, int) and not isinstance(v, bool) for v in item[1:3]):
                raise SpanError(f"{side} span #{position} {item!r} is not (doc_id, start:int, end:int, label)")
            if not 0 <= item[1] < item[2]:
                raise SpanError(f"{side} span #{position} {item!r} is not a half-open range with 0 <= start < end")
        doc = [doc_codes.setdefault(item[0], len(doc_codes)) for item in items]
        arrays.append(
            SpanArrays.build(
                doc,
                [item[1] for item in items],
                [item[2] for item in items],
                [vocabulary[item[3]] for item in items],
            )
        )
    return Encoded(arrays[0], arrays[1], tuple(vocabulary), tuple(doc_codes))


def score_spans(
    gold: Iterable[SpanTuple],
    pred: Iterable[SpanTuple],
    *,
    labels: Sequence[str] | None = None,
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
) -> SpanReport:
    """Score predicted spans against gold spans in each mode.

    ``gold`` and ``pred`` hold ``(doc_id, start, end, label)`` tuples (half-open offsets). Every label in
    ``labels`` is listed in the report, followed by any other label found on either side. ``min_overlap`` is the
    share of the gold span an overlap must cover in the ``overlap`` and ``partial`` modes (0: any overlap).
    """
    encoded = encode_spans(gold, pred, labels=labels)
    return match_arrays(encoded.gold, encoded.pred, encoded.labels, modes=modes, min_overlap=min_overlap).report()


# ---------------------------------------------------------------------------------------------------- matching


def _overlap_edges(gold: SpanArrays, pred: SpanArrays, min_overlap: float) -> tuple[IntArray, IntArray]:
    """Every (prediction, gold) pair in the same document that overlaps enough, sorted by prediction then gold."""
    if not len(gold) or not len(pred):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    stride = int(max(gold.end.max(), pred.end.max())) + 1
    gs, ge = gold.doc * stride + gold.start, gold.doc * stride + gold.end
    ps, pe = pred.doc * stride + pred.start, pred.doc * stride + pred.end
    # gold is sorted by start; a running maximum of ends makes "some gold ending after x" a binary search
    reach = np.maximum.accumulate(ge)
    hi = np.searchsorted(gs, pe, side="left")  # gold[:hi] starts before the prediction ends
    lo = np.searchsorted(reach, ps, side="right")  # gold[lo:] may end after the prediction starts
    width = np.maximum(hi - lo, 0)
    total = int(width.sum())
    edge_pred = np.repeat(np.arange(len(pred), dtype=np.int64), width)
    first = np.cumsum(width) - width
    edge_gold = np.repeat(lo, width) + (np.arange(total, dtype=np.int64) - np.repeat(first, width))
    overlap = np.minimum(pe[edge_pred], ge[edge_gold]) - np.maximum(ps[edge_pred], gs[edge_gold])
    keep = overlap > 0
    if min_overlap > 0:
        keep &= overlap / (ge[edge_gold] - gs[edge_gold]) >= min_overlap
    return edge_pred[keep], edge_gold[keep]


def match_arrays(
    gold: SpanArrays,
    pred: SpanArrays,
    labels: Sequence[str],
    *,
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
) -> Matching:
    """Match encoded predictions against encoded gold spans in each mode (see the module docstring)."""
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown:
        raise SpanError(f"unknown mode(s) {unknown}; expected some of {', '.join(MODES)}")
    if not 0.0 <= min_overlap <= 1.0:
        raise SpanError(f"min_overlap must be a share between 0 and 1, got {min_overlap}")
    n_labels = len(labels)
    for side, spans in (("gold", gold), ("pred", pred)):
        if len(spans) and (spans.label.min() < 0 or spans.label.max() >= n_labels):
            raise SpanError(f"{side} label codes fall outside the {n_labels} labels given")
    edge_pred, edge_gold = _overlap_edges(gold, pred, min_overlap)
    degree_pred = np.bincount(edge_pred, minlength=len(pred))
    degree_gold = np.bincount(edge_gold, minlength=len(gold))
    # Components of the overlap graph that need no greedy loop: one prediction - one gold span; one gold span
    # overlapped only by predictions that overlap nothing else (the first prediction takes it); one prediction
    # overlapping only gold spans that nothing else overlaps (it takes the best of them).
    one_pred = degree_pred[edge_pred] == 1
    widest_pred_of_gold = np.zeros(len(gold), dtype=np.int64)
    np.maximum.at(widest_pred_of_gold, edge_gold, degree_pred[edge_pred])
    widest_gold_of_pred = np.zeros(len(pred), dtype=np.int64)
    np.maximum.at(widest_gold_of_pred, edge_pred, degree_gold[edge_gold])
    gold_star = widest_pred_of_gold[edge_gold] == 1  # includes one-to-one
    pred_star = (widest_gold_of_pred[edge_pred] == 1) & ~one_pred
    decided = [_gold_stars(edge_pred[gold_star], edge_gold[gold_star], gold, pred, modes)]
    decided.append(_pred_stars(edge_pred[pred_star], edge_gold[pred_star], gold, pred, modes))
    rest = ~(gold_star | pred_star)
    complex_groups = _complex_groups(edge_pred[rest], edge_gold[rest])
    greedy = _greedy(tuple(modes), complex_groups, gold, pred)
    decided.append({mode: (_ints(p), _ints(g), _ints(o)) for mode, (p, g, o) in greedy.items()})
    pred_outcome, gold_outcome, pred_match = {}, {}, {}
    for mode in modes:
        p_out = np.full(len(pred), UNMATCHED, dtype=np.int64)
        g_out = np.full(len(gold), UNMATCHED, dtype=np.int64)
        p_match = np.full(len(pred), -1, dtype=np.int64)
        for found in decided:
            preds, golds, outcomes = found[mode]
            p_out[preds] = outcomes
            g_out[golds] = outcomes
            p_match[preds] = golds
        pred_outcome[mode], gold_outcome[mode], pred_match[mode] = p_out, g_out, p_match
    return Matching(gold, pred, tuple(labels), pred_outcome, gold_outcome, pred_match, min_overlap)


def _ints(values: Sequence[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64)


Decided = dict[str, tuple[IntArray, IntArray, IntArray]]  # mode -> (predictions, their gold spans, outcomes)


def _outcome(mode: str, same_bounds: npt.NDArray[np.bool_], same_label: npt.NDArray[np.bool_]) -> IntArray:
    """The outcome of a prediction paired with the gold span it takes (nervaluate's rules)."""
    if mode == "strict":
        return np.where(same_bounds & same_label, COR, INC)
    if mode == "exact":
        return np.where(same_bounds, COR, INC)
    if mode == "overlap":
        return np.where(same_label, COR, INC)
    return np.where(same_bounds, COR, PAR)


def _gold_stars(edge_pred: IntArray, edge_gold: IntArray, gold: SpanArrays, pred: SpanArrays, modes: Sequence[str]) -> Decided:
    """Gold spans whose overlapping predictions overlap nothing else: the first prediction (in order) takes the
    gold span, whatever the mode, since it is its only candidate; the others stay SPU."""
    _, first = np.unique(edge_gold, return_index=True)  # edges are sorted by prediction: first = earliest
    p, g = edge_pred[first], edge_gold[first]
    same_bounds = (pred.start[p] == gold.start[g]) & (pred.end[p] == gold.end[g])
    same_label = pred.label[p] == gold.label[g]
    return {mode: (p, g, _outcome(mode, same_bounds, same_label)) for mode in modes}


def _pred_stars(edge_pred: IntArray, edge_gold: IntArray, gold: SpanArrays, pred: SpanArrays, modes: Sequence[str]) -> Decided:
    """Predictions overlapping several gold spans that nothing else overlaps: the prediction takes the first exact
    match (strict: with the label; ``overlap``: the same-label span with the closest boundaries), else the first
    candidate (INC, or PAR in ``partial``); the other gold spans stay MIS."""
    if not len(edge_pred):
        empty = np.zeros(0, dtype=np.int64)
        return {mode: (empty, empty, empty) for mode in modes}
    starts = np.flatnonzero(np.concatenate([[True], edge_pred[1:] != edge_pred[:-1]]))
    position = np.arange(len(edge_pred), dtype=np.int64)
    never = len(edge_pred)
    same_bounds = (pred.start[edge_pred] == gold.start[edge_gold]) & (pred.end[edge_pred] == gold.end[edge_gold])
    same_label = pred.label[edge_pred] == gold.label[edge_gold]
    distance = np.abs(pred.start[edge_pred] - gold.start[edge_gold]) + np.abs(pred.end[edge_pred] - gold.end[edge_gold])
    decided: Decided = {}
    for mode in modes:
        if mode == "overlap":  # closest same-label candidate, the first on a tie
            key = np.where(same_label, distance * (never + 1) + position, np.iinfo(np.int64).max)
            best = np.minimum.reduceat(key, starts)
            chosen = np.where(best < np.iinfo(np.int64).max, best % (never + 1), starts)
        else:
            hit = same_bounds & same_label if mode == "strict" else same_bounds
            best = np.minimum.reduceat(np.where(hit, position, never), starts)
            chosen = np.where(best < never, best, starts)
        decided[mode] = (edge_pred[chosen], edge_gold[chosen], _outcome(mode, same_bounds[chosen], same_label[chosen]))
    return decided


Groups = list[tuple[int, list[int]]]


def _complex_groups(edge_pred: IntArray, edge_gold: IntArray) -> Groups:
    """(prediction, its candidate gold spans in order) for every prediction in a contested component."""
    if not len(edge_pred):
        return []
    bounds = [0, *(np.flatnonzero(np.diff(edge_pred)) + 1).tolist(), len(edge_pred)]
    preds, golds = edge_pred.tolist(), edge_gold.tolist()
    return [(preds[a], golds[a:b]) for a, b in pairwise(bounds)]


GreedyResult = dict[str, tuple[list[int], list[int], list[int]]]


def _greedy(modes: tuple[str, ...], groups: Groups, gold: SpanArrays, pred: SpanArrays) -> GreedyResult:
    """nervaluate's greedy assignment for each mode, restricted to the gold spans each prediction overlaps.

    Returns, per mode, the matched predictions, their gold spans and the outcomes; the rest stay SPU / MIS.
    """
    result: GreedyResult = {mode: ([], [], []) for mode in modes}
    if not groups:
        return result
    involved_gold = np.unique(np.fromiter((g for _, c in groups for g in c), dtype=np.int64))
    g_info = dict(
        zip(
            involved_gold.tolist(),
            zip(gold.start[involved_gold].tolist(), gold.end[involved_gold].tolist(), gold.label[involved_gold].tolist(), strict=True),
            strict=True,
        )
    )
    group_preds = np.fromiter((p for p, _ in groups), dtype=np.int64, count=len(groups))
    p_info = zip(pred.start[group_preds].tolist(), pred.end[group_preds].tolist(), pred.label[group_preds].tolist(), strict=True)
    taken: dict[str, set[int]] = {mode: set() for mode in modes}
    for (p, candidates), (ps, pe, pl) in zip(groups, p_info, strict=True):
        for mode in modes:
            free = taken[mode]
            hit, fallback = -1, -1
            if mode == "overlap":
                best = -1
                for g in candidates:
                    if g in free:
                        continue
                    gs, ge, gl = g_info[g]
                    if gl == pl:
                        distance = abs(ps - gs) + abs(pe - ge)
                        if hit < 0 or distance < best:
                            hit, best = g, distance
                    elif fallback < 0:
                        fallback = g
            else:
                need_label = mode == "strict"
                for g in candidates:
                    if g in free:
                        continue
                    gs, ge, gl = g_info[g]
                    if gs == ps and ge == pe and (gl == pl or not need_label):
                        hit = g
                        break
                    if fallback < 0:
                        fallback = g
            if hit >= 0:
                outcome, g = COR, hit
            elif fallback >= 0:
                outcome, g = (PAR if mode == "partial" else INC), fallback
            else:
                continue  # stays SPU
            free.add(g)
            preds, golds, outcomes = result[mode]
            preds.append(p)
            golds.append(g)
            outcomes.append(outcome)
    return result


def count_matches(gold: Iterable[Hashable], pred: Iterable[Hashable]) -> PRF:
    """Exact one-to-one matching of hashable keys (a multiset intersection): COR, SPU and MIS only."""
    return PRF.total(count_matches_by_doc(gold, pred, doc_of=lambda key: 0).values())


def count_matches_by_doc(
    gold: Iterable[Hashable], pred: Iterable[Hashable], *, doc_of: Callable[[Hashable], Hashable]
) -> dict[Hashable, PRF]:
    """:func:`count_matches` per document (``doc_of(key)``), for the bootstrap."""
    from collections import Counter

    gold_count, pred_count = Counter(gold), Counter(pred)
    tally: dict[Hashable, list[int]] = {}
    for key in gold_count.keys() | pred_count.keys():
        g, p = gold_count[key], pred_count[key]
        row = tally.setdefault(doc_of(key), [0, 0, 0])
        common = min(g, p)
        row[0] += common
        row[1] += p - common
        row[2] += g - common
    return {doc: PRF(correct=c, spurious=s, gold_correct=c, missed=m) for doc, (c, s, m) in tally.items()}


def confusion(matching: Matching, mode: str = "exact") -> tuple[tuple[str, ...], IntArray]:
    """Label confusion of matched pairs in ``mode``: rows gold, columns predicted; the last row and column ("O")
    hold spurious predictions and missed gold spans."""
    n = len(matching.labels)
    matrix = np.zeros((n + 1, n + 1), dtype=np.int64)
    match = matching.pred_match[mode]
    matched = match >= 0
    np.add.at(matrix, (matching.gold.label[match[matched]], matching.pred.label[matched]), 1)
    np.add.at(matrix, (np.full(int((~matched).sum()), n), matching.pred.label[~matched]), 1)
    missed = matching.gold_outcome[mode] == UNMATCHED
    np.add.at(matrix, (matching.gold.label[missed], np.full(int(missed.sum()), n)), 1)
    return (*matching.labels, "O"), matrix
