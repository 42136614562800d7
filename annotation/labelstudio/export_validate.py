"""Check a Label Studio export against the Flashpoint schema; every problem with its task id and region id.

Structural problems (no ``data.text``, a region out of range or whose text does not match, a relation to a missing
region, an argument that is not an entity, a stance without holder or target, ...) come from the converter. Tasks that
convert are then checked like corpus documents (unknown labels, roles not allowed for the event type, role fillers
of the wrong type, holder types); tasks that do not convert still get their labels checked directly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.corpus import document_to_dict
from annotation.labelstudio.config import CONTROLS
from annotation.labelstudio.convert import ERROR, HOLDER, TARGET, task_to_document
from annotation.labelstudio.export import ExportError, read_export
from annotation.schema import Schema, load_schema
from annotation.validate import validate_record


@dataclass(frozen=True, slots=True)
class ExportProblem:
    """One thing wrong in an export: task, where in it, and what."""

    task_id: str
    where: str  # "annotation 3", "prediction 5" or "" (the task itself)
    region_id: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        parts = [f"task {self.task_id}", self.where, f"region {self.region_id}" if self.region_id else ""]
        return " ".join(p for p in parts if p) + f": {self.message}"


def validate_export(path: str | Path, schema: Schema | None = None, *, warnings: bool = True) -> Iterator[ExportProblem]:
    """Every problem in an export file, task by task (a truncated file reports where it breaks)."""
    schema = schema or load_schema()
    for item in read_export(path):
        if isinstance(item, ExportError):
            yield ExportProblem("-", "", "", str(item))
        else:
            yield from validate_task(item, schema, warnings=warnings)


def validate_task(task: Mapping[str, Any], schema: Schema, *, warnings: bool = True) -> Iterator[ExportProblem]:
    conversion = task_to_document(task, schema=schema)
    for issue in conversion.issues:
        if warnings or issue.severity == ERROR:
            yield ExportProblem(issue.task_id, issue.annotation_id, issue.region_id, issue.message, issue.severity)
    if conversion.document is not None:
        record = document_to_dict(conversion.document)
        names = [_where(a["provenance"]) for a in record["annotations"]]
        for problem in validate_record(record, 0, schema):
            where = next((name for name in names if f"[{name[1]}]" in problem.message), ("", ""))[0]
            if warnings or problem.severity != "warning":
                yield ExportProblem(conversion.task_id, where, problem.span_id, problem.message, problem.severity)
    else:
        yield from _label_problems(task, conversion.task_id, schema)


def _where(provenance: Mapping[str, Any]) -> tuple[str, str]:
    extra = provenance["extra"]
    if provenance["status"] == "prediction":
        return f"prediction {extra.get('ls_prediction_id', '?')}", provenance["annotator"]
    return f"annotation {extra.get('ls_annotation_id', '?')}", provenance["annotator"]


def _label_problems(task: Mapping[str, Any], task_id: str, schema: Schema) -> Iterator[ExportProblem]:
    """Unknown labels, choices and relation names, read straight from the result items of a task that did not convert."""
    allowed = {
        CONTROLS.entity: set(schema.entities),
        CONTROLS.trigger: set(schema.events),
        CONTROLS.stance: {schema.stance_label.name},
        CONTROLS.kind: set(schema.mention_kinds),
        CONTROLS.modality: set(schema.modalities),
        CONTROLS.polarity: set(schema.polarities),
    }
    relation_names = {*schema.roles, HOLDER, TARGET}
    for kind in ("annotations", "predictions"):
        for annotation in task.get(kind) or ():
            if not isinstance(annotation, Mapping) or not isinstance(annotation.get("result"), list):
                continue
            where = f"{kind[:-1]} {annotation.get('id', '?')}"
            for item in annotation["result"]:
                if not isinstance(item, Mapping):
                    continue
                if item.get("type") == "relation":
                    for name in item.get("labels") or ():
                        if name not in relation_names:
                            region = f"{item.get('from_id')}>{item.get('to_id')}"
                            yield ExportProblem(task_id, where, region, f"unknown relation label {name!r}")
                    continue
                values = (item.get("value") or {}).get("labels") or (item.get("value") or {}).get("choices") or ()
                known = allowed.get(str(item.get("from_name")))
                for value in values:
                    if known is not None and value not in known:
                        yield ExportProblem(task_id, where, str(item.get("id", "")), f"unknown {item.get('from_name')} label {value!r}")
