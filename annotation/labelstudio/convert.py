"""Lossless conversion between a Label Studio task (native JSON export shape) and a corpus :class:`Document`.

``task_to_document`` parses one exported task; ``document_to_task`` serializes a document back into the same shape.
Everything Label Studio records about an annotation (its id, task id, ``completed_by``, lead time, timestamps,
cancelled and ground-truth flags, every other server field) goes into the annotation set's provenance; region
details that our model has no field for (a second label on a region, ``origin``, a per-region ``score``, ...) are
kept as exact overrides in ``provenance.extra["ls_overrides"]`` so that serializing gives the same items back.

Offsets: Label Studio counts UTF-16 code units, we count code points; :mod:`annotation.labelstudio.offsets` converts
them here and nowhere else. ``text[start:end]`` is checked against the region's ``value.text``; a mismatch is an
error unless ``repair=True``, which moves the region to the code-point reading of its offsets or to the nearest
occurrence of its text and reports each move.

Attributes: an entity's mention kind (``attributes["kind"]``, schema 1.1) and an event's modality are per-region
choices of their region; a region without the choice gives a span without the attribute (nothing is inferred at this
boundary). A value the schema does not know is carried and reported by :mod:`annotation.labelstudio.export_validate`.

A task that cannot be carried whole (no ``data.text``, a region out of range, a relation to a missing region, a
stance without holder or target, ...) gives a :class:`TaskConversion` without a document and with every problem as
an :class:`Issue` (task id, annotation id, region id), so the caller can put it aside and go on.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotation.corpus import document_from_dict, document_to_dict
from annotation.labelstudio.config import CONTROLS
from annotation.labelstudio.offsets import OffsetError, OffsetMap
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, ModelError, Provenance, Stance
from annotation.schema import Schema, load_schema

SOURCE_TOOL = "label-studio"
HOLDER, TARGET = "holder", "target"
DATA_KEY = "flashpoint"  # task data field holding the document's fields other than its text and annotations
MODALITY = "modality"
KIND = "kind"  # the entity's mention kind (schema 1.1): a per-region choice, ``Entity.attributes["kind"]``

# Annotation / prediction fields the converter maps to provenance itself; every other field is kept in ls_fields.
_ANNOTATION_MAPPED = ("id", "completed_by", "result", "lead_time", "was_cancelled", "ground_truth", "created_at", "updated_at")
_PREDICTION_MAPPED = ("id", "model_version", "score", "result", "created_at", "updated_at")
# Fields the server derives from others (a copy of the prediction, counters, display strings): not carried.
PROVENANCE_ID = "flashpoint-provenance"
DERIVED_FIELDS = frozenset({"prediction", "result_count", "created_username", "created_ago", "state"})

ERROR, WARNING, REPAIR = "error", "warning", "repair"


@dataclass(frozen=True, slots=True)
class Issue:
    """Something about one task that was not carried as it was: where (task, annotation, region) and what."""

    task_id: str
    annotation_id: str
    region_id: str
    severity: str  # error | warning | repair
    message: str

    def __str__(self) -> str:
        where = f"task {self.task_id}"
        if self.annotation_id:
            where += f" {self.annotation_id}"
        if self.region_id:
            where += f" region {self.region_id}"
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class TaskConversion:
    """The result of converting one task: a document when nothing was an error, and every issue."""

    task_id: str
    document: Document | None
    issues: tuple[Issue, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.severity == ERROR)


class _Rejected(Exception):
    """Internal: an annotation could not be converted; the issues are already recorded."""


@dataclass(slots=True)
class _Context:
    task_id: str
    text: str
    offsets: OffsetMap
    repair: bool
    issues: list[Issue] = field(default_factory=list)

    def issue(self, annotation_id: str, region_id: str, severity: str, message: str) -> None:
        self.issues.append(Issue(self.task_id, annotation_id, region_id, severity, message))


# ================================================================ serialize: Document -> task


def task_data(document: Document) -> dict[str, Any]:
    """The task ``data``: the text for the labelling UI, and every other field of the document for the way back."""
    fields = document_to_dict(document)
    text = fields.pop("text")
    fields.pop("annotations")
    extra_data = dict(fields["meta"].pop("ls_data", {}))
    return {**extra_data, "text": text, DATA_KEY: fields}


def region_items(annotation_set: AnnotationSet, offsets: OffsetMap) -> list[dict[str, Any]]:
    """The Label Studio ``result`` list of one annotation set (UTF-16 offsets), with its recorded overrides applied."""
    layers = (annotation_set.entities, annotation_set.events, annotation_set.stances)
    return _result_items(*layers, offsets, annotation_set.provenance.extra.get("ls_overrides", {}))


def _result_items(
    entities: Sequence[Entity], events: Sequence[Event], stances: Sequence[Stance], offsets: OffsetMap, overrides: Mapping[str, Any]
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []

    def span_item(span: Entity | Event | Stance, from_name: str, kind: str, values: list[str]) -> None:
        item = {
            "id": span.id,
            "from_name": from_name,
            "to_name": CONTROLS.text,
            "type": kind,
            "value": {"start": offsets.to_utf16(span.start), "end": offsets.to_utf16(span.end), "text": span.text, kind: values},
        }
        items.append(_apply(item, overrides.get(f"{span.id}/{from_name}")))

    for entity in entities:
        span_item(entity, CONTROLS.entity, "labels", [entity.label])
        if KIND in entity.attributes:
            span_item(entity, CONTROLS.kind, "choices", [str(entity.attributes[KIND])])
    for event in events:
        span_item(event, CONTROLS.trigger, "labels", [event.label])
        if MODALITY in event.attributes:
            span_item(event, CONTROLS.modality, "choices", [str(event.attributes[MODALITY])])
    for stance in stances:
        span_item(stance, CONTROLS.stance, "labels", [schema_stance_label()])
        span_item(stance, CONTROLS.polarity, "choices", [stance.polarity])
    links: dict[tuple[str, str], list[str]] = {}
    for event in events:
        for argument in event.arguments:
            links.setdefault((event.id, argument.entity_id), []).append(argument.role)
    for stance in stances:
        links.setdefault((stance.id, stance.holder_id), []).append(HOLDER)
        links.setdefault((stance.id, stance.target_id), []).append(TARGET)
    for (source, destination), labels in links.items():
        relation = {"from_id": source, "to_id": destination, "type": "relation", "direction": "right", "labels": labels}
        items.append(_apply(relation, overrides.get(f"{source}>{destination}")))
    return items


def schema_stance_label() -> str:
    return load_schema().stance_label.name


def annotation_payload(annotation_set: AnnotationSet, offsets: OffsetMap, users: Mapping[str, int] | None = None) -> dict[str, Any]:
    """One Label Studio annotation (or, for a prediction set, one prediction) in export shape."""
    provenance = annotation_set.provenance
    extra = provenance.extra
    payload: dict[str, Any] = dict(extra.get("ls_fields", {}))
    if provenance.status == "prediction":
        if "ls_prediction_id" in extra:
            payload["id"] = extra["ls_prediction_id"]
        payload["model_version"] = provenance.annotator
        if "score" in extra:
            payload["score"] = extra["score"]
    else:
        if "ls_annotation_id" in extra:
            payload["id"] = extra["ls_annotation_id"]
        completed_by = extra.get("ls_completed_by", (users or {}).get(provenance.annotator))
        if completed_by is not None:
            payload["completed_by"] = completed_by
        for key in ("lead_time", "was_cancelled", "ground_truth"):
            if key in extra:
                payload[key] = extra[key]
    if provenance.created_at:
        payload["created_at"] = provenance.created_at
    if provenance.updated_at:
        payload["updated_at"] = provenance.updated_at
    payload["result"] = region_items(annotation_set, offsets) + provenance_items(annotation_set)
    return payload


# provenance fields Label Studio has its own place for (or that describe Label Studio itself): not repeated in the note
_LS_EXTRA = frozenset({"lead_time", "was_cancelled", "ground_truth", "score", "ls_fields", "ls_overrides"})


def provenance_items(annotation_set: AnnotationSet) -> list[dict[str, Any]]:
    """The toolkit's provenance note of an annotation (a read-only TextArea result item): the guideline version and
    every ``provenance.extra`` entry Label Studio has no field for. Empty when there is nothing to carry."""
    provenance = annotation_set.provenance
    carried = {k: v for k, v in provenance.extra.items() if k not in _LS_EXTRA and not k.startswith("ls_")}
    note = {**({"guideline_version": provenance.guideline_version} if provenance.guideline_version else {}),
            **({"extra": carried} if carried else {})}
    if not note:
        return []
    return [{"id": PROVENANCE_ID, "from_name": CONTROLS.provenance, "to_name": CONTROLS.text, "type": "textarea",
             "value": {"text": [json.dumps(note, ensure_ascii=False, sort_keys=True)]}}]


def _read_provenance(result: Sequence[Any], label: str, context: _Context) -> tuple[list[Any], dict[str, Any]]:
    """The result without the provenance note, and the note's content (``{}`` when there is none)."""
    kept, notes = [], []
    for item in result:
        if isinstance(item, Mapping) and item.get("from_name") == CONTROLS.provenance:
            notes.append(item)
        else:
            kept.append(item)
    if not notes:
        return kept, {}
    if len(notes) > 1:
        context.issue(label, PROVENANCE_ID, WARNING, f"{len(notes)} provenance notes; the first is read")
    try:
        text = notes[0]["value"]["text"]
        note = json.loads(text[0] if isinstance(text, list) else text)
        if not isinstance(note, Mapping) or not isinstance(note.get("extra", {}), Mapping):
            raise ValueError("not an object")
    except (KeyError, IndexError, TypeError, ValueError) as error:
        context.issue(label, PROVENANCE_ID, ERROR, f"the provenance note is not the toolkit's JSON ({error}); not carried")
        return kept, {}
    return kept, dict(note)


