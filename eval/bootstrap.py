"""Document-level bootstrap: confidence intervals for every F1, and a paired test between two systems.

Documents (sentences for BIO input) are resampled with replacement; each resample's outcome counts are the
weighted sum of the per-document counts, so one resample costs a matrix product, not a re-scoring. Intervals
are percentile intervals. Macro and weighted averages run over the labels averaged in the full sample
(a label absent from one resample counts as 0 there rather than dropping out).

The paired test (Koehn 2004; Berg-Kirkpatrick et al. 2012) resamples the same documents for both systems and
reports the observed difference A - B, its interval, and the one-sided p-value: the share of resamples in which
the difference is not of the observed sign (A - B <= 0 when A is better).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from eval.prf import PARTIAL_WEIGHT, PRF

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.integer[Any]]  # (documents, rows, 8) outcome counts in PRF field order
CHUNK = 64  # resamples per matrix product
AVERAGES = ("micro", "macro", "weighted")


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Intervals:
    """F1 intervals per row (label, role, task) and for the micro, macro and weighted averages."""

    per_row: Mapping[str, Interval]
    micro: Interval
    macro: Interval
    weighted: Interval
    n_resamples: int
    confidence: float


@dataclass(frozen=True, slots=True)
class PairedTest:
    """System A minus system B on one F1 (e.g. strict micro), over the same resampled documents."""

    metric: str
    a: float
    b: float
    delta: float
    interval: Interval
    p_value: float
    n_resamples: int


def counts_from_docs(by_doc: Mapping[Hashable, PRF], docs: Sequence[Hashable]) -> npt.NDArray[np.int64]:
    """Per-document PRF counters as an ``(n_docs, 1, 8)`` array in ``docs`` order (missing documents: zeros)."""
    table = np.zeros((len(docs), 1, 8), dtype=np.int64)
    index = {doc: i for i, doc in enumerate(docs)}
    for doc, prf in by_doc.items():
        table[index[doc], 0] = [getattr(prf, name) for name in PRF.__slots__]
    return table


def _f1(table: FloatArray) -> FloatArray:
    """F1 of count tables ``(..., 8)`` in PRF field order, zero where undefined."""
    predicted = table[..., 0:4].sum(axis=-1)
    support = table[..., 4:8].sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(predicted > 0, (table[..., 0] + PARTIAL_WEIGHT * table[..., 2]) / predicted, 0.0)
        recall = np.where(support > 0, (table[..., 4] + PARTIAL_WEIGHT * table[..., 6]) / support, 0.0)
        total = precision + recall
        return np.where(total > 0, 2 * precision * recall / np.where(total > 0, total, 1.0), 0.0)


def _scores(table: FloatArray, averaged: npt.NDArray[np.int64]) -> dict[str, FloatArray]:
    """Per-row F1 and the three averages for a ``(resamples, rows, 8)`` table."""
    per_row = _f1(table)
    scores = {"rows": per_row, "micro": _f1(table.sum(axis=1))}
    if len(averaged):
        chosen = per_row[:, averaged]
        support = table[:, averaged, 4:8].sum(axis=-1)
        weight_sum = support.sum(axis=1)
        scores["macro"] = chosen.mean(axis=1)
        scores["weighted"] = np.where(weight_sum > 0, (chosen * support).sum(axis=1) / np.maximum(weight_sum, 1), 0.0)
    else:
        scores["macro"] = scores["weighted"] = np.zeros(len(table))
    return scores


def _resamples(n_docs: int, n_resamples: int, seed: int) -> Iterator[FloatArray]:
    """Chunks of bootstrap weights: how often each document is drawn, ``(chunk, n_docs)``."""
    rng = np.random.default_rng(seed)
    done = 0
    while done < n_resamples:
        size = min(CHUNK, n_resamples - done)
        draws = rng.integers(0, n_docs, size=(size, n_docs)) + np.arange(size)[:, None] * n_docs
        yield np.bincount(draws.ravel(), minlength=size * n_docs).reshape(size, n_docs).astype(np.float64)
        done += size


Table = tuple[CountArray, npt.NDArray[np.int64]]  # counts (n_docs, rows, 8), averaged row indices


def _bootstrap(tables: Sequence[Table], n_resamples: int, seed: int) -> list[dict[str, FloatArray]]:
    """Scores of every table under the same resamples. The per-document counts are sparse (most documents touch
    a few labels), so each chunk of resamples is one sparse-dense product."""
    from scipy import sparse

    n_docs = tables[0][0].shape[0]
    shapes = [counts.shape[1:] for counts, _ in tables]
    stacked = sparse.hstack([sparse.csr_matrix(counts.reshape(n_docs, -1)) for counts, _ in tables], format="csr")
    transposed = stacked.T.tocsr().astype(np.float64)
    bounds = np.cumsum([0, *(rows * width for rows, width in shapes)])
    collected: list[dict[str, list[FloatArray]]] = [{} for _ in tables]
    for weights in _resamples(n_docs, n_resamples, seed):
        product = np.asarray(transposed @ weights.T).T  # (chunk, all columns)
        for i, ((rows, width), (_, averaged)) in enumerate(zip(shapes, tables, strict=True)):
            table = product[:, bounds[i] : bounds[i + 1]].reshape(len(weights), rows, width)
            for key, value in _scores(table, averaged).items():
                collected[i].setdefault(key, []).append(value)
    return [{key: np.concatenate(parts) for key, parts in store.items()} for store in collected]


def _interval(values: FloatArray, confidence: float) -> Interval:
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return Interval(float(low), float(high))


def _check(counts: CountArray, names: Sequence[str], n_resamples: int, confidence: float) -> None:
    if counts.ndim != 3 or counts.shape[2] != 8 or counts.shape[1] != len(names):
        raise ValueError(f"counts must have shape (documents, {len(names)} rows, 8), got {counts.shape}")
    if counts.shape[0] == 0:
        raise ValueError("cannot bootstrap over zero documents")
    if n_resamples < 1 or not 0.0 < confidence < 1.0:
        raise ValueError("n_resamples must be positive and confidence in (0, 1)")


def bootstrap_ci(
    counts: CountArray,
    names: Sequence[str],
    *,
    averaged: Sequence[str] = (),
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Intervals:
    """Percentile intervals of every row's F1 and of the micro / macro / weighted F1.

    ``counts`` is ``(n_docs, len(names), 8)`` (e.g. :meth:`eval.spans.Matching.counts_by_doc`); ``averaged``
    names the rows the macro and weighted averages run over.
    """
    (intervals,) = bootstrap_many([(counts, names, averaged)], n_resamples=n_resamples, confidence=confidence, seed=seed)
    return intervals


def bootstrap_many(
    tables: Sequence[tuple[CountArray, Sequence[str], Sequence[str]]],
    *,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> list[Intervals]:
    """:func:`bootstrap_ci` for several ``(counts, names, averaged)`` tables over the same documents, sharing
    the resamples (e.g. every mode of one report)."""
    for counts, names, _ in tables:
        _check(counts, names, n_resamples, confidence)
    if len({counts.shape[0] for counts, _, _ in tables}) > 1:
        raise ValueError("the tables cover different numbers of documents")
    rows = [(counts, np.array([list(names).index(n) for n in averaged], dtype=np.int64)) for counts, names, averaged in tables]
    results = _bootstrap(rows, n_resamples, seed)
    return [
        Intervals(
            per_row={name: _interval(scores["rows"][:, i], confidence) for i, name in enumerate(names)},
            micro=_interval(scores["micro"], confidence),
            macro=_interval(scores["macro"], confidence),
            weighted=_interval(scores["weighted"], confidence),
            n_resamples=n_resamples,
            confidence=confidence,
        )
        for scores, (_, names, _) in zip(results, tables, strict=True)
    ]


def paired_bootstrap(
    counts_a: CountArray,
    counts_b: CountArray,
    names: Sequence[str],
    *,
    metric: str = "micro",
    averaged: Sequence[str] = (),
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> PairedTest:
    """Paired bootstrap test of system A against system B scored on the same gold documents (same order)."""
    _check(counts_a, names, n_resamples, confidence)
    if counts_a.shape != counts_b.shape:
        raise ValueError(f"the two systems' count tables differ in shape: {counts_a.shape} vs {counts_b.shape}")
    if metric not in AVERAGES:
        raise ValueError(f"metric must be one of {', '.join(AVERAGES)}")
    rows = np.array([list(names).index(name) for name in averaged], dtype=np.int64)
    observed = [float(_scores(c.sum(axis=0, keepdims=True).astype(np.float64), rows)[metric][0]) for c in (counts_a, counts_b)]
    sample_a, sample_b = _bootstrap([(counts_a, rows), (counts_b, rows)], n_resamples, seed)
    deltas = sample_a[metric] - sample_b[metric]
    delta = observed[0] - observed[1]
    flipped = deltas <= 0 if delta > 0 else deltas >= 0
    return PairedTest(
        metric=metric,
        a=observed[0],
        b=observed[1],
        delta=delta,
        interval=_interval(deltas, confidence),
        p_value=float(flipped.mean()) if delta != 0 else 1.0,
        n_resamples=n_resamples,
    )
