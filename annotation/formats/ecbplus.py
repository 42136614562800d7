"""Importer ``ecbplus.v1``: ECB+ CAT XML (event and participant mentions, coreference) -> documents.

``read(path)`` takes the ECB+ folder (topic sub-folders of ``*.xml``, and ``ECBplus_coreference_sentences.csv``
beside them) or one file. Participant, location and time mentions map to our entity types through the schema's
``ecbplus`` table. ECB+ action mentions have a class (ACTION_OCCURRENCE, ...) but no event type, so none maps onto
our typed events: they are reported with their counts and kept, with offsets, in ``meta["unmapped"]`` (enough for
untyped trigger detection). ECB+ has no argument links. Each mention carries the coreference instance it belongs to
(``attributes["instance"]``, from CROSS_DOC_COREF / INTRA_DOC_COREF); ``meta["annotated_sentences"]`` lists the
sentence numbers the CSV marks as fully annotated (evaluate on those only).
"""

from __future__ import annotations

import csv
from collections import defaultdict
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

NAME = "ecbplus"
LICENCE = "annotations CC BY 3.0 (ECB+ LICENSEDATA.TXT); texts not copyrighted by the corpus authors"
SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
EVENT_CLASSES = ("ACTION_", "NEG_ACTION_")


def annotated_sentences(folder: Path) -> dict[str, list[str]]:
    """Document name (``3_1ecb``) -> the sentence numbers ECB+ annotated fully."""
    found: dict[str, list[str]] = defaultdict(list)
    path = folder / SENTENCES_CSV
    if not path.is_file():
        return found
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found[f"{row['Topic']}_{row['File']}"].append(row["Sentence Number"])
    return found


def read(path: str | Path, *, report: Report | None = None) -> Iterator[Document]:
    """Stream the documents of an ECB+ folder or file."""
    report = report_or_strict(report)
    folder = Path(path) if Path(path).is_dir() else Path(path).parent.parent
    sentences = annotated_sentences(folder)
    for item in iter_documents(path):
        if isinstance(item, FormatError):
            report.error(item)
            continue
        try:
            yield document_from_cat(item, report, sentences)
        except (ValueError, KeyError) as error:
            report.error(FormatError(item.path, 0, f"{type(error).__name__}: {error}", record=item.name))


def _instances(cat: CatDocument) -> dict[str, str]:
    """Mention id -> the coreference instance it refers to."""
    names = {m.m_id: m.attributes.get("instance_id") or m.attributes.get("TAG_DESCRIPTOR", "") for m in cat.markables if not m.is_mention}
    found: dict[str, str] = {}
    for relation in cat.relations:
        if relation.tag in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            instance = names.get(relation.targets[0], relation.attributes.get("note", "")) if relation.targets else ""
            for source in relation.sources:
                found[source] = instance
    return found


def document_from_cat(cat: CatDocument, report: Report, annotated: dict[str, list[str]]) -> Document:
    schema = load_schema()
    doc_id = cat.name.removesuffix(".xml")
    builder = SetBuilder(label_map(NAME, schema), cat.text, report, cat.path, doc_id)
    instances = _instances(cat)
    report.count("documents")
    report.count("sentences", len(cat.sentences))
    report.count("tokens", len(cat.tokens))
    for relation in cat.relations:
        report.count(f"relations {relation.tag}")
    for markable in cat.markables:
        if not markable.is_mention:
            report.count("instance markables")
            continue
        report.count(f"mentions {markable.tag}")
        attributes: dict[str, Any] = {"instance": instances.get(markable.m_id, "")}
        if len(markable.fragments) > 1:
            attributes["fragments"] = [list(f) for f in markable.fragments]
        mention_id = f"{doc_id}-m{markable.m_id}"
        if markable.tag.startswith(EVENT_CLASSES):
            builder.event(mention_id, markable.start, markable.end, markable.tag, [], attributes=attributes)
        else:
            builder.entity(mention_id, markable.start, markable.end, markable.tag, attributes=attributes)
    return cat.to_document(
        doc_id,
        LICENCE,
        builder.annotation_set(provenance(NAME, schema_version=schema.version)),
        {
            "corpus": NAME,
            "sentence_numbers": list(cat.sentence_numbers),
            "annotated_sentences": annotated.get(doc_id, []),
            "unmapped": builder.unmapped,
        },
    )
