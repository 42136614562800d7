"""Push: create or update a project (found by title) with the generated config, import documents as tasks (with
predictions), and create the annotators' annotations as their own Label Studio users.

Idempotent: a document already in the project (same ``data.flashpoint.id``) is not imported again, and an annotation
set already there (same annotator and same result) is not created again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from annotation.errors import FlashpointError
from annotation.labelstudio.client import LabelStudioClient
from annotation.labelstudio.config import check_config, instructions, label_config
from annotation.labelstudio.convert import DATA_KEY, annotation_payload, provenance_items, region_items, task_data
from annotation.labelstudio.offsets import OffsetMap
from annotation.model import AnnotationSet, Document
from annotation.schema import Schema, load_schema


@dataclass(frozen=True, slots=True)
class PushReport:
    project_id: int
    created_project: bool
    imported: int
    skipped: int
    predictions: int


@dataclass(frozen=True, slots=True)
class AnnotateReport:
    project_id: int
    created: int
    skipped: int
    users: Mapping[str, int]


def ensure_project(client: LabelStudioClient, title: str, schema: Schema | None = None) -> tuple[Any, bool]:
    """The project titled ``title`` with our config (created, or its config and instructions updated)."""
    schema = schema or load_schema()
    xml = label_config(schema)
    try:
        check_config(xml)
    except ValueError as error:
        raise FlashpointError(str(error)) from error
    project = client.find_project(title)
    settings = {"label_config": xml, "expert_instruction": instructions(schema), "show_instruction": True}
    if project is None:
        created = client.call(f"create project {title!r}", client.sdk.projects.create, title=title, **settings)
        return created, True
    if (project.label_config or "").strip() != xml.strip():
        client.call(f"update the config of project {title!r}", client.sdk.projects.update, id=project.id, **settings)
    return project, False


def document_ids(client: LabelStudioClient, project_id: int) -> dict[str, int]:
    """Flashpoint document id -> Label Studio task id, for the tasks already in a project."""
    found: dict[str, int] = {}
    for task in client.tasks(project_id):
        fields = (task.data or {}).get(DATA_KEY) or {}
        if "id" in fields:
            found[str(fields["id"])] = int(task.id)
    return found


def push(
    client: LabelStudioClient,
    title: str,
    documents: Iterable[Document],
    predictions: Mapping[str, Iterable[AnnotationSet]] | None = None,
    *,
    schema: Schema | None = None,
    batch_size: int = 200,
) -> PushReport:
    """Import documents (text and fields only) as tasks, with prediction sets from ``predictions`` (doc id -> sets)."""
    for doc_id, offered in (predictions or {}).items():
        _refuse_non_predictions(doc_id, offered)  # before anything is imported: a refused push leaves no half project
    project, created = ensure_project(client, title, schema)
    existing = document_ids(client, project.id)
    batch: list[dict[str, Any]] = []
    imported = skipped = prediction_count = 0

    def flush() -> None:
        nonlocal batch
        if batch:
            client.call("import tasks", client.sdk.projects.import_tasks, id=project.id, request=batch, return_task_ids=True)
            batch = []

    for document in tqdm(documents, desc="push", unit="doc"):
        if document.id in existing:
            skipped += 1
            continue
        offsets = OffsetMap(document.text)
        sets = [*(a for a in document.annotations if a.provenance.status == "prediction"), *(predictions or {}).get(document.id, ())]
        _refuse_non_predictions(document.id, sets)
        task = {
            "data": task_data(document),
            "predictions": [_prediction(s, offsets) for s in sets],
        }
        prediction_count += len(sets)
        batch.append(task)
        imported += 1
        if len(batch) >= batch_size:
            flush()
    flush()
    return PushReport(project.id, created, imported, skipped, prediction_count)


class NotAPrediction(FlashpointError):
    """An annotator's or gold set offered as a model prediction: uploading it would show the labels to annotators."""


def _refuse_non_predictions(doc_id: str, sets: Iterable[AnnotationSet]) -> None:
    for annotation_set in sets:
        provenance = annotation_set.provenance
        if provenance.status != "prediction" or provenance.extra.get("ground_truth"):
            raise NotAPrediction(
                f"document {doc_id}: the annotation set of {provenance.annotator!r} has status {provenance.status!r}"
                f"{' (ground truth)' if provenance.extra.get('ground_truth') else ''}; only model predictions are pushed "
                "as pre-annotations (write them with flashpoint predict, which keeps nothing else)"
            )


def _prediction(annotation_set: AnnotationSet, offsets: OffsetMap) -> dict[str, Any]:
    payload = annotation_payload(annotation_set, offsets)
    return {key: payload[key] for key in ("model_version", "score", "result") if key in payload}


def annotate(client: LabelStudioClient, title: str, documents: Iterable[Document]) -> AnnotateReport:
    """Create every raw annotation set in the task of its document, ``completed_by`` the annotator's own user.

    Label Studio 1.23 lets an organisation owner create an annotation with ``completed_by`` set to another member
    (``POST /api/tasks/{id}/annotations/``), so the annotation belongs to that user in the UI, in agreement and in
    every export. The annotator's user is created when missing (``<name>@flashpoint.local``).
    """
    project = client.project(title)
    tasks = document_ids(client, project.id)
    users: dict[str, int] = {}
    created = skipped = 0
    for document in tqdm(documents, desc="annotate", unit="doc"):
        raw_sets = [a for a in document.annotations if a.provenance.status == "raw"]
        if not raw_sets:
            continue
        task_id = tasks.get(document.id)
        if task_id is None:
            raise FlashpointError(f"document {document.id} is not a task of project {title!r}; push it first")
        present = client.call("list annotations", client.sdk.annotations.list, id=task_id)
        offsets = OffsetMap(document.text)
        for annotation_set in raw_sets:
            annotator = annotation_set.provenance.annotator
            if annotator not in users:
                users[annotator] = client.ensure_user(annotator)
            result = region_items(annotation_set, offsets) + provenance_items(annotation_set)
            if any(a.completed_by == users[annotator] and a.result == result for a in present):
                skipped += 1
                continue
            extra = annotation_set.provenance.extra
            arguments: dict[str, Any] = {"result": result, "completed_by": users[annotator]}
            for key in ("lead_time", "was_cancelled", "ground_truth"):
                if key in extra:
                    arguments[key] = extra[key]
            client.call(f"create the annotation of {annotator!r} on task {task_id}", client.sdk.annotations.create, id=task_id, **arguments)
            created += 1
    return AnnotateReport(project.id, created, skipped, users)
