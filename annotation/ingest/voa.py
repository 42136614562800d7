"""Rebuild the public-domain VOA articles of M2E2 (``../shared/data/external/m2e2_voa``) as text-only documents.

M2E2 ships sentence records, not articles (see the folder's ``SOURCE.md``). Each record holds its article offsets
(``sentence_start``/``sentence_end``, inclusive), its tokens (``words``) with inclusive article spans (``index``) and
the ``sentence`` string (which drops the final token). An article is the union of its sentences from both files;
18 sentences appear in both files (with different events) and are merged here into one sentence.

How the text is rebuilt (no M2E2 annotation ends up in the document):

- every token sits where ``index`` says; the gaps between the tokens of one sentence come from the ``sentence``
  string (hyphens, no-break spaces), so ``history-making`` stays as written;
- M2E2 glued the headline and every sub-heading to the next sentence with ``-`` (``...Police Shooting-Protesters
  took to...``, ``WASHINGTON — -The leading...``). Such a glue gap becomes a paragraph break (``\\n\\n``) and splits
  the sentence; the part of sentence 0 before the first glue is the document title;
- between sentences a one-character gap is a space, a longer gap (text M2E2 left out) a paragraph break;
- records that are page script (``/*``, ``CDATA``, ``initInfographics(...)``) are left out and listed in
  ``Document.removed``.

The rebuilt text therefore does not keep M2E2's article offsets. :class:`VoaArticle` carries the map back:
``token_span(sentence_id, i)`` / ``char_span(sentence_id, start, end)`` give the span of M2E2 token(s) ``[start,
end)`` (token offsets as in ``golden-event-mentions``) in ``document.text``; ``records`` gives the merged records of
each sentence (both files' records for the 18 shared ones), so an importer of M2E2 events reuses this rebuild.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotation.errors import FlashpointError
from annotation.model import Document, Removed, Source, Span
from annotation.paths import EXTERNAL

VOA_FOLDER = EXTERNAL / "m2e2_voa"
VOA_FILES = ("text_only_event.json", "text_multimedia_event.json")
VOA_LICENCE = "public domain (VOA)"
VOA_OUTLET = "Voice of America"
PARAGRAPH_BREAK = "\n\n"

_DOC_ID = re.compile(r"^(VOA_EN_NW_(\d{4})\.(\d{2})\.(\d{2})\.\d+)_(\d+)$")
_SCRIPT = re.compile(r"/\*|\*/|CDATA|initInfographics|\bfunction\s*\(|[{};]\s*$")


@dataclass(frozen=True, slots=True)
class VoaSentence:
    """One M2E2 sentence of an article, with every record of it (two for the sentences found in both files)."""

    sentence_id: str
    number: int
    records: tuple[Mapping[str, Any], ...]
    files: tuple[str, ...]

    @property
    def record(self) -> Mapping[str, Any]:
        """The first record (text and tokens are identical across files; events differ)."""
        return self.records[0]


@dataclass(frozen=True, slots=True)
class VoaArticle:
    """A rebuilt VOA article: the document plus the map from M2E2 sentences and tokens to ``document.text``."""

    document: Document
    sentences: tuple[VoaSentence, ...]
    token_spans: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)

    def token_span(self, sentence_id: str, index: int) -> Span:
        """The span in ``document.text`` of token ``index`` of M2E2 sentence ``sentence_id``.

        Raises ``KeyError`` for a sentence left out of the text (page script).
        """
        return self.token_spans[sentence_id][index]

    def char_span(self, sentence_id: str, start: int, end: int) -> Span:
        """The span in ``document.text`` covering M2E2 tokens ``[start, end)`` (end exclusive, as in M2E2's mentions)."""
        spans = self.token_spans[sentence_id]
        if not 0 <= start < end <= len(spans):
            raise IndexError(f"{sentence_id}: token range [{start}, {end}) outside 0..{len(spans)}")
        return Span(spans[start].start, spans[end - 1].end)


def load_voa_sentences(folder: Path = VOA_FOLDER) -> dict[str, list[VoaSentence]]:
    """Every M2E2 sentence of the folder, merged across both files, grouped by document id and ordered by number."""
    by_id: dict[str, list[tuple[Mapping[str, Any], str]]] = defaultdict(list)
    for name in VOA_FILES:
        path = folder / name
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise FlashpointError(f"{path}: cannot read M2E2 records: {error}") from error
        for position, record in enumerate(records):
            sentence_id = record.get("sentence_id", "") if isinstance(record, dict) else ""
            if not _DOC_ID.match(sentence_id):
                raise FlashpointError(f"{path}: record {position}: sentence_id {sentence_id!r} is not VOA_EN_NW_<date>.<id>_<n>")
            by_id[sentence_id].append((record, name))
    documents: dict[str, list[VoaSentence]] = defaultdict(list)
    for sentence_id, found in by_id.items():
        match = _DOC_ID.match(sentence_id)
        assert match is not None
        documents[match.group(1)].append(
            VoaSentence(sentence_id, int(match.group(5)), tuple(r for r, _ in found), tuple(n for _, n in found))
        )
    return {doc_id: sorted(sentences, key=lambda s: s.number) for doc_id, sentences in sorted(documents.items())}


def rebuild_voa_articles(folder: Path = VOA_FOLDER) -> Iterator[VoaArticle]:
    """Rebuild every article of the folder (137 for the shared split), in document-id order, with the M2E2 map."""
    hashes = {name: _sha256(folder / name) for name in VOA_FILES}
    for doc_id, sentences in load_voa_sentences(folder).items():
        yield rebuild_article(doc_id, sentences, folder, hashes)


def read_voa_articles(folder: Path = VOA_FOLDER) -> Iterator[Document]:
    """The rebuilt articles as plain documents (text, title, source, sentences, tokens; no annotation)."""
    for article in rebuild_voa_articles(folder):
        yield article.document


def rebuild_article(
    doc_id: str, sentences: Sequence[VoaSentence], folder: Path, hashes: Mapping[str, str]
) -> VoaArticle:
    """Rebuild one article from its (merged, ordered) sentences."""
    builder = _TextBuilder()
    removed: list[Removed] = []
    token_spans: dict[str, tuple[Span, ...]] = {}
    title_end = -1
    previous_end: int | None = None  # inclusive article offset where the previous kept sentence ended
    for sentence in sentences:
        record = sentence.record
        words: list[str] = list(record["words"])
        index = [(int(a), int(b)) for a, b in record["index"]]
        text: str = record["sentence"]
        start = int(record["sentence_start"])
        if len(words) != len(index) or not words:
            raise FlashpointError(f"{sentence.sentence_id}: {len(words)} words but {len(index)} index spans")
        if _SCRIPT.search(text):
            removed.append(Removed(_raw_sentence(words, index, text, start), "page script in an M2E2 sentence record"))
            continue
        if previous_end is not None:
            joined = index[0][0] - previous_end == 2 and title_end != builder.length
            builder.separate(" " if joined else PARAGRAPH_BREAK)
        spans: list[Span] = []
        for position, (word, (first, last)) in enumerate(zip(words, index, strict=True)):
            if last - first + 1 != len(word):
                raise FlashpointError(f"{sentence.sentence_id}: token {position} {word!r} does not fit index {first}..{last}")
            if position:
                gap = text[index[position - 1][1] + 1 - start : first - start]
                if gap.strip() == "-":  # M2E2's glue after a headline, sub-heading or dateline
                    if sentence.number == 0 and title_end < 0:
                        title_end = builder.length
                    builder.break_sentence(PARAGRAPH_BREAK)
                else:
                    builder.append(gap if len(gap) == first - index[position - 1][1] - 1 else " ")
            spans.append(builder.token(word))
        builder.break_sentence("")
        if sentence.number == 0 and title_end < 0 and _looks_like_headline(words):
            title_end = builder.length  # a headline M2E2 kept as a sentence of its own
        token_spans[sentence.sentence_id] = tuple(spans)
        previous_end = index[-1][1]
    body = builder.text()
    files = sorted({name for sentence in sentences for name in sentence.files}, key=VOA_FILES.index)
    match = _DOC_ID.match(sentences[0].sentence_id)
    assert match is not None
    document = Document(
        id=doc_id,
        text=body,
        title=body[:title_end] if title_end > 0 else "",
        source=Source(
            path=str(folder / files[0]),
            sha256=hashes[files[0]],
            outlet=VOA_OUTLET,
            url="",
            date=f"{match.group(2)}-{match.group(3)}-{match.group(4)}",
            licence=VOA_LICENCE,
        ),
        sentences=tuple(builder.sentences),
        tokens=tuple(span for spans in token_spans.values() for span in spans),
        removed=tuple(removed),
        meta={
            "importer": "m2e2_voa",
            "m2e2_files": files,
            "m2e2_sentences": len(sentences),
            "body_start": _body_start(body, title_end),
        },
    )
    return VoaArticle(document, tuple(sentences), token_spans)


class _TextBuilder:
    """Appends tokens and gaps, tracking sentence spans (a sentence runs from its first to its last token)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.length = 0
        self.sentences: list[Span] = []
        self._sentence_start: int | None = None
        self._last_token_end = 0

    def append(self, piece: str) -> None:
        self._parts.append(piece)
        self.length += len(piece)

    def token(self, word: str) -> Span:
        if self._sentence_start is None:
            self._sentence_start = self.length
        span = Span(self.length, self.length + len(word))
        self.append(word)
        self._last_token_end = span.end
        return span

    def break_sentence(self, separator: str) -> None:
        if self._sentence_start is not None:
            self.sentences.append(Span(self._sentence_start, self._last_token_end))
            self._sentence_start = None
        self.append(separator)

    def separate(self, separator: str) -> None:
        self.append(separator)

    def text(self) -> str:
        return "".join(self._parts)


def _looks_like_headline(words: Sequence[str]) -> bool:
    """Title Case and short: every word longer than three letters starts with a capital."""
    long_words = [word for word in words if len(word) > 3 and word[0].isalpha()]
    return 0 < len(words) <= 25 and bool(long_words) and all(word[0].isupper() for word in long_words)


def _raw_sentence(words: Sequence[str], index: Sequence[tuple[int, int]], text: str, start: int) -> str:
    """The whole sentence as written: the ``sentence`` string lacks its final token."""
    return text + " " * max(0, index[-1][0] - start - len(text)) + words[-1]


def _body_start(text: str, title_end: int) -> int:
    if title_end <= 0:
        return 0
    return min(len(text), title_end + len(PARAGRAPH_BREAK))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
