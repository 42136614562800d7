"""Importer ``re3d.v1``: dstl re3d (mongoexport JSON lines per source folder) -> documents.

``read(path)`` takes the re3d root (one sub-folder per source) or one source folder holding ``documents.json``,
``entities.json`` and ``relations.json``. Entities with ``confidence >= min_confidence`` (default 0.5, the usual cut)
are kept; re3d offers alternative labels for one span, and all that pass the cut are kept (our model allows
overlaps). Relations of the stance kind (Likes, Dislikes, AlliesOf, FightingAgainst) become stances through the
schema's ``re3d`` polarity table: the stance span is the relation expression (``begin``/``end``), the holder is the
relation's source entity (the kept entity on that span whose type can hold a stance), the target its target entity.
Every other relation type is carried on its source entity as ``attributes["relations"]`` (``{"id", "type",
"target", "confidence"}``, the shape the brat writer turns into ``R`` lines). Each document's licence is its
source's (from SOURCE.md / the folder's LICENSE file).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotation.formats.errors import FormatError
from annotation.formats.gold import SetBuilder, provenance
from annotation.formats.mapping import label_map
from annotation.formats.records import json_lines
from annotation.formats.report import Report, report_or_strict
from annotation.model import Document, Source
from annotation.schema import load_schema

NAME = "re3d"
LICENCES = {
    "CENTCOM": "US public domain (CENTCOM)",
    "UK_Government": "Open Government Licence v3.0",
    "Wikipedia": "CC BY-SA 3.0",
    "Australian_Department_of_Foreign_Affairs": "CC BY 3.0 AU",
}
STANCE_RELATIONS = ("Likes", "Dislikes", "AlliesOf", "FightingAgainst")


def source_folders(path: Path) -> list[Path]:
    if (path / "documents.json").is_file():
        return [path]
    folders = sorted(p for p in path.iterdir() if (p / "documents.json").is_file())
    if not folders:
        raise FormatError(str(path), 0, "no documents.json here or in any sub-folder: not a re3d folder")
    return folders


def read(path: str | Path, *, report: Report | None = None, min_confidence: float = 0.5) -> Iterator[Document]:
    """Stream the documents of a re3d root or source folder."""
    report = report_or_strict(report)
    for folder in source_folders(Path(path)):
        yield from _read_source(folder, report, min_confidence)


def _by_document(path: Path, report: Report) -> dict[str, list[tuple[int, str, dict[str, Any]]]]:
    grouped: dict[str, list[tuple[int, str, dict[str, Any]]]] = defaultdict(list)
    for line, raw_line, raw in json_lines(path, report, encoding="utf-8-sig"):
        if not isinstance(raw, dict) or "documentId" not in raw:
            report.error(FormatError(str(path), line, "missing field 'documentId'", raw=raw_line))
            continue
        grouped[str(raw["documentId"])].append((line, raw_line, raw))
    return grouped


def _read_source(folder: Path, report: Report, min_confidence: float) -> Iterator[Document]:
    schema = load_schema()
    labels = label_map(NAME, schema)
    entities = _by_document(folder / "entities.json", report)
    relations = _by_document(folder / "relations.json", report)
    licence = LICENCES.get(folder.name, f"see {folder / 'LICENSE'}")
    documents_path = folder / "documents.json"
    for line, raw_line, raw in json_lines(documents_path, report, encoding="utf-8-sig"):
        try:
            doc_id, text = str(raw["_id"]), str(raw["text"])
        except (KeyError, TypeError) as error:
            report.error(FormatError(str(documents_path), line, f"missing field {error}", raw=raw_line))
            continue
        report.count("documents")
        builder = SetBuilder(labels, text, report, str(folder / "entities.json"), doc_id)
        relations_by_source: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        stance_relations: list[tuple[int, str, dict[str, Any]]] = []
        for rel_line, rel_raw_line, relation in relations.get(doc_id, []):
            report.count("relations")
            try:
                if relation["type"] in STANCE_RELATIONS:
                    stance_relations.append((rel_line, rel_raw_line, relation))
                elif float(relation["confidence"]) >= min_confidence:
                    relations_by_source[(int(relation["sourceBegin"]), int(relation["sourceEnd"]))].append(relation)
                else:
                    report.count("relations below min_confidence")
            except (KeyError, TypeError, ValueError) as error:
                report.error(
                    FormatError(str(folder / "relations.json"), rel_line, f"bad relation: {error!r}", record=doc_id, raw=rel_raw_line)
                )
        by_span: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)
        for ent_line, ent_raw_line, entity in entities.get(doc_id, []):
            report.count("entity mentions")
            builder.line = ent_line
            try:
                confidence = float(entity["confidence"])
                if confidence < min_confidence:
                    report.count("entity mentions below min_confidence")
                    continue
                span = (int(entity["begin"]), int(entity["end"]))
                attributes: dict[str, Any] = {"confidence": confidence}
                pending = relations_by_source.get(span) if span not in by_span else None
                if pending:
                    attributes["relations"] = [
                        {
                            "id": str(r["_id"]),
                            "type": str(r["type"]),
                            "target": _target_id(r, entities.get(doc_id, []), min_confidence),
                            "confidence": float(r["confidence"]),
                        }
                        for r in pending
                    ]
                expected: str | None = str(entity["value"])
                found = text[span[0] : span[1]]
                if found != expected and _loose(found) == _loose(str(expected)):
                    report.adjusted.append(
                        f"{folder / 'entities.json'}:{ent_line}: value {expected!r} differs from the text at its offsets {found!r} "
                        "only in quote marks or white space; the offsets are kept"
                    )
                    expected = None
                if builder.entity(str(entity["_id"]), *span, str(entity["type"]), expected_text=expected, attributes=attributes):
                    by_span[span].append((confidence, str(entity["_id"])))
                    relations_by_source.pop(span, None)
            except (KeyError, TypeError, ValueError) as error:
                report.error(
                    FormatError(str(folder / "entities.json"), ent_line, f"bad entity: {error!r}", record=doc_id, raw=ent_raw_line)
                )
        for span, left in relations_by_source.items():
            for relation in left:
                report.left_out.append(
                    f"{doc_id}: relation {relation['_id']} ({relation['type']}): no kept entity on its source span {list(span)}"
                )
        builder.path = str(folder / "relations.json")
        for rel_line, _, relation in stance_relations:
            builder.line = rel_line
            report.count("stance relations")
            if float(relation["confidence"]) < min_confidence:
                report.count("relations below min_confidence")
                continue
            holder = _best(by_span, (int(relation["sourceBegin"]), int(relation["sourceEnd"])), builder, schema.holder_types)
            target = _best(by_span, (int(relation["targetBegin"]), int(relation["targetEnd"])), builder, None)
            builder.stance(
                str(relation["_id"]),
                int(relation["begin"]),
                int(relation["end"]),
                str(relation["type"]),
                holder or "(no kept entity of a holder type on the source span)",
                target or "(no kept entity on the target span)",
                attributes={"confidence": float(relation["confidence"])},
            )
        yield Document(
            id=doc_id,
            text=text,
            title=str(raw.get("title", "")),
            source=Source(
                path=str(documents_path), outlet=str(raw.get("sourceName", "")), url=str(raw.get("sourceUrl", "")), licence=licence
            ),
            annotations=(
                builder.annotation_set(provenance(NAME, schema_version=schema.version, extra={"min_confidence": min_confidence})),
            ),
            meta={"corpus": NAME, "source_folder": folder.name, "unmapped": builder.unmapped},
        )


def _loose(text: str) -> str:
    """Text with quote marks unified and white space collapsed (re3d ``value`` strings are normalised that way)."""
    return " ".join(text.translate(_QUOTES).split())


_QUOTES = str.maketrans({"“": "'", "”": "'", '"': "'", "‘": "'", "’": "'"})


def _best(
    by_span: dict[tuple[int, int], list[tuple[float, str]]], span: tuple[int, int], builder: SetBuilder, types: tuple[str, ...] | None
) -> str | None:
    """The most confident kept entity on ``span`` (whose label is one of ``types``, if given)."""
    candidates = [(c, i) for c, i in by_span.get(span, []) if types is None or builder.entities[i].label in types]
    return max(candidates)[1] if candidates else None


def _target_id(relation: dict[str, Any], entities: list[tuple[int, str, dict[str, Any]]], min_confidence: float) -> str:
    span = (int(relation["targetBegin"]), int(relation["targetEnd"]))
    kept = [
        (float(e["confidence"]), str(e["_id"]))
        for _, _, e in entities
        if (int(e["begin"]), int(e["end"])) == span and float(e["confidence"]) >= min_confidence
    ]
    return max(kept)[1] if kept else ""
