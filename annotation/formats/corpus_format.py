"""``corpus.v1``: our own corpus JSON Lines (see :mod:`annotation.corpus`), as a reader/writer pair like the others."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotation.corpus import CorpusError, dumps, scan_corpus
from annotation.formats.errors import FormatError
from annotation.formats.report import Report, report_or_strict
from annotation.model import Document


def read(path: str | Path, *, report: Report | None = None) -> Iterator[Document]:
    report = report_or_strict(report)
    with open(path, encoding="utf-8") as handle:
        lines = None
        for number, item in scan_corpus(handle, str(path)):
            if isinstance(item, CorpusError):
                if lines is None:
                    with open(path, encoding="utf-8") as again:
                        lines = again.readlines()
                report.error(FormatError(item.path, item.line, item.message, record=item.doc_id, raw=lines[number - 1]))
                continue
            report.count("documents")
            yield item


def write(documents: Iterable[Document], path: str | Path, *, report: Report | None = None) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for document in documents:
            handle.write(dumps(document) + "\n")
            count += 1
    return count
