"""The label schema, loaded once from ``schema.yaml`` into frozen dataclasses.

Everything that needs a label, a colour, a hotkey, a role constraint or an external mapping asks this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SCHEMA_FILE = "schema.yaml"
LAYERS = ("entities", "events", "stance")


class SchemaError(ValueError):
    """The schema file is malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class Label:
    """One label of a layer: an entity type, an event type or a stance polarity."""

    name: str
    description: str
    color: str
    hotkey: str
    maps: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class EventType:
    label: Label
    roles: Mapping[str, tuple[str, ...]]  # role -> accepted entity types

    @property
    def name(self) -> str:
        return self.label.name


@dataclass(frozen=True, slots=True)
class Schema:
    version: str
    entities: Mapping[str, Label]
    events: Mapping[str, EventType]
    stance_label: Label
    holder_types: tuple[str, ...]
    target_layers: tuple[str, ...]
    polarities: Mapping[str, Label]
    relations: Mapping[str, str]  # relation name -> description (holder, target)
    modalities: tuple[str, ...]
    default_modality: str
    mention_kinds: tuple[str, ...] = ()  # entity attribute "kind" (schema 1.1): NAME, NOMINAL, PRONOUN
    pronouns: frozenset[str] = frozenset()  # lower-case words whose mention kind is PRONOUN
    role_maps: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)  # ontology -> their role -> ours

    @property
    def entity_labels(self) -> tuple[str, ...]:
        return tuple(self.entities)

    @property
    def event_labels(self) -> tuple[str, ...]:
        return tuple(self.events)

    @property
    def polarity_labels(self) -> tuple[str, ...]:
        return tuple(self.polarities)

    @property
    def roles(self) -> tuple[str, ...]:
        """Every argument role of every event type, in schema order, without repeats."""
        seen: dict[str, None] = {}
        for event in self.events.values():
            for role in event.roles:
                seen.setdefault(role, None)
        return tuple(seen)

    def labels_of(self, layer: str) -> tuple[str, ...]:
        """The label names of a layer: entity types, event types, or stance polarities."""
        if layer == "entities":
            return self.entity_labels
        if layer == "events":
            return self.event_labels
        if layer == "stance":
            return self.polarity_labels
        raise SchemaError(f"unknown layer {layer!r}; expected one of {', '.join(LAYERS)}")

    def infer_kind(self, text: str) -> str:
        """The mention kind of an entity span when the annotator gave none (the rule written in ``schema.yaml``)."""
        if not self.mention_kinds:
            raise SchemaError(f"schema {self.version} has no entity attribute 'kind'")
        if text.lower() in self.pronouns and not (len(text) > 1 and text.isupper()):  # "US" is a name, "us" a pronoun
            return "PRONOUN"
        return "NAME" if text[:1].isupper() or text[:1].isdigit() else "NOMINAL"

    def role_accepts(self, event_type: str, role: str, entity_type: str) -> bool:
        event = self.events.get(event_type)
        return event is not None and entity_type in event.roles.get(role, ())

    def mapping(self, ontology: str, layer: str) -> dict[str, str]:
        """External label -> our label for one ontology (e.g. ``"ace"``) and layer."""
        labels: Mapping[str, Label]
        if layer == "entities":
            labels = self.entities
        elif layer == "events":
            labels = {name: event.label for name, event in self.events.items()}
        elif layer == "stance":
            labels = self.polarities
        else:
            raise SchemaError(f"unknown layer {layer!r}")
        table: dict[str, str] = {}
        for ours, label in labels.items():
            for theirs in label.maps.get(ontology, ()):
                table.setdefault(theirs, ours)
        return table


