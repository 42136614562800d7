"""Importer ``meantime.v1``: MEANTIME CAT XML (entity, event and time mentions, participant roles) -> documents.

An ENTITY_MENTION takes the ``ent_type`` of the ENTITY instance it REFERS_TO (PER, ORG, LOC map through the
schema's ``meantime`` table; PRO, FIN, MIX and untyped ones do not); a TIMEX3 mention is labelled ``TIMEX3.<type>``
(DATE and TIME map to TIME). EVENT_MENTIONs have no event type of ours (their instance class is SPEECH_COGNITIVE,
GRAMMATICAL, OTHER or MIX), so they, with their HAS_PARTICIPANT arguments (PropBank ``sem_role``), are reported
and kept in ``meta["unmapped"]``; VALUE, SIGNAL and C-SIGNAL markables likewise. Coreference: each mention carries
its instance id in ``attributes["instance"]``. Text: Wikinews (CC BY 2.5).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotation.formats.cat_xml import CatDocument, iter_documents
from annotation.formats.errors import FormatError
from annotation.formats.gold import SetBuilder, provenance
from annotation.formats.mapping import label_map
from annotation.formats.report import Report, report_or_strict
from annotation.model import Document
from annotation.schema import load_schema

NAME = "meantime"
LICENCE = "texts English Wikinews CC BY 2.5; annotations CC BY 3.0 (NewsReader)"


def read(path: str | Path, *, report: Report | None = None) -> Iterator[Document]:
    """Stream the documents of a MEANTIME folder (topic sub-folders) or file."""
    report = report_or_strict(report)
    for item in iter_documents(path):
        if isinstance(item, FormatError):
            report.error(item)
            continue
        try:
            yield document_from_cat(item, report)
        except (ValueError, KeyError) as error:
            report.error(FormatError(item.path, 0, f"{type(error).__name__}: {error}", record=item.name))


def document_from_cat(cat: CatDocument, report: Report) -> Document:
    schema = load_schema()
    doc_id = cat.name
    builder = SetBuilder(label_map(NAME, schema), cat.text, report, cat.path, doc_id)
    instances = {m.m_id: m for m in cat.markables if not m.is_mention}
    kinds = {m.m_id: m.tag for m in cat.markables if m.is_mention}
    refers_to: dict[str, str] = {}
    participants: dict[str, list[tuple[str, str]]] = {}
    for relation in cat.relations:
        report.count(f"relations {relation.tag}")
        if relation.tag == "REFERS_TO":
            for source in relation.sources:
                refers_to[source] = relation.targets[0] if relation.targets else ""
        elif relation.tag == "HAS_PARTICIPANT":
            if not relation.sources or not relation.targets or any(kinds.get(m) != "EVENT_MENTION" for m in relation.sources):
                report.left_out.append(
                    f"{cat.path}: {doc_id}: HAS_PARTICIPANT {relation.r_id} links {[kinds.get(m, m) for m in relation.sources]} -> "
                    f"{[kinds.get(m, m) for m in relation.targets]}: not an event mention -> a mention, no argument to carry"
                )
                continue
            for source in relation.sources:
                for target in relation.targets:
                    participants.setdefault(source, []).append((relation.attributes.get("sem_role", ""), f"{doc_id}-m{target}"))
    report.count("documents")
    report.count("sentences", len(cat.sentences))
    report.count("tokens", len(cat.tokens))
    mentions = [m for m in cat.markables if m.is_mention]
    for markable in cat.markables:
        report.count(f"{'mentions' if markable.is_mention else 'instances'} {markable.tag}")
        if not markable.is_mention and markable.tag.endswith("_MENTION"):
            report.left_out.append(f"{cat.path}: {doc_id}: {markable.tag} {markable.m_id} has no token anchor, so no span")
    events = []
    for markable in mentions:
        instance = instances.get(refers_to.get(markable.m_id, ""))
        attributes: dict[str, Any] = {"instance": instance.m_id if instance else ""}
        if len(markable.fragments) > 1:
            attributes["fragments"] = [list(f) for f in markable.fragments]
        mention_id = f"{doc_id}-m{markable.m_id}"
        if markable.tag == "ENTITY_MENTION":
            label = instance.attributes.get("ent_type", "") if instance else ""
            attributes["syntactic_type"] = markable.attributes.get("syntactic_type", "")
            builder.entity(mention_id, markable.start, markable.end, label or "ENTITY_MENTION (untyped)", attributes=attributes)
        elif markable.tag == "TIMEX3":
            attributes["value"] = markable.attributes.get("value", "")
            builder.entity(mention_id, markable.start, markable.end, f"TIMEX3.{markable.attributes.get('type', '')}", attributes=attributes)
        elif markable.tag == "EVENT_MENTION":
            events.append((markable, attributes, instance))
        else:
            span = {"id": mention_id, "start": markable.start, "end": markable.end, "text": cat.text[markable.start : markable.end]}
            builder.keep_unmapped("markables", markable.tag, span)
    for markable, attributes, instance in events:
        event_class = instance.attributes.get("class", "") if instance else ""
        arguments = participants.get(markable.m_id, [])
        builder.event(
            f"{doc_id}-m{markable.m_id}",
            markable.start,
            markable.end,
            f"EVENT_MENTION.{event_class or '(no class)'}",
            arguments,
            attributes=attributes,
        )
    return cat.to_document(
        doc_id,
        LICENCE,
        builder.annotation_set(provenance(NAME, schema_version=schema.version)),
        {"corpus": NAME, "topic": Path(cat.path).parent.name, "unmapped": builder.unmapped},
    )
