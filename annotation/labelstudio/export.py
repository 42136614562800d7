"""Label Studio JSON export files: streaming read (truncation-tolerant), deterministic write, and conversion to a corpus.

``read_export`` yields tasks one at a time from a JSON array (Label Studio's native export), a JSON Lines file
(one task per line), or a single task object; a malformed or truncated file yields an :class:`ExportError` at the
point where it breaks, after every complete task before it. ``convert_export`` writes the converted corpus and
puts every task that cannot be carried whole aside in ``<corpus>.rejects.jsonl`` with its errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from annotation.corpus import write_corpus
from annotation.labelstudio.convert import Issue, TaskConversion, task_to_document
from annotation.model import Document
from annotation.schema import Schema


@dataclass(frozen=True, slots=True)
class ExportError(ValueError):
    """A part of an export file that is not a task: where it is and why."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def looks_like_export(path: str | Path) -> bool:
    """Whether a file holds Label Studio tasks rather than corpus documents, judged by its content.

    An export is a JSON array, or task objects (a ``data`` object and no top-level ``text``) one per line.
    """
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    stripped = text.lstrip()
    if stripped.startswith("["):
        return True
    for item in parse_export(stripped.split("\n", 1)[0] if "\n" in stripped else stripped):
        return isinstance(item, dict) and isinstance(item.get("data"), dict) and "text" not in item
    return False


def parse_export(text: str, path: str = "<export>") -> Iterator[dict[str, Any] | ExportError]:
    """Tasks of an export held in a string, streaming; stops with an :class:`ExportError` where the JSON breaks."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if position == len(text):
        return
    in_array = text[position] == "["
    if in_array:
        position = _skip_space(text, position + 1)
    index = 0
    while position < len(text):
        if in_array and text[position] == "]":
            return
        try:
            task, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            yield _error(text, path, error.pos, f"not valid JSON after {index} complete task(s) (truncated file?): {error.msg}")
            return
        if isinstance(task, dict):
            yield task
        else:
            yield _error(text, path, position - 1, f"item {index} is a {type(task).__name__}, not a task object")
        index += 1
        position = _skip_space(text, position)
        if in_array:
            if position < len(text) and text[position] == ",":
                position = _skip_space(text, position + 1)
            elif position >= len(text) or text[position] != "]":
                yield _error(text, path, position, f"the task array is not closed after {index} task(s) (truncated file?)")
                return
    if in_array:
        yield _error(text, path, len(text), f"the task array is not closed after {index} task(s) (truncated file?)")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _error(text: str, path: str, position: int, message: str) -> ExportError:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return ExportError(path, line, column, message)


def read_export(path: str | Path) -> Iterator[dict[str, Any] | ExportError]:
    """Tasks of an export file (see :func:`parse_export`)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    yield from parse_export(text, str(path))


def _by_id(item: Any) -> tuple[int, str]:
    ident = item.get("id") if isinstance(item, Mapping) else item
    return (0, f"{ident:020d}") if isinstance(ident, int) else (1, str(ident))


def normalise_task(task: Mapping[str, Any]) -> dict[str, Any]:
    """A task with its annotations and predictions in id order (for committable, deterministic exports)."""
    result = dict(task)
    for key in ("annotations", "predictions", "drafts"):
        if isinstance(result.get(key), list):
            result[key] = sorted(result[key], key=_by_id)
    return result


def write_export(tasks: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """Write tasks as a native JSON export, sorted by task id, keys sorted: the same tasks give the same bytes."""
    ordered = sorted((normalise_task(task) for task in tasks), key=_by_id)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("[\n")
        for number, task in enumerate(ordered):
            handle.write(json.dumps(task, ensure_ascii=False, sort_keys=True, indent=1))
            handle.write(",\n" if number < len(ordered) - 1 else "\n")
        handle.write("]\n")
    return len(ordered)


@dataclass(frozen=True, slots=True)
class ConversionReport:
    """What a conversion of an export did: how many tasks became documents, which were put aside, every issue."""

    converted: int
    rejected: int
    issues: tuple[Issue, ...] = ()
    export_errors: tuple[ExportError, ...] = ()
    rejects_path: str = ""
    documents: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.rejected == 0 and not self.export_errors


def meta_path_for(export: str | Path) -> Path:
    """Where the pull's own record of an export lives (``X.json`` -> ``X.meta.json``): the guideline version."""
    export = Path(export)
    return export.with_name(export.name.removesuffix(".json") + ".meta.json")


def write_meta(meta: Mapping[str, str], path: str | Path) -> None:
    Path(path).write_text(json.dumps(dict(meta), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_meta(path: str | Path) -> dict[str, str]:
    """What the pull recorded beside an export (Label Studio annotations have no field for the guideline version)."""
    path = Path(path)
    return {str(k): str(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()} if path.is_file() else {}


def users_path_for(export: str | Path) -> Path:
    """Where the user id -> annotator name map of an export lives (``X.json`` -> ``X.users.json``)."""
    export = Path(export)
    return export.with_name(export.name.removesuffix(".json") + ".users.json")


def write_users(users: Mapping[int, str], path: str | Path) -> None:
    Path(path).write_text(json.dumps({str(k): v for k, v in sorted(users.items())}, indent=1) + "\n", encoding="utf-8")


def read_users(path: str | Path) -> dict[int, str]:
    """The user map beside an export, if any: Label Studio exports name annotators only by user id."""
    path = Path(path)
    if not path.is_file():
        return {}
    return {int(user_id): str(name) for user_id, name in json.loads(path.read_text(encoding="utf-8")).items()}


def rejects_path_for(out: str | Path) -> Path:
    return Path(f"{out}.rejects.jsonl")


def convert_export(
    export: str | Path | Iterable[dict[str, Any] | ExportError],
    out: str | Path,
    *,
    users: Mapping[int, str] | None = None,
    repair: bool = False,
    schema: Schema | None = None,
    guideline_version: str = "",
    progress: bool = False,
) -> ConversionReport:
    """Convert an export (a path or an iterable of tasks) into a corpus file at ``out``; rejects go beside it."""
    items = read_export(export) if isinstance(export, str | Path) else export
    issues: list[Issue] = []
    export_errors: list[ExportError] = []
    rejects = rejects_path_for(out)
    rejected = 0
    documents: list[Document] = []
    with open(rejects, "w", encoding="utf-8", newline="\n") as reject_handle:
        for item in tqdm(items, desc="convert", unit="task", disable=not progress):
            if isinstance(item, ExportError):
                export_errors.append(item)
                reject_handle.write(json.dumps({"export_error": str(item)}, ensure_ascii=False) + "\n")
                continue
            conversion: TaskConversion = task_to_document(
                item, users=users, repair=repair, schema=schema, guideline_version=guideline_version
            )
            issues.extend(conversion.issues)
            if conversion.document is None:
                rejected += 1
                record = {"task": item, "errors": [str(issue) for issue in conversion.errors]}
                reject_handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            else:
                documents.append(conversion.document)
    if not rejected and not export_errors:
        rejects.unlink()
    write_corpus(documents, out)
    return ConversionReport(
        converted=len(documents),
        rejected=rejected,
        issues=tuple(issues),
        export_errors=tuple(export_errors),
        rejects_path=str(rejects) if rejects.exists() else "",
        documents=tuple(d.id for d in documents),
    )
