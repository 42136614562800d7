"""The linear token classifier: the CRF's token features, classified one token at a time by logistic regression.

:class:`TokenwiseClassifier` adapts any flat scikit-learn classifier to sentences: it flattens the tokens of all
sentences for ``fit`` and gives the predictions back sentence by sentence. No transition model: an ``I-X`` after ``O``
is decoded as a new chunk (conlleval), so the comparison with the CRF shows what the transitions add.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.base import BaseEstimator, clone
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from baselines.features import FeatureDict, TokenFeatures
from baselines.persist import trust


@trust
class TokenwiseClassifier(BaseEstimator):
    """Fit ``estimator`` on the flattened tokens of sentences; predict per sentence. Learned: ``estimator_``."""

    def __init__(self, estimator: Any = None) -> None:
        self.estimator = estimator

    def fit(self, X: Sequence[Sequence[FeatureDict]], y: Sequence[Sequence[str]]) -> TokenwiseClassifier:
        rows = [row for sentence in X for row in sentence]
        labels = [tag for tags in y for tag in tags]
        if len(rows) != len(labels):
            raise ValueError(f"{len(rows)} tokens but {len(labels)} tags")
        self.estimator_ = clone(self.estimator).fit(rows, labels)
        return self

    def predict(self, X: Sequence[Sequence[FeatureDict]]) -> list[list[str]]:
        rows = [row for sentence in X for row in sentence]
        flat = [str(tag) for tag in self.estimator_.predict(rows)] if rows else []
        predictions, offset = [], 0
        for sentence in X:
            predictions.append(flat[offset : offset + len(sentence)])
            offset += len(sentence)
        return predictions


def linear_tagger(*, C: float = 1.0, max_iter: int = 100, window: int = 2, gazetteer: bool = True) -> Pipeline:
    """A fresh, unfitted linear tagger: token features -> DictVectorizer -> logistic regression, token by token."""
    return Pipeline(
        [
            ("features", TokenFeatures(window=window, gazetteer=gazetteer)),
            (
                "classifier",
                TokenwiseClassifier(
                    Pipeline(
                        [
                            ("vectorizer", DictVectorizer()),
                            ("model", LogisticRegression(C=C, max_iter=max_iter)),
                        ]
                    )
                ),
            ),
        ]
    )
