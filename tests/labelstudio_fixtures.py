"""Documents and exports with the edge cases Label Studio gets wrong: non-BMP characters, CRLF, nested spans."""

from __future__ import annotations

from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Source, Span, Stance
from annotation.schema import load_schema

EMOJI_TEXT = "🇦🇲 Yerevan blamed Baku for shelling near the Lachin Corridor 😡 on Friday."
CRLF_TEXT = "Baku said on Tuesday\r\nthat Armenian troops attacked positions.\r\nYerevan denied it."
PLAIN_TEXT = "Protesters rallied in Tbilisi on Sunday against the government."


def span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def entity(text: str, eid: str, needle: str, label: str, kind: str = "") -> Entity:
    """An entity with its mention kind (schema 1.1 sets always have one): ``kind``, else the schema's inferred one."""
    start, end = span(text, needle)
    return Entity(eid, start, end, needle, label, {"kind": kind or load_schema().infer_kind(needle)})


def provenance(annotator: str, status: str = "raw", **extra: object) -> Provenance:
    return Provenance(annotator, "label-studio", status, load_schema().version, guideline_version="g1", extra=dict(extra))


def emoji_document(annotator: str = "ann-a", status: str = "raw", **extra: object) -> Document:
    t = EMOJI_TEXT
    entities = (
        entity(t, "e1", "Yerevan", "GPE"),
        entity(t, "e2", "Baku", "GPE"),
        entity(t, "e3", "Lachin Corridor", "FAC"),
        entity(t, "e4", "Lachin", "LOC"),  # nested in e3
        entity(t, "e5", "Friday", "TIME"),
    )
    s, e = span(t, "shelling")
    event = Event("v1", s, e, "shelling", "Conflict.Attack", (Argument("Attacker", "e2"), Argument("Place", "e3"), Argument("Time", "e5")),
                  {"modality": "ASSERTED"})
    s, e = span(t, "blamed")
    stance = Stance("s1", s, e, "blamed", "AGAINST", "e1", "v1")
    sets = (AnnotationSet(provenance(annotator, status, **extra), entities, (event,), (stance,)),)
    return Document("doc-emoji", t, title="Emoji", source=Source(path="x.txt", outlet="test"), sentences=(Span(0, len(t)),),
                    annotations=sets, meta={"k": [1, 2]})


def crlf_document(annotator: str = "ann-b", **extra: object) -> Document:
    t = CRLF_TEXT
    entities = (entity(t, "e1", "Baku", "GPE"), entity(t, "e2", "Armenian troops", "ORG"), entity(t, "e3", "Yerevan", "GPE"),
                entity(t, "e4", "Tuesday", "TIME"))
    s, e = span(t, "attacked")
    attack = Event("v1", s, e, "attacked", "Conflict.Attack", (Argument("Attacker", "e2"),), {"modality": "ASSERTED"})
    s, e = span(t, "denied")
    stance = Stance("s1", s, e, "denied", "AGAINST", "e3", "v1")
    sets = (AnnotationSet(provenance(annotator, **extra), entities, (attack,), (stance,)),)
    return Document("doc-crlf", t, annotations=sets)


def plain_document(annotator: str = "ann-a", **extra: object) -> Document:
    t = PLAIN_TEXT
    entities = (entity(t, "e1", "Protesters", "PER", "NOMINAL"), entity(t, "e2", "Tbilisi", "GPE"), entity(t, "e3", "Sunday", "TIME"),
                entity(t, "e4", "the government", "ORG"))
    s, e = span(t, "rallied")
    arguments = (Argument("Entity", "e1"), Argument("Place", "e2"))
    rally = Event("v1", s, e, "rallied", "Conflict.Demonstrate", arguments, {"modality": "NEGATED"})
    s, e = span(t, "against")
    stance = Stance("s1", s, e, "against", "AGAINST", "e1", "e4")
    sets = (AnnotationSet(provenance(annotator, **extra), entities, (rally,), (stance,)),)
    return Document("doc-plain", t, annotations=sets)
