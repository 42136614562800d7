"""Stance: the polarity classifier (word + character n-gram TF-IDF, logistic regression) and the holder / target linker.

The cue-span tagger is a :class:`~baselines.spans.SpanTagger` over stance spans (see :mod:`baselines.layers`).
The polarity classifier sees the stance span, its sentence with the target marked ``[T] ... [/T]``, and the words
around the target. The linker scores each candidate holder (entities of the holder types) and target (entities and
events) in the stance's sentence and picks the best; a floor that cannot score (equal scores) takes the nearest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from annotation.alignment import LabelledSpan
from annotation.model import Document
from baselines.context import Sentences, distance_bucket, words_between
from baselines.persist import trust
from baselines.valence import text_valence

TARGET_OPEN, TARGET_CLOSE = "[T]", "[/T]"


@dataclass(frozen=True, slots=True)
class StanceInstance:
    """What the polarity classifier sees of one stance."""

    span_text: str
    context: str  # the stance's sentence(s) with the target marked
    target_text: str
    near_target: tuple[str, ...]

    @property
    def key(self) -> str:
        """What memorisation remembers: the stance span's words."""
        return " ".join(self.span_text.lower().split())


def stance_instance(document: Document, span: LabelledSpan, target: LabelledSpan | None) -> StanceInstance:
    """The polarity instance of a stance span (and its target, when known)."""
    text = document.text
    sentences = Sentences.of(document)
    starts = (*sentences.starts, len(text))
    first = sentences.index(span.start)
    last = sentences.index(max(span.end - 1, span.start))
    begin, end = starts[first], starts[last + 1]
    near: tuple[str, ...] = ()
    target_text = ""
    if target is not None:
        target_text = text[target.start : target.end]
        begin, end = min(begin, starts[sentences.index(target.start)]), max(end, target.end)
        near = (
            *words_between(text, max(begin, target.start - 40), target.start, 4),
            *words_between(text, target.end, min(end, target.end + 40), 4),
        )
        context = f"{text[begin : target.start]} {TARGET_OPEN} {target_text} {TARGET_CLOSE} {text[target.end : end]}"
    else:
        context = text[begin:end]
    return StanceInstance(
        span_text=text[span.start : span.end], context=" ".join(context.split()), target_text=target_text, near_target=near
    )


@trust
class InstanceText(TransformerMixin, BaseEstimator):
    """Stance instances -> one of their texts for a TF-IDF vectoriser (nothing to learn).

    ``field``: ``span`` (the stance span's words) or ``context`` (the sentence with the target marked, and the
    words near the target as ``near_`` tokens).
    """

    def __init__(self, field: str = "span") -> None:
        self.field = field

    def fit(self, X: Sequence[StanceInstance], y: object = None) -> InstanceText:
        if self.field not in ("span", "context"):
            raise ValueError(f"unknown field {self.field!r}; expected span or context")
        self.n_instances_seen_ = len(X)
        return self

    def transform(self, X: Sequence[StanceInstance]) -> list[str]:
        if self.field == "span":
            return [instance.span_text for instance in X]
        return [f"{instance.context} {' '.join(f'near_{word}' for word in instance.near_target)}" for instance in X]


@trust
class InstanceValence(TransformerMixin, BaseEstimator):
    """Stance instances -> prior-polarity features of the span and of its context (:func:`baselines.valence.text_valence`)."""

    def fit(self, X: Sequence[StanceInstance], y: object = None) -> InstanceValence:
        self.n_instances_seen_ = len(X)
        return self

    def transform(self, X: Sequence[StanceInstance]) -> list[dict[str, float]]:
        return [text_valence(i.span_text, "span") | text_valence(i.context, "context") for i in X]


