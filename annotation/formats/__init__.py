"""Converters between our corpus and other tools' formats, and importers of external gold, by versioned name.

``READERS[name](path, *, report=None, **options) -> Iterator[Document]`` streams documents; without a
:class:`~annotation.formats.report.Report` the first bad record raises :class:`~annotation.formats.errors.FormatError`
(file, line, record), with one it is collected there and reading goes on. ``WRITERS[name](documents, path, *,
report=None, **options) -> int`` writes and returns how many documents were written. The names are pinned by a test;
a changed format gets a new version (``"brat.v2"``), never a silent change under an old name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from annotation.formats import (
    brat,
    conll,
    corpus_format,
    ecbplus,
    m2e2,
    meantime,
    newsmtsc,
    rams,
    re3d,
    spanjsonl,
    wikievents,
)
from annotation.formats.errors import FormatError
from annotation.formats.report import Report
from annotation.model import Document

Reader = Callable[..., Iterator[Document]]
Writer = Callable[..., int]

READERS: dict[str, Reader] = {
    "corpus.v1": corpus_format.read,
    "brat.v1": brat.read,
    "conll.v1": conll.read,
    "spanjsonl.v1": spanjsonl.read,
    "wikievents.v1": wikievents.read,
    "rams.v1": rams.read,
    "m2e2.v1": m2e2.read,
    "re3d.v1": re3d.read,
    "ecbplus.v1": ecbplus.read,
    "meantime.v1": meantime.read,
    "newsmtsc.v1": newsmtsc.read,
}

WRITERS: dict[str, Writer] = {
    "corpus.v1": corpus_format.write,
    "brat.v1": brat.write,
    "conll.v1": conll.write,
    "spanjsonl.v1": spanjsonl.write,
}


def reader(name: str) -> Reader:
    """The reader registered as ``name`` (``"brat"`` means its only version, ``"brat.v1"``)."""
    return _lookup(READERS, name, "reader")


def writer(name: str) -> Writer:
    return _lookup(WRITERS, name, "writer")


def _lookup(table: dict[str, Any], name: str, what: str) -> Any:
    if name in table:
        return table[name]
    versions = sorted(key for key in table if key.split(".v")[0] == name)
    if len(versions) == 1:
        return table[versions[0]]
    raise FormatError(name, 0, f"no {what} named {name!r}; known: {', '.join(sorted(table))}")


__all__ = ["READERS", "WRITERS", "FormatError", "Report", "reader", "writer"]
