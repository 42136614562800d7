"""``flashpoint build``: exports -> gold documents -> splits -> one Parquet file per config and split + the card.

The output is a function of the exports alone: rebuilding gives byte-identical files (checked by a test).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasets import Dataset
from tqdm import tqdm

from annotation.build.features import CONFIGS, config_features
from annotation.build.gold import GoldChoice, NotAdjudicated, choose_gold
from annotation.build.rows import RowReport, document_row, raw_rows, sentence_rows, stance_rows
from annotation.build.splits import SPLITS, SplitItem, assign_splits
from annotation.model import Document
from annotation.schema import Schema, load_schema


@dataclass
class BuildReport:
    documents: int = 0
    left_out: list[str] = field(default_factory=list)  # documents not in the dataset, with the reason
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # config -> split -> rows
    split_of: dict[str, str] = field(default_factory=dict)
    gold_from: Counter[str] = field(default_factory=Counter)
    row_report: RowReport = field(default_factory=RowReport)


def parquet_path(out: Path, config: str, split: str) -> Path:
    return out / config / f"{split}-00000-of-00001.parquet"


def build_dataset(documents: Iterable[Document], out: Path, *, schema: Schema | None = None, progress: bool = True) -> BuildReport:
    schema = schema or load_schema()
    report = BuildReport()
    chosen: list[tuple[Document, GoldChoice]] = []
    for document in documents:
        try:
            chosen.append((document, choose_gold(document)))
        except NotAdjudicated as error:
            report.left_out.append(str(error))
    chosen.sort(key=lambda pair: pair[0].id)
    report.documents = len(chosen)
    report.split_of = assign_splits(
        [
            SplitItem(doc.id, doc.text, doc.source.date, Counter(e.label for e in choice.gold.events))
            for doc, choice in chosen
        ]
    )
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {c: {s: [] for s in SPLITS} for c in CONFIGS}
    for document, choice in tqdm(chosen, desc="build", unit="doc", disable=not progress):
        split = report.split_of[document.id]
        report.gold_from[choice.how] += 1
        rows["documents"][split].append(document_row(document, choice, schema))
        rows["annotations_raw"][split].extend(raw_rows(document, choice, schema))
        for entity_row, event_row in sentence_rows(document, choice.gold, report.row_report):
            rows["entities"][split].append(entity_row)
            rows["events"][split].append(event_row)
        rows["stance"][split].extend(stance_rows(document, choice.gold))
    for config in CONFIGS:
        shutil.rmtree(out / config, ignore_errors=True)
        features = config_features(config, schema)
        report.rows[config] = {}
        for split in SPLITS:
            path = parquet_path(out, config, split)
            path.parent.mkdir(parents=True, exist_ok=True)
            Dataset.from_list(rows[config][split], features=features).to_parquet(str(path))
            report.rows[config][split] = len(rows[config][split])
    (out / "splits.json").write_text(json.dumps(report.split_of, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return report
