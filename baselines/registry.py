"""Build a fresh, unfitted baseline for a layer by name: the one place that says which parts make each model."""

from __future__ import annotations

from dataclasses import dataclass

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
from baselines.threshold import OutsideThreshold

LAYERS = ("entities", "events", "stance")
MODELS = ("majority", "memorise", "crf", "linear", "crf-memorise")
FLOORS = ("majority", "memorise")


@dataclass(frozen=True, slots=True)
class TaggerSettings:
    """How a layer's learned taggers are built.

    ``valence``: add the VADER prior-polarity features (:mod:`baselines.valence`); ``entity_context``: add the
    types of the document's known entity mentions around each token (:mod:`baselines.entity_context`); ``crf_threshold`` /
    ``linear_threshold``: decode the tagger's marginals with :class:`~baselines.threshold.OutsideThreshold` at this
    threshold on ``O`` (``None``: the tagger's own decisions).
    """

    valence: bool = False
    entity_context: bool = False
    crf_threshold: float | None = None
    linear_threshold: float | None = None


# Chosen by 3-fold document cross-validation on the train split of our corpus (never on validation or test); the
# strict F1 each setting gave there (rerun any of them with benchmarks/train_cv.py and its override options):
# - entities: plain taggers (a threshold of 0.6 / 0.7 moved the CRF from 68.7 to 67.9 / 67.7);
# - events: thresholds 0.7 (CRF) and 0.8 (linear) (triggers: CRF 61.4 -> 63.8, linear 59.9 -> 64.1, crf-memorise
#   65.1 -> 65.3; valence features added nothing), then entity context (CRF 63.8 -> 66.2, linear 64.1 -> 66.0,
#   crf-memorise 65.3 -> 66.3; memorise 63.3);
# - stance: valence features, thresholds 0.95 (CRF) and 0.85 (linear); the cue tagger alone found 5% of the training
#   stances (spans + polarity: CRF 8.7 -> 17.5, linear 8.1 -> 13.2, crf-memorise 12.4 -> 17.5; memorise 12.2); entity context
#   did not help there (CRF 17.5 -> 16.5).
SETTINGS: dict[str, TaggerSettings] = {
    "entities": TaggerSettings(),
    "events": TaggerSettings(entity_context=True, crf_threshold=0.7, linear_threshold=0.8),
    "stance": TaggerSettings(valence=True, crf_threshold=0.95, linear_threshold=0.85),
}


def describe_settings() -> str:
    """One line per layer saying how its learned taggers differ from the plain ones (for the results report)."""
    parts = []
    for layer, settings in SETTINGS.items():
        said = []
        if settings.valence:
            said.append("VADER prior-polarity features")
        if settings.entity_context:
            said.append("the types of the known entity mentions around each token as features")
        if settings.crf_threshold is not None or settings.linear_threshold is not None:
            said.append(f"decoding with a threshold on O (CRF {settings.crf_threshold}, linear {settings.linear_threshold})")
        parts.append(f"{layer}: {', '.join(said) or 'plain taggers'}")
    return "; ".join(parts)


def learned_tagger(kind: str, settings: TaggerSettings) -> BaseEstimator:
    """The CRF (``kind="crf"``) or the linear tagger, built and decoded as ``settings`` say."""
    if kind == "crf":
        tagger, threshold = crf_tagger(valence=settings.valence), settings.crf_threshold
    else:
        tagger, threshold = linear_tagger(valence=settings.valence), settings.linear_threshold
    return tagger if threshold is None else OutsideThreshold(tagger, threshold)


def token_tagger(model: str, layer: str) -> BaseEstimator:
    settings = SETTINGS[layer]
    if model == "majority":
        return MajorityTagger()
    if model == "memorise":
        return MemorisationTagger()
    if model == "crf-memorise":  # the CRF, backed off to memorised phrases where it predicts O
        return BackoffTagger(learned_tagger("crf", settings), MemorisationTagger())
    return learned_tagger(model, settings)


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
    spans = SpanTagger(token_tagger(model, layer), alignment=alignment, entity_context=SETTINGS[layer].entity_context)
    if layer == "entities":
        return EntityModel(spans)
    if layer == "events":
        return EventModel(spans, item_classifier(model, argument_classifier()))
    linker = DummyClassifier(strategy="prior") if model in FLOORS else link_classifier()
    return StanceModel(spans, linker, item_classifier(model, polarity_classifier()))
