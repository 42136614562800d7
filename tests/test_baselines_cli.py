"""flashpoint train / predict end to end on a small synthetic corpus file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.cli import main, predict_command, train_command
from annotation.corpus import iter_corpus, write_corpus
from annotation.model import Document
from baselines import registry
from tests.baselines_fixtures import synthetic_corpus


@pytest.fixture()
def corpus_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    write_corpus(synthetic_corpus(30, seed=3), path)
    return path


def test_cli_choices_match_the_registry() -> None:
    assert train_command.LAYERS == registry.LAYERS
    assert train_command.MODELS == registry.MODELS
    assert predict_command.HELP


def test_train_then_predict_writes_predictions_and_label_studio_tasks(corpus_file: Path, tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    assert main(["train", "--layer", "events", "--model", "crf", str(corpus_file), "-o", str(model_dir)]) == 0
    metadata = json.loads((model_dir / "metadata.json").read_text())
    assert metadata["training_documents"] == 30 and len(metadata["training_data_sha256"]) == 64

    test_file = tmp_path / "test.jsonl"
    write_corpus(synthetic_corpus(5, seed=4), test_file)
    out, tasks = tmp_path / "pred.jsonl", tmp_path / "tasks.json"
    code = main(["predict", str(model_dir), str(test_file), "-o", str(out), "--label-studio", str(tasks), "--model-version", "v7"])
    assert code == 0
    documents = list(iter_corpus(out))
    assert len(documents) == 5
    for document in documents:
        prediction = document.annotation_set("v7")
        assert prediction.provenance.status == "prediction"
        assert prediction.provenance.source_tool == "flashpoint-baselines:crf:events@v7"
        assert prediction.events and all(event.arguments for event in prediction.events)
        assert [a.provenance.status for a in document.annotations] == ["prediction"]  # the input's gold is not carried
    written = json.loads(tasks.read_text())
    assert len(written) == 5
    assert all(task["predictions"][0]["model_version"] == "v7" and task["predictions"][0]["result"] for task in written)
    assert all(task["annotations"] == [] for task in written)


def test_training_refuses_documents_without_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "raw.jsonl"
    write_corpus([Document(id="raw1", text="Troops left Baku.")], path)
    assert main(["train", "--layer", "entities", "--model", "crf", str(path), "-o", str(tmp_path / "m")]) == 2
    assert "1 document(s) without a gold annotation set (first: raw1)" in capsys.readouterr().err


def test_predict_keeps_bad_lines_aside_and_annotates_the_rest(
    corpus_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model_dir = tmp_path / "model"
    assert main(["train", "--layer", "entities", "--model", "memorise", str(corpus_file), "-o", str(model_dir)]) == 0
    test_file = tmp_path / "test.jsonl"
    good = corpus_file.read_text().splitlines()[:2]
    test_file.write_text(f"{good[0]}\n{{not json\n{good[1]}\n")
    out = tmp_path / "pred.jsonl"
    assert main(["predict", str(model_dir), str(test_file), "-o", str(out)]) == 1
    assert len(list(iter_corpus(out))) == 2
    assert Path(f"{out}.rejects.jsonl").read_text() == "{not json\n"
    assert f"{test_file}:2: not valid JSON" in capsys.readouterr().err


def test_predict_refuses_a_model_of_another_schema_version(
    corpus_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model_dir = tmp_path / "model"
    assert main(["train", "--layer", "stance", "--model", "linear", str(corpus_file), "-o", str(model_dir)]) == 0
    metadata_path = model_dir / "metadata.json"
    metadata = json.loads(metadata_path.read_text())
    metadata["schema_version"] = "0.1.0"
    metadata_path.write_text(json.dumps(metadata))
    assert main(["predict", str(model_dir), str(corpus_file), "-o", str(tmp_path / "p.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "trained under label schema 0.1.0" in err and "Traceback" not in err


def test_predict_chains_one_model_per_layer_into_one_set_on_raw_text(
    corpus_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import dataclasses

    models = {}
    for layer in ("entities", "events", "stance"):
        models[layer] = tmp_path / layer
        assert main(["train", "--layer", layer, "--model", "crf", str(corpus_file), "-o", str(models[layer])]) == 0
    raw = tmp_path / "raw.jsonl"
    write_corpus([dataclasses.replace(d, annotations=()) for d in synthetic_corpus(6, seed=5)], raw)
    out, tasks = tmp_path / "chain.jsonl", tmp_path / "chain_tasks.json"
    # given in any order, run entities -> events -> stance
    arguments = [str(models["stance"]), str(models["entities"]), str(models["events"]), str(raw), "-o", str(out)]
    assert main(["predict", *arguments, "--label-studio", str(tasks), "--model-version", "chain-1"]) == 0
    documents = list(iter_corpus(out))
    assert all(len(d.annotations) == 1 for d in documents)
    sets = [d.annotation_set("chain-1") for d in documents]
    assert sets[0].provenance.source_tool == "flashpoint-baselines:crf:entities+crf:events+crf:stance@chain-1"
    assert sum(len(s.entities) for s in sets) and sum(len(s.events) for s in sets) and sum(len(s.stances) for s in sets)
    for s in sets:  # arguments, holders and targets point at the chain's own predictions
        entity_ids, event_ids = {e.id for e in s.entities}, {e.id for e in s.events}
        assert all(a.entity_id in entity_ids for e in s.events for a in e.arguments)
        assert all(st.holder_id in entity_ids and st.target_id in entity_ids | event_ids for st in s.stances)
    assert any(e.arguments for s in sets for e in s.events)
    # the events are those the event model finds on the entity model's predictions alone
    entity_only = tmp_path / "entities.jsonl"
    assert main(["predict", str(models["entities"]), str(raw), "-o", str(entity_only)]) == 0
    events_after = tmp_path / "events.jsonl"
    assert main(["predict", str(models["events"]), str(entity_only), "-o", str(events_after)]) == 0
    for chained, stepwise in zip(sets, iter_corpus(events_after), strict=True):
        assert chained.events == stepwise.annotations[-1].events
    written = json.loads(tasks.read_text())
    assert {r["type"] for task in written for r in task["predictions"][0]["result"]} >= {"labels", "relation", "choices"}
    capsys.readouterr()
    assert main(["predict", str(models["events"]), str(models["events"]), str(raw), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert "both events models; give one per layer" in capsys.readouterr().err
