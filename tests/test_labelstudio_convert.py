"""The Label Studio config, offsets and the lossless converter, without a server."""

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from label_studio_sdk.label_interface import LabelInterface

from annotation.cli import main
from annotation.corpus import iter_corpus
from annotation.labelstudio.config import check_config, label_config
from annotation.labelstudio.convert import document_to_task, task_to_document
from annotation.labelstudio.export import convert_export, looks_like_export, read_export, write_export
from annotation.labelstudio.export_validate import validate_export
from annotation.labelstudio.offsets import OffsetError, OffsetMap
from annotation.schema import load_schema
from tests.labelstudio_fixtures import EMOJI_TEXT, crlf_document, emoji_document, plain_document

LS_EXTRA = {"ls_task_id": 11, "ls_annotation_id": 21, "ls_completed_by": 2, "lead_time": 3.5, "was_cancelled": False,
            "ground_truth": True}


def exported(document_factory, task_id=11, **extra):
    return document_factory(**{**LS_EXTRA, "ls_task_id": task_id, **extra})


def users_of(document):
    return {a.provenance.extra["ls_completed_by"]: a.provenance.annotator for a in document.annotations}


# ---------------------------------------------------------------- config


def test_config_is_valid_and_carries_every_label_colour_and_hotkey():
    schema = load_schema()
    xml = label_config(schema)
    check_config(xml)
    interface = LabelInterface(xml)
    assert set(interface.get_control("entity").labels) == set(schema.entities)
    assert set(interface.get_control("trigger").labels) == set(schema.events)
    assert interface.get_control("stance").labels == [schema.stance_label.name]
    for role in (*schema.roles, "holder", "target"):
        assert f'<Relation value="{role}" />' in xml
    for label in (*schema.entities.values(), *(e.label for e in schema.events.values())):
        assert f'value="{label.name}" background="{label.color}" hotkey="{label.hotkey}"' in xml
    assert 'name="modality"' in xml and 'perRegion="true"' in xml and "annotation/GUIDELINES.md" in xml
    assert label_config(schema) == xml  # deterministic


def test_config_check_rejects_a_broken_config():
    with pytest.raises(ValueError, match="not valid"):
        check_config(label_config().replace('toName="text"', 'toName="nowhere"', 1))


# ---------------------------------------------------------------- offsets


@given(st.text(alphabet=st.sampled_from(["a", "é", "\r", "\n", "😀", "🇦", "𝔸", "中"]), max_size=30))
def test_offsets_match_javascript_string_indexing(text):
    offsets = OffsetMap(text)
    for index in range(len(text) + 1):
        utf16 = len(text[:index].encode("utf-16-le")) // 2
        assert offsets.to_utf16(index) == utf16
        assert offsets.to_codepoint(utf16) == index


def test_offset_inside_a_surrogate_pair_is_an_error():
    with pytest.raises(OffsetError, match="surrogate pair"):
        OffsetMap("😀x").to_codepoint(1)
    with pytest.raises(OffsetError, match="outside"):
        OffsetMap("ab").to_codepoint(3)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("factory", [emoji_document, crlf_document, plain_document])
def test_document_task_document_is_identical(factory):
    document = exported(factory)
    task = document_to_task(document)
    conversion = task_to_document(task, users=users_of(document), guideline_version="g1")
    assert conversion.issues == ()
    assert conversion.document == document
    assert document_to_task(conversion.document) == task


def test_task_offsets_are_utf16_and_map_back_to_code_points():
    task = document_to_task(exported(emoji_document))
    region = next(item for item in task["annotations"][0]["result"] if item.get("id") == "e1")
    python_start = EMOJI_TEXT.index("Yerevan")
    assert region["value"]["start"] == python_start + 2  # the flag is two code points, four UTF-16 code units
    units = EMOJI_TEXT.encode("utf-16-le")
    assert units[2 * region["value"]["start"] : 2 * region["value"]["end"]].decode("utf-16-le") == "Yerevan"
    entity = task_to_document(task, users={2: "ann-a"}, guideline_version="g1").document.annotations[0].entity("e1")
    assert (entity.start, entity.text) == (python_start, "Yerevan")


