"""brat standoff ``brat.v1``: a ``.txt`` file and a ``.ann`` file per document; read and write.

Lines: ``T`` (text-bound; discontinuous as ``T1 PER 0 5;10 15``), ``E`` (``E1 Attack:T2 Attacker:T1``), ``R``
(``R1 Likes Arg1:T1 Arg2:T2``), ``A`` (``A1 Modality E1 NEGATED``, or binary ``A2 Negated E1``), ``N``
(``N1 Reference T1 Wikidata:Q1\tText``) and ``#`` notes (``#1 AnnotatorNotes T1\tnote``). Offsets are code points
of the ``.txt`` file read as is (a CRLF counts two), as brat itself counts them, and as our model does.

How our contiguous-span model carries what brat has:

- a discontinuous ``T`` becomes an entity over the hull of its fragments with ``attributes["fragments"] =
  [[start, end], ...]`` (in the file's order); the ``.ann`` text column is checked against the fragments;
- ``E`` lines are events (their trigger ``T`` becomes the event span; an argument must point to an entity);
  an ``E`` whose type is the schema's stance label (``STANCE``) with ``holder`` and ``target`` arguments and a
  ``Polarity`` attribute is a stance;
- ``R`` lines sit on their first argument's entity as ``attributes["relations"] = [{"id", "type", "target"}]``
  (plus ``"roles"`` when they are not ``Arg1``/``Arg2``); ``N`` lines as ``attributes["normalizations"] =
  [{"type", "ref", "text"}]``; notes as ``attributes["notes"]``; ``A`` lines as plain attributes (value string,
  or ``True`` for a binary attribute).

Round trip: entity ``T`` ids and ``E`` ids are the model's ids; trigger ``T`` ids and ``R``/``A``/``N``/``#`` ids are
numbered by the writer in a canonical order (entity ``T`` lines, trigger ``T`` lines numbered on from the highest
entity number, ``E``, ``R``, ``A``, ``N``, ``#``), so ``serialize(parse(x)) == x`` for every file in that order and
any other file comes back equivalent, renumbered. What brat cannot hold (an attribute value that is not a single
word or ``True``, a second annotation set, an id that is not ``T<n>``/``E<n>``) is named in ``Report.left_out``;
ids are then renumbered and the old ids listed in ``Report.adjusted``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotation.formats.errors import FormatError
from annotation.formats.report import Report, report_or_strict
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Source, Stance
from annotation.schema import load_schema

NAME = "brat"
RESERVED = ("fragments", "relations", "normalizations", "notes")
POLARITY = "Polarity"
_ENTITY_ID = re.compile(r"^T(\d+)$")
_EVENT_ID = re.compile(r"^E(\d+)$")
_NUMBERED_ROLE = re.compile(r"^(\D+?)([2-9]|[1-9]\d+)$")
_WORD = re.compile(r"^\S+$")


@dataclass
class _Line:
    number: int
    raw: str
    id: str
    body: str
    text: str


@dataclass
class _Parsed:
    """Everything read from one ``.ann`` before it becomes a document."""

    spans: dict[str, tuple[_Line, str, list[tuple[int, int]]]] = field(default_factory=dict)  # T id -> line, type, fragments
    events: list[_Line] = field(default_factory=list)
    relations: list[_Line] = field(default_factory=list)
    attributes: list[_Line] = field(default_factory=list)
    normalizations: list[_Line] = field(default_factory=list)
    notes: list[_Line] = field(default_factory=list)


def _column_text(text: str) -> str:
    """What the third column of a ``T`` line holds for a span text (brat puts line breaks as spaces)."""
    return text.replace("\r", " ").replace("\n", " ")


def parse(
    text: str,
    ann: str,
    *,
    doc_id: str,
    path: str = "<ann>",
    report: Report | None = None,
    annotator: str = NAME,
    status: str = "raw",
    source: Source | None = None,
) -> Document:
    """One document from its text and ``.ann`` content; a bad line is reported (strict: raised) and skipped."""
    report = report_or_strict(report)
    parsed = _Parsed()

    def error(line: _Line, message: str) -> None:
        report.error(FormatError(path, line.number, message, record=doc_id, raw=line.raw))

    for number, raw in enumerate(ann.splitlines(keepends=True), start=1):
        stripped = raw.rstrip("\r\n")
        if not stripped.strip():
            continue
        columns = stripped.split("\t")
        line = _Line(number, raw, columns[0], columns[1] if len(columns) > 1 else "", "\t".join(columns[2:]))
        kind = line.id[:1]
        if len(columns) < 2 or kind not in "TERAN#" or len(line.id) < 2:
            error(line, f"not a brat annotation line (id {line.id!r}, {len(columns)} tab-separated columns)")
        elif kind == "T":
            _parse_span(line, text, parsed, error)
        else:
            {"E": parsed.events, "R": parsed.relations, "A": parsed.attributes, "N": parsed.normalizations, "#": parsed.notes}[kind].append(
                line
            )
    annotation_set = _build(parsed, text, error, annotator, status)
    return Document(id=doc_id, text=text, source=source or Source(), annotations=(annotation_set,))


def _parse_span(line: _Line, text: str, parsed: _Parsed, error: Any) -> None:
    label, _, offsets = line.body.partition(" ")
    fragments: list[tuple[int, int]] = []
    try:
        for fragment in offsets.split(";"):
            start, end = (int(x) for x in fragment.split())
            fragments.append((start, end))
    except ValueError:
        error(line, f"offsets {offsets!r} are not 'start end' pairs separated by ';'")
        return
    for start, end in fragments:
        if not 0 <= start < end <= len(text):
            error(line, f"span [{start}, {end}) points outside the text (length {len(text)})")
            return
    expected = " ".join(_column_text(text[s:e]) for s, e in fragments)
    if line.text != expected:
        error(line, f"text column {line.text!r} does not match the text at its offsets {expected!r}")
        return
    if line.id in parsed.spans:
        error(line, f"id {line.id} is used twice")
        return
    parsed.spans[line.id] = (line, label, fragments)


def _build(parsed: _Parsed, text: str, error: Any, annotator: str, status: str) -> AnnotationSet:
    schema = load_schema()
    triggers: set[str] = set()
    event_lines: list[tuple[_Line, str, str, list[tuple[str, str]]]] = []
    for line in parsed.events:
        if not line.body.split():
            error(line, "empty event line")
            continue
        head, *rest = line.body.split()
        label, _, trigger = head.partition(":")
        split = [part.split(":", 1) for part in rest]
        if not trigger or any(len(p) != 2 for p in split):
            error(line, f"event {line.body!r} is not 'Type:Trigger Role:Id ...'")
            continue
        if trigger not in parsed.spans:
            error(line, f"event trigger {trigger} is not a T line read from this file")
            continue
        triggers.add(trigger)
        event_lines.append((line, label, trigger, [(p[0], p[1]) for p in split]))
    attributes: dict[str, dict[str, Any]] = {}
    for tid, (_, _, fragments) in parsed.spans.items():
        if tid not in triggers:
            attributes[tid] = {"fragments": [list(f) for f in fragments]} if len(fragments) > 1 else {}
    event_attributes: dict[str, dict[str, Any]] = {line.id: {} for line, *_ in event_lines}
    _attach(parsed, attributes, event_attributes, error)
    entities = []
    for tid, attrs in attributes.items():
        line, label, fragments = parsed.spans[tid]
        start, end = min(s for s, _ in fragments), max(e for _, e in fragments)
        entities.append(Entity(tid, start, end, text[start:end], label, attrs))
    entity_ids = {e.id for e in entities}
    events: list[Event] = []
    stances: list[Stance] = []
    for line, label, trigger, pairs in event_lines:
        _, _, fragments = parsed.spans[trigger]
        start, end = min(s for s, _ in fragments), max(e for _, e in fragments)
        if len(fragments) > 1:
            error(line, f"event trigger {trigger} is discontinuous; our events have one contiguous trigger")
            continue
        attrs = event_attributes[line.id]
        if label == schema.stance_label.name:
            roles = {role: target for role, target in pairs}
            polarity = attrs.pop(POLARITY, None)
            if set(roles) != {"holder", "target"} or len(pairs) != 2 or not isinstance(polarity, str):
                error(line, f"a {label} event needs exactly 'holder:' and 'target:' arguments and a {POLARITY} attribute")
                continue
            if roles["holder"] not in entity_ids:
                error(line, f"stance holder {roles['holder']} is not an entity")
                continue
            stances.append(Stance(line.id, start, end, text[start:end], polarity, roles["holder"], roles["target"], attrs))
            continue
        bad = [entity for _, entity in pairs if entity not in entity_ids]
        if bad:
            error(line, f"arguments {bad} are not entities (our event arguments point to entities only)")
            continue
        arguments = tuple(Argument(_role(role), entity) for role, entity in pairs)
        events.append(Event(line.id, start, end, text[start:end], label, arguments, attrs))
    known = entity_ids | {e.id for e in events}
    kept_stances = []
    for stance in stances:
        if stance.target_id in known:
            kept_stances.append(stance)
        else:
            error(
                next(line for line in parsed.events if line.id == stance.id), f"stance target {stance.target_id} is not an entity or event"
            )
    provenance = Provenance(annotator=annotator, source_tool=f"{NAME}.v1", status=status, schema_version=schema.version)
    return AnnotationSet(provenance, tuple(entities), tuple(events), tuple(kept_stances))


def _role(role: str) -> str:
    match = _NUMBERED_ROLE.match(role)
    return match.group(1) if match else role


def _attach(parsed: _Parsed, entities: dict[str, dict[str, Any]], events: dict[str, dict[str, Any]], error: Any) -> None:
    """Put R, A, N and # lines onto the attributes of the entities and events they name."""
    owners = {**entities, **events}
    for line in parsed.relations:
        parts = line.body.split()
        args = [tuple(p.split(":", 1)) for p in parts[1:]]
        if len(parts) != 3 or any(len(a) != 2 for a in args):
            error(line, f"relation {line.body!r} is not 'Type Arg1:Id Arg2:Id'")
            continue
        (role1, first), (role2, second) = args
        if first not in entities or second not in entities:
            error(line, f"relation arguments {first}, {second} must both be entities")
            continue
        relation: dict[str, Any] = {"id": line.id, "type": parts[0], "target": second}
        if (role1, role2) != ("Arg1", "Arg2"):
            relation["roles"] = [role1, role2]
        entities[first].setdefault("relations", []).append(relation)
    for line in parsed.attributes:
        parts = line.body.split()
        if len(parts) not in (2, 3) or parts[1] not in owners:
            error(line, f"attribute {line.body!r} is not 'Name Id [Value]' on an entity or event of this file")
            continue
        if parts[0] in owners[parts[1]] or parts[0] in RESERVED:
            error(line, f"attribute {parts[0]} is given twice for {parts[1]} (or is a reserved name)")
            continue
        owners[parts[1]][parts[0]] = parts[2] if len(parts) == 3 else True
    for line in parsed.normalizations:
        parts = line.body.split()
        if len(parts) != 3 or parts[1] not in entities:
            error(line, f"normalization {line.body!r} is not 'Type Id Resource:Ref' on an entity")
            continue
        entities[parts[1]].setdefault("normalizations", []).append({"type": parts[0], "ref": parts[2], "text": line.text})
    for line in parsed.notes:
        parts = line.body.split()
        if len(parts) != 2 or parts[1] not in owners:
            error(line, f"note {line.body!r} is not 'AnnotatorNotes Id' on an entity or event")
            continue
        owners[parts[1]].setdefault("notes", []).append(line.text)


