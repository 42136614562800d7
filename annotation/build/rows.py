"""Turn gold documents into the rows of each dataset config.

Offsets: in ``entities`` and ``events`` (one row per sentence) every offset is relative to the row's ``text`` (the
sentence); add ``sentence_start`` for a document offset. In ``documents``, ``stance`` and ``annotations_raw`` offsets
are document offsets (``stance.context_start`` places the context sentence). All are half-open code-point offsets.
BIO tags come from the spans by :func:`annotation.alignment.spans_to_tags` with ``expand`` alignment; a span that had to
be widened, or that could not be tagged (nested inside a longer span of the same layer), is counted in the
:class:`RowReport` and stays in the row's ``spans``/``events`` list, which keeps every annotation.

Mention kind (schema 1.1+): every entity mention in a row has its ``kind`` (``entity_kind`` for an event argument),
``Entity.attributes["kind"]`` when the annotation set gives one, else ``schema.infer_kind(entity.text)`` (guideline-1.0
sets have no kinds). Under a schema without mention kinds the rows have no kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotation.alignment import LabelledSpan, spans_to_tags
from annotation.build.gold import GoldChoice, is_ground_truth
from annotation.ingest.segment import segment
from annotation.model import AnnotationSet, Document, Entity, Span
from annotation.schema import Schema, load_schema


@dataclass
class RowReport:
    """What could not be expressed exactly in the sentence-level views (never silently)."""

    widened: Counter[str] = field(default_factory=Counter)  # layer -> spans widened to token boundaries
    not_in_tags: list[str] = field(default_factory=list)  # "doc layer id": nested spans left out of the BIO tags
    cross_sentence: list[str] = field(default_factory=list)  # "doc layer id": spans or arguments outside the sentence


def boundaries(document: Document) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Sentences and tokens of a document, segmenting the text when the document carries none."""
    if document.sentences and document.tokens:
        return document.sentences, document.tokens
    segmentation = segment(document.text)
    return tuple(segmentation.sentences), tuple(segmentation.tokens)


def with_boundaries(document: Document) -> Document:
    """The document with its sentences and tokens filled in, so the row builders segment it once, not per config."""
    if document.sentences and document.tokens:
        return document
    sentences, tokens = boundaries(document)
    return replace(document, sentences=sentences, tokens=tokens)


def mention_kind(entity: Entity, schema: Schema, name: str = "kind") -> dict[str, str]:
    """``{name: kind}`` of an entity for a row: its own kind, else the schema's inferred one; nothing without kinds."""
    if not schema.mention_kinds:
        return {}
    kind = entity.attributes.get("kind")
    return {name: str(kind) if kind is not None else schema.infer_kind(entity.text)}


def _layers(annotation_set: AnnotationSet, schema: Schema) -> dict[str, list[dict[str, Any]]]:
    return {
        "entities": [
            {"id": e.id, "start": e.start, "end": e.end, "text": e.text, "label": e.label, **mention_kind(e, schema)}
            for e in annotation_set.entities
        ],
        "events": [
            {
                "id": e.id,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "type": e.label,
                "modality": e.attributes.get("modality", schema.default_modality),
                "arguments": [{"role": a.role, "entity_id": a.entity_id} for a in e.arguments],
            }
            for e in annotation_set.events
        ],
        "stances": [
            {"id": s.id, "start": s.start, "end": s.end, "text": s.text, "polarity": s.polarity, "holder_id": s.holder_id,
             "target_id": s.target_id}
            for s in annotation_set.stances
        ],
    }


def document_row(document: Document, choice: GoldChoice, schema: Schema) -> dict[str, Any]:
    sentences, _ = boundaries(document)
    return {
        "doc_id": document.id,
        "title": document.title,
        "text": document.text,
        "outlet": document.source.outlet,
        "url": document.source.url,
        "date": document.source.date,
        "licence": document.source.licence,
        "source_sha256": document.source.sha256,
        "sentences": [{"start": s.start, "end": s.end} for s in sentences],
        **_layers(choice.gold, schema),
        "annotators": sorted({a.provenance.annotator for a in choice.raw}),
        "gold_from": choice.how,
        "schema_version": choice.gold.provenance.schema_version,
        "guideline_version": choice.gold.provenance.guideline_version,
    }


def raw_rows(document: Document, choice: GoldChoice, schema: Schema) -> Iterator[dict[str, Any]]:
    for annotation_set in sorted(choice.raw, key=lambda a: a.provenance.annotator):
        p = annotation_set.provenance
        lead_time = p.extra.get("lead_time")
        yield {
            "doc_id": document.id,
            "annotator": p.annotator,
            "status": p.status,
            "source_tool": p.source_tool,
            "schema_version": p.schema_version,
            "guideline_version": p.guideline_version,
            "created_at": p.created_at,
            "updated_at": p.updated_at,
            "ground_truth": is_ground_truth(annotation_set),
            "lead_time": float(lead_time) if isinstance(lead_time, int | float) else None,
            **_layers(annotation_set, schema),
        }


