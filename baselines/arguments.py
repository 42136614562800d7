"""Event arguments: a classifier over (trigger, entity) pairs in the same sentence, predicting a role or ``NONE``.

Features (no parser): the event type, the entity type and their conjunction, trigger and entity words, which comes
first, the log distance, the words between and the number of other entities between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from annotation.alignment import LabelledSpan
from annotation.model import Document, Entity
from baselines.context import Sentences, distance_bucket, words_between
from baselines.persist import trust

NO_ROLE = "NONE"


@dataclass(frozen=True, slots=True)
class PairCandidate:
    """A (trigger, entity) pair in one sentence: what the argument classifier sees."""

    trigger_label: str
    trigger_text: str
    entity_label: str
    entity_text: str
    entity_first: bool
    distance: int
    between: tuple[str, ...]
    entities_between: int

    @property
    def key(self) -> str:
        """What memorisation remembers: event type, entity type and entity text."""
        return f"{self.trigger_label}|{self.entity_label}|{self.entity_text.lower()}"


def pair_candidates(document: Document, trigger: LabelledSpan, entities: Sequence[Entity]) -> list[tuple[Entity, PairCandidate]]:
    """Every entity in the trigger's sentence (not overlapping it), with its pair candidate."""
    sentences = Sentences.of(document)
    sentence = sentences.index(trigger.start)
    found = []
    for entity in entities:
        if sentences.index(entity.start) != sentence or (entity.start < trigger.end and trigger.start < entity.end):
            continue
        entity_first = entity.end <= trigger.start
        left_end, right_start = (entity.end, trigger.start) if entity_first else (trigger.end, entity.start)
        between = sum(1 for other in entities if left_end <= other.start and other.end <= right_start)
        found.append(
            (
                entity,
                PairCandidate(
                    trigger_label=trigger.label,
                    trigger_text=document.text[trigger.start : trigger.end],
                    entity_label=entity.label,
                    entity_text=entity.text,
                    entity_first=entity_first,
                    distance=max(right_start - left_end, 0),
                    between=words_between(document.text, left_end, right_start),
                    entities_between=between,
                ),
            )
        )
    return found


@trust
class PairFeatures(TransformerMixin, BaseEstimator):
    """Pair candidates -> feature dicts (nothing to learn)."""

    def fit(self, X: Sequence[PairCandidate], y: object = None) -> PairFeatures:
        self.n_pairs_seen_ = len(X)
        return self

    def transform(self, X: Sequence[PairCandidate]) -> list[dict[str, str | float]]:
        return [self._row(pair) for pair in X]

    @staticmethod
    def _row(pair: PairCandidate) -> dict[str, str | float]:
        side = "before" if pair.entity_first else "after"
        words = pair.entity_text.lower().split()
        row: dict[str, str | float] = {
            "event": pair.trigger_label,
            "entity": pair.entity_label,
            "event|entity": f"{pair.trigger_label}|{pair.entity_label}",
            "event|entity|side": f"{pair.trigger_label}|{pair.entity_label}|{side}",
            "trigger": pair.trigger_text.lower(),
            "head": words[-1] if words else "",
            "side": side,
            "distance": distance_bucket(pair.distance),
            "entities_between": str(min(pair.entities_between, 3)),
            "adjacent_word": (pair.between[-1] if pair.entity_first else pair.between[0]) if pair.between else "<none>",
        }
        for word in pair.between:
            row[f"between={word}"] = 1.0
        return row


def argument_classifier(*, C: float = 1.0, max_iter: int = 1000) -> Pipeline:
    """A fresh, unfitted pair classifier: pair features -> DictVectorizer -> logistic regression over roles + NONE."""
    return Pipeline(
        [
            ("features", PairFeatures()),
            ("vectorizer", DictVectorizer()),
            ("model", LogisticRegression(C=C, max_iter=max_iter)),
        ]
    )