def _label(name: str, raw: Mapping[str, Any], *, default_color: str = "#999999") -> Label:
    try:
        maps = {key: tuple(str(v) for v in values) for key, values in (raw.get("maps") or {}).items()}
        return Label(
            name=name,
            description=" ".join(str(raw["description"]).split()),
            color=str(raw.get("color", default_color)),
            hotkey=str(raw.get("hotkey", "")),
            maps=maps,
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise SchemaError(f"label {name!r}: {error}") from error


def parse_schema(raw: Mapping[str, Any]) -> Schema:
    """Build and check a :class:`Schema` from the parsed YAML mapping."""
    try:
        entities = {name: _label(name, spec) for name, spec in raw["entities"].items()}
        events = {
            name: EventType(
                label=_label(name, spec),
                roles={role: tuple(types) for role, types in spec["roles"].items()},
            )
            for name, spec in raw["events"].items()
        }
        stance = raw["stance"]
        polarities = {name: _label(name, spec) for name, spec in stance["polarities"].items()}
        modality = raw["event_attributes"]["modality"]
        kind = (raw.get("entity_attributes") or {}).get("kind") or {}
        schema = Schema(
            version=str(raw["version"]),
            entities=entities,
            events=events,
            stance_label=_label(stance["label"], stance),
            holder_types=tuple(stance["holder_types"]),
            target_layers=tuple(stance["target_layers"]),
            polarities=polarities,
            relations={name: " ".join(str(spec["description"]).split()) for name, spec in raw["relations"].items()},
            modalities=tuple(modality["values"]),
            default_modality=str(modality["default"]),
            mention_kinds=tuple(str(v) for v in kind.get("values", ())),
            pronouns=frozenset(str(w).lower() for w in kind.get("pronouns", ())),
            role_maps={
                ontology: {str(theirs): (ours,) if isinstance(ours, str) else tuple(ours) for theirs, ours in (table or {}).items()}
                for ontology, table in (raw.get("role_maps") or {}).items()
            },
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise SchemaError(f"schema is missing or mistypes a field: {error}") from error
    _check(schema)
    return schema


def _check(schema: Schema) -> None:
    for event in schema.events.values():
        for role, types in event.roles.items():
            unknown = set(types) - set(schema.entities)
            if unknown:
                raise SchemaError(f"{event.name}.{role} accepts unknown entity types {sorted(unknown)}")
    unknown_holders = set(schema.holder_types) - set(schema.entities)
    if unknown_holders:
        raise SchemaError(f"stance holder_types has unknown entity types {sorted(unknown_holders)}")
    hotkeys = [
        label.hotkey
        for label in (
            *schema.entities.values(),
            *(event.label for event in schema.events.values()),
            schema.stance_label,
            *schema.polarities.values(),
        )
        if label.hotkey
    ]
    repeated = sorted({key for key in hotkeys if hotkeys.count(key) > 1})
    if repeated:
        raise SchemaError(f"hotkeys used twice: {repeated}")
    clashes = set(schema.relations) & set(schema.roles)
    if clashes:
        raise SchemaError(f"relation names clash with argument roles: {sorted(clashes)}")
    for ontology, table in schema.role_maps.items():
        unknown_roles = {role for ours in table.values() for role in ours} - set(schema.roles)
        if unknown_roles:
            raise SchemaError(f"role_maps.{ontology} maps to unknown roles {sorted(unknown_roles)}")
    if schema.mention_kinds and set(schema.mention_kinds) != {"NAME", "NOMINAL", "PRONOUN"}:
        raise SchemaError(f"entity_attributes.kind must have the values NAME, NOMINAL, PRONOUN, not {schema.mention_kinds}")
    if schema.default_modality not in schema.modalities:
        raise SchemaError(f"default modality {schema.default_modality!r} is not one of {schema.modalities}")


def load_schema(path: str | Path | None = None) -> Schema:
    """Load a schema file; without a path, the packaged ``annotation/schema.yaml`` (cached)."""
    if path is None:
        return _packaged_schema()
    with open(path, encoding="utf-8") as handle:
        return parse_schema(yaml.safe_load(handle))


@cache
def _packaged_schema() -> Schema:
    text = resources.files("annotation").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return parse_schema(yaml.safe_load(text))
