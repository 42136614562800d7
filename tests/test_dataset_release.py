"""The committed corpus, version 1: loads with the real datasets.load_dataset, meets its targets, and every
generated artefact (dataset/, the agreement report, the M2E2 check, DATASHEET.md) equals a fresh rebuild."""

import hashlib
import json
from pathlib import Path

import datasets
import pytest

from annotation.build.features import CONFIGS
from annotation.build.load import load_config
from annotation.build.sources import export_files
from annotation.build.splits import SPLITS
from annotation.cli import main
from annotation.selection import is_open_licence

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO / "dataset"
EXPORTS = REPO / "annotation" / "exports"
REPORTS = REPO / "annotation" / "reports"


@pytest.fixture(scope="module")
def loaded() -> dict[str, datasets.DatasetDict]:
    return {config: load_config(DATASET, config) for config in CONFIGS}


def test_every_config_loads_with_all_splits(loaded):
    for config, splits in loaded.items():
        assert set(splits) == set(SPLITS), config
        assert all(len(splits[s]) > 0 for s in SPLITS), config
    names = loaded["entities"]["train"].features["ner_tags"].feature.names
    assert names[0] == "O" and "B-PER" in names


def test_version_1_targets(loaded):
    documents = [row for s in SPLITS for row in loaded["documents"][s]]
    assert len(documents) >= 60
    assert sum(len(r["entities"]) for r in documents) >= 2500
    events = [e for r in documents for e in r["events"]]
    assert len(events) >= 600 and sum(len(e["arguments"]) for e in events) >= 600
    assert sum(len(r["stances"]) for r in documents) >= 250
    assert sum(r["gold_from"] == "adjudicated" for r in documents) >= 15
    assert all(is_open_licence(r["licence"]) and r["source_sha256"] for r in documents)


def test_version_2_test_documents_are_doubly_annotated_and_adjudicated(loaded):
    """Every test document has two independent annotations and an adjudicated gold."""
    def doubly(split: str) -> set[str]:
        per_doc: dict[str, set[str]] = {}
        for row in loaded["annotations_raw"][split]:
            if not row["ground_truth"] and row["status"] == "raw":
                per_doc.setdefault(row["doc_id"], set()).add(row["annotator"])
        return {doc for doc, names in per_doc.items() if len(names) >= 2}

    test = list(loaded["documents"]["test"])
    assert test and doubly("test") == {row["doc_id"] for row in test}
    assert {row["gold_from"] for row in test} == {"adjudicated"}


def test_raw_annotations_are_published_beside_gold(loaded):
    raw = [row for s in SPLITS for row in loaded["annotations_raw"][s]]
    per_doc: dict[str, set[str]] = {}
    for row in raw:
        per_doc.setdefault(row["doc_id"], set()).add(row["annotator"])
    doubly = [doc for doc, annotators in per_doc.items() if len(annotators - {"adjudicator"}) >= 2]
    assert len(doubly) >= 15


def _digests(folder: Path) -> dict[str, str]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def test_committed_dataset_equals_a_rebuild_from_the_exports(tmp_path):
    assert main(["build", "--exports", str(EXPORTS), "-o", str(tmp_path / "dataset"), "--quiet"]) == 0
    assert _digests(tmp_path / "dataset") == _digests(DATASET)


def test_agreement_report_is_computed_from_the_export(tmp_path):
    (export,) = export_files(EXPORTS)
    reports = {}
    for name, options in (("agreement", ["--guideline", "1.0"]), ("agreement-test", ["--split", "test", "--guideline", "1.1"]),
                          ("agreement-validation", ["--split", "validation", "--guideline", "1.1"])):
        committed = json.loads((REPORTS / f"{name}.json").read_text(encoding="utf-8"))
        code = main(["agreement", str(export), *options, "--json", str(tmp_path / f"{name}.json")])
        assert code == (0 if committed["pairs"] else 1), name  # no pair to compare is reported as a failure
        fresh = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        fresh.pop("input", None), committed.pop("input", None)
        assert fresh == committed, name
        reports[name] = committed
    assert reports["agreement"]["documents"] >= 15  # v1's double annotation
    assert reports["agreement-test"]["documents"] == reports["agreement-test"]["pairs"] >= 7


def test_m2e2_check_is_current(tmp_path):
    assert main(["check-m2e2", "--exports", str(EXPORTS), "-o", str(tmp_path / "m2e2.json")]) == 0
    assert (tmp_path / "m2e2.json").read_text(encoding="utf-8") == (REPORTS / "m2e2_check.json").read_text(encoding="utf-8")


def test_datasheet_is_current():
    assert main(["datasheet", "--dataset", str(DATASET), "--agreement", str(REPORTS / "agreement.json"),
                 "--m2e2", str(REPORTS / "m2e2_check.json"), "-o", str(REPO / "DATASHEET.md"), "--check"]) == 0
