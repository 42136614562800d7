"""Render the label schema as plain-text or Markdown tables (for ``flashpoint schema`` and the docs)."""

from __future__ import annotations

from collections.abc import Sequence

from annotation.schema import Schema


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(row) for row in rows)])


def _maps(maps: dict[str, tuple[str, ...]] | object) -> str:
    assert isinstance(maps, dict)
    return "; ".join(f"{key}: {', '.join(values)}" for key, values in sorted(maps.items()))


def render_schema(schema: Schema, *, markdown: bool = False) -> str:
    heading = (lambda text: f"### {text}") if markdown else (lambda text: text.upper())
    entity_rows = [
        [label.name, label.hotkey, label.color, label.description, _maps(dict(label.maps))]
        for label in schema.entities.values()
    ]
    event_rows = [
        [
            event.name,
            event.label.hotkey,
            "; ".join(f"{role} ({'/'.join(types)})" for role, types in event.roles.items()),
            _maps(dict(event.label.maps)),
        ]
        for event in schema.events.values()
    ]
    stance_rows = [[label.name, label.hotkey, label.description, _maps(dict(label.maps))] for label in schema.polarities.values()]
    parts = [
        f"Flashpoint label schema, version {schema.version}",
        heading(f"Entities ({len(schema.entities)})"),
        _table(["label", "key", "colour", "description", "external"], entity_rows, markdown=markdown),
        heading(f"Events ({len(schema.events)})"),
        _table(["type", "key", "roles (accepted entity types)", "external"], event_rows, markdown=markdown),
        heading(f"Stance: span {schema.stance_label.name} (key {schema.stance_label.hotkey}), "
                f"holder ({'/'.join(schema.holder_types)}) -> target ({' or '.join(schema.target_layers)})"),
        _table(["polarity", "key", "description", "external"], stance_rows, markdown=markdown),
        heading("Event modality"),
        ", ".join(schema.modalities) + f" (default {schema.default_modality})",
    ]
    return "\n\n".join(parts)
