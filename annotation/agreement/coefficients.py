"""Chance-corrected agreement coefficients on categorical labels, and their document-level bootstrap intervals.

- Cohen's kappa (Cohen 1960) from a two-rater confusion matrix: ``(p_o - p_e) / (1 - p_e)`` with ``p_e`` from each
  rater's own label distribution.
- Krippendorff's alpha, nominal metric (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"), from its
  definition: the coincidence matrix ``o_ck`` counts, within every unit with ``m_u >= 2`` values, each ordered
  pair of values from different coders with weight ``1 / (m_u - 1)``; ``alpha = 1 - (n - 1) * D_o / D_e`` with
  ``D_o = n - sum_c o_cc`` and ``D_e = n^2 - sum_c n_c^2``. Units with one value are not pairable and drop out, so
  any number of coders and missing values are handled. Written out here (20 lines) rather than taken from the
  ``krippendorff`` package: the coincidence matrix is also what the bootstrap resamples, and the function is
  checked against the published example in the tests.

Both are undefined (``None``) when the expected disagreement is zero (every value the same).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def kappa_from_confusion(confusion: npt.ArrayLike) -> float | None:
    """Cohen's kappa of a ``(k, k)`` confusion matrix (rows: rater A, columns: rater B)."""
    values = _kappa(np.asarray(confusion, dtype=np.float64)[None])[0]
    return None if np.isnan(values) else float(values)


def _kappa(confusions: FloatArray) -> FloatArray:
    """Kappa of a stack of ``(r, k, k)`` matrices; NaN where undefined."""
    n = confusions.sum(axis=(1, 2))
    observed = np.trace(confusions, axis1=1, axis2=2)
    expected = (confusions.sum(axis=2) * confusions.sum(axis=1)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_o = observed / n
        p_e = expected / (n * n)
        return np.where((n > 0) & (p_e < 1), (p_o - p_e) / (1 - p_e), np.nan)


def coincidences(
    units: Sequence[Sequence[Hashable | None]], values: Sequence[Hashable] | None = None
) -> tuple[tuple[Hashable, ...], FloatArray]:
    """The coincidence matrix of reliability data: one row per unit, one entry per coder (``None``: no value)."""
    found = sorted({v for unit in units for v in unit if v is not None}, key=str)
    names = tuple(values) if values is not None else tuple(found)
    index = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(names), len(names)))
    for unit in units:
        present = [index[v] for v in unit if v is not None]
        m = len(present)
        if m < 2:
            continue
        for i, a in enumerate(present):
            for j, b in enumerate(present):
                if i != j:
                    matrix[a, b] += 1.0 / (m - 1)
    return names, matrix


def alpha_from_coincidences(matrix: npt.ArrayLike) -> float | None:
    """Nominal Krippendorff's alpha of a coincidence matrix."""
    values = _alpha(np.asarray(matrix, dtype=np.float64)[None])[0]
    return None if np.isnan(values) else float(values)


def _alpha(matrices: FloatArray) -> FloatArray:
    n = matrices.sum(axis=(1, 2))
    marginals = matrices.sum(axis=2)
    disagreement_observed = n - np.trace(matrices, axis1=1, axis2=2)
    disagreement_expected = n * n - (marginals * marginals).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(disagreement_expected > 0, 1 - (n - 1) * disagreement_observed / disagreement_expected, np.nan)


def nominal_alpha(units: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha (nominal) of reliability data given unit by unit (see :func:`coincidences`)."""
    return alpha_from_coincidences(coincidences(units)[1])


def pair_coincidences(confusion: FloatArray) -> FloatArray:
    """Coincidences of two-coder units given as a confusion matrix: every unit counts both ordered pairs once."""
    return confusion + np.swapaxes(confusion, -1, -2)


COEFFICIENTS = {"kappa": _kappa, "alpha": lambda c: _alpha(pair_coincidences(c))}


def coefficient_intervals(
    confusions: npt.NDArray[np.int64], *, n_resamples: int = 1000, confidence: float = 0.95, seed: int = 0
) -> dict[str, tuple[float | None, tuple[float, float] | None]]:
    """Kappa and alpha of per-document confusion matrices ``(n_docs, k, k)`` with percentile intervals.

    Documents are resampled with replacement (the same scheme as :mod:`eval.bootstrap`); a resample where a
    coefficient is undefined is left out of its interval.
    """
    if confusions.ndim != 3 or confusions.shape[1] != confusions.shape[2]:
        raise ValueError(f"confusions must have shape (documents, k, k), got {confusions.shape}")
    n_docs, k, _ = confusions.shape
    total = confusions.sum(axis=0).astype(np.float64)[None]
    flat = confusions.reshape(n_docs, k * k).astype(np.float64)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n_resamples).astype(np.float64) if n_docs else None
    tail = (1.0 - confidence) / 2
    results: dict[str, tuple[float | None, tuple[float, float] | None]] = {}
    for name, function in COEFFICIENTS.items():
        value = function(total)[0]
        interval = None
        if weights is not None and n_resamples:
            sampled = function((weights @ flat).reshape(n_resamples, k, k))
            sampled = sampled[~np.isnan(sampled)]
            if len(sampled):
                low, high = np.quantile(sampled, [tail, 1.0 - tail])
                interval = (float(low), float(high))
        results[name] = (None if np.isnan(value) else float(value), interval)
    return results
