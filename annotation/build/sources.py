"""Read the committed Label Studio exports (``annotation/exports/*.json``) into corpus documents.

Label Studio records annotators as user ids; ``flashpoint ls pull`` writes ``<export>.users.json`` beside each export
(user id -> annotator name) so the build needs no server, and ``<export>.meta.json`` with the guideline version the
project was annotated under (Label Studio annotations have no field for it). Tasks that do not convert are reported
with their task id and left out, never dropped without a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotation.labelstudio.convert import task_to_document
from annotation.labelstudio.export import ExportError, meta_path_for, read_export, read_meta, read_users, users_path_for
from annotation.model import Document


@dataclass
class SourceReport:
    exports: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def export_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith((".users.json", ".meta.json")))


def read_exports(folder: Path, report: SourceReport) -> Iterator[Document]:
    for export in export_files(folder):
        yield from read_export_file(export, report)


def read_export_file(export: Path, report: SourceReport) -> Iterator[Document]:
    """The documents of one native export, with annotator names and guideline version from its sidecar files."""
    report.exports.append(str(export))
    users = read_users(users_path_for(export))
    guideline_version = read_meta(meta_path_for(export)).get("guideline_version", "")
    for item in read_export(export):
        if isinstance(item, ExportError):
            report.problems.append(str(item))
            continue
        conversion = task_to_document(item, users=users, guideline_version=guideline_version)
        for issue in conversion.issues:
            report.problems.append(f"{export.name}: {issue}")
        if conversion.document is not None:
            yield conversion.document
