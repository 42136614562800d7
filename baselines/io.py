"""Reading corpus files for training and prediction: every bad line reported with its place, good ones kept."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from annotation.corpus import CorpusError, scan_corpus
from annotation.errors import FlashpointError
from annotation.model import AnnotationSet, Document


def read_documents(path: Path) -> tuple[list[Document], list[tuple[CorpusError, str]]]:
    """The documents of a corpus file, and each unreadable line with its error (the raw line kept for the caller)."""
    if not path.is_file():
        raise FlashpointError(f"{path}: no such file")
    documents: list[Document] = []
    rejected: list[tuple[CorpusError, str]] = []
    with open(path, encoding="utf-8") as handle:
        lines = handle.readlines()
    for number, item in scan_corpus(io.StringIO("".join(lines)), str(path)):
        if isinstance(item, CorpusError):
            rejected.append((item, lines[number - 1]))
        else:
            documents.append(item)
    return documents, rejected


def gold_training_data(path: Path) -> tuple[list[Document], list[AnnotationSet]]:
    """Documents and their gold sets; any unreadable line or document without a gold set stops training."""
    documents, rejected = read_documents(path)
    for error, _ in rejected:
        print(error, file=sys.stderr)
    without_gold = [document.id for document in documents if document.gold() is None]
    if rejected or without_gold:
        problems = [f"{len(rejected)} unreadable line(s)"] if rejected else []
        if without_gold:
            problems.append(f"{len(without_gold)} document(s) without a gold annotation set (first: {', '.join(without_gold[:3])})")
        raise FlashpointError(f"{path}: cannot train on it: {'; '.join(problems)}")
    if not documents:
        raise FlashpointError(f"{path}: no documents to train on")
    gold = [document.gold() for document in documents]
    return documents, [g for g in gold if g is not None]