# ---------------------------------------------------------------- writing


def choose_set(document: Document, annotator: str | None, report: Report) -> AnnotationSet | None:
    """The annotation set a one-set format writes: ``annotator``'s, else the gold one, else the first."""
    if not document.annotations:
        return None
    if annotator is not None:
        try:
            chosen = document.annotation_set(annotator)
        except KeyError:
            report.error(FormatError(document.id, 0, f"no annotation set by {annotator!r}", record=document.id))
            return None
    else:
        chosen = document.gold() or document.annotations[0]
    others = [a.provenance.annotator for a in document.annotations if a is not chosen]
    if others:
        report.left_out.append(f"{document.id}: annotation sets {others} not written (this format holds one)")
    return chosen


def serialize(document: Document, *, annotator: str | None = None, report: Report | None = None) -> str:
    """The ``.ann`` content of one document (its ``.txt`` content is ``document.text``)."""
    report = report_or_strict(report)
    chosen = choose_set(document, annotator, report)
    if chosen is None:
        return ""
    return _Writer(document, chosen, report).ann()


class _Writer:
    def __init__(self, document: Document, annotation_set: AnnotationSet, report: Report) -> None:
        self.document, self.set, self.report = document, annotation_set, report
        self.ids = self._assign_ids()

    def _assign_ids(self) -> dict[str, str]:
        entities = self.set.entities
        events: tuple[Event | Stance, ...] = (*self.set.events, *self.set.stances)
        ids: dict[str, str] = {}
        if all(_ENTITY_ID.match(e.id) for e in entities):
            ids.update({e.id: e.id for e in entities})
        else:
            ids.update({e.id: f"T{n}" for n, e in enumerate(entities, start=1)})
            self.report.adjusted.append(
                f"{self.document.id}: {len(entities)} entity ids renumbered T1.. in order ({_first(entities, ids)})"
            )
        if all(_EVENT_ID.match(e.id) for e in events):
            ids.update({e.id: e.id for e in events})
        else:
            ids.update({e.id: f"E{n}" for n, e in enumerate(events, start=1)})
            self.report.adjusted.append(
                f"{self.document.id}: {len(events)} event and stance ids renumbered E1.. in order ({_first(events, ids)})"
            )
        return ids

    def _left_out(self, item: str, why: str) -> None:
        self.report.left_out.append(f"{self.document.id}: {item}: {why}")

    def ann(self) -> str:
        lines: list[str] = []
        text = self.document.text
        for entity in self.set.entities:
            fragments = entity.attributes.get("fragments") or [[entity.start, entity.end]]
            offsets = ";".join(f"{s} {e}" for s, e in fragments)
            column = " ".join(_column_text(text[s:e]) for s, e in fragments)
            lines.append(f"{self.ids[entity.id]}\t{entity.label} {offsets}\t{column}")
        next_t = max((int(_ENTITY_ID.match(self.ids[e.id]).group(1)) for e in self.set.entities), default=0) + 1  # type: ignore[union-attr]
        triggers: dict[str, str] = {}
        stance_label = load_schema().stance_label.name
        spans: tuple[Event | Stance, ...] = (*self.set.events, *self.set.stances)
        for item in spans:
            triggers[item.id] = f"T{next_t}"
            label = item.label if isinstance(item, Event) else stance_label
            lines.append(f"T{next_t}\t{label} {item.start} {item.end}\t{_column_text(item.text)}")
            next_t += 1
        for event in self.set.events:
            seen: dict[str, int] = {}
            parts = [f"{event.label}:{triggers[event.id]}"]
            for argument in event.arguments:
                seen[argument.role] = seen.get(argument.role, 0) + 1
                suffix = str(seen[argument.role]) if seen[argument.role] > 1 else ""
                parts.append(f"{argument.role}{suffix}:{self.ids[argument.entity_id]}")
            lines.append(f"{self.ids[event.id]}\t{' '.join(parts)}")
        for stance in self.set.stances:
            lines.append(
                f"{self.ids[stance.id]}\t{stance_label}:{triggers[stance.id]} "
                f"holder:{self.ids[stance.holder_id]} target:{self.ids[stance.target_id]}"
            )
        lines.extend(self._relations())
        lines.extend(self._attributes())
        lines.extend(self._normalizations_and_notes())
        return "".join(line + "\n" for line in lines)

    def _relations(self) -> Iterator[str]:
        number = 0
        for entity in self.set.entities:
            for relation in entity.attributes.get("relations") or []:
                target = self.ids.get(str(relation.get("target", "")))
                extra = sorted(set(relation) - {"id", "type", "target", "roles"})
                if target is None or not _WORD.match(str(relation.get("type", ""))):
                    self._left_out(f"relation {relation.get('id')} of {entity.id}", "its target is not an entity of this set")
                    continue
                if extra:
                    self._left_out(f"relation {relation.get('id')} of {entity.id}", f"brat R lines hold no {extra}")
                role1, role2 = relation.get("roles") or ("Arg1", "Arg2")
                number += 1
                yield f"R{number}\t{relation['type']} {role1}:{self.ids[entity.id]} {role2}:{target}"

    def _attributes(self) -> Iterator[str]:
        number = 0
        items: list[tuple[str, Mapping[str, Any], tuple[str, ...]]] = [(e.id, e.attributes, RESERVED) for e in self.set.entities]
        items += [(e.id, e.attributes, ("notes",)) for e in self.set.events]
        items += [(s.id, {POLARITY: s.polarity, **s.attributes}, ("notes",)) for s in self.set.stances]
        for item_id, attributes, carried_elsewhere in items:
            for name, value in attributes.items():
                if name in carried_elsewhere:
                    continue
                if not _WORD.match(name) or not (value is True or (isinstance(value, str) and _WORD.match(value))):
                    self._left_out(f"attribute {name}={value!r} of {item_id}", "a brat attribute value is one word or a binary flag")
                    continue
                number += 1
                yield f"A{number}\t{name} {self.ids[item_id]}" + ("" if value is True else f" {value}")

    def _normalizations_and_notes(self) -> Iterator[str]:
        notes: list[str] = []
        number = 0
        for entity in self.set.entities:
            for norm in entity.attributes.get("normalizations") or []:
                number += 1
                yield f"N{number}\t{norm['type']} {self.ids[entity.id]} {norm['ref']}\t{norm.get('text', '')}"
        noted: tuple[Entity | Event | Stance, ...] = (*self.set.entities, *self.set.events, *self.set.stances)
        for item in noted:
            for note in item.attributes.get("notes") or []:
                notes.append(f"#{len(notes) + 1}\tAnnotatorNotes {self.ids[item.id]}\t{note}")
        yield from notes


