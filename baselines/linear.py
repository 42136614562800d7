"""The linear token classifier: the CRF's token features, classified one token at a time by logistic regression.

The logistic regression is fitted by stochastic gradient descent (``SGDClassifier(loss="log_loss")``, a fixed seed
and a fixed number of epochs): on ~100k tokens and dozens of tags it trains in about a second where L-BFGS took
tens of seconds for the same F1. SGD wants 32-bit sparse indices, which :class:`Int32Indices` provides.

:class:`TokenwiseClassifier` adapts any flat scikit-learn classifier to sentences: it flattens the tokens of all
sentences for ``fit`` and gives the predictions back sentence by sentence. No transition model: an ``I-X`` after ``O``
is decoded as a new chunk (conlleval), so the comparison with the CRF shows what the transitions add.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

from baselines.features import FeatureDict, TokenFeatures
from baselines.persist import trust

T = TypeVar("T")


@trust
class Int32Indices(TransformerMixin, BaseEstimator):
    """A sparse matrix with 32-bit indices (DictVectorizer gives 64-bit ones, which SGD refuses). Nothing to learn."""

    def fit(self, X: sp.spmatrix, y: object = None) -> Int32Indices:
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: sp.spmatrix) -> sp.csr_matrix:
        matrix = sp.csr_matrix(X)
        return sp.csr_matrix((matrix.data, matrix.indices.astype(np.int32), matrix.indptr.astype(np.int32)), shape=matrix.shape)


def by_sentence(flat: Sequence[T], X: Sequence[Sequence[FeatureDict]]) -> list[list[T]]:
    """Per-token results of the flattened sentences, cut back into sentences."""
    results, offset = [], 0
    for sentence in X:
        results.append(list(flat[offset : offset + len(sentence)]))
        offset += len(sentence)
    return results


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

    def predict_marginals(self, X: Sequence[Sequence[FeatureDict]]) -> list[list[dict[str, float]]]:
        """Per token, ``{tag: probability}`` (the classifier's ``predict_proba``), sentence by sentence."""
        rows = [row for sentence in X for row in sentence]
        classes = [str(tag) for tag in self.estimator_.classes_]
        flat = [dict(zip(classes, map(float, p), strict=True)) for p in self.estimator_.predict_proba(rows)] if rows else []
        return by_sentence(flat, X)

    def predict(self, X: Sequence[Sequence[FeatureDict]]) -> list[list[str]]:
        rows = [row for sentence in X for row in sentence]
        flat = [str(tag) for tag in self.estimator_.predict(rows)] if rows else []
        return by_sentence(flat, X)


def linear_tagger(
    *, alpha: float = 1e-4, epochs: int = 20, seed: int = 0, window: int = 2, gazetteer: bool = True, valence: bool = False
) -> Pipeline:
    """A fresh, unfitted linear tagger: token features -> DictVectorizer -> logistic regression (SGD), token by token."""
    return Pipeline(
        [
            ("features", TokenFeatures(window=window, gazetteer=gazetteer, valence=valence)),
            (
                "classifier",
                TokenwiseClassifier(
                    Pipeline(
                        [
                            ("vectorizer", DictVectorizer()),
                            ("indices", Int32Indices()),
                            ("model", SGDClassifier(loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, random_state=seed)),
                        ]
                    )
                ),
            ),
        ]
    )