def document_to_task(document: Document, users: Mapping[str, int] | None = None) -> dict[str, Any]:
    """A task in export shape: data, annotations (human sets) and predictions (sets with status ``prediction``).

    The task id, if the document came from Label Studio, is taken from its annotation sets' provenance. ``users``
    maps annotator names to Label Studio user ids for sets that do not record ``completed_by`` themselves.
    """
    offsets = OffsetMap(document.text)
    task: dict[str, Any] = {}
    task_ids = {a.provenance.extra["ls_task_id"] for a in document.annotations if "ls_task_id" in a.provenance.extra}
    if len(task_ids) == 1:
        task["id"] = task_ids.pop()
    task["data"] = task_data(document)
    task["annotations"] = [annotation_payload(a, offsets, users) for a in document.annotations if a.provenance.status != "prediction"]
    task["predictions"] = [annotation_payload(a, offsets) for a in document.annotations if a.provenance.status == "prediction"]
    return task


# ================================================================ parse: task -> Document


def task_to_document(
    task: Mapping[str, Any],
    *,
    users: Mapping[int, str] | None = None,
    repair: bool = False,
    schema: Schema | None = None,
    guideline_version: str = "",
) -> TaskConversion:
    """Convert one exported task. ``users`` maps Label Studio user ids to annotator names (default ``ls-user-<id>``)."""
    schema = schema or load_schema()
    task_id = str(task.get("id", "?")) if isinstance(task, Mapping) else "?"
    if not isinstance(task, Mapping):
        return TaskConversion(task_id, None, (Issue(task_id, "", "", ERROR, f"a task must be a JSON object, got {type(task).__name__}"),))
    data = task.get("data")
    if not isinstance(data, Mapping) or not isinstance(data.get("text"), str):
        return TaskConversion(task_id, None, (Issue(task_id, "", "", ERROR, "task has no data.text string"),))
    text: str = data["text"]
    context = _Context(task_id, text, OffsetMap(text), repair)
    document = _base_document(task, data, text, context)
    sets: list[AnnotationSet] = []
    for index, annotation in enumerate(task.get("annotations") or ()):
        label = f"annotation {annotation.get('id', index) if isinstance(annotation, Mapping) else index}"
        with contextlib.suppress(_Rejected):  # its issues are recorded; the task is rejected below
            sets.append(_annotation_set(annotation, label, "raw", context, schema, users or {}, guideline_version, task))
    for index, prediction in enumerate(task.get("predictions") or ()):
        label = f"prediction {prediction.get('id', index) if isinstance(prediction, Mapping) else prediction}"
        if not isinstance(prediction, Mapping):
            context.issue(label, "", WARNING, "only the prediction id is in this export (not carried); pull with a snapshot export")
            continue
        with contextlib.suppress(_Rejected):
            sets.append(_annotation_set(prediction, label, "prediction", context, schema, users or {}, guideline_version, task))
    if task.get("drafts"):
        context.issue("", "", WARNING, f"{len(task['drafts'])} draft(s) not carried (submit them to keep them)")
    if document is None or any(issue.severity == ERROR for issue in context.issues):
        return TaskConversion(task_id, None, tuple(context.issues))
    try:
        result = Document(**{**_fields(document), "annotations": tuple(sets)})
    except ModelError as error:
        context.issue("", "", ERROR, str(error))
        return TaskConversion(task_id, None, tuple(context.issues))
    return TaskConversion(task_id, result, tuple(context.issues))