def _inside(span: Span, start: int, end: int) -> bool:
    return span.start <= start and end <= span.end


def _tags(tokens: Sequence[Span], spans: Sequence[tuple[str, int, int, str]], layer: str, doc_id: str, report: RowReport) -> list[str]:
    labelled = {LabelledSpan(start, end, label): span_id for span_id, start, end, label in spans}
    encoded = spans_to_tags(tokens, labelled, alignment="expand")
    for span in labelled:
        touching = [t for t in tokens if t.start < span.end and span.start < t.end]
        if touching and (touching[0].start != span.start or touching[-1].end != span.end):
            report.widened[layer] += 1
    report.not_in_tags.extend(f"{doc_id} {layer} {labelled[span]}" for span in encoded.unplaced)
    return list(encoded.tags)


def sentence_rows(
    document: Document, gold: AnnotationSet, report: RowReport, schema: Schema | None = None
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """``(entities row, events row)`` for every sentence (``schema``: the packaged one by default)."""
    schema = schema or load_schema()
    sentences, tokens = boundaries(document)
    entities = {e.id: e for e in gold.entities}
    placed: set[str] = set()
    for index, sentence in enumerate(sentences):
        base = sentence.start
        sentence_tokens = [t for t in tokens if _inside(sentence, t.start, t.end)]
        common = {
            "id": f"{document.id}#{index}",
            "doc_id": document.id,
            "sentence_index": index,
            "sentence_start": base,
            "text": document.text[sentence.start : sentence.end],
            "tokens": [document.text[t.start : t.end] for t in sentence_tokens],
            "token_offsets": [{"start": t.start - base, "end": t.end - base} for t in sentence_tokens],
        }
        in_sentence = [e for e in gold.entities if _inside(sentence, e.start, e.end)]
        triggers = [e for e in gold.events if _inside(sentence, e.start, e.end)]
        placed.update(e.id for e in in_sentence)
        placed.update(e.id for e in triggers)
        entity_row = {
            **common,
            "ner_tags": _tags(sentence_tokens, [(e.id, e.start, e.end, e.label) for e in in_sentence], "entities", document.id, report),
            "spans": [
                {"id": e.id, "start": e.start - base, "end": e.end - base, "text": e.text, "label": e.label, **mention_kind(e, schema)}
                for e in in_sentence
            ],
        }
        events = []
        for event in triggers:
            arguments = []
            for argument in event.arguments:
                entity = entities[argument.entity_id]
                if not _inside(sentence, entity.start, entity.end):
                    report.cross_sentence.append(f"{document.id} argument {event.id}->{entity.id}")
                arguments.append({"role": argument.role, "entity_id": entity.id, "start": entity.start - base,
                                  "end": entity.end - base, "text": entity.text, "entity_type": entity.label,
                                  **mention_kind(entity, schema, "entity_kind")})
            events.append({"id": event.id, "start": event.start - base, "end": event.end - base, "text": event.text,
                           "type": event.label, "modality": event.attributes.get("modality", schema.default_modality),
                           "arguments": arguments})
        event_row = {
            **common,
            "trigger_tags": _tags(sentence_tokens, [(e.id, e.start, e.end, e.label) for e in triggers], "events", document.id, report),
            "events": events,
        }
        yield entity_row, event_row
    for span_id in [e.id for e in gold.entities] + [e.id for e in gold.events]:
        if span_id not in placed:
            report.cross_sentence.append(f"{document.id} span {span_id}")


def stance_rows(document: Document, gold: AnnotationSet, schema: Schema | None = None) -> Iterator[dict[str, Any]]:
    """One row per stance (``schema``: the packaged one by default)."""
    schema = schema or load_schema()
    sentences, _ = boundaries(document)
    entities = {e.id: e for e in gold.entities}
    events = {e.id: e for e in gold.events}
    for stance in gold.stances:
        context = next((s for s in sentences if s.start <= stance.start < s.end), Span(0, len(document.text)))
        context = Span(context.start, max(context.end, stance.end))
        holder = entities[stance.holder_id]
        target = entities.get(stance.target_id) or events[stance.target_id]
        yield {
            "id": f"{document.id}#{stance.id}",
            "doc_id": document.id,
            "context": document.text[context.start : context.end],
            "context_start": context.start,
            "start": stance.start,
            "end": stance.end,
            "text": stance.text,
            "polarity": stance.polarity,
            "holder": {"id": holder.id, "start": holder.start, "end": holder.end, "text": holder.text, "type": holder.label,
                       **mention_kind(holder, schema)},
            "target": {"id": target.id, "start": target.start, "end": target.end, "text": target.text,
                       "layer": "entities" if target.id in entities else "events", "label": target.label},
        }
