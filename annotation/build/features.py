"""The dataset's features (column types), generated from the label schema: one ``datasets.Features`` per config.

Under a schema with mention kinds (1.1+) every entity mention carries ``kind`` (ClassLabel of
``schema.mention_kinds``): the entity structs of ``documents`` / ``annotations_raw`` and the ``spans`` of ``entities``
have ``kind``, the event arguments of ``events`` have ``entity_kind`` beside ``entity_type``, and the stance holder has
``kind`` beside ``type``. An entity without a kind (a guideline-1.0 annotation set) gets ``schema.infer_kind`` of its
text in the rows (:mod:`annotation.build.rows`).
"""

from __future__ import annotations

from datasets import ClassLabel, Features, List, Value

from annotation.schema import Schema

CONFIGS = ("documents", "entities", "events", "stance", "annotations_raw")


def bio_names(labels: tuple[str, ...]) -> list[str]:
    return ["O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I"))]


def _offsets() -> dict[str, Value]:
    return {"start": Value("int32"), "end": Value("int32")}


def kind_features(schema: Schema, name: str = "kind") -> dict[str, ClassLabel]:
    """``{name: ClassLabel(mention kinds)}``, or nothing under a schema without mention kinds."""
    return {name: ClassLabel(names=list(schema.mention_kinds))} if schema.mention_kinds else {}


def layer_features(schema: Schema) -> dict[str, List]:
    """The three annotation layers as lists of structs (shared by ``documents`` and ``annotations_raw``)."""
    return {
        "entities": List(
            {
                "id": Value("string"),
                **_offsets(),
                "text": Value("string"),
                "label": ClassLabel(names=list(schema.entity_labels)),
                **kind_features(schema),
            }
        ),
        "events": List(
            {
                "id": Value("string"),
                **_offsets(),
                "text": Value("string"),
                "type": ClassLabel(names=list(schema.event_labels)),
                "modality": ClassLabel(names=list(schema.modalities)),
                "arguments": List({"role": ClassLabel(names=list(schema.roles)), "entity_id": Value("string")}),
            }
        ),
        "stances": List(
            {
                "id": Value("string"),
                **_offsets(),
                "text": Value("string"),
                "polarity": ClassLabel(names=list(schema.polarity_labels)),
                "holder_id": Value("string"),
                "target_id": Value("string"),
            }
        ),
    }


def _mention() -> dict[str, Value]:
    return {**_offsets(), "text": Value("string")}


def config_features(config: str, schema: Schema) -> Features:
    layers = layer_features(schema)
    document = {"doc_id": Value("string"), "title": Value("string"), "text": Value("string")}
    if config == "documents":
        return Features(
            {
                **document,
                "outlet": Value("string"),
                "url": Value("string"),
                "date": Value("string"),
                "licence": Value("string"),
                "source_sha256": Value("string"),
                "sentences": List(_offsets()),
                **layers,
                "annotators": List(Value("string")),
                "gold_from": Value("string"),
                "schema_version": Value("string"),
                "guideline_version": Value("string"),
            }
        )
    sentence = {
        "id": Value("string"),
        "doc_id": Value("string"),
        "sentence_index": Value("int32"),
        "sentence_start": Value("int32"),
        "text": Value("string"),
        "tokens": List(Value("string")),
        "token_offsets": List(_offsets()),
    }
    if config == "entities":
        return Features(
            {
                **sentence,
                "ner_tags": List(ClassLabel(names=bio_names(schema.entity_labels))),
                "spans": List(
                    {"id": Value("string"), **_mention(), "label": ClassLabel(names=list(schema.entity_labels)), **kind_features(schema)}
                ),
            }
        )
    if config == "events":
        return Features(
            {
                **sentence,
                "trigger_tags": List(ClassLabel(names=bio_names(schema.event_labels))),
                "events": List(
                    {
                        "id": Value("string"),
                        **_mention(),
                        "type": ClassLabel(names=list(schema.event_labels)),
                        "modality": ClassLabel(names=list(schema.modalities)),
                        "arguments": List(
                            {
                                "role": ClassLabel(names=list(schema.roles)),
                                "entity_id": Value("string"),
                                **_mention(),
                                "entity_type": ClassLabel(names=list(schema.entity_labels)),
                                **kind_features(schema, "entity_kind"),
                            }
                        ),
                    }
                ),
            }
        )
    if config == "stance":
        return Features(
            {
                "id": Value("string"),
                "doc_id": Value("string"),
                "context": Value("string"),
                "context_start": Value("int32"),
                **_mention(),
                "polarity": ClassLabel(names=list(schema.polarity_labels)),
                "holder": {
                    "id": Value("string"),
                    **_mention(),
                    "type": ClassLabel(names=list(schema.entity_labels)),
                    **kind_features(schema),
                },
                "target": {"id": Value("string"), **_mention(), "layer": Value("string"), "label": Value("string")},
            }
        )
    if config == "annotations_raw":
        return Features(
            {
                "doc_id": Value("string"),
                "annotator": Value("string"),
                "status": Value("string"),
                "source_tool": Value("string"),
                "schema_version": Value("string"),
                "guideline_version": Value("string"),
                "created_at": Value("string"),
                "updated_at": Value("string"),
                "ground_truth": Value("bool"),
                "lead_time": Value("float64"),
                **layers,
            }
        )
    raise ValueError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
