"""The inverse of :func:`annotation.drafts.resolve_draft`: an annotation set written as a draft (sentence-anchored).

``resolve_draft(draft_from_set(document, aset), document)`` gives back the same spans, labels, arguments and links
(ids are renumbered T1.., V1.., S1.. in text order). A span that crosses a sentence boundary or does not sit on
word boundaries has no draft anchor; that is a :class:`DraftAnchorError` naming it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from annotation.drafts import occurrences
from annotation.model import AnnotationSet, Document


class DraftAnchorError(ValueError):
    """A span that cannot be written as sentence number, text and occurrence."""


def anchor_of(document: Document, start: int, end: int) -> dict[str, Any]:
    """``{"s", "text", "n"}`` of the span ``[start, end)``, as a draft anchors it (``n`` when the text repeats in the sentence)."""
    starts = [s.start for s in document.sentences]
    sentence = bisect_right(starts, start) - 1
    if sentence < 0 or end > document.sentences[sentence].end:
        raise DraftAnchorError(f"{document.id}: span [{start}, {end}) {document.text[start:end]!r} is not inside one sentence")
    text = document.text[start:end]
    try:
        found = occurrences(document, sentence, text)
    except ValueError as error:
        raise DraftAnchorError(f"{document.id}: span [{start}, {end}) {text!r}: {error}") from error
    if (start, end) not in found:
        raise DraftAnchorError(f"{document.id}: span [{start}, {end}) {text!r} does not sit on word boundaries")
    occurrence = found.index((start, end)) + 1
    return {"s": sentence, "text": text} | ({"n": occurrence} if len(found) > 1 else {})


def sentence_of(document: Document, start: int) -> int:
    """The 0-based number of the sentence a character offset falls in (-1 before the first sentence)."""
    return bisect_right([s.start for s in document.sentences], start) - 1


def draft_from_set(document: Document, annotation_set: AnnotationSet) -> dict[str, Any]:
    """A draft dictionary of ``annotation_set`` (``doc_id``, ``annotator``, ``guideline_version``, the three layers)."""
    provenance = annotation_set.provenance
    entities = sorted(annotation_set.entities, key=lambda e: (e.start, e.end, e.label))
    events = sorted(annotation_set.events, key=lambda e: (e.start, e.end, e.label))
    stances = sorted(annotation_set.stances, key=lambda s: (s.start, s.end, s.polarity))
    ids = {e.id: f"T{i}" for i, e in enumerate(entities, 1)} | {e.id: f"V{i}" for i, e in enumerate(events, 1)}
    draft: dict[str, Any] = {
        "doc_id": document.id,
        "annotator": provenance.annotator,
        "guideline_version": provenance.guideline_version,
        "entities": [
            {"id": ids[e.id], **anchor_of(document, e.start, e.end), "label": e.label,
             **({"kind": e.attributes["kind"]} if "kind" in e.attributes else {})}
            for e in entities
        ],
        "events": [
            {"id": ids[e.id], **anchor_of(document, e.start, e.end), "label": e.label,
             **({"modality": e.attributes["modality"]} if "modality" in e.attributes else {}),
             "args": [[a.role, ids[a.entity_id]] for a in e.arguments]}
            for e in events
        ],
        "stances": [
            {"id": f"S{i}", **anchor_of(document, s.start, s.end), "polarity": s.polarity,
             "holder": ids[s.holder_id], "target": ids[s.target_id]}
            for i, s in enumerate(stances, 1)
        ],
    }
    return draft


def revision_draft(document: Document, annotation_set: AnnotationSet, reviser: str, guideline_version: str) -> dict[str, Any]:
    """The starting draft of a revision of ``annotation_set`` to a newer guideline: the same labels, every repeated
    text anchored by ``n``, marked ground truth (policy ``revised-<version>``) under the reviser's name, and the set it
    revises named in ``revises`` (annotator and guideline version), for the reviser to edit where a ruling changed."""
    draft = draft_from_set(document, annotation_set)
    draft.update(
        annotator=reviser,
        guideline_version=guideline_version,
        ground_truth=True,
        policy=f"revised-{guideline_version}",
        revises={"annotator": annotation_set.provenance.annotator, "guideline_version": annotation_set.provenance.guideline_version},
    )
    return draft
