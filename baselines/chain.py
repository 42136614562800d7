"""Several trained models over one document, one layer after another, into one prediction set (pre-annotation).

An event model picks arguments among the document's known entity mentions and reads their types; a stance model
picks holders and targets among known entities and events. On raw text nothing is known, so
:func:`predict_chain` runs the models in layer order (entities, events, stance) and shows each the predictions of
the ones before it as the document's annotation: the result is one set with all three layers whose arguments, holders
and targets point at predicted mentions, which is what an annotator wants to correct in Label Studio.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from annotation.errors import FlashpointError
from annotation.model import AnnotationSet, Document
from baselines.layers import prediction_provenance
from baselines.persist import ModelMetadata

LAYER_ORDER = ("entities", "events", "stance")


@dataclasses.dataclass(frozen=True, slots=True)
class LoadedModel:
    """A trained model read by :func:`baselines.persist.load_model`, with where it came from."""

    estimator: Any
    meta: ModelMetadata
    path: str


def in_layer_order(models: Sequence[LoadedModel]) -> list[LoadedModel]:
    """The models sorted entities -> events -> stance; two models of one layer are refused."""
    by_layer: dict[str, LoadedModel] = {}
    for model in models:
        if model.meta.layer in by_layer:
            first = by_layer[model.meta.layer].path
            raise FlashpointError(f"{first} and {model.path} are both {model.meta.layer} models; give one per layer")
        by_layer[model.meta.layer] = model
    return [by_layer[layer] for layer in LAYER_ORDER if layer in by_layer]


def merge(base: AnnotationSet, found: AnnotationSet) -> AnnotationSet:
    """``base`` plus what ``found`` adds; an item whose id ``base`` already has is ``base``'s (a model copies the
    context items it points at into its own set, e.g. a stance target event without its arguments)."""

    def union(kept: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
        ids = {item.id for item in kept}
        return (*kept, *(item for item in new if item.id not in ids))

    return dataclasses.replace(
        base,
        entities=union(base.entities, found.entities),
        events=union(base.events, found.events),
        stances=union(base.stances, found.stances),
    )


def predict_chain(document: Document, models: Sequence[LoadedModel]) -> AnnotationSet:
    """One prediction set for ``document`` from ``models`` as :func:`in_layer_order` returns them (checked once by
    the caller, not per document). One model sees the document's own annotation sets (the gold set, or the first
    set, as its context); a chain of models sees only the predictions of the models before it."""
    if len(models) == 1:
        (predicted,) = models[0].estimator.predict([document])
        return predicted
    combined = AnnotationSet(provenance=prediction_provenance())
    for model in models:
        (found,) = model.estimator.predict([dataclasses.replace(document, annotations=(combined,))])
        combined = merge(combined, found)
    return combined
