"""Build a fresh, unfitted baseline for a layer by name: the one place that says which parts make each model."""

from __future__ import annotations

from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier

from annotation.alignment import Alignment
from baselines.arguments import argument_classifier
from baselines.backoff import BackoffTagger
from baselines.crf import crf_tagger
from baselines.floors import MajorityTagger, MemorisationClassifier, MemorisationTagger
from baselines.layers import EntityModel, EventModel, StanceModel
from baselines.linear import linear_tagger
from baselines.spans import SpanTagger
from baselines.stance import link_classifier, polarity_classifier

LAYERS = ("entities", "events", "stance")
MODELS = ("majority", "memorise", "crf", "linear", "crf-memorise")
FLOORS = ("majority", "memorise")


def token_tagger(model: str) -> BaseEstimator:
    if model == "majority":
        return MajorityTagger()
    if model == "memorise":
        return MemorisationTagger()
    if model == "crf-memorise":  # the CRF, backed off to memorised phrases where it predicts O
        return BackoffTagger(crf_tagger(), MemorisationTagger())
    return crf_tagger() if model == "crf" else linear_tagger()


def item_classifier(model: str, learned: BaseEstimator) -> BaseEstimator:
    """The classifier for argument roles or polarities: the floors' own, or ``learned`` for crf / linear."""
    if model == "majority":
        return DummyClassifier(strategy="most_frequent")
    if model == "memorise":
        return MemorisationClassifier()
    return learned


def build(layer: str, model: str, *, alignment: Alignment = "expand") -> BaseEstimator:
    """A fresh, unfitted model for ``layer`` (entities | events | stance) of kind ``model`` (see :data:`MODELS`)."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; expected one of {', '.join(LAYERS)}")
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")
    spans = SpanTagger(token_tagger(model), alignment=alignment)
    if layer == "entities":
        return EntityModel(spans)
    if layer == "events":
        return EventModel(spans, item_classifier(model, argument_classifier()))
    linker = DummyClassifier(strategy="prior") if model in FLOORS else link_classifier()
    return StanceModel(spans, linker, item_classifier(model, polarity_classifier()))