def test_everything_label_studio_adds_is_kept_and_written_back():
    task = document_to_task(exported(emoji_document))
    annotation = task["annotations"][0]
    annotation.update({"unique_id": "u-1", "updated_by": 2, "project": 4, "created_at": "2025-01-01T00:00:00Z",
                       "result_count": 9, "prediction": {"x": 1}})
    first = annotation["result"][0]
    first["origin"] = "manual"
    first["value"]["labels"] = ["GPE", "LOC"]  # a multi-label region
    annotation["result"].append({"from_id": "e2", "to_id": "v1", "type": "relation", "direction": "left", "labels": ["Attacker"]})
    task["predictions"] = [{"id": 5, "model_version": "crf-1", "score": 0.5, "result": copy.deepcopy(annotation["result"][:5]),
                            "created_at": "2025-01-02T00:00:00Z", "cluster": None}]
    conversion = task_to_document(task, users={2: "ann-a"})
    assert conversion.document is not None, conversion.issues
    assert [i.severity for i in conversion.issues] == ["warning", "warning"]  # the multi-label region, in both sets
    assert "region e1" in str(conversion.issues[0]) and "['GPE', 'LOC']" in str(conversion.issues[0])
    human, model = conversion.document.annotations
    assert human.provenance.created_at == "2025-01-01T00:00:00Z" and human.provenance.extra["ground_truth"] is True
    assert human.provenance.extra["ls_fields"] == {"unique_id": "u-1", "updated_by": 2, "project": 4}
    assert model.provenance.status == "prediction" and model.provenance.annotator == "crf-1"
    assert model.provenance.extra["score"] == 0.5 and model.provenance.extra["ls_prediction_id"] == 5
    back = document_to_task(conversion.document)
    original_items = sorted(json.dumps(i, sort_keys=True) for i in annotation["result"])
    written = sorted(json.dumps(i, sort_keys=True) for i in back["annotations"][0]["result"])
    assert len(written) == len(original_items) - 1  # the left relation is merged into the right one with both roles
    assert json.dumps(first, sort_keys=True) in written
    del annotation["result_count"], annotation["prediction"]  # derived by the server, not carried
    assert {k: v for k, v in back["annotations"][0].items() if k != "result"} == {k: v for k, v in annotation.items() if k != "result"}
    assert back["predictions"][0]["cluster"] is None and back["predictions"][0]["score"] == 0.5


def test_offsets_given_as_code_points_are_an_error_unless_repaired():
    task = document_to_task(exported(emoji_document))
    for item in task["annotations"][0]["result"]:
        if "value" in item and item.get("type") != "textarea":  # rewrite as a naive tool would: Python code points
            start = EMOJI_TEXT.index(item["value"]["text"])
            item["value"]["start"], item["value"]["end"] = start, start + len(item["value"]["text"])
    assert task_to_document(task).document is None
    strict = task_to_document(task)
    assert any("--repair" in str(issue) and "region e1" in str(issue) for issue in strict.errors)
    repaired = task_to_document(task, users={2: "ann-a"}, repair=True, guideline_version="g1")
    assert repaired.document is not None
    assert {i.severity for i in repaired.issues} == {"repair"}
    assert repaired.document.annotations[0].entities == exported(emoji_document).annotations[0].entities


# ---------------------------------------------------------------- bad exports


