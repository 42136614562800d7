"""Staged candidate articles: the ``docs.jsonl`` files under ``shared/data/external`` (Wikinews, Kremlin) as documents.

Each line is one article with ``id``, ``title``, ``date``, ``url``, ``licence`` and ``text`` (the folder's SOURCE.md
says how it was made). The document text is the title, a blank line, then the text, as :mod:`annotation.ingest`
writes it; ``meta["body_start"]`` is where the text begins. ftfy repairs any encoding damage, and syntok gives the
sentences and tokens. A record that lacks a field or has an empty text stops the read with its line number: a pool
with a bad record is not silently smaller.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import ftfy

from annotation.errors import FlashpointError
from annotation.ingest.segment import segment
from annotation.model import Document, Source

PARAGRAPH_BREAK = "\n\n"
OUTLETS = {"wikinews_en": "Wikinews", "kremlin_en": "President of Russia (en.kremlin.ru)"}
LICENCES = {"public-domain": "public domain (Wikinews before 2005-09-25)", "CC-BY-2.5": "CC BY 2.5", "CC-BY-4.0": "CC BY 4.0"}


def read_staged(folder: Path) -> Iterator[Document]:
    """The articles of ``folder/docs.jsonl`` as documents with sentences and tokens (no annotations)."""
    path = folder / "docs.jsonl"
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    outlet = OUTLETS.get(folder.name, folder.name)
    for line_number, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            title = " ".join(ftfy.fix_text(str(record["title"])).split())
            body = ftfy.fix_text(str(record["text"])).strip()
            licence = LICENCES.get(str(record["licence"]), str(record["licence"]))
            doc_id, url, date = str(record["id"]), str(record["url"]), str(record.get("date") or "")
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise FlashpointError(f"{path}:{line_number}: not a staged article record: {error}") from error
        if not body or not title:
            raise FlashpointError(f"{path}:{line_number}: {doc_id} has an empty title or text")
        text = title + PARAGRAPH_BREAK + body
        segmentation = segment(text)
        meta = {"importer": folder.name, "body_start": len(title) + len(PARAGRAPH_BREAK)}
        for key in ("topic", "categories", "attribution"):
            if key in record:
                meta[key] = record[key]
        yield Document(
            id=doc_id,
            text=text,
            title=title,
            source=Source(path=str(path), sha256=sha256, outlet=outlet, url=url, date=date, licence=licence),
            sentences=tuple(segmentation.sentences),
            tokens=tuple(segmentation.tokens),
            meta=meta,
        )
