"""Streaming over record files (JSON Lines) with one error per bad record and the good records still coming."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from annotation.formats.errors import FormatError
from annotation.formats.report import Report
from annotation.model import ModelError

T = TypeVar("T")


def json_lines(path: str | Path, report: Report, *, encoding: str = "utf-8") -> Iterator[tuple[int, str, Any]]:
    """Yield ``(line number, raw line, parsed JSON)`` for each non-blank line; bad JSON goes to the report."""
    with open(path, encoding=encoding, newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, line, json.loads(line)
            except json.JSONDecodeError as error:
                report.error(FormatError(str(path), number, f"not valid JSON: {error.msg} at column {error.colno}", raw=line))


def convert_record(build: Callable[[], T], *, path: str | Path, line: int, record: str, raw: str, report: Report) -> T | None:
    """Run ``build()``; turn a missing field, a wrong type or an inconsistent span into a located error."""
    try:
        return build()
    except FormatError as error:
        if not error.raw:
            error.raw = raw
        report.error(error)
    except KeyError as error:
        report.error(FormatError(str(path), line, f"missing field {error}", record=record, raw=raw))
    except (TypeError, ValueError, IndexError, AttributeError, ModelError) as error:
        report.error(FormatError(str(path), line, f"{type(error).__name__}: {error}", record=record, raw=raw))
    return None


def documents_from_json_lines(
    path: str | Path, report: Report, id_key: str, build: Callable[[Any, int], T | None], *, default_id: str = ""
) -> Iterator[T]:
    """The shared reader loop: each record of a JSON Lines file -> ``build(record, line)``, errors located and kept.

    ``id_key`` names the record's id field (for error messages); a record without it is called ``default_id-LINE``.
    """
    for line, raw_line, raw in json_lines(path, report):
        record = record_id(raw, id_key) or (f"{default_id}-{line}" if default_id else "")
        document = convert_record(partial(build, raw, line), path=path, line=line, record=record, raw=raw_line, report=report)
        if document is not None:
            yield document


def record_id(raw: Any, *keys: str) -> str:
    """The first of ``keys`` present in a JSON object, as a string (for error messages)."""
    if isinstance(raw, dict):
        for key in keys:
            if key in raw:
                return str(raw[key])
    return ""
