"""Score annotated documents layer by layer: annotation sets -> tuples -> the pure metric functions.

``score_pairs`` scores a list of ``(doc_id, gold AnnotationSet, predicted AnnotationSet)`` for one layer:
``entities`` (entity spans), ``events`` (triggers, plus the ACE argument scores) or ``stance`` (stance spans
labelled with their polarity, plus polarity and triple scores). Every label of the schema's layer is listed.
A label the schema does not know (an entity type, event type, role or polarity) is an error naming the
document, the side and the span id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotation.model import AnnotationSet
from annotation.schema import LAYERS, Schema, load_schema
from eval.events import EventReport, EventTuple, score_events
from eval.spans import MODES, Matching, SpanReport, SpanTuple, encode_spans, match_arrays
from eval.stance import StanceReport, StanceTuple, score_stance

DocSets = tuple[str, AnnotationSet, AnnotationSet]  # doc id, gold set, predicted set


class LabelError(ValueError):
    """Labels the schema does not know; the message names where."""


def entity_spans(doc_id: str, aset: AnnotationSet) -> list[SpanTuple]:
    return [(doc_id, e.start, e.end, e.label) for e in aset.entities]


def trigger_spans(doc_id: str, aset: AnnotationSet) -> list[SpanTuple]:
    return [(doc_id, e.start, e.end, e.label) for e in aset.events]


def event_tuples(doc_id: str, aset: AnnotationSet) -> list[EventTuple]:
    """Events with each argument resolved to its entity's offsets."""
    where = {e.id: (e.start, e.end) for e in aset.entities}
    return [
        (doc_id, e.start, e.end, e.label, tuple((a.role, *where[a.entity_id]) for a in e.arguments)) for e in aset.events
    ]


def stance_tuples(doc_id: str, aset: AnnotationSet) -> list[StanceTuple]:
    """Stances with the holder and the target (an entity or an event) resolved to their offsets."""
    where = {e.id: (e.start, e.end) for e in aset.entities}
    where.update({e.id: (e.start, e.end) for e in aset.events})
    return [(doc_id, s.start, s.end, s.polarity, where[s.holder_id], where[s.target_id]) for s in aset.stances]


def stance_spans(doc_id: str, aset: AnnotationSet) -> list[SpanTuple]:
    return [(doc_id, s.start, s.end, s.polarity) for s in aset.stances]


def check_labels(pairs: Sequence[DocSets], layer: str, schema: Schema) -> None:
    """Raise :class:`LabelError` naming every span whose label (or role) is not in the schema's layer."""
    known = set(schema.labels_of(layer))
    roles = set(schema.roles)
    problems = []
    for doc_id, *sets in pairs:
        for side, aset in zip(("gold", "pred"), sets, strict=True):
            if layer == "entities":
                problems += [f"{doc_id} {side} entity {e.id}: {e.label!r}" for e in aset.entities if e.label not in known]
            elif layer == "events":
                for e in aset.events:
                    if e.label not in known:
                        problems.append(f"{doc_id} {side} event {e.id}: {e.label!r}")
                    problems += [f"{doc_id} {side} event {e.id}: role {a.role!r}" for a in e.arguments if a.role not in roles]
            else:
                problems += [f"{doc_id} {side} stance {s.id}: {s.polarity!r}" for s in aset.stances if s.polarity not in known]
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise LabelError(f"{len(problems)} label(s) not in schema {schema.version} ({layer}): {shown}")


@dataclass(frozen=True, slots=True)
class LayerResult:
    """Everything scored for one layer: the span matching behind the main table, its report, and the extras."""

    layer: str
    docs: tuple[str, ...]
    matching: Matching
    report: SpanReport
    events: EventReport | None = None
    stance: StanceReport | None = None


_MAIN_SPANS = {"entities": entity_spans, "events": trigger_spans, "stance": stance_spans}


def score_pairs(
    pairs: Sequence[DocSets],
    layer: str = "entities",
    *,
    schema: Schema | None = None,
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
) -> LayerResult:
    """Score every document's predicted set against its gold set for one layer (see the module docstring)."""
    if layer not in LAYERS:
        raise LabelError(f"unknown layer {layer!r}; expected one of {', '.join(LAYERS)}")
    schema = schema or load_schema()
    check_labels(pairs, layer, schema)
    labels = schema.labels_of(layer)
    spans_of = _MAIN_SPANS[layer]
    gold = [span for doc_id, g, _ in pairs for span in spans_of(doc_id, g)]
    pred = [span for doc_id, _, p in pairs for span in spans_of(doc_id, p)]
    docs = tuple(doc_id for doc_id, _, _ in pairs)
    encoded = encode_spans(gold, pred, labels=labels, docs=docs)
    matching = match_arrays(encoded.gold, encoded.pred, encoded.labels, modes=modes, min_overlap=min_overlap)
    events = stance = None
    if layer == "events":
        events = score_events(
            [t for doc_id, g, _ in pairs for t in event_tuples(doc_id, g)],
            [t for doc_id, _, p in pairs for t in event_tuples(doc_id, p)],
            labels=labels,
            roles=schema.roles,
            modes=modes,
        )
    elif layer == "stance":
        stance = score_stance(
            [t for doc_id, g, _ in pairs for t in stance_tuples(doc_id, g)],
            [t for doc_id, _, p in pairs for t in stance_tuples(doc_id, p)],
            polarities=labels,
            modes=modes,
        )
    return LayerResult(layer, docs, matching, matching.report(listed=labels), events, stance)


def score_sets(
    gold: AnnotationSet,
    pred: AnnotationSet,
    layer: str = "entities",
    *,
    doc_id: str = "document",
    schema: Schema | None = None,
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
) -> LayerResult:
    """Score two annotation sets of one document (e.g. two annotators, for agreement)."""
    return score_pairs([(doc_id, gold, pred)], layer, schema=schema, modes=modes, min_overlap=min_overlap)
