"""Pull: a snapshot export of every task with all annotations (all annotators) and full predictions, written as the
native JSON export (deterministic: tasks, annotations and predictions in id order, keys sorted) and as a corpus.

Large projects: the snapshot is built by the server in the background and downloaded as a stream, never paged in
memory by the client. Resumable: the snapshot id is kept in ``<export>.snapshot.json`` until the export file is
written, so an interrupted pull downloads the same snapshot again instead of building a new one; a finished pull
removes it. Idempotent: pulling an unchanged project gives the same bytes.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.errors import FlashpointError
from annotation.labelstudio.client import LabelStudioClient
from annotation.labelstudio.export import (
    ConversionReport,
    ExportError,
    convert_export,
    meta_path_for,
    parse_export,
    users_path_for,
    write_export,
    write_meta,
    write_users,
)


@dataclass(frozen=True, slots=True)
class PullReport:
    project_id: int
    snapshot_id: int
    tasks: int
    export_path: str
    conversion: ConversionReport | None


def _state_path(export_path: Path) -> Path:
    return Path(f"{export_path}.snapshot.json")


def snapshot(client: LabelStudioClient, project_id: int, export_path: Path, *, wait_s: float = 600.0) -> int:
    """The id of a completed snapshot export (the one an interrupted pull left, else a new one)."""
    state = _state_path(export_path)
    if state.exists():
        saved = json.loads(state.read_text(encoding="utf-8"))
        if saved.get("project") == project_id:
            return int(saved["snapshot"])
    created = client.call(
        "create a snapshot export",
        client.sdk.projects.exports.create,
        project_id,
        title="flashpoint pull",
        serialization_options={"predictions": {"only_id": False}, "drafts": {"only_id": True}},
    )
    if created.id is None:
        raise FlashpointError(f"Label Studio did not return an id for the snapshot export of project {project_id}")
    deadline = time.monotonic() + wait_s
    while True:
        status = client.call("check the snapshot export", client.sdk.projects.exports.get, project_id, created.id).status
        if status == "completed":
            break
        if status == "failed":
            raise FlashpointError(f"Label Studio could not build the snapshot export {created.id} of project {project_id}")
        if time.monotonic() > deadline:
            raise FlashpointError(f"snapshot export {created.id} not ready after {wait_s:.0f} s; run pull again to resume")
        time.sleep(0.5)
    export_path.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps({"project": project_id, "snapshot": created.id}), encoding="utf-8")
    return int(created.id)


def download(client: LabelStudioClient, project_id: int, snapshot_id: int, target: Path) -> None:
    """Stream a snapshot to a file (written beside, then renamed, so a broken download leaves no half file)."""
    partial = Path(f"{target}.part")
    with open(partial, "wb") as handle:
        chunks = client.call("download the snapshot", client.sdk.projects.exports.download, project_id, snapshot_id, export_type="JSON")
        for chunk in chunks:
            handle.write(chunk)
    partial.replace(target)


def pull(
    client: LabelStudioClient,
    title: str,
    export_path: str | Path,
    corpus_path: str | Path | None = None,
    *,
    repair: bool = False,
    guideline_version: str = "",
) -> PullReport:
    export_path = Path(export_path)
    project = client.project(title)
    snapshot_id = snapshot(client, project.id, export_path)
    raw = Path(f"{export_path}.download")
    download(client, project.id, snapshot_id, raw)
    tasks: list[dict[str, Any]] = []
    for item in parse_export(raw.read_text(encoding="utf-8"), str(raw)):
        if isinstance(item, ExportError):
            raise FlashpointError(f"the downloaded snapshot is broken ({item}); run pull again")
        tasks.append(item)
    count = write_export(tasks, export_path)
    users = client.user_names()
    completed_by = [a.get("completed_by") for task in tasks for a in task.get("annotations") or ()]
    annotators = {c.get("id") if isinstance(c, dict) else c for c in completed_by}
    write_users({user_id: name for user_id, name in users.items() if user_id in annotators}, users_path_for(export_path))
    if guideline_version:
        write_meta({"guideline_version": guideline_version}, meta_path_for(export_path))
    raw.unlink()
    _state_path(export_path).unlink(missing_ok=True)
    conversion = None
    if corpus_path is not None:
        conversion = convert_export(export_path, corpus_path, users=users, repair=repair, guideline_version=guideline_version)
    return PullReport(project.id, snapshot_id, count, str(export_path), conversion)
