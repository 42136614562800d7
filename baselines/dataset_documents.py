"""The built dataset (``dataset/``, made by ``flashpoint build``) back into :class:`~annotation.model.Document` objects.

The ``documents`` config holds each article with its sentences and gold layers; its ClassLabel columns are decoded
with the feature spec of :mod:`annotation.build.features` (the same one the build wrote), and a dataset built under
another schema is refused. Tokens are those of the sentence configs (``entities``: ``token_offsets`` plus
``sentence_start``), so the baselines see exactly the tokens the dataset's BIO tags are defined on; a document
without sentence rows is segmented by :func:`annotation.build.rows.boundaries`. An entity's ``kind`` column (schema
1.1+) comes back as ``Entity.attributes["kind"]``, as an event's ``modality`` does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from datasets import Features

from annotation.build.features import config_features
from annotation.build.rows import boundaries
from annotation.build.splits import SPLITS
from annotation.errors import FlashpointError
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Source, Span, Stance
from annotation.schema import Schema, load_schema

GOLD_ANNOTATOR = "gold"
SOURCE_TOOL = "flashpoint-dataset"


class DatasetError(FlashpointError):
    """The dataset folder is missing, incomplete, or was built under another schema."""


def read_dataset(path: str | Path, *, schema: Schema | None = None) -> dict[str, list[Document]]:
    """``{split: documents}`` of a built dataset folder, each document with one gold annotation set."""
    from annotation.build.load import load_config

    folder = Path(path)
    if not all((folder / part).exists() for part in ("README.md", "documents", "entities")):
        raise DatasetError(
            f"{folder}/: no built dataset (README.md card, documents/ and entities/ configs); run `flashpoint build -o {folder}` first"
        )
    schema = schema or load_schema()
    expected = config_features("documents", schema)
    documents = load_config(folder, "documents")
    sentences = load_config(folder, "entities")
    result: dict[str, list[Document]] = {}
    for split in SPLITS:
        if split not in documents:
            raise DatasetError(f"{folder}/documents: no {split} split")
        table = documents[split]
        if table.features != expected:
            raise DatasetError(
                f"{folder}/documents ({split}): its features differ from those of schema {schema.version}; rebuild it with flashpoint build"
            )
        tokens = _tokens_by_document(sentences[split]) if split in sentences else {}
        result[split] = [document_from_row(row, table.features, tokens.get(row["doc_id"])) for row in table]
    return result


def _tokens_by_document(rows: Any) -> dict[str, tuple[Span, ...]]:
    found: dict[str, list[Span]] = defaultdict(list)
    for row in rows.select_columns(["doc_id", "sentence_start", "token_offsets"]):
        base = row["sentence_start"]
        found[row["doc_id"]].extend(Span(base + t["start"], base + t["end"]) for t in row["token_offsets"])
    return {doc_id: tuple(sorted(spans, key=lambda s: s.start)) for doc_id, spans in found.items()}


def document_from_row(row: dict[str, Any], layers: Features, tokens: tuple[Span, ...] | None = None) -> Document:
    """One ``documents`` row (ClassLabel columns as integers) as a Document with a gold annotation set; ``layers`` is
    the ``documents`` config's features (checked against the schema once per split by :func:`read_dataset`)."""
    entity_label = layers["entities"].feature["label"]
    kind = layers["entities"].feature.get("kind")  # absent under a schema without mention kinds
    event_type = layers["events"].feature["type"]
    modality = layers["events"].feature["modality"]
    role = layers["events"].feature["arguments"].feature["role"]
    polarity = layers["stances"].feature["polarity"]
    gold = AnnotationSet(
        provenance=Provenance(
            annotator=GOLD_ANNOTATOR,
            source_tool=SOURCE_TOOL,
            status="gold",
            schema_version=row["schema_version"],
            guideline_version=row["guideline_version"],
            extra={"gold_from": row["gold_from"], "annotators": list(row["annotators"])},
        ),
        entities=tuple(
            Entity(
                id=e["id"],
                start=e["start"],
                end=e["end"],
                text=e["text"],
                label=entity_label.int2str(e["label"]),
                attributes={"kind": kind.int2str(e["kind"])} if kind is not None else {},
            )
            for e in row["entities"]
        ),
        events=tuple(
            Event(
                id=e["id"],
                start=e["start"],
                end=e["end"],
                text=e["text"],
                label=event_type.int2str(e["type"]),
                arguments=tuple(Argument(role=role.int2str(a["role"]), entity_id=a["entity_id"]) for a in e["arguments"]),
                attributes={"modality": modality.int2str(e["modality"])},
            )
            for e in row["events"]
        ),
        stances=tuple(
            Stance(
                id=s["id"],
                start=s["start"],
                end=s["end"],
                text=s["text"],
                polarity=polarity.int2str(s["polarity"]),
                holder_id=s["holder_id"],
                target_id=s["target_id"],
            )
            for s in row["stances"]
        ),
    )
    document = Document(
        id=row["doc_id"],
        text=row["text"],
        title=row["title"],
        source=Source(sha256=row["source_sha256"], outlet=row["outlet"], url=row["url"], date=row["date"], licence=row["licence"]),
        sentences=tuple(Span(s["start"], s["end"]) for s in row["sentences"]),
        annotations=(gold,),
    )
    if tokens is None:
        segmented, tokens = boundaries(document)
        return replace(document, sentences=document.sentences or segmented, tokens=tokens)
    return replace(document, tokens=tokens)
