"""Reference floors: the most frequent tag or label, and memorisation (a string gets the label it most often had).

Sequence floors take sentences (tuples of token strings) and BIO tags, like the learned taggers:
:class:`MajorityTagger` tags every token with the most frequent training tag (usually ``O``: no spans), and
:class:`MemorisationTagger` marks the longest phrases that were labelled in training, with their most frequent label,
as long as they were labelled on at least ``min_ratio`` of their occurrences (the CoNLL-2003 baseline idea).
:class:`MemorisationClassifier` is the classification twin for keyed items (argument pairs, stance spans); the
majority classifier is scikit-learn's ``DummyClassifier(strategy="most_frequent")``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from annotation.alignment import SCHEME
from annotation.formats.bio_schemes import OUTSIDE, encode
from baselines.persist import trust
from baselines.tagging import chunks

Sentence = Sequence[str]


def most_common(counter: Counter[str]) -> str:
    """The most frequent key; ties go to the alphabetically first, so results never depend on insertion order."""
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


@trust
class MajorityTagger(BaseEstimator):
    """Tag every token with the most frequent training tag. Learned: ``tag_``."""

    def fit(self, X: Sequence[Sentence], y: Sequence[Sequence[str]]) -> MajorityTagger:
        counts = Counter(tag for tags in y for tag in tags)
        self.tag_ = most_common(counts) if counts else OUTSIDE
        return self

    def predict(self, X: Sequence[Sentence]) -> list[list[str]]:
        return [[self.tag_] * len(tokens) for tokens in X]


@trust
class MemorisationTagger(BaseEstimator):
    """Mark phrases seen labelled in training with their most frequent label (greedy, longest match first).

    Parameters: ``max_length`` (longest phrase, tokens), ``min_ratio`` (share of a phrase's training occurrences that
    must be labelled for it to be remembered), ``lowercase`` (match case-insensitively).
    Learned: ``lexicon_`` (phrase joined by spaces -> label).
    """

    def __init__(self, max_length: int = 6, min_ratio: float = 0.5, lowercase: bool = False) -> None:
        self.max_length = max_length
        self.min_ratio = min_ratio
        self.lowercase = lowercase

    def _normal(self, tokens: Sentence) -> list[str]:
        return [token.lower() for token in tokens] if self.lowercase else list(tokens)

    def fit(self, X: Sequence[Sentence], y: Sequence[Sequence[str]]) -> MemorisationTagger:
        labelled: dict[str, Counter[str]] = defaultdict(Counter)
        for tokens, found in zip(X, chunks(y), strict=True):
            words = self._normal(tokens)
            for first, last, label in found:
                if last - first <= self.max_length:
                    labelled[" ".join(words[first:last])][label] += 1
        occurrences: Counter[str] = Counter()
        lengths = {phrase.count(" ") + 1 for phrase in labelled}
        for tokens in X:
            words = self._normal(tokens)
            for n in lengths:
                for i in range(len(words) - n + 1):
                    phrase = " ".join(words[i : i + n])
                    if phrase in labelled:
                        occurrences[phrase] += 1
        self.lexicon_ = {
            phrase: most_common(counts)
            for phrase, counts in sorted(labelled.items())
            if sum(counts.values()) >= self.min_ratio * max(occurrences[phrase], 1)
        }
        return self

    def predict(self, X: Sequence[Sentence]) -> list[list[str]]:
        longest = max((phrase.count(" ") + 1 for phrase in self.lexicon_), default=0)
        predictions = []
        for tokens in X:
            words = self._normal(tokens)
            tags = [OUTSIDE] * len(words)
            i = 0
            while i < len(words):
                for n in range(min(longest, len(words) - i), 0, -1):
                    label = self.lexicon_.get(" ".join(words[i : i + n]))
                    if label is not None:
                        tags[i : i + n] = encode(n, [(0, n, label)], SCHEME)
                        i += n
                        break
                else:
                    i += 1
            predictions.append(tags)
        return predictions


class Keyed(Protocol):
    @property
    def key(self) -> str: ...


@trust
class MemorisationClassifier(ClassifierMixin, BaseEstimator):
    """Give each item the label its ``key`` most often had in training; unseen keys get the overall majority label.

    Learned: ``memory_`` (key -> label), ``fallback_`` (majority label), ``classes_``.
    """

    def fit(self, X: Sequence[Keyed], y: Sequence[str]) -> MemorisationClassifier:
        by_key: dict[str, Counter[str]] = defaultdict(Counter)
        for item, label in zip(X, y, strict=True):
            by_key[item.key][label] += 1
        self.memory_ = {key: most_common(counts) for key, counts in sorted(by_key.items())}
        self.fallback_ = most_common(Counter(y))
        self.classes_ = np.array(sorted(set(y)))
        return self

    def predict(self, X: Sequence[Keyed]) -> np.ndarray:
        return np.array([self.memory_.get(item.key, self.fallback_) for item in X], dtype=object)
