"""The corpus format: JSON Lines, one :class:`~annotation.model.Document` per line.

The format is described by ``annotation/corpus.schema.json`` (a JSON Schema) and in ``README.md``. Reading streams
line by line (``iter_corpus``/``scan_corpus``); writing is deterministic (sorted keys, no ASCII escaping, one
separator style), so the same documents always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from annotation.model import (
    AnnotationSet,
    Argument,
    Document,
    Entity,
    Event,
    ModelError,
    Provenance,
    Removed,
    Source,
    Span,
    Stance,
)
from annotation.schema import load_schema


@dataclass(frozen=True, slots=True)
class CorpusError(ValueError):
    """A corpus line that cannot be read: where, and why."""

    path: str
    line: int
    message: str
    doc_id: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.doc_id + ': ' if self.doc_id else ''}{self.message}"


# ---------------------------------------------------------------- Document <-> plain JSON-able dict


def document_to_dict(document: Document) -> dict[str, Any]:
    """A JSON-able dict; the inverse of :func:`document_from_dict`."""
    return {
        "id": document.id,
        "schema_version": load_schema().version,
        "title": document.title,
        "text": document.text,
        "source": {
            "path": document.source.path,
            "sha256": document.source.sha256,
            "outlet": document.source.outlet,
            "url": document.source.url,
            "date": document.source.date,
            "licence": document.source.licence,
        },
        "sentences": [[span.start, span.end] for span in document.sentences],
        "tokens": [[span.start, span.end] for span in document.tokens],
        "annotations": [annotation_set_to_dict(a) for a in document.annotations],
        "removed": [{"text": r.text, "reason": r.reason} for r in document.removed],
        "meta": dict(document.meta),
    }


def annotation_set_to_dict(annotation_set: AnnotationSet) -> dict[str, Any]:
    p = annotation_set.provenance
    return {
        "provenance": {
            "annotator": p.annotator,
            "source_tool": p.source_tool,
            "status": p.status,
            "schema_version": p.schema_version,
            "guideline_version": p.guideline_version,
            "created_at": p.created_at,
            "updated_at": p.updated_at,
            "extra": dict(p.extra),
        },
        "entities": [
            {"id": e.id, "start": e.start, "end": e.end, "text": e.text, "label": e.label, "attributes": dict(e.attributes)}
            for e in annotation_set.entities
        ],
        "events": [
            {
                "id": e.id,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "label": e.label,
                "arguments": [{"role": a.role, "entity_id": a.entity_id} for a in e.arguments],
                "attributes": dict(e.attributes),
            }
            for e in annotation_set.events
        ],
        "stances": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "polarity": s.polarity,
                "holder_id": s.holder_id,
                "target_id": s.target_id,
                "attributes": dict(s.attributes),
            }
            for s in annotation_set.stances
        ],
    }


def document_from_dict(raw: Mapping[str, Any]) -> Document:
    """Build a document from its dict form; raises ``KeyError``/``TypeError``/``ModelError`` on bad input."""
    source = raw.get("source") or {}
    return Document(
        id=str(raw["id"]),
        text=_str(raw["text"], "text"),
        title=str(raw.get("title", "")),
        source=Source(**{key: str(source.get(key, "")) for key in Source.__slots__}),
        sentences=tuple(Span(int(s), int(e)) for s, e in raw.get("sentences", ())),
        tokens=tuple(Span(int(s), int(e)) for s, e in raw.get("tokens", ())),
        annotations=tuple(annotation_set_from_dict(a) for a in raw.get("annotations", ())),
        removed=tuple(Removed(text=str(r["text"]), reason=str(r["reason"])) for r in raw.get("removed", ())),
        meta=dict(raw.get("meta") or {}),
    )


def annotation_set_from_dict(raw: Mapping[str, Any]) -> AnnotationSet:
    p = raw["provenance"]
    return AnnotationSet(
        provenance=Provenance(
            annotator=str(p["annotator"]),
            source_tool=str(p["source_tool"]),
            status=str(p["status"]),
            schema_version=str(p["schema_version"]),
            guideline_version=str(p.get("guideline_version", "")),
            created_at=str(p.get("created_at", "")),
            updated_at=str(p.get("updated_at", "")),
            extra=dict(p.get("extra") or {}),
        ),
        entities=tuple(
            Entity(
                id=str(e["id"]),
                start=e["start"],
                end=e["end"],
                text=_str(e["text"], "entity text"),
                label=str(e["label"]),
                attributes=dict(e.get("attributes") or {}),
            )
            for e in raw.get("entities", ())
        ),
        events=tuple(
            Event(
                id=str(e["id"]),
                start=e["start"],
                end=e["end"],
                text=_str(e["text"], "event text"),
                label=str(e["label"]),
                arguments=tuple(Argument(role=str(a["role"]), entity_id=str(a["entity_id"])) for a in e.get("arguments", ())),
                attributes=dict(e.get("attributes") or {}),
            )
            for e in raw.get("events", ())
        ),
        stances=tuple(
            Stance(
                id=str(s["id"]),
                start=s["start"],
                end=s["end"],
                text=_str(s["text"], "stance text"),
                polarity=str(s["polarity"]),
                holder_id=str(s["holder_id"]),
                target_id=str(s["target_id"]),
                attributes=dict(s.get("attributes") or {}),
            )
            for s in raw.get("stances", ())
        ),
    )


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {type(value).__name__}")
    return value


# ---------------------------------------------------------------- streaming read / deterministic write


def dumps(document: Document) -> str:
    """One corpus line (without the newline), byte-for-byte deterministic."""
    return json.dumps(document_to_dict(document), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(line: str) -> Document:
    return document_from_dict(json.loads(line))


def scan_corpus(handle: IO[str], path: str = "<stream>") -> Iterator[tuple[int, Document | CorpusError]]:
    """Yield ``(line_number, document or error)`` for every non-blank line; never raises on a bad line."""
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        doc_id = ""
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise TypeError(f"a corpus line must be a JSON object, got {type(raw).__name__}")
            doc_id = str(raw.get("id", ""))
            yield number, document_from_dict(raw)
        except json.JSONDecodeError as error:
            yield number, CorpusError(path, number, f"not valid JSON: {error.msg} at column {error.colno}")
        except KeyError as error:
            yield number, CorpusError(path, number, f"missing field {error}", doc_id)
        except (TypeError, ValueError, ModelError) as error:
            yield number, CorpusError(path, number, str(error), doc_id)


def iter_corpus(path: str | Path) -> Iterator[Document]:
    """Stream the documents of a corpus file; raises :class:`CorpusError` at the first bad line."""
    with open(path, encoding="utf-8") as handle:
        for _, item in scan_corpus(handle, str(path)):
            if isinstance(item, CorpusError):
                raise item
            yield item


def write_corpus(documents: Iterable[Document], path: str | Path) -> int:
    """Write documents to a corpus file (streaming); returns how many were written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for document in documents:
            handle.write(dumps(document))
            handle.write("\n")
            count += 1
    return count
