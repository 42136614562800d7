"""HTML pages: trafilatura finds the article and its metadata; what it left out of the page is recorded as removed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura

from annotation.ingest.errors import IngestError

_BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd td th figcaption caption blockquote pre address div section article aside nav "
    "header footer main form label button a span".split()
)
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "head")


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """trafilatura's article text and metadata, and the page's other text blocks (left out)."""

    text: str
    title: str
    url: str
    outlet: str
    date: str
    left_out: tuple[str, ...]


def looks_like_html(text: str, path: Path | str) -> bool:
    """An ``.html``/``.htm`` file, or text that starts like an HTML document."""
    if str(path).lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:2000].lower()


def extract_html(html: str, path: Path | str) -> HtmlExtraction:
    """The article of an HTML page; :class:`IngestError` when trafilatura finds none."""
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_images=False, include_tables=False
    )
    if result is None:
        raise IngestError(path, "HTML page with no article text (trafilatura found none)")
    found = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = found.get("text") or ""
    if not text.strip():
        raise IngestError(path, "HTML page with no article text (trafilatura found none)")
    return HtmlExtraction(
        text=text,
        title=found.get("title") or "",
        url=found.get("url") or "",
        outlet=found.get("sitename") or "",
        date=found.get("date") or "",
        left_out=tuple(_blocks_not_in(html, text)),
    )


def _blocks_not_in(html: str, article_text: str) -> list[str]:
    """Text of the page's innermost blocks that is not part of the extracted article, in page order, once each."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for element in tree.iter(*_DROPPED_TAGS):
        element.drop_tree()
    kept = " ".join(article_text.split())
    seen: set[str] = set()
    left_out: list[str] = []
    for element in tree.iter(*_BLOCK_TAGS):
        if any(child.tag in _BLOCK_TAGS for child in element.iterdescendants() if isinstance(child.tag, str)):
            continue
        block = " ".join(element.text_content().split())
        if block and block not in kept and block not in seen:
            seen.add(block)
            left_out.append(block)
    return left_out
