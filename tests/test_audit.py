"""The blind-audit sheets list every gold item, and scoring counts verdicts and misses per layer."""

from __future__ import annotations

import json

import pytest

from annotation.audit import AuditError, audit_sheet, read_sheets, score_audits
from annotation.cli import main
from annotation.corpus import write_corpus
from tests.labelstudio_fixtures import emoji_document, plain_document


def test_sheet_lists_every_gold_item_and_scoring_counts_verdicts(tmp_path):
    documents = [plain_document("adjudicator", ground_truth=True), emoji_document("adjudicator", ground_truth=True)]
    corpus = tmp_path / "c.jsonl"
    write_corpus(documents, corpus)
    assert main(["audit", "sheets", str(corpus), "doc-plain", "doc-emoji", "-o", str(tmp_path / "sheets")]) == 0
    sheet = json.loads((tmp_path / "sheets" / "doc-plain.json").read_text())
    gold = documents[0].annotations[0]
    layers = [item["layer"] for item in sheet["items"]]
    assert layers.count("entities") == len(gold.entities) and layers.count("events") == len(gold.events)
    assert layers.count("arguments") == sum(len(e.arguments) for e in gold.events) and layers.count("stance") == len(gold.stances)
    assert all(item["verdict"] is None for item in sheet["items"])

    with pytest.raises(AuditError, match="verdict None"):
        read_sheets([tmp_path / "sheets" / "doc-plain.json"])
    sheet["auditor"] = "auditor-1"
    for item in sheet["items"]:
        item["verdict"] = "right"
    entity_items = [i for i in sheet["items"] if i["layer"] == "entities"]
    entity_items[0]["verdict"], entity_items[1]["verdict"] = "wrong", "questionable"
    sheet["misses"] = [{"layer": "entities", "s": 0, "text": "rallied", "label": "PER"}]
    filled = tmp_path / "filled.json"
    filled.write_text(json.dumps(sheet))
    report = score_audits(read_sheets([filled]), n_resamples=20)
    row = report["layers"]["entities"]
    n = len(gold.entities)
    assert (row["items"], row["right"], row["wrong"], row["questionable"], row["misses"]) == (n, n - 2, 1, 1, 1)
    assert row["precision"] == pytest.approx((n - 2) / n, abs=1e-4) and row["precision_lenient"] == pytest.approx((n - 1) / n, abs=1e-4)
    assert row["recall"] == pytest.approx((n - 1) / n, abs=1e-4)
    assert report["layers"]["events"]["precision"] == 1.0


def test_audit_sheet_of_a_document_without_stance_has_no_stance_items():
    document = plain_document("adjudicator", ground_truth=True)
    gold = document.annotations[0]
    from dataclasses import replace

    sheet = audit_sheet(document, replace(gold, stances=()))
    assert not [i for i in sheet["items"] if i["layer"] == "stance"]
