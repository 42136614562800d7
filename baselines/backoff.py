"""A learned tagger backed off to memorisation: the learned tags, plus memorised phrases where it saw nothing.

:class:`BackoffTagger` fits a learned sequence tagger (the CRF) and a :class:`~baselines.floors.MemorisationTagger`
on the same sentences. At prediction it keeps every chunk of the learned tagger and adds each memorised chunk that
lies wholly on tokens the learned tagger left ``O`` (and is not followed by an ``I-`` tag that would join it). The
learned tagger is cautious on rare phrases (high precision, lower recall), memorisation recalls phrases seen in
training whatever their context; on event triggers the union beats both (3-fold document cross-validation on the
train split: see ``baselines/RESULTS.md`` and the commit that added this module).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.base import BaseEstimator, clone

from annotation.formats.bio_schemes import OUTSIDE
from baselines.persist import trust
from baselines.tagging import chunks

Sentence = Sequence[str]


def back_off(learned: Sequence[str], memorised: Sequence[str], memorised_chunks: Sequence[tuple[int, int, str]]) -> list[str]:
    """``learned`` tags with every memorised chunk that only covers ``O`` tokens of ``learned`` filled in."""
    tags = [str(tag) for tag in learned]
    for first, last, _ in memorised_chunks:
        free = all(tag == OUTSIDE for tag in tags[first:last])
        joins_next = last < len(tags) and tags[last].startswith("I-")
        if free and not joins_next:
            tags[first:last] = [str(tag) for tag in memorised[first:last]]
    return tags


@trust
class BackoffTagger(BaseEstimator):
    """Sentences of token strings -> BIO tags: ``learned``'s tags, backed off to ``memory``'s where it predicts ``O``.

    Parameters: ``learned`` and ``memory`` (unfitted sequence taggers; ``memory`` is usually a
    :class:`~baselines.floors.MemorisationTagger`). Learned: ``learned_``, ``memory_`` (fitted clones).
    """

    def __init__(self, learned: Any = None, memory: Any = None) -> None:
        self.learned = learned
        self.memory = memory

    def fit(self, X: Sequence[Sentence], y: Sequence[Sequence[str]]) -> BackoffTagger:
        self.learned_ = clone(self.learned).fit(X, y)
        self.memory_ = clone(self.memory).fit(X, y)
        return self

    def predict(self, X: Sequence[Sentence]) -> list[list[str]]:
        learned = self.learned_.predict(X)
        memorised = self.memory_.predict(X)
        return [
            back_off(tags, memory, found)
            for tags, memory, found in zip(learned, memorised, chunks(memorised), strict=True)
        ]
