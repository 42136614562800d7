"""The entity mention kind (schema 1.1, ``Entity.attributes["kind"]``) is carried wherever modality is: the Label Studio
config and converter, export validation, the dataset's features and rows, and the dataset read back into documents."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from datasets import List
from label_studio_sdk.label_interface import LabelInterface

from annotation.build.builder import build_dataset
from annotation.build.card import render_card
from annotation.build.features import CONFIGS, config_features
from annotation.build.gold import choose_gold
from annotation.build.rows import RowReport, document_row, raw_rows, sentence_rows, stance_rows
from annotation.labelstudio.config import CONTROLS, check_config, label_config
from annotation.labelstudio.convert import document_to_task, task_to_document
from annotation.labelstudio.export import write_export
from annotation.labelstudio.export_validate import validate_export, validate_task
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Span, Stance
from annotation.schema import Schema, load_schema
from baselines.dataset_documents import read_dataset
from tests.baselines_fixtures import synthetic_corpus

TEXT = "Protesters said they saw Baku troops shell the village near its border on Friday."
#       entity needle, label, kind given by the annotator (Protesters: a NOMINAL the inference rule would call NAME)
MENTIONS = (("Protesters", "PER", "NOMINAL"), ("they", "PER", "PRONOUN"), ("Baku", "GPE", "NAME"),
            ("Baku troops", "ORG", "NOMINAL"), ("the village", "LOC", "NOMINAL"), ("its", "GPE", "PRONOUN"),
            ("Friday", "TIME", "NAME"))


def schema_without_kinds() -> Schema:
    return replace(load_schema(), mention_kinds=(), pronouns=frozenset())


def where(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def mentions(*, kinds: bool = True) -> tuple[Entity, ...]:
    return tuple(
        Entity(f"e{n}", *where(needle), needle, label, {"kind": kind} if kinds else {})
        for n, (needle, label, kind) in enumerate(MENTIONS, 1)
    )


def kind_document(*, kinds: bool = True, schema_version: str = "", ground_truth: bool = False, annotator: str = "ann-a") -> Document:
    schema = load_schema()
    shell = Event("v1", *where("shell"), "shell", "Conflict.Attack",
                  (Argument("Attacker", "e4"), Argument("Target", "e5"), Argument("Time", "e7")), {"modality": "ASSERTED"})
    said = Stance("s1", *where("said"), "said", "AGAINST", "e2", "v1")
    extra = {"ls_task_id": 7, "ls_annotation_id": 31, "ls_completed_by": 3, "ground_truth": ground_truth}
    provenance = Provenance(annotator, "label-studio", "raw", schema_version or schema.version, "g1", extra=extra)
    sets = (AnnotationSet(provenance, mentions(kinds=kinds), (shell,), (said,)),)
    return Document("doc-kind", TEXT, sentences=(Span(0, len(TEXT)),), annotations=sets)


def kind_items(task: dict) -> dict[str, list[str]]:
    return {i["id"]: i["value"]["choices"] for i in task["annotations"][0]["result"] if i.get("from_name") == CONTROLS.kind}


# ---------------------------------------------------------------- Label Studio config


def test_config_has_a_per_region_kind_choice_for_entity_regions():
    schema = load_schema()
    assert schema.mention_kinds == ("NAME", "NOMINAL", "PRONOUN")
    xml = label_config(schema)
    check_config(xml)
    control = LabelInterface(xml).get_control(CONTROLS.kind)
    assert control.tag == "Choices" and list(control.labels) == list(schema.mention_kinds)
    assert '<Choices name="kind" toName="text" perRegion="true"' in xml and 'whenTagName="entity"' in xml
    assert xml.index('name="kind"') < xml.index('name="modality"')
    assert label_config(schema) == xml


def test_config_of_a_schema_without_mention_kinds_has_no_kind_choice():
    xml = label_config(schema_without_kinds())
    check_config(xml)
    assert 'name="kind"' not in xml and 'name="modality"' in xml


# ---------------------------------------------------------------- Label Studio conversion


def test_every_kind_survives_document_task_document():
    document = kind_document()
    task = document_to_task(document)
    assert kind_items(task) == {f"e{n}": [kind] for n, (_, _, kind) in enumerate(MENTIONS, 1)}
    choice = next(i for i in task["annotations"][0]["result"] if i.get("from_name") == CONTROLS.kind and i["id"] == "e2")
    assert choice["type"] == "choices" and choice["value"]["text"] == "they"
    conversion = task_to_document(task, users={3: "ann-a"}, guideline_version="g1")
    assert conversion.issues == ()
    assert conversion.document == document
    entities = conversion.document.annotations[0].entities
    assert [e.attributes["kind"] for e in entities] == [kind for _, _, kind in MENTIONS]
    assert entities[1].attributes == {"kind": "PRONOUN"}
    assert document_to_task(conversion.document) == task
    assert "ls_overrides" not in conversion.document.annotations[0].provenance.extra


def test_an_entity_region_without_a_kind_choice_gets_no_kind():
    document = kind_document(kinds=False)
    task = document_to_task(document)
    assert kind_items(task) == {}
    conversion = task_to_document(task, users={3: "ann-a"}, guideline_version="g1")
    assert conversion.issues == () and conversion.document == document
    assert all("kind" not in e.attributes for e in conversion.document.annotations[0].entities)  # never inferred here
    # one region with a kind, the others without
    task["annotations"][0]["result"].append({"id": "e2", "from_name": "kind", "to_name": "text", "type": "choices",
                                             "value": {"start": 15, "end": 19, "text": "they", "choices": ["PRONOUN"]}})
    entities = task_to_document(task, users={3: "ann-a"}).document.annotations[0].entities
    assert {e.id: e.attributes.get("kind") for e in entities if e.attributes} == {"e2": "PRONOUN"}


def test_an_unknown_kind_is_reported_with_task_and_region(tmp_path: Path):
    task = document_to_task(kind_document())
    for item in task["annotations"][0]["result"]:
        if item.get("from_name") == CONTROLS.kind and item["id"] == "e3":
            item["value"]["choices"] = ["PROPER"]
    conversion = task_to_document(task, users={3: "ann-a"})
    assert conversion.document is not None  # carried as it is, like an unknown modality ...
    assert conversion.document.annotations[0].entity("e3").attributes["kind"] == "PROPER"
    problems = [str(p) for p in validate_task(task, load_schema())]  # ... and reported by validation
    assert problems and all(p.startswith("task 7 annotation 31 region e3:") for p in problems), problems
    assert "unknown mention kind 'PROPER'" in problems[0]

    # a task that does not convert still gets its kind choices checked
    broken = copy.deepcopy(task) | {"id": 8}
    broken["annotations"][0]["result"].append({"from_id": "v1", "to_id": "e99", "type": "relation", "labels": ["Place"]})
    write_export([task, broken], tmp_path / "export.json")
    problems = [str(p) for p in validate_export(tmp_path / "export.json")]
    assert any(p.startswith("task 8 annotation 31 region e3:") and "unknown kind label 'PROPER'" in p for p in problems), problems
    assert any(p.startswith("task 7 annotation 31 region e3:") and "unknown mention kind 'PROPER'" in p for p in problems)


def test_a_kind_choice_on_a_trigger_region_is_an_error():
    task = document_to_task(kind_document())
    task["annotations"][0]["result"].append({"id": "v1", "from_name": "kind", "to_name": "text", "type": "choices",
                                             "value": {"start": 37, "end": 42, "text": "shell", "choices": ["NAME"]}})
    conversion = task_to_document(task)
    assert conversion.document is None
    assert any(str(i).startswith("task 7 annotation 31 region v1:") and "kind choice on a trigger region" in str(i)
               for i in conversion.errors)


# ---------------------------------------------------------------- dataset features and rows


def test_dataset_features_carry_kind_from_the_schema():
    schema = load_schema()
    features = {config: config_features(config, schema) for config in CONFIGS}
    names = list(schema.mention_kinds)
    for config in ("documents", "annotations_raw"):
        assert features[config]["entities"].feature["kind"].names == names
        assert list(features[config]["entities"].feature) == ["id", "start", "end", "text", "label", "kind"]
    assert features["entities"]["spans"].feature["kind"].names == names
    arguments = features["events"]["events"].feature["arguments"].feature
    assert list(arguments) == ["role", "entity_id", "start", "end", "text", "entity_type", "entity_kind"]
    assert arguments["entity_kind"].names == names
    assert features["stance"]["holder"]["kind"].names == names
    assert "kind" not in features["stance"]["target"]


def names_of(feature: Any, prefix: str = "") -> Iterator[str]:
    """Every column path of a feature spec, inside lists and structs too (``events.arguments.entity_kind``)."""
    if isinstance(feature, List):
        yield from names_of(feature.feature, prefix)
    elif isinstance(feature, dict):
        for name, inner in feature.items():
            yield f"{prefix}{name}"
            yield from names_of(inner, f"{prefix}{name}.")


def test_features_of_a_schema_without_mention_kinds_have_no_kind():
    schema = schema_without_kinds()
    for config in CONFIGS:
        names = list(names_of(config_features(config, schema)))
        assert any(name.endswith("text") for name in names) and not any(name.endswith("kind") for name in names), config


def _kinds_of_rows(document: Document, schema: Schema) -> dict[str, list]:
    choice = choose_gold(document)
    (entity_row, event_row), = sentence_rows(document, choice.gold, RowReport(), schema)
    (stance,) = stance_rows(document, choice.gold, schema)
    for row in [document_row(document, choice, schema), *raw_rows(document, choice, schema), entity_row, event_row, stance]:
        config_features(  # every row encodes under its config's features
            "documents" if "gold_from" in row else "annotations_raw" if "annotator" in row else "entities" if "spans" in row
            else "events" if "trigger_tags" in row else "stance", schema).encode_example(row)
    return {
        "documents": [e["kind"] for e in document_row(document, choice, schema)["entities"]],
        "annotations_raw": [e["kind"] for row in raw_rows(document, choice, schema) for e in row["entities"]],
        "spans": [s["kind"] for s in entity_row["spans"]],
        "arguments": [(a["entity_id"], a["entity_kind"]) for e in event_row["events"] for a in e["arguments"]],
        "holder": [stance["holder"]["kind"]],
    }


def test_a_raw_1_0_set_without_kinds_gets_the_inferred_kinds_in_rows():
    schema = load_schema()
    document = kind_document(kinds=False, schema_version="1.0.0")
    inferred = [schema.infer_kind(needle) for needle, _, _ in MENTIONS]
    assert inferred == ["NAME", "PRONOUN", "NAME", "NAME", "NOMINAL", "PRONOUN", "NAME"]
    kinds = _kinds_of_rows(document, schema)
    assert kinds["documents"] == kinds["annotations_raw"] == kinds["spans"] == inferred
    assert kinds["arguments"] == [("e4", "NAME"), ("e5", "NOMINAL"), ("e7", "NAME")]
    assert kinds["holder"] == ["PRONOUN"]


def test_a_1_1_set_keeps_its_own_kinds_in_rows():
    kinds = _kinds_of_rows(kind_document(), load_schema())
    given = [kind for _, _, kind in MENTIONS]
    assert kinds["documents"] == kinds["annotations_raw"] == kinds["spans"] == given  # Protesters stays NOMINAL
    assert kinds["arguments"] == [("e4", "NOMINAL"), ("e5", "NOMINAL"), ("e7", "NAME")]
    assert kinds["holder"] == ["PRONOUN"]


def test_rows_of_a_schema_without_mention_kinds_have_no_kind():
    schema = schema_without_kinds()
    document = kind_document(kinds=False)
    choice = choose_gold(document)
    row = document_row(document, choice, schema)
    assert all("kind" not in e for e in row["entities"])
    config_features("documents", schema).encode_example(row)


# ---------------------------------------------------------------- dataset round trip


def _with_kinds(documents: list[Document]) -> list[Document]:
    """Every other document a 1.1 set with given kinds (the first entity's deliberately not the inferred one)."""
    schema = load_schema()
    out = []
    for index, document in enumerate(documents):
        if index % 2:
            out.append(document)
            continue
        gold = document.annotations[0]
        entities = []
        for n, e in enumerate(gold.entities):
            inferred = schema.infer_kind(e.text)
            kind = next(k for k in schema.mention_kinds if k != inferred) if n == 0 else inferred
            entities.append(replace(e, attributes={**e.attributes, "kind": kind}))
        out.append(replace(document, annotations=(replace(gold, entities=tuple(entities)),)))
    return out


def test_a_dataset_round_trip_keeps_the_kinds(tmp_path: Path):
    schema = load_schema()
    documents = _with_kinds(synthetic_corpus(30, seed=3, distinct=8))
    report = build_dataset(documents, tmp_path / "dataset", progress=False)
    card = render_card(schema, report.rows, sorted(report.licences))
    assert "inferred from the mention text" in card and "`entity_kind`" in card
    (tmp_path / "dataset" / "README.md").write_text(card, encoding="utf-8")
    splits = read_dataset(tmp_path / "dataset")
    read = {d.id: d for split in splits.values() for d in split}
    assert sorted(read) == sorted(d.id for d in documents)
    for document in documents:
        source, back = document.annotations[0], read[document.id].annotations[0]
        expected = [e.attributes.get("kind", schema.infer_kind(e.text)) for e in source.entities]
        assert [e.attributes["kind"] for e in back.entities] == expected
        if "kind" in source.entities[0].attributes:
            assert back.entities == source.entities  # a 1.1 set comes back exactly, its kinds included


KIND_COLUMNS = {
    "documents": ["entities.kind"],
    "entities": ["spans.kind"],
    "events": ["events.arguments.entity_kind"],
    "stance": ["holder.kind"],
    "annotations_raw": ["entities.kind"],
}


@pytest.mark.parametrize("config", CONFIGS)
def test_config_features_build_for_every_config(config: str):
    features = config_features(config, load_schema())
    assert features.arrow_schema is not None  # the spec is a valid Arrow schema
    assert [name for name in names_of(features) if name.endswith("kind")] == KIND_COLUMNS[config]