def _fields(document: Document) -> dict[str, Any]:
    return {name: getattr(document, name) for name in Document.__slots__ if not name.startswith("__")}


def _base_document(task: Mapping[str, Any], data: Mapping[str, Any], text: str, context: _Context) -> Document | None:
    fields = data.get(DATA_KEY)
    others = {key: value for key, value in data.items() if key not in ("text", DATA_KEY)}
    raw: dict[str, Any] = dict(fields) if isinstance(fields, Mapping) else {"id": f"ls-task-{task.get('id', '?')}"}
    if others:
        raw["meta"] = {**dict(raw.get("meta") or {}), "ls_data": others}
    try:
        return document_from_dict({**raw, "text": text, "annotations": []})
    except (KeyError, TypeError, ValueError, ModelError) as error:
        context.issue("", "", ERROR, f"data.{DATA_KEY} is not a valid document: {error}")
        return None


def _annotation_set(
    raw: Any,
    label: str,
    status: str,
    context: _Context,
    schema: Schema,
    users: Mapping[int, str],
    guideline_version: str,
    task: Mapping[str, Any],
) -> AnnotationSet:
    if not isinstance(raw, Mapping):
        context.issue(label, "", ERROR, f"must be a JSON object, got {type(raw).__name__}")
        raise _Rejected
    result = raw.get("result") or []
    if not isinstance(result, list):
        context.issue(label, "", ERROR, "result is not a list")
        raise _Rejected
    mapped = _PREDICTION_MAPPED if status == "prediction" else _ANNOTATION_MAPPED
    extra: dict[str, Any] = {}
    if "id" in task:
        extra["ls_task_id"] = task["id"]
    if status == "prediction":
        annotator = str(raw.get("model_version") or "unknown-model")
        if "id" in raw:
            extra["ls_prediction_id"] = raw["id"]
        if "score" in raw:
            extra["score"] = raw.get("score")
    else:
        annotator = _annotator(raw.get("completed_by"), users)
        if "id" in raw:
            extra["ls_annotation_id"] = raw["id"]
        if "completed_by" in raw:
            extra["ls_completed_by"] = raw["completed_by"]
        for key in ("lead_time", "was_cancelled", "ground_truth"):
            if key in raw:
                extra[key] = raw[key]
    ls_fields = {key: value for key, value in raw.items() if key not in mapped and key not in DERIVED_FIELDS}
    if ls_fields:
        extra["ls_fields"] = ls_fields
    result, note = _read_provenance(result, label, context)
    extra.update(note.get("extra", {}))
    guideline_version = str(note.get("guideline_version") or guideline_version)
    entities, events, stances, overrides = _layers(result, label, context, schema)
    if overrides:
        extra["ls_overrides"] = overrides
    provenance = Provenance(
        annotator=annotator,
        source_tool=SOURCE_TOOL,
        status=status,
        schema_version=schema.version,
        guideline_version=guideline_version,
        created_at=str(raw.get("created_at") or ""),
        updated_at=str(raw.get("updated_at") or ""),
        extra=extra,
    )
    try:
        return AnnotationSet(provenance, tuple(entities), tuple(events), tuple(stances))
    except ModelError as error:
        context.issue(label, "", ERROR, str(error))
        raise _Rejected from error