def polarity_classifier(*, C: float = 4.0, max_iter: int = 2000, word_ngrams: int = 2, char_ngrams: int = 5) -> Pipeline:
    """A fresh, unfitted polarity classifier: TF-IDF of the span's words and characters, TF-IDF of its context and
    the prior valence of both -> logistic regression.

    The span gets vectorisers of its own so that its few words are not drowned by the sentence around it; the valence
    features carry what a few hundred training stances cannot teach (5-fold document cross-validation on the train
    split, macro F1: one vectoriser over span and context 36.5, separate vectorisers 39.7, with valence 50.8; the last
    is ``benchmarks/train_cv.py --polarity``, the first two were measured before they were replaced).
    """

    def tfidf(field: str, **options: Any) -> Pipeline:
        return Pipeline([("text", InstanceText(field)), ("tfidf", TfidfVectorizer(sublinear_tf=True, **options))])

    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("span_words", tfidf("span", ngram_range=(1, word_ngrams))),
                        ("span_chars", tfidf("span", analyzer="char_wb", ngram_range=(2, char_ngrams))),
                        ("context_words", tfidf("context", ngram_range=(1, word_ngrams))),
                        ("valence", Pipeline([("valence", InstanceValence()), ("vectorizer", DictVectorizer())])),
                    ]
                ),
            ),
            ("model", LogisticRegression(C=C, max_iter=max_iter)),
        ]
    )


# ---------------------------------------------------------------- holder / target linking


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """One candidate holder or target of a stance span."""

    slot: str  # "holder" | "target"
    candidate_label: str
    candidate_text: str
    before: bool  # the candidate ends before the stance span starts
    inside: bool  # the candidate lies inside the stance span
    distance: int
    rank: int  # 0 = nearest candidate of this slot
    between: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.slot}|{self.candidate_label}|{'before' if self.before else 'inside' if self.inside else 'after'}"


def link_candidates(
    document: Document, span: LabelledSpan, slot: str, candidates: Sequence[LabelledSpan]
) -> list[tuple[LabelledSpan, LinkCandidate]]:
    """Candidates in the stance span's sentence (or the whole document when none are there), nearest first."""
    sentences = Sentences.of(document)
    sentence = sentences.index(span.start)
    near = [c for c in candidates if sentences.index(c.start) == sentence] or list(candidates)

    def gap(c: LabelledSpan) -> int:
        return max(span.start - c.end, c.start - span.end, 0)

    ordered = sorted(near, key=lambda c: (gap(c), c.start, c.end))
    result = []
    for rank, c in enumerate(ordered):
        before = c.end <= span.start
        left, right = (c.end, span.start) if before else (span.end, c.start)
        result.append(
            (
                c,
                LinkCandidate(
                    slot=slot,
                    candidate_label=c.label,
                    candidate_text=document.text[c.start : c.end],
                    before=before,
                    inside=span.start <= c.start and c.end <= span.end,
                    distance=gap(c),
                    rank=rank,
                    between=words_between(document.text, left, right, 4),
                ),
            )
        )
    return result


@trust
class LinkFeatures(TransformerMixin, BaseEstimator):
    """Link candidates -> feature dicts (nothing to learn)."""

    def fit(self, X: Sequence[LinkCandidate], y: object = None) -> LinkFeatures:
        self.n_candidates_seen_ = len(X)
        return self

    def transform(self, X: Sequence[LinkCandidate]) -> list[dict[str, str | float]]:
        rows = []
        for c in X:
            side = "before" if c.before else "inside" if c.inside else "after"
            row: dict[str, str | float] = {
                "slot|label": f"{c.slot}|{c.candidate_label}",
                "slot|side": f"{c.slot}|{side}",
                "slot|rank": f"{c.slot}|{min(c.rank, 3)}",
                "slot|distance": f"{c.slot}|{distance_bucket(c.distance)}",
                "slot|word": f"{c.slot}|{c.candidate_text.lower().split()[-1] if c.candidate_text.split() else ''}",
            }
            for word in c.between:
                row[f"{c.slot}|between={word}"] = 1.0
            rows.append(row)
        return rows


def link_classifier(*, C: float = 1.0, max_iter: int = 1000) -> Pipeline:
    """A fresh, unfitted link scorer: candidate features -> DictVectorizer -> logistic regression (is it the one?)."""
    return Pipeline([("features", LinkFeatures()), ("vectorizer", DictVectorizer()), ("model", LogisticRegression(C=C, max_iter=max_iter))])
