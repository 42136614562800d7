"""Span JSONL ``spanjsonl.v1`` as doccano and Prodigy use it: one ``{"text": ..., spans}`` object per line.

Read: spans come from ``"label": [[start, end, label], ...]`` (doccano) or ``"spans"``, either as triples or as
Prodigy's ``{"start", "end", "label"}`` objects; offsets are code points. The id is ``"id"`` when present, else
``<file stem>-<line>``. Other keys of the record are kept in ``Document.meta["record"]``.
Write: ``{"id", "text", "label": [[start, end, label], ...]}`` (``style="doccano"``) or ``{"id", "text", "spans":
[{"start", "end", "label"}]}`` (``style="prodigy"``), with the entity layer (or ``layer="events"``: triggers).
Span JSONL holds one flat layer of labelled spans: arguments, stances, attributes and other sets are not written,
and each document that had any is named in ``Report.left_out``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotation.formats.brat import choose_set
from annotation.formats.errors import FormatError
from annotation.formats.records import documents_from_json_lines, record_id
from annotation.formats.report import Report, report_or_strict
from annotation.model import AnnotationSet, Document, Entity, Event, Provenance
from annotation.schema import load_schema

NAME = "spanjsonl"
STYLES = ("doccano", "prodigy")


def parse(line: str, *, doc_id: str, layer: str = "entities", annotator: str = NAME, status: str = "raw") -> Document:
    """One document from one JSON line (raises ``KeyError``/``ValueError``/``ModelError`` on bad input)."""
    raw = json.loads(line)
    return document_from_record(raw, doc_id=doc_id, layer=layer, annotator=annotator, status=status)


def document_from_record(raw: Any, *, doc_id: str, layer: str = "entities", annotator: str = NAME, status: str = "raw") -> Document:
    if not isinstance(raw, dict):
        raise TypeError(f"a record must be a JSON object, got {type(raw).__name__}")
    text = raw["text"]
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    key = "label" if "label" in raw else "spans"
    items = raw[key]
    doc_id = str(raw.get("id", doc_id))
    spans: list[tuple[int, int, str]] = []
    for item in items:
        start, end, label = (item["start"], item["end"], item["label"]) if isinstance(item, dict) else item
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise ValueError(f"span [{start}, {end}) ({label}) falls outside the text (length {len(text)})")
        spans.append((start, end, str(label)))
    schema = load_schema()
    made: list[Entity | Event] = [
        (Entity if layer == "entities" else Event)(f"{'T' if layer == 'entities' else 'E'}{n}", s, e, text[s:e], label)
        for n, (s, e, label) in enumerate(spans, start=1)
    ]
    provenance = Provenance(annotator=annotator, source_tool=f"{NAME}.v1", status=status, schema_version=schema.version)
    entities = tuple(x for x in made if isinstance(x, Entity))
    events = tuple(x for x in made if isinstance(x, Event))
    extra = {k: v for k, v in raw.items() if k not in ("id", "text", key)}
    return Document(
        id=doc_id, text=text, annotations=(AnnotationSet(provenance, entities, events),), meta={"record": extra} if extra else {}
    )


def serialize(
    document: Document, *, layer: str = "entities", style: str = "doccano", annotator: str | None = None, report: Report | None = None
) -> str:
    """One JSON line (without newline)."""
    report = report_or_strict(report)
    if style not in STYLES:
        raise FormatError("<spanjsonl>", 0, f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
    chosen = choose_set(document, annotator, report)
    items: tuple[Entity | Event, ...] = ()
    if chosen is not None:
        items = chosen.entities if layer == "entities" else chosen.events
        lost = []
        if layer == "entities" and (chosen.events or chosen.stances):
            lost.append("events and stances")
        if layer == "events" and (chosen.entities or chosen.stances or any(e.arguments for e in chosen.events)):
            lost.append("entities, arguments and stances")
        if any(x.attributes for x in items):
            lost.append("attributes")
        if lost:
            report.left_out.append(f"{document.id}: {' and '.join(lost)} not written (span JSONL holds one layer of spans)")
    record: dict[str, Any] = {"id": document.id, "text": document.text}
    if style == "doccano":
        record["label"] = [[x.start, x.end, x.label] for x in items]
    else:
        record["spans"] = [{"start": x.start, "end": x.end, "label": x.label} for x in items]
    record.update((document.meta.get("record") or {}) if isinstance(document.meta.get("record"), dict) else {})
    return json.dumps(record, ensure_ascii=False)


def read(
    path: str | Path, *, report: Report | None = None, layer: str = "entities", annotator: str = NAME, status: str = "raw"
) -> Iterator[Document]:
    report = report_or_strict(report)
    stem = Path(path).stem

    def build(raw: Any, line: int) -> Document:
        doc_id = record_id(raw, "id") or f"{stem}-{line}"
        return document_from_record(raw, doc_id=doc_id, layer=layer, annotator=annotator, status=status)

    yield from documents_from_json_lines(path, report, "id", build, default_id=stem)


def write(
    documents: Iterable[Document],
    path: str | Path,
    *,
    report: Report | None = None,
    layer: str = "entities",
    style: str = "doccano",
    annotator: str | None = None,
) -> int:
    report = report_or_strict(report)
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for document in documents:
            handle.write(serialize(document, layer=layer, style=style, annotator=annotator, report=report) + "\n")
            count += 1
    return count
