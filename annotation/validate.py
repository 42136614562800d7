"""Check a corpus file against the JSON Schema, the offsets, the references and the label schema.

Unlike reading (which stops a document at its first inconsistency), validation reports *every* problem, each with
its line number, document id, layer and span id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from annotation.nesting import inner_copies
from annotation.schema import Schema, load_schema


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a corpus file."""

    line: int
    doc_id: str
    layer: str
    span_id: str
    message: str
    severity: str = "error"  # "error" fails validation; "warning" is printed for a person to check

    def __str__(self) -> str:
        where = " ".join(part for part in (self.doc_id, self.layer, self.span_id) if part)
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.line}: {where + ': ' if where else ''}{label}{self.message}"


@cache
def corpus_json_schema() -> dict[str, Any]:
    text = resources.files("annotation").joinpath("corpus.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(corpus_json_schema())


def validate_file(path: str | Path, schema: Schema | None = None) -> Iterator[Problem]:
    """Every problem in a corpus file, streaming."""
    schema = schema or load_schema()
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield from validate_line(line, number, schema)


def validate_line(line: str, number: int, schema: Schema) -> Iterator[Problem]:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        yield Problem(number, "", "", "", f"not valid JSON: {error.msg} at column {error.colno}")
        return
    yield from validate_record(raw, number, schema)


def validate_record(raw: Any, number: int, schema: Schema) -> Iterator[Problem]:
    """Every problem of one parsed corpus record."""
    doc_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
    structural = sorted(_validator().iter_errors(raw), key=lambda e: list(e.absolute_path))
    for error in structural:
        path = "/".join(str(part) for part in error.absolute_path)
        layer, span_id = _locate(raw, list(error.absolute_path))
        yield Problem(number, doc_id, layer, span_id, f"{path or '(document)'}: {error.message}")
    if structural:
        return
    text: str = raw["text"]
    for kind, ranges in (("sentences", raw.get("sentences", [])), ("tokens", raw.get("tokens", []))):
        for index, (start, end) in enumerate(ranges):
            if not 0 <= start < end <= len(text):
                yield Problem(number, doc_id, kind, str(index), f"[{start}, {end}) is not inside the text (length {len(text)})")
    sentences = [tuple(pair) for pair in raw.get("sentences", [])]
    for annotation_set in raw["annotations"]:
        yield from _check_set(annotation_set, text, number, doc_id, schema)
        annotator = annotation_set["provenance"]["annotator"]
        for layer in ("entities", "events", "stances"):
            spans = [(item["id"], item["start"], item["end"]) for item in annotation_set.get(layer, [])]
            for copy in inner_copies(text, sentences, spans):
                yield Problem(number, doc_id, layer, copy.span_id, f"[{annotator}] {copy.message()}", "warning")


def _locate(raw: Any, path: list[Any]) -> tuple[str, str]:
    """Layer and span id for a JSON-Schema error path like ``annotations/0/entities/3/label``."""
    if len(path) >= 4 and path[0] == "annotations" and path[2] in ("entities", "events", "stances"):
        try:
            item = raw["annotations"][path[1]][path[2]][path[3]]
            return str(path[2]), str(item.get("id", path[3]))
        except (KeyError, IndexError, TypeError, AttributeError):
            return str(path[2]), str(path[3])
    return "", ""


def _check_set(annotation_set: Mapping[str, Any], text: str, number: int, doc_id: str, schema: Schema) -> Iterator[Problem]:
    annotator = annotation_set["provenance"]["annotator"]

    def problem(layer: str, span_id: str, message: str) -> Problem:
        return Problem(number, doc_id, layer, span_id, f"[{annotator}] {message}")

    entities = {e["id"]: e for e in annotation_set.get("entities", [])}
    events = {e["id"]: e for e in annotation_set.get("events", [])}
    seen: set[str] = set()
    for layer in ("entities", "events", "stances"):
        for item in annotation_set.get(layer, []):
            if item["id"] in seen:
                yield problem(layer, item["id"], "id is used twice in this annotation set")
            seen.add(item["id"])
            start, end = item["start"], item["end"]
            if not 0 <= start < end <= len(text):
                yield problem(layer, item["id"], f"[{start}, {end}) is not inside the text (length {len(text)})")
            elif text[start:end] != item["text"]:
                yield problem(layer, item["id"], f"[{start}, {end}) holds {item['text']!r} but the text there is {text[start:end]!r}")
    for entity in entities.values():
        if entity["label"] not in schema.entities:
            yield problem("entities", entity["id"], f"unknown entity type {entity['label']!r}")
        kind = (entity.get("attributes") or {}).get("kind")
        if kind is not None and kind not in schema.mention_kinds:
            yield problem("entities", entity["id"], f"unknown mention kind {kind!r}")
    for event in events.values():
        event_type = schema.events.get(event["label"])
        if event_type is None:
            yield problem("events", event["id"], f"unknown event type {event['label']!r}")
        modality = (event.get("attributes") or {}).get("modality")
        if modality is not None and modality not in schema.modalities:
            yield problem("events", event["id"], f"unknown modality {modality!r}")
        for argument in event.get("arguments", []):
            role, target = argument["role"], argument["entity_id"]
            if target not in entities:
                kind = "an event" if target in events else "missing"
                yield problem("events", event["id"], f"argument {role} points to {target!r}, which is {kind}, not an entity")
                continue
            if event_type is None:
                continue
            if role not in event_type.roles:
                yield problem("events", event["id"], f"role {role!r} is not allowed for {event['label']}")
            elif not schema.role_accepts(event["label"], role, entities[target]["label"]):
                yield problem(
                    "events",
                    event["id"],
                    f"role {role} of {event['label']} does not accept entity type {entities[target]['label']} ({target})",
                )
    for stance in annotation_set.get("stances", []):
        if stance["polarity"] not in schema.polarities:
            yield problem("stances", stance["id"], f"unknown polarity {stance['polarity']!r}")
        holder = entities.get(stance["holder_id"])
        if holder is None:
            yield problem("stances", stance["id"], f"holder {stance['holder_id']!r} is not an entity of this set")
        elif holder["label"] not in schema.holder_types:
            yield problem("stances", stance["id"], f"holder {holder['id']} has type {holder['label']}, not a holder type")
        if stance["target_id"] not in entities and stance["target_id"] not in events:
            yield problem("stances", stance["id"], f"target {stance['target_id']!r} is not an entity or event of this set")
