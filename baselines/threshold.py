"""Decode a token tagger's per-token tag probabilities with a threshold on ``O`` instead of taking the best sequence.

Sparse layers (stance cues: one token in a hundred) make a tagger trained for likelihood cautious: it says ``O``
unless it is sure, and recall collapses. :class:`OutsideThreshold` makes a token part of a span whenever the tagger
gives ``O`` a probability below ``threshold`` (and then takes the likeliest other tag), which trades precision for
recall along one dial. The threshold is a hyperparameter like any other: chosen by document cross-validation on the
train split (see :mod:`baselines.registry`), never on validation or test.

The wrapped tagger is a :class:`~sklearn.pipeline.Pipeline` whose last step has ``predict_marginals`` (one
``{tag: probability}`` dict per token): sklearn-crfsuite's ``CRF`` and our
:class:`~baselines.linear.TokenwiseClassifier` both do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sklearn.base import BaseEstimator, clone

from annotation.formats.bio_schemes import OUTSIDE
from baselines.persist import trust

Sentence = Sequence[str]


def decode(marginals: Sequence[Mapping[str, float]], threshold: float) -> list[str]:
    """One sentence's tags: the likeliest non-``O`` tag where ``P(O) < threshold``, else ``O``."""
    tags = []
    for probabilities in marginals:
        inside = {tag: p for tag, p in probabilities.items() if tag != OUTSIDE}
        if inside and probabilities.get(OUTSIDE, 0.0) < threshold:
            tags.append(min(inside.items(), key=lambda item: (-item[1], item[0]))[0])
        else:
            tags.append(OUTSIDE)
    return tags


@trust
class OutsideThreshold(BaseEstimator):
    """Sentences of token strings -> BIO tags decoded from ``tagger``'s marginals with a threshold on ``O``.

    Parameters: ``tagger`` (an unfitted pipeline ending in a step with ``predict_marginals``), ``threshold`` (0.5 is
    close to the tagger's own decisions; higher finds more spans). Learned: ``tagger_``.
    """

    def __init__(self, tagger: Any = None, threshold: float = 0.5) -> None:
        self.tagger = tagger
        self.threshold = threshold

    def fit(self, X: Sequence[Sentence], y: Sequence[Sequence[str]]) -> OutsideThreshold:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must lie in (0, 1], got {self.threshold}")
        self.tagger_ = clone(self.tagger).fit(X, y)
        return self

    def predict(self, X: Sequence[Sentence]) -> list[list[str]]:
        features = self.tagger_[:-1].transform(X)
        return [decode(sentence, self.threshold) for sentence in self.tagger_[-1].predict_marginals(features)]
