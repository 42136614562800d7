"""Importer ``newsmtsc.v1``: NewsMTSC JSON lines (a sentence, its target person mentions, a polarity each).

One document per record (the sentence). Each target becomes a PER entity (NewsMTSC targets are persons) carrying the
polarity as ``attributes["polarity"]``, one of our stance polarities (through the schema's ``newsmtsc`` table;
2.0/4.0/6.0 are first read as negative/neutral/positive), and its automatic coreferent mentions as
``attributes["further_mentions"]`` (``[[start, end], ...]``, machine-made, so not entities).
Why not a :class:`~annotation.model.Stance`: our stance needs a holder entity, and NewsMTSC has no holder (the
polarity is the sentence's, author's or quoted source's, toward the target: see its SOURCE.md). A stance with an
invented holder would be wrong gold; the polarity on the target is what NewsMTSC actually states.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotation.formats.errors import FormatError
from annotation.formats.gold import SetBuilder, provenance
from annotation.formats.mapping import label_map
from annotation.formats.records import documents_from_json_lines
from annotation.formats.report import Report, report_or_strict
from annotation.model import Document, Source, Span
from annotation.schema import load_schema

NAME = "newsmtsc"
LICENCE = "MIT (fhamborg/NewsMTSC); sentences are excerpts of US online news"
POLARITY_NAMES = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


def read(path: str | Path, *, report: Report | None = None) -> Iterator[Document]:
    """Stream one document per NewsMTSC record."""
    report = report_or_strict(report)
    yield from documents_from_json_lines(
        path, report, "primary_gid", lambda raw, line: document_from_record(raw, path=str(path), line=line, report=report)
    )


def document_from_record(raw: dict[str, Any], *, path: str, line: int, report: Report) -> Document:
    schema = load_schema()
    labels = label_map(NAME, schema)
    doc_id = str(raw["primary_gid"])
    text = str(raw["sentence_normalized"])
    builder = SetBuilder(labels, text, report, path, doc_id, line)
    targets = raw["targets"]
    report.count("documents")
    report.count("sentences")
    for target in targets:
        report.count("targets")
        name = POLARITY_NAMES.get(float(target["polarity"]))
        polarity = labels.polarity(name) if name else None
        if polarity is None:
            raise FormatError(
                path, line, f"target {target.get('Input.gid')}: polarity {target['polarity']!r} has no mapping", record=doc_id
            )
        report.count(f"targets {name}")
        further = [[int(m["from"]), int(m["to"])] for m in target.get("further_mentions") or []]
        builder.entity(
            str(target["Input.gid"]),
            int(target["from"]),
            int(target["to"]),
            "target",
            label="PER",
            expected_text=str(target["mention"]),
            attributes={"polarity": polarity, "further_mentions": further, "label_from": "newsmtsc targets are persons"},
        )
    return Document(
        id=doc_id,
        text=text,
        source=Source(path=str(path), licence=LICENCE),
        sentences=(Span(0, len(text)),),
        annotations=(builder.annotation_set(provenance(NAME, schema_version=schema.version)),),
        meta={"corpus": NAME, "unmapped": builder.unmapped},
    )
