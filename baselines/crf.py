"""The CRF token tagger: :class:`~baselines.features.TokenFeatures` then a linear-chain CRF (sklearn-crfsuite)."""

from __future__ import annotations

from sklearn.pipeline import Pipeline
from sklearn_crfsuite import CRF

from baselines.features import TokenFeatures


def crf_tagger(
    *,
    c1: float = 0.05,
    c2: float = 0.05,
    max_iterations: int = 150,
    window: int = 2,
    gazetteer: bool = True,
    cross_fit: int = 5,
    valence: bool = False,
) -> Pipeline:
    """A fresh, unfitted CRF tagger: sentences of token strings -> BIO tags (L-BFGS with elastic-net penalties)."""
    return Pipeline(
        [
            ("features", TokenFeatures(window=window, gazetteer=gazetteer, cross_fit=cross_fit, valence=valence)),
            (
                "crf",
                CRF(algorithm="lbfgs", c1=c1, c2=c2, max_iterations=max_iterations, all_possible_transitions=True),
            ),
        ]
    )
