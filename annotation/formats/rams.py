"""Importer ``rams.v1``: RAMS 1.0 JSON lines (one 5-sentence window and one event per record) -> documents.

The text is the window's tokens joined by single spaces, sentences by a newline (RAMS keeps no original spacing).
RAMS arguments are untyped spans, so each argument of a mapped event becomes an entity whose label is the first
entity type our schema accepts for the mapped role, marked ``attributes["label_from"] = "role"`` (leave these out
of entity scoring; they exist so that arguments can point at something). Roles are the link label without its
``evtNNNargMM`` prefix, mapped with the schema's ``rams`` role table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotation.formats.gold import SetBuilder, provenance
from annotation.formats.mapping import label_map
from annotation.formats.records import documents_from_json_lines
from annotation.formats.report import Report, report_or_strict
from annotation.model import Document, Source, Span
from annotation.schema import load_schema

NAME = "rams"
LICENCE = "RAMS 1.0 annotations CC BY-SA 4.0; article texts (c) their original outlets"
ROLE = re.compile(r"^evt\d+arg\d+(?P<role>.+)$")


def read(path: str | Path, *, report: Report | None = None) -> Iterator[Document]:
    """Stream the documents (one per example) of a RAMS ``.jsonlines`` file."""
    report = report_or_strict(report)
    yield from documents_from_json_lines(
        path, report, "doc_key", lambda raw, line: document_from_record(raw, path=str(path), line=line, report=report)
    )


def join_tokens(sentences: list[list[str]]) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Text (tokens joined by spaces, sentences by newlines), sentence spans and token spans."""
    parts: list[str] = []
    sentence_spans: list[tuple[int, int]] = []
    token_spans: list[tuple[int, int]] = []
    position = 0
    for number, sentence in enumerate(sentences):
        if number:
            parts.append("\n")
            position += 1
        start = position
        for index, token in enumerate(sentence):
            if index:
                parts.append(" ")
                position += 1
            parts.append(str(token))
            token_spans.append((position, position + len(token)))
            position += len(token)
        sentence_spans.append((start, position))
    return "".join(parts), sentence_spans, token_spans


def document_from_record(raw: dict[str, Any], *, path: str, line: int, report: Report) -> Document:
    schema = load_schema()
    doc_id = str(raw["doc_key"])
    text, sentences, tokens = join_tokens(raw["sentences"])
    builder = SetBuilder(label_map(NAME, schema), text, report, path, doc_id, line)

    def chars(start: int, end_inclusive: int) -> tuple[int, int]:
        return tokens[start][0], tokens[end_inclusive][1]

    report.count("documents")
    report.count("sentences", len(sentences))
    report.count("tokens", len(tokens))
    links: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
    for trigger_span, argument_span, label in raw["gold_evt_links"]:
        match = ROLE.match(str(label))
        if match is None:
            raise ValueError(f"argument link label {label!r} is not evtNNNargMM<role>")
        links.setdefault((int(trigger_span[0]), int(trigger_span[1])), []).append(
            (match["role"], int(argument_span[0]), int(argument_span[1]))
        )
    for number, (start_token, end_token, types) in enumerate(raw["evt_triggers"], start=1):
        report.count("events")
        event_type = str(types[0][0])
        event_id = f"{doc_id}-E{number}"
        start, end = chars(int(start_token), int(end_token))
        arguments: list[tuple[str, str]] = []
        for index, (role, arg_start, arg_end) in enumerate(links.get((int(start_token), int(end_token)), []), start=1):
            report.count("arguments")
            char_start, char_end = chars(arg_start, arg_end)
            entity_id = builder.argument_entity(f"{event_id}-A{index}", char_start, char_end, event_type, role, source=NAME)
            arguments.append((role, entity_id or f"[{char_start}, {char_end}) {text[char_start:char_end]!r}"))
        builder.event(event_id, start, end, event_type, arguments)
    return Document(
        id=doc_id,
        text=text,
        source=Source(path=str(path), url=str(raw.get("source_url", "")), licence=LICENCE),
        sentences=tuple(Span(s, e) for s, e in sentences),
        tokens=tuple(Span(s, e) for s, e in tokens),
        annotations=(builder.annotation_set(provenance(NAME, schema_version=schema.version)),),
        meta={"corpus": NAME, "split": str(raw.get("split", "")), "unmapped": builder.unmapped},
    )
