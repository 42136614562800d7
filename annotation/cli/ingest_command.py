"""``flashpoint ingest``: raw articles (plain text or HTML files, or the M2E2 VOA records) to a corpus JSONL file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotation.model import Document

HELP = "turn raw articles (plain text or HTML; directories expand to their files) into a corpus JSONL file"
DESCRIPTION = (
    "Ingest articles: repair encoding damage (ftfy), extract the story from HTML (trafilatura) or plain text, "
    "record every removed region with its reason, split sentences and tokens (syntok) and write one document per "
    "line. A file that cannot be ingested (empty, binary, not UTF-8, HTML without an article) is reported on one "
    "line naming it; the other files are still written and the exit status is 1."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or directories (searched recursively)")
    parser.add_argument("-o", "--output", required=True, help="corpus JSON Lines file to write")
    parser.add_argument("--licence", default="unknown", help="licence of the articles (default: unknown)")
    parser.add_argument("--outlet", default="", help="news outlet, when the files do not say")
    parser.add_argument("--url", default="", help="source URL (for a single article), when the file does not say")
    parser.add_argument("--date", default="", help="publication date (YYYY-MM-DD), when the file does not say")
    parser.add_argument(
        "--voa", metavar="FOLDER", help="also import the M2E2 VOA articles of FOLDER (text only, public domain)"
    )


def run(args: argparse.Namespace) -> int:
    from annotation.corpus import write_corpus
    from annotation.errors import FlashpointError

    if not args.paths and not args.voa:
        raise FlashpointError("nothing to ingest: give article files or directories, or --voa FOLDER")
    failures: list[str] = []
    documents = _documents(args, failures)
    count = write_corpus(documents, args.output)
    print(f"{args.output}: {count} document(s) written, {len(failures)} file(s) failed", file=sys.stderr)
    return 1 if failures else 0


def expand_paths(paths: Sequence[str]) -> Iterator[Path]:
    """Files as given; directories as their non-hidden files, recursively, in sorted order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in relative):
                    yield found
        else:
            yield path


def _documents(args: argparse.Namespace, failures: list[str]) -> Iterator[Document]:
    from tqdm import tqdm

    from annotation.ingest import IngestError, IngestOptions, ingest_file

    seen: set[str] = set()
    if args.voa:
        from annotation.ingest.voa import read_voa_articles

        for document in read_voa_articles(Path(args.voa)):
            seen.add(document.id)
            yield document
    files = list(expand_paths(args.paths))
    for path in tqdm(files, desc="ingest", unit="file", disable=len(files) < 20, file=sys.stderr):
        try:
            if not path.exists():
                raise IngestError(path, "no such file or directory")
            document = ingest_file(
                path, IngestOptions(licence=args.licence, outlet=args.outlet, url=args.url, date=args.date)
            )
        except IngestError as error:
            failures.append(str(path))
            print(f"flashpoint ingest: error: {error}", file=sys.stderr)
            continue
        if document.id in seen:  # two files with the same name in different folders
            document = _with_id(document, f"{document.id}-{document.source.sha256[:8]}")
        seen.add(document.id)
        yield document


def _with_id(document: Document, doc_id: str) -> Document:
    from dataclasses import replace

    return replace(document, id=doc_id)
