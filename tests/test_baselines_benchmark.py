"""The main job: the dataset read back into documents, folds, scoring through eval, floors comparison, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tqdm import tqdm

from annotation.cli import main
from annotation.corpus import write_corpus
from annotation.errors import FlashpointError
from annotation.model import Document
from annotation.schema import load_schema
from baselines.benchmark import (
    PolarityItems,
    PolarityOutcome,
    Task,
    cross_validation,
    held_out,
    run_task,
    score_polarity,
    score_task,
    versus_floors,
)
from baselines.dataset_documents import read_dataset
from baselines.tagging import token_sequences
from tests.baselines_fixtures import synthetic_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Document], Path]:
    """Synthetic documents and the dataset ``flashpoint build`` makes of them."""
    folder = tmp_path_factory.mktemp("benchmark")
    documents = synthetic_corpus(30, seed=3, distinct=8)
    write_corpus(documents, folder / "corpus.jsonl")
    assert main(["build", "--corpus", str(folder / "corpus.jsonl"), "-o", str(folder / "dataset"), "--quiet"]) == 0
    return documents, folder / "dataset"


def test_the_dataset_reads_back_into_the_documents_it_was_built_from(built: tuple[list[Document], Path]) -> None:
    documents, dataset = built
    splits = read_dataset(dataset)
    assert all(splits[name] for name in ("train", "validation", "test"))
    original = {d.id: d for d in documents}
    read = [d for split in splits.values() for d in split]
    assert sorted(d.id for d in read) == sorted(original)
    for document in read:
        source = original[document.id]
        gold, expected = document.gold(), source.gold()
        assert gold is not None and expected is not None
        assert document.text == source.text and document.sentences == source.sentences
        assert [(e.id, e.start, e.end, e.label) for e in gold.entities] == [(e.id, e.start, e.end, e.label) for e in expected.entities]
        assert [(e.id, e.label, e.arguments, e.attributes["modality"]) for e in gold.events] == [
            (e.id, e.label, e.arguments, "ASSERTED") for e in expected.events
        ]
        assert gold.stances == expected.stances
        assert token_sequences(document) == token_sequences(source)  # the tokens the dataset's BIO tags are on


def test_a_folder_without_a_built_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FlashpointError, match="run `flashpoint build"):
        read_dataset(tmp_path)


def test_cross_validation_folds_partition_the_documents() -> None:
    documents = synthetic_corpus(20, seed=5)
    folds = cross_validation(documents, 4)
    held = [d.id for fold in folds for d in fold.evaluate["cv"]]
    assert sorted(held) == sorted(d.id for d in documents)
    assert all(not {d.id for d in fold.train} & {d.id for d in fold.evaluate["cv"]} for fold in folds)
    (only,) = held_out({"train": documents[:10], "validation": documents[10:15], "test": documents[15:]})
    assert len(only.train) == 10 and set(only.evaluate) == {"validation", "test"}


def test_a_learned_tagger_beats_the_majority_floor_beyond_the_interval() -> None:
    documents = synthetic_corpus(24, seed=6)
    task = Task("synthetic", "events", "synthetic", cross_validation(documents, 2), "corpus")
    with tqdm(disable=True) as progress:
        outcomes = run_task(task, ["majority", "crf"], progress)
    scores = score_task("events", outcomes, load_schema())["cv"]
    assert set(scores) == {"triggers", "arguments (gold triggers)", "arguments (end to end)"}
    triggers = scores["triggers"]
    assert triggers["crf"].micro.f1 > 0.9 and triggers["majority"].micro.predicted == 0
    assert triggers["crf"].by_doc.shape[0] == len(documents)
    tests = versus_floors(triggers, ["crf"], samples=200)
    assert list(tests) == ["crf - majority"]
    assert tests["crf - majority"].interval.low > 0
    assert tests["crf - majority"].delta == pytest.approx(triggers["crf"].micro.f1)
    same = versus_floors({"crf": triggers["crf"], "majority": triggers["crf"]}, ["crf"], samples=50)["crf - majority"]
    assert same.delta == 0 and same.interval.low <= 0  # a model is never "better" than itself


def test_polarity_scores_are_macro_f1_per_document_counts() -> None:
    gold = PolarityItems(("a", "b"), ((), ()), (("FAVOR", "AGAINST"), ("NEUTRAL",)))
    outcome = PolarityOutcome(gold, (("FAVOR", "NEUTRAL"), ("NEUTRAL",)), 0.0, 0.0)
    scored = score_polarity(outcome, load_schema())
    assert scored.accuracy == pytest.approx(2 / 3)
    assert scored.scored.per_row["FAVOR"].f1 == 1.0 and scored.scored.per_row["AGAINST"].f1 == 0.0
    assert scored.scored.f1 == pytest.approx((1.0 + 0.0 + 2 / 3) / 3)
    assert scored.f_avg == pytest.approx(0.5)
    assert scored.scored.by_doc.sum(axis=0).tolist() == [
        [getattr(scored.scored.per_row[row], name) for name in ("correct", "incorrect", "partial", "spurious", "gold_correct",
                                                               "gold_incorrect", "gold_partial", "missed")]
        for row in scored.scored.rows
    ]
    assert np.all(scored.scored.by_doc[1, list(scored.scored.rows).index("FAVOR")] == 0)


def test_benchmark_command_on_a_built_dataset_writes_results(built: tuple[list[Document], Path], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _, dataset = built
    out = tmp_path / "out"
    assert main(["benchmark", "--part", "corpus", "--dataset", str(dataset), "--bootstrap", "50", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    text = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert text in printed  # the tables are printed too
    assert f"`flashpoint benchmark --dataset {dataset} --part corpus --output {out} --bootstrap 50`" in text
    assert "CPU core(s)" in text
    for name in ("corpus-entities", "corpus-events", "corpus-stance", "corpus-polarity"):
        assert f"## {name}" in text
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    entry = data["results"]["corpus-entities/test/entities"]
    assert set(entry["models"]) == {"majority", "memorise", "crf", "linear", "crf-memorise"}
    for name, test in entry["versus_floors"].items():
        assert test["beats"] == (test["low"] > 0), name
        verdict = "yes" if test["beats"] else "**no**"
        assert any(line.startswith(f"| {name} |") and verdict in line for line in text.splitlines())
    assert set(data["results"]["corpus-polarity/validation"]["models"]) == {"majority", "memorise", "tfidf-logreg"}
    assert "](versus_floors.png)" in text
    assert (out / "versus_floors.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_figure_compares_each_learned_model_with_the_floor_it_beats_by_less() -> None:
    from baselines.plot import weakest_comparisons

    results = {
        "t/test/entities": {
            "versus_floors": {
                "crf - majority": {"delta": 0.6, "low": 0.5, "high": 0.7},
                "crf - memorise": {"delta": 0.05, "low": -0.01, "high": 0.1},
                "linear - majority": {"delta": 0.4, "low": 0.3, "high": 0.5},
                "linear - memorise": {"delta": 0.2, "low": 0.1, "high": 0.3},
            }
        },
        "t/test/polarity": {"models": {}},
    }
    assert weakest_comparisons(results) == [
        ("t/test/entities · crf − memorise", 0.05, -0.01, 0.1),
        ("t/test/entities · linear − memorise", 0.2, 0.1, 0.3),
    ]


def test_benchmark_command_refuses_a_missing_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["benchmark", "--part", "corpus", "--dataset", str(tmp_path / "nothing"), "-o", str(tmp_path)]) == 2
    assert "flashpoint build" in capsys.readouterr().err
    assert not (tmp_path / "RESULTS.md").exists()
