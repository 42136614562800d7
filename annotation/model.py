"""The document model: frozen dataclasses with half-open Python code-point offsets, validated on construction.

A :class:`Document` holds the text, its sentence and token boundaries, where it came from, and any number of
:class:`AnnotationSet` objects (one per annotator, plus adjudicated gold or model predictions). Each annotation set
carries three layers: entities, events (a trigger span, a type and arguments pointing to entity ids) and stances
(a span, a polarity, a holder entity id and a target entity or event id).

Every span stores its text; ``Document`` checks ``text[start:end] == span.text`` for every span of every set and
that every id an argument or a stance points to exists, so a document that exists is consistent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class ModelError(ValueError):
    """A document, annotation set or span is inconsistent."""


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open ``[start, end)`` code-point range; ``0 <= start < end``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        _check_range(self.start, self.end, "span")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def _check_range(start: int, end: int, what: str) -> None:
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise ModelError(f"{what} offsets must be integers, got {start!r}, {end!r}")
    if not 0 <= start < end:
        raise ModelError(f"{what} [{start}, {end}) is not a non-empty half-open range with 0 <= start < end")


def _check_text(start: int, end: int, text: str, what: str) -> None:
    _check_range(start, end, what)
    if len(text) != end - start:
        raise ModelError(f"{what} [{start}, {end}) has text {text!r} of length {len(text)}, expected {end - start}")


@dataclass(frozen=True, slots=True)
class Entity:
    """A typed entity mention."""

    id: str
    start: int
    end: int
    text: str
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_text(self.start, self.end, self.text, f"entity {self.id}")


@dataclass(frozen=True, slots=True)
class Argument:
    """An event argument: a role filled by an entity mention of the same annotation set."""

    role: str
    entity_id: str


@dataclass(frozen=True, slots=True)
class Event:
    """An event mention: a trigger span, an event type, its arguments and attributes (e.g. modality)."""

    id: str
    start: int
    end: int
    text: str
    label: str
    arguments: tuple[Argument, ...] = ()
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_text(self.start, self.end, self.text, f"event {self.id}")


@dataclass(frozen=True, slots=True)
class Stance:
    """A stance span with its polarity, the entity holding it and the entity or event it is about."""

    id: str
    start: int
    end: int
    text: str
    polarity: str
    holder_id: str
    target_id: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_text(self.start, self.end, self.text, f"stance {self.id}")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who made an annotation set, with what, when, under which guideline and schema versions, and its status."""

    annotator: str
    source_tool: str
    status: str  # gold | silver | raw | prediction
    schema_version: str
    guideline_version: str = ""
    created_at: str = ""
    updated_at: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    STATUSES = ("gold", "silver", "raw", "prediction")

    def __post_init__(self) -> None:
        if self.status not in self.STATUSES:
            raise ModelError(f"provenance status {self.status!r} is not one of {', '.join(self.STATUSES)}")


@dataclass(frozen=True, slots=True)
class AnnotationSet:
    """One annotator's (or one model's, or the adjudicated) annotation of a document, in three layers."""

    provenance: Provenance
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    stances: tuple[Stance, ...] = ()

    def __post_init__(self) -> None:
        ids = [item.id for item in self.spans()]
        repeated = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
        if repeated:
            raise ModelError(f"annotation set of {self.provenance.annotator!r} repeats ids {repeated}")
        entity_ids = {entity.id for entity in self.entities}
        event_ids = {event.id for event in self.events}
        for event in self.events:
            for argument in event.arguments:
                if argument.entity_id not in entity_ids:
                    raise ModelError(
                        f"event {event.id} argument {argument.role} points to {argument.entity_id!r}, not an entity"
                    )
        for stance in self.stances:
            if stance.holder_id not in entity_ids:
                raise ModelError(f"stance {stance.id} holder {stance.holder_id!r} is not an entity of the same set")
            if stance.target_id not in entity_ids | event_ids:
                raise ModelError(f"stance {stance.id} target {stance.target_id!r} is not an entity or event")

    def spans(self) -> Iterator[Entity | Event | Stance]:
        yield from self.entities
        yield from self.events
        yield from self.stances

    def entity(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from."""

    path: str = ""
    sha256: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""
    licence: str = ""


@dataclass(frozen=True, slots=True)
class Removed:
    """A region removed from the raw input during ingest, with the reason, so a reviewer can see it."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """A document: its text, title, source, sentence and token boundaries and annotation sets."""

    id: str
    text: str
    title: str = ""
    source: Source = field(default_factory=Source)
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Span, ...] = ()
    annotations: tuple[AnnotationSet, ...] = ()
    removed: tuple[Removed, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            raise ModelError("document id is empty")
        for kind, spans in (("sentence", self.sentences), ("token", self.tokens)):
            for span in spans:
                if span.end > len(self.text):
                    raise ModelError(f"document {self.id}: {kind} [{span.start}, {span.end}) ends past the text")
        for annotation_set in self.annotations:
            for item in annotation_set.spans():
                found = self.text[item.start : item.end]
                if found != item.text:
                    raise ModelError(
                        f"document {self.id}: {type(item).__name__.lower()} {item.id} [{item.start}, {item.end}) "
                        f"holds {item.text!r} but the text there is {found!r}"
                    )

    def annotation_set(self, annotator: str) -> AnnotationSet:
        for annotation_set in self.annotations:
            if annotation_set.provenance.annotator == annotator:
                return annotation_set
        raise KeyError(annotator)

    def gold(self) -> AnnotationSet | None:
        """The first annotation set whose status is gold, if any."""
        return next((a for a in self.annotations if a.provenance.status == "gold"), None)
