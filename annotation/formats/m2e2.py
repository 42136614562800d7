"""Importer ``m2e2.v1``: M2E2 events and arguments on the VOA articles, text rebuilt by :mod:`annotation.ingest.voa`.

The article text, sentences and tokens come from the ingest rebuild (one document per article, 137 for the shared
split), and M2E2 token offsets go through its ``VoaArticle.char_span`` map, so no second rebuild exists. Records of
a sentence found in both M2E2 files are merged (their events differ).

Two annotation sets: ``m2e2`` (status gold: events, arguments and the entities the arguments need) and, unless
``entities=False``, ``m2e2-entities`` (status silver: M2E2's ``golden-entity-mentions``, which are machine-made and
incomplete, see SOURCE.md). An argument's entity takes the type of the M2E2 entity mention on exactly its span when
the role accepts that type (``attributes["label_from"] = "m2e2 entity mention (silver)"``); otherwise the first type
our schema accepts for the role (``"label_from": "role"``). Either way the entity exists so the argument can point
at it; do not score entity types on the gold set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from annotation.formats.errors import FormatError
from annotation.formats.gold import SetBuilder, provenance
from annotation.formats.mapping import label_map
from annotation.formats.report import Report, report_or_strict
from annotation.ingest.voa import VoaArticle, rebuild_voa_articles
from annotation.model import Document
from annotation.schema import load_schema

NAME = "m2e2"
SILVER = "m2e2-entities"


def read(path: str | Path, *, report: Report | None = None, entities: bool = True) -> Iterator[Document]:
    """Stream the articles of an M2E2 VOA folder with M2E2's events (and its silver entity mentions)."""
    report = report_or_strict(report)
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    for article in rebuild_voa_articles(folder):
        try:
            yield document_from_article(article, report, with_entities=entities, path=str(folder))
        except (KeyError, IndexError, ValueError) as error:
            report.error(FormatError(str(folder), 0, f"{type(error).__name__}: {error}", record=article.document.id))


def document_from_article(article: VoaArticle, report: Report, *, with_entities: bool, path: str) -> Document:
    schema = load_schema()
    labels = label_map(NAME, schema)
    document = article.document
    text = document.text
    gold = SetBuilder(labels, text, report, path, document.id)
    silver = SetBuilder(labels, text, Report(), path, document.id)  # its unmapped items are counted below, not as gold's
    report.count("documents")
    silver_types: dict[tuple[int, int], list[str]] = {}
    events: list[tuple[str, Mapping[str, Any], str]] = []
    for sentence in article.sentences:
        report.count("sentences")
        report.count("sentence records", len(sentence.records))
        for record in sentence.records:
            for number, mention in enumerate(record["golden-entity-mentions"], start=1):
                report.count("entity mentions (silver)")
                span = _span(article, sentence.sentence_id, mention["start"], mention["end"], report, path, document.id)
                if span is None:
                    continue
                mapped = labels.entity(str(mention["entity-type"]))
                if mapped:
                    silver_types.setdefault(span, []).append(mapped)
                if with_entities:
                    silver.entity(f"{sentence.sentence_id}-{record_file(sentence, record)}-S{number}", *span, str(mention["entity-type"]))
                    if not mapped:
                        report.unmapped_label("silver entities", str(mention["entity-type"]))
            for mention in record["golden-event-mentions"]:
                events.append((sentence.sentence_id, mention, record_file(sentence, record)))
    for index, (sentence_id, mention, file_tag) in enumerate(events, start=1):
        report.count("events")
        report.count("arguments", len(mention["arguments"]))
        event_id = f"{document.id}-E{index}"
        trigger = _span(article, sentence_id, mention["trigger"]["start"], mention["trigger"]["end"], report, path, document.id)
        if trigger is None:
            continue
        event_type = str(mention["event_type"])
        ours = labels.event(event_type)
        arguments: list[tuple[str, str]] = []
        for number, argument in enumerate(mention["arguments"], start=1):
            span = _span(article, sentence_id, argument["start"], argument["end"], report, path, document.id)
            if span is None:
                continue
            role = str(argument["role"])
            entity_id = f"{event_id}-A{number}"
            our_role = labels.role(ours, role) if ours else None
            typed = next((t for t in silver_types.get(span, []) if ours and our_role and schema.role_accepts(ours, our_role, t)), None)
            if typed is not None:
                gold.entity(entity_id, *span, typed, label=typed, attributes={"label_from": "m2e2 entity mention (silver)"})
                arguments.append((role, entity_id))
            else:
                made = gold.argument_entity(entity_id, *span, event_type, role, source=NAME)
                arguments.append((role, made or f"[{span[0]}, {span[1]}) {text[span[0] : span[1]]!r}"))
        gold.event(
            event_id,
            *trigger,
            event_type,
            arguments,
            expected_text=None,
            attributes={"m2e2_sentence": sentence_id, "m2e2_file": file_tag},
        )
    sets = [gold.annotation_set(provenance(NAME, schema_version=schema.version))]
    if with_entities:
        sets.append(silver.annotation_set(provenance(SILVER, status="silver", schema_version=schema.version)))
    return Document(
        id=document.id,
        text=text,
        title=document.title,
        source=document.source,
        sentences=document.sentences,
        tokens=document.tokens,
        annotations=tuple(sets),
        removed=document.removed,
        meta={**document.meta, "corpus": NAME, "unmapped": gold.unmapped, "unmapped_silver": silver.unmapped},
    )


def record_file(sentence: Any, record: Mapping[str, Any]) -> str:
    """Which M2E2 file a record came from (``text_only`` or ``multimedia``)."""
    position = next(i for i, r in enumerate(sentence.records) if r is record)
    return "multimedia" if "multimedia" in sentence.files[position] else "text_only"


def _span(article: VoaArticle, sentence_id: str, start: int, end: int, report: Report, path: str, doc_id: str) -> tuple[int, int] | None:
    try:
        span = article.char_span(sentence_id, int(start), int(end))
    except KeyError:
        report.left_out.append(f"{doc_id}: {sentence_id} tokens [{start}, {end}): sentence left out of the rebuilt text (page script)")
        return None
    except IndexError as error:
        report.error(FormatError(path, 0, str(error), record=doc_id))
        return None
    return span.start, span.end