def bad_export(tmp_path):
    good = [document_to_task(exported(f, task_id=n)) for n, f in enumerate((emoji_document, crlf_document, plain_document), 1)]
    no_text = copy.deepcopy(good[0]) | {"id": 4}
    del no_text["data"]["text"]
    out_of_range = copy.deepcopy(good[1]) | {"id": 5}
    out_of_range["annotations"][0]["result"][0]["value"]["end"] = 10_000
    dangling = copy.deepcopy(good[2]) | {"id": 6}
    dangling["annotations"][0]["result"].append({"from_id": "v1", "to_id": "e99", "type": "relation", "labels": ["Place"]})
    no_holder = copy.deepcopy(good[2]) | {"id": 7}
    no_holder["annotations"][0]["result"] = [i for i in no_holder["annotations"][0]["result"] if i.get("labels") != ["holder"]]
    path = tmp_path / "export.json"
    write_export([*good, no_text, out_of_range, dangling, no_holder], path)
    return path, good


def test_bad_tasks_are_put_aside_and_good_ones_convert(tmp_path):
    path, _ = bad_export(tmp_path)
    report = convert_export(path, tmp_path / "corpus.jsonl", users={2: "ann-a"}, guideline_version="g1")
    assert (report.converted, report.rejected) == (3, 4)
    messages = [str(issue) for issue in report.issues]
    assert any(m.startswith("task 4:") and "data.text" in m for m in messages)
    assert any(m.startswith("task 5 annotation 21 region e1:") and "outside the text" in m for m in messages)
    assert any(m.startswith("task 6 annotation 21 region v1>e99:") and "do not exist" in m for m in messages)
    assert any(m.startswith("task 7 annotation 21 region s1:") and "holder" in m for m in messages)
    with open(report.rejects_path, encoding="utf-8") as handle:
        rejects = [json.loads(line) for line in handle]
    assert [r["task"]["id"] for r in rejects] == [4, 5, 6, 7]
    assert [d.id for d in iter_corpus(tmp_path / "corpus.jsonl")] == ["doc-emoji", "doc-crlf", "doc-plain"]


def test_truncated_export_keeps_the_complete_tasks(tmp_path):
    path, _ = bad_export(tmp_path)
    text = path.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"id": 3')], encoding="utf-8")  # inside the third task
    items = list(read_export(cut))
    assert [type(i).__name__ for i in items] == ["dict", "dict", "ExportError"]
    assert "after 2 complete task(s)" in str(items[-1]) and str(items[-1]).startswith(f"{cut}:")
    report = convert_export(cut, tmp_path / "c.jsonl", users={2: "ann-a"})
    assert report.converted == 2 and len(report.export_errors) == 1


def test_export_is_written_deterministically(tmp_path):
    tasks = [document_to_task(exported(f, task_id=n)) for n, f in ((2, crlf_document), (1, emoji_document))]
    write_export(tasks, tmp_path / "a.json")
    write_export(list(reversed(tasks)), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert [t["id"] for t in json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))] == [1, 2]


def test_validate_reports_schema_problems_with_task_and_region(tmp_path, capsys):
    path, good = bad_export(tmp_path)
    tasks = [t for t in read_export(path) if isinstance(t, dict)]
    wrong = copy.deepcopy(good[0]) | {"id": 8}
    result = wrong["annotations"][0]["result"]
    result[0]["value"]["labels"] = ["COUNTRY"]
    for item in result:
        if item.get("labels") == ["Time"]:
            item["labels"] = ["Victim"]
    write_export([*tasks, wrong], path)
    problems = [str(p) for p in validate_export(path)]
    assert any(p.startswith("task 8 annotation 21 region e1:") and "unknown entity type 'COUNTRY'" in p for p in problems)
    assert any(p.startswith("task 8 annotation 21 region v1:") and "role 'Victim' is not allowed" in p for p in problems)
    assert any(p.startswith("task 7 annotation 21 region s1:") and "holder" in p for p in problems)
    assert any(p.startswith("task 6 annotation 21 region v1>e99:") for p in problems)
    assert not any(p.startswith(("task 1 ", "task 2 ", "task 3 ")) for p in problems)
    assert looks_like_export(path)
    assert main(["validate", str(path)]) == 1
    assert "region e1: [ls-user-2] unknown entity type 'COUNTRY'" in capsys.readouterr().out
