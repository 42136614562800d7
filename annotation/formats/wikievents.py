"""Importer ``wikievents.v1``: WikiEvents JSONL (entities, events, arguments) -> documents with a gold set.

The ``text`` field of a WikiEvents record drops the one-character separator between sentences that its token offsets
count, so the document text is rebuilt from the sentence strings placed at their first token's offset (gaps filled
with a newline, then spaces); every token, mention and trigger then sits at its stated offset, which is checked.
Labels and roles are mapped with the schema's ``wikievents`` tables; argument ``entity_id``s point to mentions of the
same record (``dev.jsonl``; ``dev_info.jsonl`` points to the most informative coreferent mention instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotation.formats.gold import SetBuilder, provenance
from annotation.formats.mapping import label_map
from annotation.formats.records import documents_from_json_lines
from annotation.formats.report import Report, report_or_strict
from annotation.model import Document, Source, Span
from annotation.schema import load_schema

NAME = "wikievents"
LICENCE = "annotations MIT (raspberryice/gen-arg); article texts (c) their original outlets"


def read(path: str | Path, *, report: Report | None = None) -> Iterator[Document]:
    """Stream the documents of a WikiEvents JSONL file."""
    report = report_or_strict(report)
    yield from documents_from_json_lines(
        path, report, "doc_id", lambda raw, line: document_from_record(raw, path=str(path), line=line, report=report)
    )


def rebuild_text(sentences: list[Any]) -> tuple[str, list[tuple[int, int]], list[tuple[str, int, int]]]:
    """Text, sentence spans and ``(token, start, end)`` from WikiEvents ``sentences`` (``[[token, start, end]...], text``)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    tokens: list[tuple[str, int, int]] = []
    position = 0
    for sentence_tokens, sentence_text in sentences:
        start = int(sentence_tokens[0][1])
        if start < position:
            raise ValueError(f"sentence {len(spans)} starts at {start}, before the previous one ends ({position})")
        gap = start - position
        parts.append(("\n" + " " * (gap - 1)) if gap else "")
        parts.append(sentence_text)
        spans.append((start, start + len(sentence_text)))
        position = start + len(sentence_text)
        tokens.extend((str(t), int(s), int(e)) for t, s, e in sentence_tokens)
    text = "".join(parts)
    for token, start, end in tokens:
        if text[start:end] != token:
            raise ValueError(f"token {token!r} at [{start}, {end}) does not match the rebuilt text {text[start:end]!r}")
    return text, spans, tokens


def document_from_record(raw: dict[str, Any], *, path: str, line: int, report: Report) -> Document:
    schema = load_schema()
    doc_id = str(raw["doc_id"])
    text, sentences, tokens = rebuild_text(raw["sentences"])
    builder = SetBuilder(label_map(NAME, schema), text, report, path, doc_id, line)

    def chars(start: int, end: int) -> tuple[int, int]:
        return tokens[start][1], tokens[end - 1][2]

    report.count("documents")
    report.count("sentences", len(sentences))
    report.count("tokens", len(tokens))
    for mention in raw["entity_mentions"]:
        report.count("entity mentions")
        start, end = chars(mention["start"], mention["end"])
        builder.entity(
            str(mention["id"]),
            start,
            end,
            str(mention["entity_type"]),
            expected_text=str(mention["text"]),
            attributes={"mention_type": str(mention.get("mention_type", ""))},
        )
    for event in raw["event_mentions"]:
        report.count("events")
        report.count("arguments", len(event["arguments"]))
        trigger = event["trigger"]
        start, end = chars(trigger["start"], trigger["end"])
        arguments = [(str(a["role"]), str(a["entity_id"])) for a in event["arguments"]]
        builder.event(str(event["id"]), start, end, str(event["event_type"]), arguments, expected_text=str(trigger["text"]))
    return Document(
        id=doc_id,
        text=text,
        source=Source(path=str(path), licence=LICENCE),
        sentences=tuple(Span(s, e) for s, e in sentences),
        tokens=tuple(Span(s, e) for _, s, e in tokens),
        annotations=(builder.annotation_set(provenance(NAME, schema_version=schema.version)),),
        meta={"corpus": NAME, "unmapped": builder.unmapped},
    )
