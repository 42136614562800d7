"""``flashpoint convert``: from one registered format to another, record by record, bad records kept aside."""

from __future__ import annotations

import argparse
import sys

HELP = "convert between formats (brat, conll, spanjsonl, corpus) and import external gold (wikievents, rams, m2e2, ...)"
DESCRIPTION = (
    "Convert IN (a file or folder in the --from format) to OUT (--to format). Each bad record is reported with its "
    "file and line and written to OUT.rejects; the good ones are still converted. Unmapped external labels, spans "
    "moved by --align and items the output format cannot hold are listed in a summary on stderr."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", required=True, metavar="FORMAT", help="reader name, e.g. brat.v1, wikievents.v1")
    parser.add_argument("--to", dest="target", required=True, metavar="FORMAT", help="writer name, e.g. corpus.v1, conll.v1")
    parser.add_argument("input", metavar="IN", help="input file or folder")
    parser.add_argument("output", metavar="OUT", help="output file (a folder for brat)")
    parser.add_argument("--align", choices=("strict", "contract", "expand"), default="strict", help="conll: spans off token boundaries")
    parser.add_argument("--layer", choices=("entities", "events"), default="entities", help="conll/spanjsonl: which layer")
    parser.add_argument("--scheme", choices=("IOB2", "IOBES"), default="IOB2", help="conll tagging scheme")
    parser.add_argument("--annotator", help="the annotation set to write (default: the gold one, else the first)")
    parser.add_argument("--min-confidence", type=float, default=0.5, help="re3d: keep annotations at least this confident")


def reader_options(name: str, args: argparse.Namespace) -> dict[str, object]:
    base = name.split(".v")[0]
    if base == "conll":
        return {"layer": args.layer, "scheme": args.scheme}
    if base == "spanjsonl":
        return {"layer": args.layer}
    if base == "re3d":
        return {"min_confidence": args.min_confidence}
    return {}


def writer_options(name: str, args: argparse.Namespace) -> dict[str, object]:
    base = name.split(".v")[0]
    if base == "conll":
        return {"layer": args.layer, "scheme": args.scheme, "align_mode": args.align, "annotator": args.annotator}
    if base == "spanjsonl":
        return {"layer": args.layer, "annotator": args.annotator}
    if base == "brat":
        return {"annotator": args.annotator}
    return {}


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tqdm import tqdm

    from annotation.errors import FlashpointError
    from annotation.formats import reader, writer
    from annotation.formats.report import Report

    read, write = reader(args.source), writer(args.target)
    if not Path(args.input).exists():
        raise FlashpointError(f"{args.input}: no such file or folder")
    report = Report()
    documents = tqdm(read(args.input, report=report, **reader_options(args.source, args)), unit=" docs", disable=None, file=sys.stderr)
    written = write(documents, args.output, report=report, **writer_options(args.target, args))
    rejects = Path(f"{args.output.rstrip('/')}.rejects")
    if report.errors:
        with open(rejects, "w", encoding="utf-8", newline="") as handle:
            for error in report.errors:
                handle.write(f"# {error}\n")
                if error.raw:
                    handle.write(error.raw if error.raw.endswith("\n") else error.raw + "\n")
    summary = report.summary()
    if summary:
        print(summary, file=sys.stderr)
    print(
        f"{args.input} -> {args.output}: {written} document(s) written"
        + (f", {len(report.errors)} bad record(s) kept in {rejects}" if report.errors else ""),
        file=sys.stderr,
    )
    return 1 if report.errors else 0
