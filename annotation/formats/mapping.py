"""External label -> our label, from the schema's ``maps`` (labels) and ``role_maps`` (argument roles).

Label tables come from :meth:`annotation.schema.Schema.mapping`; an entry ending in ``.*`` maps every external label
under that prefix (``conflict.attack.*``). Role tables live under ``role_maps: {ontology: {external role: [our
roles]}}`` in ``schema.yaml``: the first listed role that the mapped event type has wins; a role not listed maps to
the event type's role of the same name, compared case-insensitively (``place`` -> ``Place``).
Both come from the :class:`~annotation.schema.Schema` object, so a schema loaded from another file brings its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from annotation.schema import Schema, load_schema


@dataclass(frozen=True, slots=True)
class LabelMap:
    """One ontology's tables for one schema."""

    ontology: str
    entities: Mapping[str, str]
    events: Mapping[str, str]
    polarities: Mapping[str, str]
    roles: Mapping[str, tuple[str, ...]]
    schema: Schema

    def entity(self, label: str) -> str | None:
        return _lookup(self.entities, label)

    def event(self, label: str) -> str | None:
        return _lookup(self.events, label)

    def polarity(self, label: str) -> str | None:
        return _lookup(self.polarities, label)

    def role(self, event_type: str, role: str) -> str | None:
        """Our role for an external role of an event already mapped to ``event_type``; None if it has none."""
        ours = self.schema.events[event_type].roles
        for candidate in self.roles.get(role, ()):
            if candidate in ours:
                return candidate
        by_fold = {name.casefold(): name for name in ours}
        return by_fold.get(role.casefold())


def _lookup(table: Mapping[str, str], label: str) -> str | None:
    if label in table:
        return table[label]
    parts = label.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        found = table.get(".".join(parts[:cut]) + ".*")
        if found is not None:
            return found
    return None


def label_map(ontology: str, schema: Schema | None = None) -> LabelMap:
    """The tables that map ``ontology``'s labels and roles onto ``schema`` (default: the packaged one)."""
    schema = schema or load_schema()
    return LabelMap(
        ontology=ontology,
        entities=schema.mapping(ontology, "entities"),
        events=schema.mapping(ontology, "events"),
        polarities=schema.mapping(ontology, "stance"),
        roles=schema.role_maps.get(ontology, {}),
        schema=schema,
    )
