"""Article ingest: raw articles (plain text, HTML, the M2E2 VOA sentence records) to :class:`~annotation.model.Document`.

``ingest_file(path)`` reads one plain-text or HTML article: bytes are checked and decoded (:mod:`.encoding`, ftfy
repair), HTML goes through trafilatura (:mod:`.html`), the story is found and its furniture removed
(:mod:`.plain_text`), and syntok gives sentence and token boundaries (:mod:`.segment`). The document text is the
title, a blank line, then the body paragraphs separated by blank lines; ``meta["body_start"]`` is where the body
begins. Anything that stops a file becoming a document raises :class:`~annotation.ingest.errors.IngestError`
naming the file. The VOA importer is :mod:`.voa`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from annotation.ingest.encoding import decode
from annotation.ingest.errors import IngestError
from annotation.ingest.html import extract_html, looks_like_html
from annotation.ingest.plain_text import extract_article
from annotation.ingest.segment import TokenizeError, segment
from annotation.model import Document, Removed, Source

__all__ = ["IngestError", "IngestOptions", "ingest_bytes", "ingest_file"]

UNKNOWN_LICENCE = "unknown"
PARAGRAPH_BREAK = "\n\n"
# an HTML "article" shorter than this is a page without one (an index page, an error page)
MIN_ARTICLE_WORDS = 25


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Provenance the caller knows (the file cannot tell): licence, outlet, URL, date; an explicit document id."""

    licence: str = UNKNOWN_LICENCE
    outlet: str = ""
    url: str = ""
    date: str = ""
    doc_id: str = ""


def ingest_file(path: Path | str, options: IngestOptions | None = None) -> Document:
    """One plain-text or HTML article file as a document; :class:`IngestError` naming the file if it cannot be."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(path, f"cannot read: {error.strerror or error}") from error
    return ingest_bytes(data, path, options or IngestOptions())


def ingest_bytes(data: bytes, path: Path | str, options: IngestOptions) -> Document:
    """The document of one article's bytes (``path`` names it in errors and provenance)."""
    decoded = decode(data, path)
    source_format = "html" if looks_like_html(decoded.text, path) else "plain_text"
    title, url, outlet, date = "", options.url, options.outlet, options.date
    removed: list[Removed] = []
    text = decoded.text
    if source_format == "html":
        page = extract_html(decoded.text, path)
        text, title = page.text, page.title
        url, outlet, date = url or page.url, outlet or page.outlet, date or page.date
        removed.extend(Removed(block, "page text trafilatura left out of the article") for block in page.left_out)
    article = extract_article(text, title)
    removed.extend(article.removed)
    if not article.paragraphs:
        raise IngestError(path, "no article body found (only a title, page furniture or teasers)")
    body = PARAGRAPH_BREAK.join(article.paragraphs)
    if source_format == "html" and len(body.split()) < MIN_ARTICLE_WORDS:
        raise IngestError(path, f"HTML page with no article (only {len(body.split())} words of text)")
    full_text = f"{article.title}{PARAGRAPH_BREAK}{body}" if article.title else body
    try:
        segmentation = segment(full_text)
    except TokenizeError as error:
        raise IngestError(path, f"tokenizer failed: {error}") from error
    return Document(
        id=options.doc_id or document_id(path),
        text=full_text,
        title=article.title,
        source=Source(
            path=str(path),
            sha256=hashlib.sha256(data).hexdigest(),
            outlet=outlet,
            url=url,
            date=date,
            licence=options.licence or UNKNOWN_LICENCE,
        ),
        sentences=segmentation.sentences,
        tokens=segmentation.tokens,
        removed=tuple(removed),
        meta={
            "format": source_format,
            "body_start": len(full_text) - len(body),
            "encoding_repaired": decoded.repaired,
        },
    )


def document_id(path: Path | str) -> str:
    """A document id from the file name: its stem, lower-cased, runs of other characters turned into ``-``."""
    stem = re.sub(r"[^a-z0-9._]+", "-", Path(path).stem.lower()).strip("-.")
    return stem or "document"
