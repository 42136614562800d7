"""Annotation drafts: how an annotator writes down one document's labels before they are entered in Label Studio.

A draft is a small JSON file per document and annotator. Spans are anchored by sentence number and text, which a
person can read and check, instead of raw offsets::

    {
      "doc_id": "VOA_EN_NW_2015.11.26.3074855",
      "annotator": "annotator-1",
      "guideline_version": "1.0",
      "entities": [{"id": "T1", "s": 0, "text": "Chicago", "n": 1, "label": "GPE"}],
      "events":   [{"id": "V1", "s": 0, "text": "shot", "label": "Conflict.Attack", "modality": "ASSERTED",
                    "args": [["Target", "T4"], ["Place", "T1"]]}],
      "stances":  [{"id": "S1", "s": 3, "text": "condemned the shooting", "polarity": "AGAINST",
                    "holder": "T7", "target": "V1"}]
    }

``s`` is the 0-based sentence number (as printed by ``flashpoint draft show``), ``text`` the exact span text inside
that sentence, and, when that text occurs more than once in the sentence, either ``n`` (which occurrence, 1-based)
or ``after`` (the words just before the span). A guideline 1.1 draft that leaves a repeated text unanchored is
rejected; a 1.0 draft takes the first occurrence (its ``n`` defaulted to 1). An entity may give ``kind`` (NAME,
NOMINAL, PRONOUN; schema 1.1); without it the kind is inferred by :meth:`~annotation.schema.Schema.infer_kind`. A span must start and end on
word boundaries. :func:`resolve_draft` turns a draft into an :class:`~annotation.model.AnnotationSet` with code-point
offsets and reports every problem it finds (never a silent fix).

An adjudicator's draft (written by ``flashpoint adjudicate --drafts-out``) may also have ``"ground_truth": true``,
which becomes ``provenance.extra["ground_truth"]`` (with ``"policy"``) so the build takes it as gold, and a
``disagreements`` list, the adjudicator's to-do list, which is not read here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.model import AnnotationSet, Argument, Document, Entity, Event, ModelError, Provenance, Stance
from annotation.schema import Schema, load_schema


@dataclass(frozen=True, slots=True)
class DraftProblem:
    """Something wrong in a draft: where (file, item id) and what."""

    path: str
    item_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.item_id + ': ' if self.item_id else ''}{self.message}"


class DraftError(ValueError):
    """A draft that cannot become an annotation set; carries every problem found."""

    def __init__(self, problems: list[DraftProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def occurrences(document: Document, sentence: int, text: str) -> list[tuple[int, int]]:
    """Every word-bounded match of ``text`` inside sentence ``sentence``, as code-point offsets, in text order."""
    if not 0 <= sentence < len(document.sentences):
        raise ValueError(f"sentence {sentence} does not exist (the document has {len(document.sentences)})")
    if not text or text != text.strip():
        raise ValueError(f"span text {text!r} is empty or has leading/trailing spaces")
    span = document.sentences[sentence]
    body = document.text[span.start : span.end]
    found = []
    position = body.find(text)
    while position >= 0:
        start, end = span.start + position, span.start + position + len(text)
        bounded = (start == 0 or not (_is_word_char(document.text[start - 1]) and _is_word_char(text[0]))) and (
            end == len(document.text) or not (_is_word_char(document.text[end]) and _is_word_char(text[-1]))
        )
        if bounded:
            found.append((start, end))
        position = body.find(text, position + 1)
    if not found:
        raise ValueError(f"{text!r} is not in sentence {sentence} as whole words: {body!r}")
    return found


def _squash(text: str) -> str:
    return " ".join(text.split())


def locate(
    document: Document, sentence: int, text: str, occurrence: int | None = None, *, after: str | None = None, strict: bool = False
) -> tuple[int, int]:
    """Code-point offsets of a draft anchor: ``text`` in sentence ``sentence``, chosen by ``occurrence`` or ``after``.

    ``occurrence`` (1-based) picks the n-th word-bounded match; ``after`` picks the match whose preceding words in the
    sentence end with ``after`` (whitespace-insensitive), which also stays right when the sentence gains or loses an
    earlier copy. Without either, a text that occurs more than once is ambiguous: with ``strict`` that is an error
    (guideline 1.1 drafts), otherwise the first match is taken (1.0 drafts, whose ``n`` defaulted to 1).
    """
    found = occurrences(document, sentence, text)
    sentence_start = document.sentences[sentence].start
    if after is not None:
        context = _squash(after)
        if not context:
            raise ValueError(f"'after' for {text!r} is empty")
        found = [(s, e) for s, e in found if _squash(document.text[sentence_start:s]).endswith(context)]
        if not found:
            raise ValueError(f"{text!r} does not occur right after {after!r} in sentence {sentence}")
        if occurrence is None and len(found) > 1:
            raise ValueError(f"{text!r} occurs {len(found)} times after {after!r} in sentence {sentence}; give more words")
    if occurrence is None:
        if strict and len(found) > 1:
            raise ValueError(
                f"{text!r} occurs {len(found)} times in sentence {sentence}: say which with \"n\" (1-{len(found)}) "
                f"or \"after\" (the words just before it)"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(found):
        raise ValueError(f"{text!r} occurs only {len(found)} time(s) in sentence {sentence}, not {occurrence}")
    return found[occurrence - 1]


def _strict_anchors(guideline_version: str) -> bool:
    """Drafts to guideline 1.1 or later must anchor a repeated text explicitly (and carry mention kinds)."""
    try:
        return tuple(int(part) for part in guideline_version.split(".")[:2]) >= (1, 1)
    except ValueError:
        return True


def resolve_draft(draft: Mapping[str, Any], document: Document, path: str = "<draft>", schema: Schema | None = None) -> AnnotationSet:
    """Turn a draft into an annotation set of ``document``; raises :class:`DraftError` listing every problem."""
    schema = schema or load_schema()
    problems: list[DraftProblem] = []

    def problem(item_id: str, message: str) -> None:
        problems.append(DraftProblem(path, item_id, message))

    if draft.get("doc_id") != document.id:
        problem("", f"doc_id {draft.get('doc_id')!r} does not match document {document.id!r}")
    annotator = str(draft.get("annotator", "")).strip()
    if not annotator:
        problem("", "annotator is missing")

    strict = _strict_anchors(str(draft.get("guideline_version", "")))

    def anchor(item: Mapping[str, Any]) -> tuple[int, int] | None:
        try:
            occurrence = int(item["n"]) if "n" in item else None
            after = str(item["after"]) if "after" in item else None
            return locate(document, int(item["s"]), str(item["text"]), occurrence, after=after, strict=strict)
        except KeyError as error:
            problem(str(item.get("id", "?")), f"missing field {error}")
        except (TypeError, ValueError) as error:
            problem(str(item.get("id", "?")), str(error))
        return None

    entities: list[Entity] = []
    for item in draft.get("entities", []):
        where = anchor(item)
        if item.get("label") not in schema.entities:
            problem(str(item.get("id")), f"unknown entity label {item.get('label')!r}")
        elif where:
            text = document.text[where[0] : where[1]]
            attributes = {}
            if schema.mention_kinds and strict:  # guideline 1.1 drafts carry a kind; 1.0 drafts never had one
                kind = item.get("kind", schema.infer_kind(text))
                if kind not in schema.mention_kinds:
                    problem(str(item.get("id")), f"unknown mention kind {kind!r}; use one of {', '.join(schema.mention_kinds)}")
                attributes["kind"] = kind
            elif "kind" in item:
                problem(str(item.get("id")), f"mention kinds need guideline 1.1 and schema 1.1 (this is {schema.version}); remove 'kind'")
            entities.append(Entity(str(item["id"]), where[0], where[1], text, item["label"], attributes))
    entity_labels = {e.id: e.label for e in entities}

    events: list[Event] = []
    for item in draft.get("events", []):
        event_id, label = str(item.get("id")), item.get("label")
        where = anchor(item)
        event_type = schema.events.get(str(label))
        if event_type is None:
            problem(event_id, f"unknown event type {label!r}")
            continue
        modality = item.get("modality", schema.default_modality)
        if modality not in schema.modalities:
            problem(event_id, f"unknown modality {modality!r}; use one of {', '.join(schema.modalities)}")
        arguments = []
        for pair in item.get("args", []):
            if not (isinstance(pair, list | tuple) and len(pair) == 2):
                problem(event_id, f"argument {pair!r} is not a [role, entity id] pair")
                continue
            role, entity_id = str(pair[0]), str(pair[1])
            if role not in event_type.roles:
                problem(event_id, f"role {role!r} is not a role of {label} ({', '.join(event_type.roles)})")
            elif entity_id not in entity_labels:
                problem(event_id, f"argument {role} points to {entity_id!r}, which is not an entity of this draft")
            elif not schema.role_accepts(str(label), role, entity_labels[entity_id]):
                problem(event_id, f"{label}.{role} does not accept {entity_labels[entity_id]} ({entity_id}); "
                                  f"accepted: {', '.join(event_type.roles[role])}")
            else:
                arguments.append(Argument(role, entity_id))
        if where:
            events.append(Event(event_id, where[0], where[1], document.text[where[0] : where[1]], str(label),
                                tuple(arguments), {"modality": modality}))
    event_ids = {e.id for e in events}

    stances: list[Stance] = []
    for item in draft.get("stances", []):
        stance_id = str(item.get("id"))
        where = anchor(item)
        polarity, holder, target = item.get("polarity"), str(item.get("holder")), str(item.get("target"))
        if polarity not in schema.polarities:
            problem(stance_id, f"unknown polarity {polarity!r}")
        elif holder not in entity_labels:
            problem(stance_id, f"holder {holder!r} is not an entity of this draft")
        elif entity_labels[holder] not in schema.holder_types:
            problem(stance_id, f"holder {holder} is {entity_labels[holder]}; holders are {', '.join(schema.holder_types)}")
        elif target not in entity_labels and target not in event_ids:
            problem(stance_id, f"target {target!r} is not an entity or event of this draft")
        elif where:
            stances.append(Stance(stance_id, where[0], where[1], document.text[where[0] : where[1]], str(polarity), holder, target))

    ground_truth = draft.get("ground_truth", False)
    if not isinstance(ground_truth, bool):
        problem("", f"ground_truth must be true or false, got {ground_truth!r}")
    if problems:
        raise DraftError(problems)
    extra: dict[str, Any] = {"ground_truth": True, "policy": str(draft.get("policy", ""))} if ground_truth else {}
    if isinstance(draft.get("revises"), Mapping):  # a revision names the set it revises (draft_writer.revision_draft)
        extra["revises"] = dict(draft["revises"])
    provenance = Provenance(
        annotator=annotator,
        source_tool="flashpoint-draft",
        status="raw",
        schema_version=schema.version,
        guideline_version=str(draft.get("guideline_version", "")),
        created_at=str(draft.get("created_at", "")),
        extra=extra,
    )
    try:
        return AnnotationSet(provenance, tuple(entities), tuple(events), tuple(stances))
    except ModelError as error:
        raise DraftError([DraftProblem(path, "", str(error))]) from error


def read_draft(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def show(document: Document) -> Iterator[str]:
    """The document as numbered sentences, the form drafts refer to."""
    yield f"# {document.id} — {document.title}"
    for number, span in enumerate(document.sentences):
        yield f"[{number}] {document.text[span.start : span.end]}"
