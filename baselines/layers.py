"""One model per annotation layer: documents and their gold annotation sets in, predicted annotation sets out.

Every layer model follows scikit-learn's estimator rules: ``__init__`` stores its parts (unfitted estimators),
``fit(X, y)`` takes documents and one gold :class:`~annotation.model.AnnotationSet` per document, clones its parts,
fits them and returns ``self``; learned state ends in ``_``. ``predict(X)`` returns one annotation set per document
with status ``prediction``.

Arguments and stance links point to entities (and events) the model did not predict: it takes them from the input
document's own annotation set (:func:`context_set`: the gold set, else the first one). A document without entities
gets events without arguments and no stances (a stance needs a holder and a target).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.base import BaseEstimator, clone

from annotation.alignment import LabelledSpan
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Stance
from annotation.schema import load_schema
from baselines.arguments import NO_ROLE, pair_candidates
from baselines.entity_context import context_set
from baselines.persist import trust
from baselines.stance import link_candidates, stance_instance

LINKED, NOT_LINKED = "yes", "no"


def prediction_provenance(source_tool: str = "flashpoint-baselines") -> Provenance:
    return Provenance(annotator="model", source_tool=source_tool, status="prediction", schema_version=load_schema().version)


def _span(item: Entity | Event) -> LabelledSpan:
    return LabelledSpan(item.start, item.end, item.label)


def _entity_text(document: Document, span: LabelledSpan) -> str:
    return document.text[span.start : span.end]


@trust
class EntityModel(BaseEstimator):
    """Entity mentions through a :class:`~baselines.spans.SpanTagger`. Learned: ``spans_``."""

    def __init__(self, spans: Any = None) -> None:
        self.spans = spans

    def fit(self, X: Sequence[Document], y: Sequence[AnnotationSet]) -> EntityModel:
        self.spans_ = clone(self.spans).fit(X, [[_span(e) for e in gold.entities] for gold in y])
        return self

    def predict(self, X: Sequence[Document]) -> list[AnnotationSet]:
        return [
            AnnotationSet(
                provenance=prediction_provenance(),
                entities=tuple(
                    Entity(id=f"e{n}", start=s.start, end=s.end, text=_entity_text(document, s), label=s.label)
                    for n, s in enumerate(spans, start=1)
                ),
            )
            for document, spans in zip(X, self.spans_.predict(X), strict=True)
        ]


@trust
class EventModel(BaseEstimator):
    """Event triggers through a span tagger, then a role (or none) for each (trigger, entity) pair in the sentence.

    Learned: ``triggers_``, ``arguments_``, ``roles_``.
    """

    def __init__(self, triggers: Any = None, arguments: Any = None) -> None:
        self.triggers = triggers
        self.arguments = arguments

    def fit(self, X: Sequence[Document], y: Sequence[AnnotationSet]) -> EventModel:
        self.triggers_ = clone(self.triggers).fit(X, [[_span(e) for e in gold.events] for gold in y])
        pairs, roles = [], []
        for document, gold in zip(X, y, strict=True):
            for event in gold.events:
                role_of = {argument.entity_id: argument.role for argument in event.arguments}
                for entity, pair in pair_candidates(document, _span(event), gold.entities):
                    pairs.append(pair)
                    roles.append(role_of.get(entity.id, NO_ROLE))
        if not pairs:  # no entity near any trigger: the argument step can only say "none"
            pairs, roles = [], []
        self.arguments_ = clone(self.arguments).fit(pairs, roles) if pairs else None
        self.roles_ = sorted(set(roles) - {NO_ROLE})
        return self

    def predict(self, X: Sequence[Document]) -> list[AnnotationSet]:
        return self.predict_arguments(X, self.triggers_.predict(X))

    def predict_arguments(self, X: Sequence[Document], triggers: Sequence[Sequence[LabelledSpan]]) -> list[AnnotationSet]:
        """Events for given trigger spans (e.g. the gold ones, to score argument classification alone)."""
        results = []
        for document, spans in zip(X, triggers, strict=True):
            context = context_set(document)
            entities = context.entities if context else ()
            used: dict[str, Entity] = {}
            events = []
            for n, trigger in enumerate(spans, start=1):
                candidates = pair_candidates(document, trigger, entities)
                roles = self.arguments_.predict([pair for _, pair in candidates]) if candidates and self.arguments_ else []
                arguments = []
                for (entity, _), role in zip(candidates, roles, strict=True):
                    if str(role) != NO_ROLE:
                        arguments.append(Argument(role=str(role), entity_id=entity.id))
                        used.setdefault(entity.id, entity)
                events.append(
                    Event(
                        id=f"ev{n}",
                        start=trigger.start,
                        end=trigger.end,
                        text=_entity_text(document, trigger),
                        label=trigger.label,
                        arguments=tuple(arguments),
                    )
                )
            kept = tuple(entity for entity in entities if entity.id in used)
            results.append(AnnotationSet(provenance=prediction_provenance(), entities=kept, events=tuple(events)))
        return results


@trust
class StanceModel(BaseEstimator):
    """Stance spans through a span tagger, a holder and a target picked by a link scorer, then a polarity.

    ``linker`` scores link candidates (``yes``/``no``, needs ``predict_proba``); ``polarity`` classifies stance
    instances. Learned: ``cues_``, ``linker_``, ``polarity_``, ``polarities_``.
    """

    def __init__(self, cues: Any = None, linker: Any = None, polarity: Any = None) -> None:
        self.cues = cues
        self.linker = linker
        self.polarity = polarity

    def fit(self, X: Sequence[Document], y: Sequence[AnnotationSet]) -> StanceModel:
        cue = load_schema().stance_label.name
        self.cues_ = clone(self.cues).fit(X, [[LabelledSpan(s.start, s.end, cue) for s in gold.stances] for gold in y])
        links, linked, instances, polarities = [], [], [], []
        for document, gold in zip(X, y, strict=True):
            by_id = {item.id: _span(item) for item in gold.entities} | {item.id: _span(item) for item in gold.events}
            entities = [_span(e) for e in gold.entities]
            targets = [*entities, *(_span(e) for e in gold.events)]
            for stance in gold.stances:
                span = LabelledSpan(stance.start, stance.end, cue)
                for slot, candidates, wanted in (("holder", entities, stance.holder_id), ("target", targets, stance.target_id)):
                    for candidate, features in link_candidates(document, span, slot, candidates):
                        links.append(features)
                        linked.append(LINKED if candidate == by_id.get(wanted) else NOT_LINKED)
                instances.append(stance_instance(document, span, by_id.get(stance.target_id)))
                polarities.append(stance.polarity)
        self.linker_ = clone(self.linker).fit(links, linked) if len(set(linked)) == 2 else None
        self.polarity_ = clone(self.polarity).fit(instances, polarities) if polarities else None
        self.polarities_ = sorted(set(polarities))
        return self

    def _pick(self, document: Document, span: LabelledSpan, slot: str, candidates: Sequence[LabelledSpan]) -> LabelledSpan | None:
        scored = link_candidates(document, span, slot, candidates)
        if not scored:
            return None
        if self.linker_ is None:
            return scored[0][0]
        probabilities = self.linker_.predict_proba([features for _, features in scored])
        column = list(self.linker_.classes_).index(LINKED)
        best = max(range(len(scored)), key=lambda i: (round(float(probabilities[i][column]), 9), -i))
        return scored[best][0]

    def predict_polarity(
        self, X: Sequence[Document], stances: Sequence[Sequence[tuple[LabelledSpan, LabelledSpan | None]]]
    ) -> list[list[str]]:
        """Polarities for given (stance span, target span) pairs, e.g. the gold ones: the polarity classifier alone."""
        if self.polarity_ is None:
            raise ValueError("the model saw no stance polarity in training")
        results = []
        for document, pairs in zip(X, stances, strict=True):
            instances = [stance_instance(document, span, target) for span, target in pairs]
            results.append([str(label) for label in self.polarity_.predict(instances)] if instances else [])
        return results

    def predict(self, X: Sequence[Document]) -> list[AnnotationSet]:
        results = []
        for document, cues in zip(X, self.cues_.predict(X), strict=True):
            context = context_set(document)
            entities = {(_span(e)): e for e in reversed(context.entities)} if context else {}
            events = {(_span(e)): e for e in reversed(context.events)} if context else {}
            chosen: list[tuple[LabelledSpan, LabelledSpan, LabelledSpan]] = []
            for span in cues:
                holder = self._pick(document, span, "holder", list(entities))
                target = self._pick(document, span, "target", [c for c in (*entities, *events) if c != holder])
                if holder is not None and target is not None:
                    chosen.append((span, holder, target))
            labels = self.predict_polarity([document], [[(span, target) for span, _, target in chosen]])[0] if chosen else []
            stances: list[Stance] = []
            used_entities: dict[str, Entity] = {}
            used_events: dict[str, Event] = {}
            for n, ((span, holder, target), polarity) in enumerate(zip(chosen, labels, strict=True), start=1):
                holder_item = entities[holder]
                used_entities[holder_item.id] = holder_item
                target_item: Entity | Event
                if target in entities:
                    target_item = used_entities.setdefault(entities[target].id, entities[target])
                else:
                    target_item = used_events.setdefault(events[target].id, events[target])
                stances.append(
                    Stance(
                        id=f"st{n}",
                        start=span.start,
                        end=span.end,
                        text=_entity_text(document, span),
                        polarity=polarity,
                        holder_id=holder_item.id,
                        target_id=target_item.id,
                    )
                )
            results.append(
                AnnotationSet(
                    provenance=prediction_provenance(),
                    entities=tuple(e for e in (context.entities if context else ()) if e.id in used_entities),
                    events=tuple(_without_arguments(e) for e in (context.events if context else ()) if e.id in used_events),
                    stances=tuple(stances),
                )
            )
        return results


def _without_arguments(event: Event) -> Event:
    """A target event copied into a prediction set without its arguments (their entities may not be in the set)."""
    return Event(id=event.id, start=event.start, end=event.end, text=event.text, label=event.label, attributes=event.attributes)
