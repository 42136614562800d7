"""Building one external corpus document's annotation set: map labels, check offsets, report what does not fit.

Every importer feeds external mentions, events and links into a :class:`SetBuilder`. It maps labels with the
schema's tables, checks each span against the text, keeps what maps, and keeps what does not under
``Document.meta["unmapped"]`` (external label, offsets, text, arguments) while counting it in the report, so nothing
is dropped without a word and the corpus still validates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotation.formats.errors import FormatError
from annotation.formats.mapping import LabelMap
from annotation.formats.report import Report
from annotation.model import AnnotationSet, Argument, Entity, Event, Provenance, Stance


def provenance(corpus: str, *, status: str = "gold", schema_version: str, extra: Mapping[str, Any] | None = None) -> Provenance:
    """Provenance of imported external gold: annotator = corpus name, source tool = ``<corpus>.v1``."""
    return Provenance(
        annotator=corpus,
        source_tool=f"{corpus}.v1",
        status=status,
        schema_version=schema_version,
        extra=dict(extra or {}),
    )


@dataclass
class SetBuilder:
    """Collects one document's mapped entities, events and stances (a per-document accumulator)."""

    labels: LabelMap
    text: str
    report: Report
    path: str
    doc_id: str
    line: int = 0
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    unmapped: list[dict[str, Any]] = field(default_factory=list)
    dropped_entities: dict[str, str] = field(default_factory=dict)  # external id -> why it is not an entity

    def _span_ok(self, what: str, item_id: str, start: int, end: int, expected: str | None) -> bool:
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(self.text)):
            self._error(f"{what} {item_id}: offsets [{start}, {end}) fall outside the text (length {len(self.text)})")
            return False
        if expected is not None and self.text[start:end] != expected:
            self._error(f"{what} {item_id}: text at [{start}, {end}) is {self.text[start:end]!r}, the record says {expected!r}")
            return False
        return True

    def _error(self, message: str) -> None:
        self.report.error(FormatError(self.path, self.line, message, record=self.doc_id))

    def keep_unmapped(self, layer: str, label: str, item: dict[str, Any]) -> None:
        """Count an item our schema has no place for and keep it in ``meta["unmapped"]``."""
        self.report.unmapped_label(layer, label)
        self.unmapped.append({"layer": layer, "label": label, **item})

    def entity(
        self,
        entity_id: str,
        start: int,
        end: int,
        external_label: str,
        *,
        expected_text: str | None = None,
        attributes: Mapping[str, Any] | None = None,
        label: str | None = None,
    ) -> bool:
        """Add an entity mention; ``label`` (ours) overrides the mapping of ``external_label``. True when kept."""
        if not self._span_ok("entity", entity_id, start, end, expected_text):
            self.dropped_entities[entity_id] = "bad offsets"
            return False
        ours = label or self.labels.entity(external_label)
        span = {"id": entity_id, "start": start, "end": end, "text": self.text[start:end]}
        if ours is None:
            self.keep_unmapped("entities", external_label, span)
            self.dropped_entities[entity_id] = f"entity of unmapped type {external_label}"
            return False
        if entity_id in self.entities:
            self._error(f"entity id {entity_id} is used twice")
            return False
        attrs = {"external_label": external_label, **(attributes or {})}
        self.entities[entity_id] = Entity(entity_id, start, end, self.text[start:end], ours, attrs)
        return True

    def event(
        self,
        event_id: str,
        start: int,
        end: int,
        external_label: str,
        arguments: Sequence[tuple[str, str]],
        *,
        expected_text: str | None = None,
        attributes: Mapping[str, Any] | None = None,
    ) -> bool:
        """Add an event mention with ``(external role, entity id)`` arguments; arguments that do not fit are reported."""
        if not self._span_ok("event", event_id, start, end, expected_text):
            return False
        ours = self.labels.event(external_label)
        span = {"id": event_id, "start": start, "end": end, "text": self.text[start:end]}
        if ours is None:
            self.keep_unmapped("events", external_label, {**span, "arguments": [{"role": r, "entity_id": e} for r, e in arguments]})
            if arguments:
                self.report.count("arguments of unmapped events", len(arguments))
            return False
        kept: list[Argument] = []
        for role, entity_id in arguments:
            argument = self._argument(event_id, ours, role, entity_id)
            if argument is not None:
                kept.append(argument)
        attrs = {"external_label": external_label, **(attributes or {})}
        self.events.append(Event(event_id, start, end, self.text[start:end], ours, tuple(kept), attrs))
        return True

    def _argument(self, event_id: str, event_type: str, role: str, entity_id: str) -> Argument | None:
        ours = self.labels.role(event_type, role)
        record = {"event_id": event_id, "event_label": event_type, "role": role, "entity_id": entity_id}
        if ours is None:
            self.keep_unmapped("roles", f"{event_type}/{role}", record)
            return None
        entity = self.entities.get(entity_id)
        if entity is None:
            why = self.dropped_entities.get(entity_id, "no such entity")
            self.keep_unmapped("arguments", f"{role} -> {why}", record)
            return None
        if not self.labels.schema.role_accepts(event_type, ours, entity.label):
            self.keep_unmapped("arguments", f"{event_type}.{ours} does not accept {entity.label}", record)
            return None
        return Argument(ours, entity_id)

    def argument_entity(self, entity_id: str, start: int, end: int, event_type: str, role: str, *, source: str) -> str | None:
        """An entity made from an argument span (corpora whose arguments have no typed entity).

        Its label is the first entity type our schema accepts for the mapped role (``attributes["label_from"] =
        "role"``): such labels say what the role allows, not what an annotator chose, so leave them out of entity
        scoring. Reuses an entity already on that span whose type the role accepts. Returns the entity id, or None.
        """
        ours_event = self.labels.event(event_type)
        if ours_event is None:
            return None
        ours_role = self.labels.role(ours_event, role)
        if ours_role is None:
            return None
        for entity in self.entities.values():
            if (entity.start, entity.end) == (start, end) and self.labels.schema.role_accepts(ours_event, ours_role, entity.label):
                return entity.id
        accepted = self.labels.schema.events[ours_event].roles[ours_role]
        if not accepted:
            return None
        kept = self.entity(entity_id, start, end, role, label=accepted[0], attributes={"label_from": "role", "source": source})
        return entity_id if kept else None

    def stance(
        self,
        stance_id: str,
        start: int,
        end: int,
        external_polarity: str,
        holder_id: str,
        target_id: str,
        *,
        attributes: Mapping[str, Any] | None = None,
    ) -> bool:
        if not self._span_ok("stance", stance_id, start, end, None):
            return False
        polarity = self.labels.polarity(external_polarity)
        record = {"id": stance_id, "start": start, "end": end, "text": self.text[start:end], "holder_id": holder_id, "target_id": target_id}
        if polarity is None:
            self.keep_unmapped("stance", external_polarity, record)
            return False
        holder = self.entities.get(holder_id)
        if holder is None or holder.label not in self.labels.schema.holder_types:
            why = "holder not kept" if holder is None else f"holder type {holder.label} is not a holder type"
            self.keep_unmapped("stance", f"{external_polarity}: {why}", record)
            return False
        if target_id not in self.entities and target_id not in {e.id for e in self.events}:
            self.keep_unmapped("stance", f"{external_polarity}: target not kept", record)
            return False
        attrs = {"external_label": external_polarity, **(attributes or {})}
        self.stances.append(Stance(stance_id, start, end, self.text[start:end], polarity, holder_id, target_id, attrs))
        return True

    def annotation_set(self, prov: Provenance) -> AnnotationSet:
        return AnnotationSet(prov, tuple(self.entities.values()), tuple(self.events), tuple(self.stances))
