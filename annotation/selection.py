"""Choose the corpus articles from a pool of openly licensed documents, by a documented, deterministic rule.

Rule: keep documents whose licence is open and whose length (tokens) lies in ``[min_tokens, max_tokens]``; score
each by how densely it uses conflict and politics vocabulary (hits of :data:`TOPIC_WORDS` per 100 tokens); take the
``count`` best-scoring, ties broken by id; return them in id order. The rule reads only the text, never anyone's labels.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from annotation.errors import FlashpointError
from annotation.model import Document

TOPIC_WORDS = frozenset(
    """attack attacks attacked bomb bombing bombings blast explosion killed kill killing dead died death deaths
    wounded injured troops soldiers army military militants rebels forces fighting fight clashes clash war
    ceasefire truce peace talks negotiations agreement accord treaty protest protests protesters demonstrators rally
    arrested arrest detained jailed police election president minister government opposition parliament sanctions
    condemned accused urged warned refugees airstrike airstrikes shelling missile weapons""".split()
)
OPEN_LICENCE = re.compile(r"public domain|CC BY|Creative Commons", re.I)
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Scored:
    document: Document
    tokens: int
    score: float


def portable_source(document: Document, shared: Path) -> Document:
    """Record the source path relative to the shared folder (``shared/...``) with the file's sha256."""
    path = Path(document.source.path)
    if not path.is_absolute() or not path.is_relative_to(shared):
        return document
    sha256 = document.source.sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    source = replace(document.source, path=str(Path("shared") / path.relative_to(shared)), sha256=sha256)
    return replace(document, source=source)


def score(document: Document) -> Scored:
    words = [w.lower() for w in _WORD.findall(document.text)]
    hits = sum(1 for w in words if w in TOPIC_WORDS)
    tokens = len(document.tokens) or len(words)
    return Scored(document, tokens, 100.0 * hits / max(tokens, 1))


def select_articles(pool: Iterable[Document], count: int, *, min_tokens: int = 200, max_tokens: int = 800) -> list[Scored]:
    candidates = [
        scored
        for scored in map(score, pool)
        if OPEN_LICENCE.search(scored.document.source.licence) and min_tokens <= scored.tokens <= max_tokens
    ]
    best = sorted(candidates, key=lambda s: (-s.score, s.document.id))[:count]
    return sorted(best, key=lambda s: s.document.id)


def re3d_pool() -> list[Document]:
    """The re3d documents as text only (their labels, mapped or not, are not ours), with sentences and tokens from our segmenter.

    The licence filter in :func:`select_articles` keeps the public-domain and Creative Commons sources only.
    """
    from annotation.formats import re3d
    from annotation.formats.report import Report
    from annotation.ingest.segment import segment
    from annotation.paths import EXTERNAL

    pool = []
    report = Report()  # unmapped re3d labels are irrelevant here (labels are discarded); unreadable records are not
    for document in re3d.read(EXTERNAL / "re3d", report=report):
        segmentation = segment(document.text)
        text_only_meta = {key: value for key, value in document.meta.items() if key in ("corpus", "source_folder")}
        sentences, tokens = tuple(segmentation.sentences), tuple(segmentation.tokens)
        pool.append(replace(document, annotations=(), meta=text_only_meta, sentences=sentences, tokens=tokens))
    if report.errors:
        raise FlashpointError(f"{len(report.errors)} re3d record(s) could not be read, first: {report.errors[0]}")
    return pool