def _annotator(completed_by: Any, users: Mapping[int, str]) -> str:
    if isinstance(completed_by, Mapping):
        user_id = completed_by.get("id")
        if isinstance(user_id, int) and user_id in users:
            return users[user_id]
        return str(completed_by.get("username") or completed_by.get("email") or f"ls-user-{user_id}")
    if isinstance(completed_by, int):
        return users.get(completed_by, f"ls-user-{completed_by}")
    return "unknown"


@dataclass(slots=True)
class _Region:
    id: str
    kind: str  # entity | trigger | stance
    start: int
    end: int
    text: str
    labels: list[str]
    choices: dict[str, list[str]] = field(default_factory=dict)


def _layers(
    result: Sequence[Any], label: str, context: _Context, schema: Schema
) -> tuple[list[Entity], list[Event], list[Stance], dict[str, Any]]:
    span_controls = {CONTROLS.entity, CONTROLS.trigger, CONTROLS.stance}
    choice_controls = {CONTROLS.kind: CONTROLS.entity, CONTROLS.modality: CONTROLS.trigger, CONTROLS.polarity: CONTROLS.stance}
    regions: dict[str, _Region] = {}
    choice_items: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    raw_items: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(result):
        if not isinstance(item, Mapping):
            context.issue(label, "", ERROR, f"result item {index} is not an object (not carried)")
            continue
        if item.get("type") == "relation" or "from_id" in item:
            relations.append(dict(item))
            continue
        region_id = str(item.get("id", ""))
        from_name = str(item.get("from_name", ""))
        if not region_id:
            context.issue(label, "", ERROR, f"result item {index} ({from_name or item.get('type')}) has no region id (not carried)")
            continue
        if from_name in choice_controls:
            choice_items.append(dict(item))
            continue
        if from_name not in span_controls or item.get("type") != "labels":
            kind = item.get("type")
            context.issue(label, region_id, ERROR, f"from_name {from_name!r} type {kind!r} is not in the Flashpoint config (not carried)")
            continue
        if region_id in regions:
            context.issue(label, region_id, ERROR, f"region id used twice ({regions[region_id].kind} and {from_name})")
            continue
        region = _region(item, region_id, from_name, label, context)
        if region is not None:
            regions[region_id] = region
            raw_items[f"{region_id}/{from_name}"] = dict(item)
    for item in choice_items:
        region_id, from_name = str(item["id"]), str(item["from_name"])
        region = regions.get(region_id)
        if region is None:
            context.issue(label, region_id, ERROR, f"{from_name} choice for a region that does not exist (not carried)")
            continue
        if region.kind != choice_controls[from_name]:
            context.issue(label, region_id, ERROR, f"{from_name} choice on a {region.kind} region (not carried)")
            continue
        choices = (item.get("value") or {}).get("choices")
        if not isinstance(choices, list) or len(choices) != 1:
            context.issue(label, region_id, ERROR, f"{from_name} must hold exactly one choice, got {choices!r}")
            continue
        region.choices[from_name] = [str(c) for c in choices]
        raw_items[f"{region_id}/{from_name}"] = item
    links = _links(relations, regions, label, context, raw_items)
    entities: list[Entity] = []
    events: list[Event] = []
    stances: list[Stance] = []
    for region in regions.values():
        if len(region.labels) != 1:
            context.issue(
                label, region.id, WARNING, f"region has labels {region.labels}; {region.labels[0]!r} is the label, all kept in ls_overrides"
            )
        outgoing = links.get(region.id, [])
        if region.kind == CONTROLS.entity:
            if outgoing:
                context.issue(label, region.id, ERROR, f"relations from an entity region are not in the schema: {outgoing} (not carried)")
            kind = {KIND: region.choices[CONTROLS.kind][0]} if CONTROLS.kind in region.choices else {}  # never inferred here
            entities.append(Entity(region.id, region.start, region.end, region.text, region.labels[0], kind))
        elif region.kind == CONTROLS.trigger:
            for role, destination in outgoing:
                if regions[destination].kind != CONTROLS.entity:
                    kind = regions[destination].kind
                    context.issue(label, region.id, ERROR, f"argument {role} points to {destination}, a {kind} region, not an entity")
            attributes = {MODALITY: region.choices[CONTROLS.modality][0]} if CONTROLS.modality in region.choices else {}
            arguments = tuple(Argument(role, destination) for role, destination in outgoing)
            events.append(Event(region.id, region.start, region.end, region.text, region.labels[0], arguments, attributes))
        else:
            stance = _stance(region, outgoing, regions, label, context)
            if stance is not None:
                stances.append(stance)
    overrides = _overrides(entities, events, stances, raw_items, context)
    return entities, events, stances, overrides


