"""Token features for the sequence taggers: word, shape, affixes, a context window and gazetteers from the training split.

:class:`TokenFeatures` is a scikit-learn transformer from sentences (tuples of token strings) to one feature dict per
token, the input format of both crfsuite and :class:`~sklearn.feature_extraction.DictVectorizer`. Its ``fit`` learns
the gazetteer (lower-cased phrases labelled in the training tags, with their most frequent label) and the word
lexicon (the tag each lower-cased word most often had) from ``y``.

Lexicon features computed on the very sentences they were learned from are always right, so a model trained on them
learns to trust them blindly and then meets unseen words at prediction time. ``fit_transform`` (what a pipeline
calls on the training data) therefore computes them out of fold: the training sentences are cut into
``cross_fit`` contiguous blocks (neighbouring sentences usually come from the same document) and each block's
lexicon features come from a lexicon learned on the other blocks; ``transform`` uses the lexicon of the whole
training split. The model thus learns how far a lexicon hit can be trusted on text the lexicon has not seen.

Sentences that carry the document's entity types (:class:`~baselines.entity_context.TokenSentence`, what a
:class:`~baselines.spans.SpanTagger` with ``entity_context`` hands over) also get entity-context features
(:func:`add_entity_context`).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence

from sklearn.base import BaseEstimator, TransformerMixin

from annotation.formats.bio_schemes import OUTSIDE
from baselines.entity_context import OUTSIDE_ENTITY
from baselines.floors import MemorisationTagger, most_common
from baselines.persist import trust
from baselines.valence import valence_bucket
from baselines.words import stem, word_shape

Sentence = Sequence[str]
FeatureDict = dict[str, str | float]
Lexicons = tuple[MemorisationTagger | None, dict[str, str]]  # the memorised phrases, word (and ~stem) -> word_tag


def word_tag(counts: Counter[str]) -> str:
    """What the training tags said of a word: its most frequent label and the share of its occurrences inside a span.

    ``Conflict.Attack@3`` = tagged ``Conflict.Attack`` (B or I) most often, inside some span on 60-80% of occurrences;
    ``O`` = never inside a span.
    """
    labels: Counter[str] = Counter()
    for tag, n in counts.items():
        if tag != OUTSIDE:
            labels[tag.split("-", 1)[1]] += n
    if not labels:
        return OUTSIDE
    share = sum(labels.values()) / sum(counts.values())
    return f"{most_common(labels)}@{min(int(share * 5), 4)}"


def add_entity_context(features: list[FeatureDict], entity_types: Sequence[str], reach: int = 5) -> None:
    """Features of the entity mentions around each token (a :class:`~baselines.entity_context.TokenSentence`'s
    types): the type under the token and under its two neighbours on each side, the nearest type within ``reach``
    tokens on each side, and which types the sentence holds (``killed`` near a PER, ``fired`` near a WEA)."""
    present = sorted(set(entity_types) - {OUTSIDE_ENTITY})
    for i, row in enumerate(features):
        row["entity"] = entity_types[i]
        for offset in (-2, -1, 1, 2):
            if 0 <= i + offset < len(entity_types):
                row[f"{offset:+d}:entity"] = entity_types[i + offset]
        left = (t for t in reversed(entity_types[max(i - reach, 0) : i]) if t != OUTSIDE_ENTITY)
        right = (t for t in entity_types[i + 1 : i + 1 + reach] if t != OUTSIDE_ENTITY)
        row["left:entity"] = next(left, "none")
        row["right:entity"] = next(right, "none")
        for entity_type in present:
            row[f"sentence_has:{entity_type}"] = 1.0


@trust
class TokenFeatures(TransformerMixin, BaseEstimator):
    """Sentences of token strings -> a feature dict per token.

    Parameters: ``window`` (context tokens on each side), ``affix_lengths`` (prefix and suffix lengths),
    ``gazetteer`` (learn and use the gazetteer and the word lexicon), ``gazetteer_max_length`` (longest phrase in
    tokens), ``cross_fit`` (blocks for the out-of-fold lexicon features of the training data; below 2: none),
    ``valence`` (the prior polarity of each word and its neighbours from the VADER lexicon, :mod:`baselines.valence`).
    Learned: ``gazetteer_`` (lower-cased phrase joined by spaces -> label), ``word_tags_`` (lower-cased word -> its
    most frequent training tag, ``O`` included).
    """

    def __init__(
        self,
        window: int = 2,
        affix_lengths: tuple[int, ...] = (2, 3, 4),
        gazetteer: bool = True,
        gazetteer_max_length: int = 6,
        cross_fit: int = 5,
        valence: bool = False,
    ) -> None:
        self.window = window
        self.affix_lengths = affix_lengths
        self.gazetteer = gazetteer
        self.gazetteer_max_length = gazetteer_max_length
        self.cross_fit = cross_fit
        self.valence = valence

    def fit(self, X: Sequence[Sentence], y: Sequence[Sequence[str]] | None = None) -> TokenFeatures:
        self.memoriser_, self.word_tags_ = self._lexicons(X, y)
        return self

    def _lexicons(self, X: Sequence[Sentence], y: Sequence[Sequence[str]] | None) -> Lexicons:
        if not self.gazetteer or y is None:
            return None, {}
        words: dict[str, Counter[str]] = defaultdict(Counter)
        for tokens, tags in zip(X, y, strict=True):
            for token, tag in zip(tokens, tags, strict=True):
                lower = token.lower()
                for key in (lower, "~" + stem(lower)):
                    words[key][str(tag)] += 1
        memoriser = MemorisationTagger(max_length=self.gazetteer_max_length, lowercase=True).fit(X, y)
        return memoriser, {word: word_tag(counter) for word, counter in sorted(words.items())}

    def fit_transform(
        self, X: Sequence[Sentence], y: Sequence[Sequence[str]] | None = None, **fit_params: object
    ) -> list[list[FeatureDict]]:
        """Fit, then featurise ``X`` with out-of-fold lexicon features (see the module docstring)."""
        self.fit(X, y)
        if y is None or not self.gazetteer or self.cross_fit < 2 or len(X) < self.cross_fit:
            return self.transform(X)
        bounds = [len(X) * k // self.cross_fit for k in range(self.cross_fit + 1)]
        features: list[list[FeatureDict]] = []
        for first, last in itertools.pairwise(bounds):
            rest = [*range(first), *range(last, len(X))]
            lexicons = self._lexicons([X[i] for i in rest], [y[i] for i in rest])
            features.extend(self._sentence(X[i], lexicons) for i in range(first, last))
        return features

    def transform(self, X: Sequence[Sentence]) -> list[list[FeatureDict]]:
        lexicons = (getattr(self, "memoriser_", None), getattr(self, "word_tags_", {})) if self.gazetteer else (None, {})
        return [self._sentence(sentence, lexicons) for sentence in X]

    def _sentence(self, sentence: Sentence, lexicons: Lexicons) -> list[FeatureDict]:
        tokens = list(sentence)
        own = [self._token(token) for token in tokens]
        memoriser = lexicons[0]
        gazetteer = memoriser.predict([tokens])[0] if memoriser is not None else [OUTSIDE] * len(tokens)
        lower = [token.lower() for token in tokens]
        word_tags = [lexicons[1].get(word, "unseen") for word in lower]
        stem_tags = [lexicons[1].get("~" + stem(word), "unseen") for word in lower]
        features: list[FeatureDict] = []
        for i in range(len(tokens)):
            row: FeatureDict = {"bias": 1.0, **own[i]}
            for offset in range(1, self.window + 1):
                for sign, j in (("-", i - offset), ("+", i + offset)):
                    if 0 <= j < len(tokens):
                        row[f"{sign}{offset}:lower"] = tokens[j].lower()
                        row[f"{sign}{offset}:shape"] = own[j]["shape"]
                        if self.valence:
                            row[f"{sign}{offset}:valence"] = own[j]["valence"]
                    elif j == -1 or j == len(tokens):
                        row[f"{sign}{offset}:edge"] = 1.0
            if self.gazetteer:
                row["word_tag"] = word_tags[i]
                row["stem_tag"] = stem_tags[i]
                for offset in (-1, 0, 1):
                    if 0 <= i + offset < len(tokens) and gazetteer[i + offset] != OUTSIDE:
                        row[f"{offset:+d}:gazetteer" if offset else "gazetteer"] = gazetteer[i + offset]
            features.append(row)
        entity_types = getattr(sentence, "entity_types", None)
        if entity_types is not None:
            add_entity_context(features, entity_types)
        return features

    def _token(self, token: str) -> FeatureDict:
        lower = token.lower()
        row: FeatureDict = {"lower": lower, "stem": stem(lower), "shape": word_shape(token)}
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
        if self.valence:
            row["valence"] = valence_bucket(token)
        return row