def _first(items: tuple[Entity | Event | Stance, ...], ids: Mapping[str, str]) -> str:
    return f"{items[0].id} -> {ids[items[0].id]}, ..." if items else ""


# ---------------------------------------------------------------- files


def _pairs(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(path.rglob("*.ann"))
        if not found:
            raise FormatError(str(path), 0, "no .ann files here")
        return found
    return [path.with_suffix(".ann")]


def read(path: str | Path, *, report: Report | None = None, annotator: str = NAME, status: str = "raw") -> Iterator[Document]:
    """Documents from a ``.ann`` (or ``.txt``) file or a folder of ``.txt``/``.ann`` pairs; the id is the file stem."""
    report = report_or_strict(report)
    for ann_path in _pairs(Path(path)):
        txt_path = ann_path.with_suffix(".txt")
        try:
            with open(txt_path, encoding="utf-8", newline="") as handle:
                text = handle.read()
            with open(ann_path, encoding="utf-8", newline="") as handle:
                ann = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            report.error(FormatError(str(ann_path), 0, f"cannot read the .txt/.ann pair: {error}", record=ann_path.stem))
            continue
        yield parse(
            text,
            ann,
            doc_id=ann_path.stem,
            path=str(ann_path),
            report=report,
            annotator=annotator,
            status=status,
            source=Source(path=str(txt_path)),
        )


_SAFE_ID = re.compile(r"^[\w.\-]+$")


def write(documents: Iterable[Document], path: str | Path, *, report: Report | None = None, annotator: str | None = None) -> int:
    """Write ``<id>.txt`` and ``<id>.ann`` per document into the folder ``path``; returns how many were written."""
    report = report_or_strict(report)
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for document in documents:
        if not _SAFE_ID.match(document.id):
            report.error(FormatError(str(folder), 0, "document id is not a safe file name (letters, digits, _ . -)", record=document.id))
            continue
        ann = serialize(document, annotator=annotator, report=report)
        with open(folder / f"{document.id}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write(document.text)
        with open(folder / f"{document.id}.ann", "w", encoding="utf-8", newline="") as handle:
            handle.write(ann)
        count += 1
    return count