def _region(item: Mapping[str, Any], region_id: str, from_name: str, label: str, context: _Context) -> _Region | None:
    value = item.get("value")
    if not isinstance(value, Mapping):
        context.issue(label, region_id, ERROR, "region has no value")
        return None
    labels = value.get("labels")
    if not isinstance(labels, list) or not labels:
        context.issue(label, region_id, ERROR, f"region has no labels (value.labels = {labels!r})")
        return None
    start16, end16 = value.get("start"), value.get("end")
    if not isinstance(start16, int) or not isinstance(end16, int) or isinstance(start16, bool) or isinstance(end16, bool):
        context.issue(label, region_id, ERROR, f"region offsets must be integers, got {start16!r}, {end16!r}")
        return None
    expected = value.get("text")
    located = _locate(start16, end16, expected if isinstance(expected, str) else None, label, region_id, context)
    if located is None:
        return None
    start, end = located
    return _Region(region_id, from_name, start, end, context.text[start:end], [str(x) for x in labels])


def _locate(start16: int, end16: int, expected: str | None, label: str, region_id: str, context: _Context) -> tuple[int, int] | None:
    """Code-point offsets of a region given in UTF-16 code units, checked against its text (repaired if asked)."""
    text = context.text
    found: str | None = None
    try:
        start, end = context.offsets.to_codepoint(start16), context.offsets.to_codepoint(end16)
        if start < end:
            found = text[start:end]
            if expected is None or found == expected:
                if expected is None:
                    context.issue(label, region_id, WARNING, "region has no value.text; its text was taken from the offsets")
                return start, end
        problem = f"UTF-16 [{start16}, {end16}) is code points [{start}, {end}) holding {found!r}, region text is {expected!r}"
    except OffsetError as error:
        problem = f"UTF-16 [{start16}, {end16}): {error}"
    if not context.repair or not expected:
        context.issue(label, region_id, ERROR, problem + ("" if context.repair else " (run with --repair to move it to its text)"))
        return None
    if 0 <= start16 < end16 <= len(text) and text[start16:end16] == expected:
        context.issue(label, region_id, REPAIR, f"{problem}; read the offsets as code points [{start16}, {end16})")
        return start16, end16
    occurrences = [i for i in range(len(text)) if text.startswith(expected, i)]
    if not occurrences:
        context.issue(label, region_id, ERROR, f"{problem}; {expected!r} does not occur in the text, cannot repair")
        return None
    near = min(occurrences, key=lambda i: (abs(i - start16), i))
    context.issue(label, region_id, REPAIR, f"{problem}; moved to the nearest occurrence [{near}, {near + len(expected)})")
    return near, near + len(expected)


