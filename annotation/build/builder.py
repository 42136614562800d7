"""``flashpoint build``: exports -> gold documents -> splits -> one Parquet file per config and split + the card.

Two streamed passes, so memory does not grow with the rows:

1. read every document once, choose its gold set and keep only what the splitter needs (id, date, event-type counts,
   band keys of its word set: :class:`annotation.build.splits.StoryIndex`); then group stories and assign splits;
2. read the documents again and write their rows straight into one Parquet file per config and split, in batches
   (:class:`annotation.build.parquet.ParquetRowWriter`).

Rows are written in input order. The output is a function of the input alone: rebuilding gives byte-identical files
(checked by a test).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from annotation.build.features import CONFIGS, config_features
from annotation.build.gold import GoldChoice, NotAdjudicated, choose_gold
from annotation.build.parquet import ParquetRowWriter
from annotation.build.rows import RowReport, document_row, raw_rows, sentence_rows, stance_rows, with_boundaries
from annotation.build.splits import SPLITS, StoryIndex
from annotation.errors import FlashpointError
from annotation.model import Document
from annotation.schema import Schema, load_schema

DocumentSource = Collection[Document] | Callable[[], Iterable[Document]]


@dataclass
class BuildReport:
    documents: int = 0
    left_out: list[str] = field(default_factory=list)  # documents not in the dataset, with the reason
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # config -> split -> rows
    split_of: dict[str, str] = field(default_factory=dict)
    gold_from: Counter[str] = field(default_factory=Counter)
    licences: set[str] = field(default_factory=set)
    row_report: RowReport = field(default_factory=RowReport)


def parquet_path(out: Path, config: str, split: str) -> Path:
    return out / config / f"{split}-00000-of-00001.parquet"


def _read(source: DocumentSource) -> Iterable[Document]:
    if isinstance(source, Collection):
        return source
    if callable(source):
        return source()
    raise FlashpointError("build_dataset reads the documents twice: pass a list or a function that opens the stream")


def _gold_documents(source: DocumentSource, left_out: list[str] | None) -> Iterator[tuple[Document, GoldChoice]]:
    """Documents with their gold choice; those without one are reported into ``left_out`` (when given) and skipped."""
    for document in _read(source):
        try:
            yield document, choose_gold(document)
        except NotAdjudicated as error:
            if left_out is not None:
                left_out.append(str(error))


def build_dataset(source: DocumentSource, out: Path, *, schema: Schema | None = None, progress: bool = True) -> BuildReport:
    """Build ``out/<config>/<split>-00000-of-00001.parquet`` and ``out/splits.json`` from the documents.

    ``source`` is read twice: a list of documents, or a function returning a fresh iterable (e.g. ``iter_corpus``).
    """
    schema = schema or load_schema()
    report = BuildReport()
    seen: set[str] = set()
    with StoryIndex() as index:
        for document, choice in tqdm(_gold_documents(source, report.left_out), desc="build 1/2 splits", unit="doc",
                                     disable=not progress):
            if document.id in seen:
                raise FlashpointError(f"document {document.id} appears twice in the build input")
            seen.add(document.id)
            index.add(document.id, document.text, document.source.date, Counter(e.label for e in choice.gold.events),
                      str(document.meta.get("split", "")))
        del seen
        report.documents = len(index.ids)
        report.split_of = index.assign()
    for config in CONFIGS:
        shutil.rmtree(out / config, ignore_errors=True)
    with ExitStack() as stack:
        writers = {
            (config, split): stack.enter_context(ParquetRowWriter(parquet_path(out, config, split), config_features(config, schema)))
            for config in CONFIGS
            for split in SPLITS
        }
        for document, choice in tqdm(_gold_documents(source, None), desc="build 2/2 rows", unit="doc",
                                     total=report.documents, disable=not progress):
            split = report.split_of[document.id]
            document = with_boundaries(document)
            report.gold_from[choice.how] += 1
            report.licences.add(document.source.licence)
            writers["documents", split].write(document_row(document, choice, schema))
            for row in raw_rows(document, choice, schema):
                writers["annotations_raw", split].write(row)
            for entity_row, event_row in sentence_rows(document, choice.gold, report.row_report, schema=schema):
                writers["entities", split].write(entity_row)
                writers["events", split].write(event_row)
            for row in stance_rows(document, choice.gold, schema=schema):
                writers["stance", split].write(row)
    report.rows = {config: {split: writers[config, split].rows for split in SPLITS} for config in CONFIGS}
    (out / "splits.json").write_text(json.dumps(report.split_of, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return report
