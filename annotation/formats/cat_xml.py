"""CAT XML (CELCT Annotation Tool; ECB+'s CROMER export and MEANTIME): tokens, markables and relations.

The text is rebuilt from the ``<token>`` list: tokens joined by one space, sentences by a newline (CAT keeps no
original spacing). A markable's token anchors become a character span; anchors that are not contiguous tokens give
the hull span plus ``fragments`` (``[[start, end], ...]``), the same shape the brat format uses for discontinuous
spans. Markables without anchors are instances (coreference chains, ECB+ ``TAG_DESCRIPTOR``, MEANTIME ``ENTITY`` /
``EVENT``), kept apart from mentions.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.formats.errors import FormatError
from annotation.model import AnnotationSet, Document, Source, Span


@dataclass(frozen=True, slots=True)
class Markable:
    m_id: str
    tag: str
    attributes: Mapping[str, str]
    start: int = 0
    end: int = 0
    fragments: tuple[tuple[int, int], ...] = ()  # more than one when the anchors are not contiguous

    @property
    def is_mention(self) -> bool:
        return bool(self.fragments)


@dataclass(frozen=True, slots=True)
class Relation:
    r_id: str
    tag: str
    attributes: Mapping[str, str]
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CatDocument:
    name: str
    path: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    sentence_numbers: tuple[str, ...]
    tokens: tuple[tuple[int, int], ...]
    markables: tuple[Markable, ...]
    relations: tuple[Relation, ...]

    def to_document(self, doc_id: str, licence: str, annotations: AnnotationSet, meta: Mapping[str, Any]) -> Document:
        """Our document: this file's text, sentences and tokens, with ``annotations`` and ``meta``."""
        return Document(
            id=doc_id,
            text=self.text,
            source=Source(path=self.path, licence=licence),
            sentences=tuple(Span(s, e) for s, e in self.sentences),
            tokens=tuple(Span(s, e) for s, e in self.tokens),
            annotations=(annotations,),
            meta=dict(meta),
        )


def xml_files(path: str | Path) -> list[Path]:
    """One file, or every ``*.xml`` under a folder (sorted, recursive)."""
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(path.rglob("*.xml"))
    if not files:
        raise FormatError(str(path), 0, "no .xml files here")
    return files


def parse_file(path: str | Path) -> CatDocument:
    """Parse one CAT XML file; a malformed file raises :class:`FormatError` with its line."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise FormatError(str(path), error.position[0], f"not well-formed XML: {error}") from error
    parts: list[str] = []
    token_index: dict[str, int] = {}
    tokens: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    numbers: list[str] = []
    position = 0
    sentence_start = 0
    current: str | None = None
    for token in root.iter("token"):
        t_id, sentence = token.get("t_id"), token.get("sentence", "")
        if t_id is None:
            raise FormatError(str(path), 0, f"a <token> without t_id (after {len(tokens)} tokens)")
        word = token.text or ""
        if not word.strip():
            raise FormatError(str(path), 0, f"token {t_id} is empty")
        if current is None or sentence != current:
            if current is not None:
                sentences.append((sentence_start, position))
                parts.append("\n")
                position += 1
            current, sentence_start = sentence, position
            numbers.append(sentence)
        elif tokens:
            parts.append(" ")
            position += 1
        parts.append(word)
        token_index[t_id] = len(tokens)
        tokens.append((position, position + len(word)))
        position += len(word)
    if current is not None:
        sentences.append((sentence_start, position))
    markables = []
    for group in root.iter("Markables"):
        for element in group:
            anchors = [a.get("t_id", "") for a in element.iter("token_anchor")]
            missing = [a for a in anchors if a not in token_index]
            if missing:
                raise FormatError(str(path), 0, f"markable {element.get('m_id')} anchors to unknown tokens {missing}")
            indices = sorted({token_index[a] for a in anchors})
            fragments: list[tuple[int, int]] = []
            run_start = None
            for k, index in enumerate(indices):
                if run_start is None:
                    run_start = index
                if k + 1 == len(indices) or indices[k + 1] != index + 1:
                    fragments.append((tokens[run_start][0], tokens[index][1]))
                    run_start = None
            markables.append(
                Markable(
                    m_id=element.get("m_id", ""),
                    tag=element.tag,
                    attributes=dict(element.attrib),
                    start=fragments[0][0] if fragments else 0,
                    end=fragments[-1][1] if fragments else 0,
                    fragments=tuple(fragments),
                )
            )
    relations = [
        Relation(
            r_id=element.get("r_id", ""),
            tag=element.tag,
            attributes=dict(element.attrib),
            sources=tuple(s.get("m_id", "") for s in element.iter("source")),
            targets=tuple(t.get("m_id", "") for t in element.iter("target")),
        )
        for group in root.iter("Relations")
        for element in group
    ]
    return CatDocument(
        name=root.get("doc_name", Path(path).stem),
        path=str(path),
        text="".join(parts),
        sentences=tuple(sentences),
        sentence_numbers=tuple(numbers),
        tokens=tuple(tokens),
        markables=tuple(markables),
        relations=tuple(relations),
    )


def iter_documents(path: str | Path) -> Iterator[CatDocument | FormatError]:
    """Parse every file; a bad file yields its error and the next file is still read."""
    for file in xml_files(path):
        try:
            yield parse_file(file)
        except FormatError as error:
            yield error