def _links(
    relations: list[dict[str, Any]], regions: Mapping[str, _Region], label: str, context: _Context, raw_items: dict[str, dict[str, Any]]
) -> dict[str, list[tuple[str, str]]]:
    """Outgoing (label, destination) pairs per region, in order; relations to missing regions are errors."""
    links: dict[str, list[tuple[str, str]]] = {}
    for relation in relations:
        source, destination = str(relation.get("from_id", "")), str(relation.get("to_id", ""))
        where = f"{source}>{destination}"
        if relation.get("direction") == "left":
            source, destination = destination, source
        elif relation.get("direction") not in ("right", None):
            context.issue(label, where, WARNING, f"relation direction {relation.get('direction')!r} read as from_id -> to_id")
        missing = [r for r in (source, destination) if r not in regions]
        if missing:
            context.issue(label, where, ERROR, f"relation points to region(s) {missing} that do not exist")
            continue
        names = relation.get("labels")
        if not isinstance(names, list) or not names:
            context.issue(label, where, ERROR, "relation has no label (a role, holder or target); not carried")
            continue
        for name in names:
            links.setdefault(source, []).append((str(name), destination))
        key = f"{source}>{destination}"
        if key in raw_items:  # a second relation between the same regions: one relation with both labels
            raw_items[key] = {**raw_items[key], "labels": [*raw_items[key]["labels"], *names]}
        else:
            raw_items[key] = relation
    return links


