"""``flashpoint build``: build ``dataset/`` (Parquet + card) from the committed Label Studio exports."""

from __future__ import annotations

import argparse
import sys

HELP = "build the Hugging Face dataset (Parquet per config and split, dataset card) from the Label Studio exports"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exports", default="annotation/exports", help="folder of native Label Studio JSON exports")
    parser.add_argument("--corpus", help="build from a corpus JSONL instead of exports (for tests and experiments)")
    parser.add_argument("-o", "--output", default="dataset", help="output folder (default dataset/)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from annotation.build.builder import build_dataset
    from annotation.build.card import render_card
    from annotation.build.sources import SourceReport, export_files, read_exports
    from annotation.corpus import iter_corpus
    from annotation.errors import FlashpointError
    from annotation.model import Document
    from annotation.schema import load_schema

    out = Path(args.output)
    sources = SourceReport()
    documents: Callable[[], Iterable[Document]]  # the build reads its input twice (splits, then rows)
    if args.corpus:
        corpus = args.corpus
        documents = lambda: iter_corpus(corpus)  # noqa: E731
    else:
        folder = Path(args.exports)
        if not export_files(folder):
            raise FlashpointError(f"{folder}: no Label Studio exports (*.json) to build from")
        reports = [sources, SourceReport()]  # problems are reported from the first pass only
        documents = lambda: read_exports(folder, reports.pop(0) if len(reports) > 1 else reports[0])  # noqa: E731
    schema = load_schema()
    report = build_dataset(documents, out, schema=schema, progress=not args.quiet)
    licences = sorted(report.licences)
    (out / "README.md").write_text(render_card(schema, report.rows, licences), encoding="utf-8")
    for problem in [*sources.problems, *report.left_out]:
        print(f"flashpoint build: {problem}", file=sys.stderr)
    rows = report.row_report
    print(f"built {report.documents} documents into {out}/ ({dict(report.gold_from)})")
    for config, splits in report.rows.items():
        print(f"  {config:16} " + "  ".join(f"{split} {count}" for split, count in splits.items()))
    if rows.widened or rows.not_in_tags or rows.cross_sentence:
        print(f"  spans widened to token boundaries in BIO: {dict(rows.widened)}; nested spans kept out of BIO tags: "
              f"{len(rows.not_in_tags)}; spans/arguments outside their sentence: {len(rows.cross_sentence)}")
    return 1 if report.left_out or sources.problems else 0

