"""Token features for the sequence taggers: word, shape, affixes, a context window and gazetteers from the training split.

:class:`TokenFeatures` is a scikit-learn transformer from sentences (tuples of token strings) to one feature dict per
token, the input format of both crfsuite and :class:`~sklearn.feature_extraction.DictVectorizer`. Its ``fit`` learns
the gazetteer (lower-cased phrases labelled in the training tags, with their most frequent label) from ``y``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from sklearn.base import BaseEstimator, TransformerMixin

from annotation.alignment import SCHEME
from annotation.formats.bio_schemes import OUTSIDE, encode
from baselines.floors import most_common
from baselines.persist import trust
from baselines.tagging import chunks

Sentence = Sequence[str]
FeatureDict = dict[str, str | float]

_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"[0-9]")
_REPEAT = re.compile(r"(.)\1+")


def word_shape(token: str) -> str:
    """Short word shape: ``Xx`` for ``Yerevan``, ``X`` for ``NATO``, ``d/d`` for ``3/4``; repeats collapsed."""
    shape = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", token)))
    return _REPEAT.sub(r"\1", shape)


@trust
class TokenFeatures(TransformerMixin, BaseEstimator):
    """Sentences of token strings -> a feature dict per token.

    Parameters: ``window`` (context tokens on each side), ``affix_lengths`` (prefix and suffix lengths),
    ``gazetteer`` (learn and use the gazetteer), ``gazetteer_max_length`` (longest phrase in tokens).
    Learned: ``gazetteer_`` (lower-cased phrase joined by spaces -> label).
    """

    def __init__(
        self,
        window: int = 2,
        affix_lengths: tuple[int, ...] = (2, 3, 4),
        gazetteer: bool = True,
        gazetteer_max_length: int = 6,
    ) -> None:
        self.window = window
        self.affix_lengths = affix_lengths
        self.gazetteer = gazetteer
        self.gazetteer_max_length = gazetteer_max_length

    def fit(self, X: Sequence[Sentence], y: Sequence[Sequence[str]] | None = None) -> TokenFeatures:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        if self.gazetteer and y is not None:
            for tokens, found in zip(X, chunks(y), strict=True):
                for first, last, label in found:
                    if last - first <= self.gazetteer_max_length:
                        counts[" ".join(tokens[first:last]).lower()][label] += 1
        self.gazetteer_ = {phrase: most_common(counter) for phrase, counter in sorted(counts.items())}
        return self

    def transform(self, X: Sequence[Sentence]) -> list[list[FeatureDict]]:
        return [self._sentence(list(tokens)) for tokens in X]

    def _sentence(self, tokens: list[str]) -> list[FeatureDict]:
        own = [self._token(token) for token in tokens]
        gazetteer = self._gazetteer_tags(tokens)
        features: list[FeatureDict] = []
        for i in range(len(tokens)):
            row: FeatureDict = {"bias": 1.0, **own[i]}
            for offset in range(1, self.window + 1):
                for sign, j in (("-", i - offset), ("+", i + offset)):
                    if 0 <= j < len(tokens):
                        row[f"{sign}{offset}:lower"] = tokens[j].lower()
                        row[f"{sign}{offset}:shape"] = own[j]["shape"]
                    elif j == -1 or j == len(tokens):
                        row[f"{sign}{offset}:edge"] = 1.0
            if gazetteer[i] != OUTSIDE:
                row["gazetteer"] = gazetteer[i]
            features.append(row)
        return features

    def _token(self, token: str) -> FeatureDict:
        lower = token.lower()
        row: FeatureDict = {"lower": lower, "shape": word_shape(token)}
        for n in self.affix_lengths:
            if len(token) > n:
                row[f"prefix{n}"] = lower[:n]
                row[f"suffix{n}"] = lower[-n:]
        if token[:1].isupper():
            row["title"] = 1.0
        if token.isupper() and len(token) > 1:
            row["upper"] = 1.0
        if any(character.isdigit() for character in token):
            row["digit"] = 1.0
        if "-" in token:
            row["hyphen"] = 1.0
        return row

    def _gazetteer_tags(self, tokens: list[str]) -> list[str]:
        tags = [OUTSIDE] * len(tokens)
        gazetteer: dict[str, str] = getattr(self, "gazetteer_", {}) if self.gazetteer else {}
        if not gazetteer:
            return tags
        lower = [token.lower() for token in tokens]
        i = 0
        while i < len(tokens):
            for length in range(min(self.gazetteer_max_length, len(tokens) - i), 0, -1):
                label = gazetteer.get(" ".join(lower[i : i + length]))
                if label is not None:
                    tags[i : i + length] = encode(length, [(0, length, label)], SCHEME)
                    i += length
                    break
            else:
                i += 1
        return tags