def _stance(
    region: _Region, outgoing: list[tuple[str, str]], regions: Mapping[str, _Region], label: str, context: _Context
) -> Stance | None:
    polarity = region.choices.get(CONTROLS.polarity)
    holders = [d for name, d in outgoing if name == HOLDER]
    targets = [d for name, d in outgoing if name == TARGET]
    others = [(name, d) for name, d in outgoing if name not in (HOLDER, TARGET)]
    problems = []
    if polarity is None:
        problems.append("stance has no polarity")
    if len(holders) != 1:
        problems.append(f"stance needs exactly one holder relation, has {len(holders)}")
    if len(targets) != 1:
        problems.append(f"stance needs exactly one target relation, has {len(targets)}")
    for name, destination, allowed in ((HOLDER, holders, {CONTROLS.entity}), (TARGET, targets, {CONTROLS.entity, CONTROLS.trigger})):
        problems.extend(f"{name} {d} is a {regions[d].kind} region" for d in destination if regions[d].kind not in allowed)
    if others:
        problems.append(f"relations {others} from a stance are neither holder nor target")
    for problem in problems:
        context.issue(label, region.id, ERROR, problem)
    if problems or polarity is None:
        return None
    return Stance(region.id, region.start, region.end, region.text, polarity[0], holders[0], targets[0])


def _overrides(
    entities: list[Entity], events: list[Event], stances: list[Stance], raw_items: Mapping[str, dict[str, Any]], context: _Context
) -> dict[str, Any]:
    """Where the original items differ from what serializing the parsed layers gives: the exact differences."""
    standard: dict[str, dict[str, Any]] = {}
    for item in _result_items(entities, events, stances, context.offsets, {}):
        key = f"{item['from_id']}>{item['to_id']}" if item.get("type") == "relation" else f"{item['id']}/{item['from_name']}"
        standard[key] = item
    overrides: dict[str, Any] = {}
    for key, original in raw_items.items():
        difference = _difference(original, standard.get(key, {}))
        if difference:
            overrides[key] = difference
    return overrides


def _difference(original: Mapping[str, Any], standard: Mapping[str, Any]) -> dict[str, Any]:
    difference: dict[str, Any] = {}
    item = {k: v for k, v in original.items() if k != "value" and standard.get(k, _MISSING) != v}
    absent = sorted(k for k in standard if k != "value" and k not in original)
    original_value, standard_value = original.get("value") or {}, standard.get("value") or {}
    value = {k: v for k, v in original_value.items() if standard_value.get(k, _MISSING) != v}
    value_absent = sorted(k for k in standard_value if k not in original_value)
    for name, part in (("item", item), ("absent", absent), ("value", value), ("value_absent", value_absent)):
        if part:
            difference[name] = part
    return difference


_MISSING = object()


def _apply(item: dict[str, Any], override: Mapping[str, Any] | None) -> dict[str, Any]:
    if not override:
        return item
    result = copy.deepcopy(item)
    result.update(copy.deepcopy(override.get("item", {})))
    for key in override.get("absent", ()):
        result.pop(key, None)
    if "value" in result:
        result["value"].update(copy.deepcopy(override.get("value", {})))
        for key in override.get("value_absent", ()):
            result["value"].pop(key, None)
    return result


__all__ = [
    "DERIVED_FIELDS",
    "Issue",
    "TaskConversion",
    "annotation_payload",
    "document_to_task",
    "region_items",
    "task_data",
    "task_to_document",
]
