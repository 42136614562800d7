"""CoNLL-style BIO ``conll.v1``: one token per line, the tag in the last column, a blank line between sentences.

Documents are separated by ``# newdoc id = <id>`` lines (what the writer puts) or ``-DOCSTART-`` lines (ids
``<file stem>-<n>``). Reading rebuilds the text as the tokens joined by one space, sentences by a newline; columns
between the token and the tag are kept in ``meta["conll_columns"]`` and written back. Tags are decoded by
:func:`eval.bio.decode` in conlleval mode (nothing is dropped); a sentence that breaks the declared scheme (an
``I-`` after ``O`` in IOB2) is named in ``Report.adjusted``. Every token line of a file must have as many columns as
the first one: a line that does not is an error for its sentence (file and line), and the other sentences convert.

Writing one layer (``entities`` or event triggers, ``events``) into BIO needs spans on token boundaries and no
overlaps. ``align``: ``strict`` rejects a document with a span off the token boundaries, ``contract`` shrinks the
span to the tokens inside it, ``expand`` grows it to the tokens it touches (both listed in ``Report.adjusted``, a
span with no token inside is left out). Overlapping spans of the layer cannot all go into BIO: the longest (then
first) is kept and the others are named in ``Report.left_out``, as are spans across a sentence boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from annotation.alignment import Alignment, AlignmentError, token_range
from annotation.formats.bio_schemes import SCHEMES, encode
from annotation.formats.brat import choose_set
from annotation.formats.errors import FormatError
from annotation.formats.report import Report, report_or_strict
from annotation.model import AnnotationSet, Document, Entity, Event, Provenance, Span
from annotation.schema import load_schema
from eval.bio import SchemeError, decode

NAME = "conll"
ALIGN_MODES = ("strict", "contract", "expand")
LAYERS = ("entities", "events")
NEWDOC = re.compile(r"^# newdoc id = (?P<id>.+?)\s*$")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class _Sentence:
    first_line: int
    tokens: list[str] = field(default_factory=list)
    middles: list[list[str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    error: FormatError | None = None


@dataclass
class _Doc:
    id: str
    first_line: int
    sentences: list[_Sentence] = field(default_factory=list)


def _blocks(lines: Iterable[str], path: str, stem: str) -> Iterator[_Doc]:
    """Group lines into documents and sentences, checking the column count."""
    columns = 0
    doc: _Doc | None = None
    sentence: _Sentence | None = None
    count = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        newdoc = NEWDOC.match(line)
        if newdoc or line.split(" ")[0].split("\t")[0] == "-DOCSTART-":
            if doc is not None:
                yield doc
            count += 1
            doc = _Doc(newdoc["id"] if newdoc else f"{stem}-{count}", number)
            sentence = None
            continue
        if not line.strip():
            sentence = None
            continue
        if line.startswith("# ") and "\t" not in line:
            continue
        if doc is None:
            count += 1
            doc = _Doc(f"{stem}-{count}", number)
        if sentence is None:
            sentence = _Sentence(number)
            doc.sentences.append(sentence)
        sentence.raw.append(raw)
        parts = line.split("\t") if "\t" in line else line.split(" ")
        columns = columns or len(parts)
        if sentence.error is None and (len(parts) != columns or len(parts) < 2 or not all(parts)):
            sentence.error = FormatError(
                path,
                number,
                f"{len(parts)} column(s) where the file's token lines have {columns} (token ... tag, at least 2, none empty)",
                record=doc.id,
            )
        sentence.tokens.append(parts[0])
        sentence.middles.append(parts[1:-1])
        sentence.tags.append(parts[-1])
    if doc is not None:
        yield doc


def parse_incr(
    handle: IO[str],
    *,
    path: str = "<conll>",
    report: Report | None = None,
    layer: str = "entities",
    scheme: str = "IOB2",
    annotator: str = NAME,
    status: str = "raw",
) -> Iterator[Document]:
    """Stream documents from an open CoNLL file."""
    report = report_or_strict(report)
    if layer not in LAYERS or scheme not in SCHEMES:
        raise FormatError(path, 0, f"layer must be one of {LAYERS} and scheme one of {tuple(SCHEMES)}")
    for doc in _blocks(handle, path, Path(path).stem):
        sentences = []
        for sentence in doc.sentences:
            if sentence.error is not None:
                sentence.error.raw = "".join(sentence.raw)
                report.error(sentence.error)
            else:
                sentences.append(sentence)
        good = _decode(sentences, scheme, path, doc.id, report)
        if good:
            yield _document(doc.id, good, layer, annotator, status)


def _decode(
    sentences: list[_Sentence], scheme: str, path: str, doc_id: str, report: Report
) -> list[tuple[_Sentence, list[tuple[int, int, str]]]]:
    """Spans ``(first token, end token, label)`` of each sentence, decoded for the whole document at once.

    Decoded conlleval-style (nothing dropped); a sentence whose strict decoding differs breaks the scheme and is named.
    """
    if not sentences:
        return []
    try:
        strict = decode([s.tags for s in sentences], scheme=scheme)
    except SchemeError:  # find the sentence(s) with a tag the scheme does not allow, and go on without them
        kept = []
        for sentence in sentences:
            try:
                decode([sentence.tags], scheme=scheme)
                kept.append(sentence)
            except SchemeError as error:
                report.error(FormatError(path, sentence.first_line, f"{error}", record=doc_id, raw="".join(sentence.raw)))
        return _decode(kept, scheme, path, doc_id, report) if len(kept) < len(sentences) else []
    lenient = decode([s.tags for s in sentences], scheme="conlleval", types=strict.types)
    per_sentence: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    spans = lenient.spans
    for number, start, end, label in zip(spans.doc.tolist(), spans.start.tolist(), spans.end.tolist(), spans.label.tolist(), strict=True):
        per_sentence[number].append((start, end, lenient.types[label]))
    strict_spans = {
        (d, s, e) for d, s, e in zip(strict.spans.doc.tolist(), strict.spans.start.tolist(), strict.spans.end.tolist(), strict=True)
    }
    for number, found in enumerate(per_sentence):
        if any((number, start, end) not in strict_spans for start, end, _ in found):
            report.adjusted.append(
                f"{path}:{sentences[number].first_line}: sentence breaks {scheme}; read as conlleval does (a stray I- starts a span)"
            )
    return list(zip(sentences, per_sentence, strict=True))


def _document(
    doc_id: str, sentences: Sequence[tuple[_Sentence, list[tuple[int, int, str]]]], layer: str, annotator: str, status: str
) -> Document:
    parts: list[str] = []
    tokens: list[Span] = []
    sentence_spans: list[Span] = []
    middles: list[list[str]] = []
    items: list[tuple[int, int, str]] = []
    position = 0
    for number, (sentence, decoded) in enumerate(sentences):
        if number:
            parts.append("\n")
            position += 1
        first_token = len(tokens)
        for index, token in enumerate(sentence.tokens):
            if index:
                parts.append(" ")
                position += 1
            parts.append(token)
            tokens.append(Span(position, position + len(token)))
            position += len(token)
        sentence_spans.append(Span(tokens[first_token].start, position))
        middles.extend(sentence.middles)
        for start, end, label in decoded:
            items.append((tokens[first_token + start].start, tokens[first_token + end - 1].end, label))
    text = "".join(parts)
    made: list[Entity | Event] = []
    for n, (start, end, label) in enumerate(sorted(items, key=lambda x: (x[0], x[1])), start=1):
        kind = Entity if layer == "entities" else Event
        made.append(kind(f"{'T' if layer == 'entities' else 'E'}{n}", start, end, text[start:end], label))
    provenance = Provenance(annotator=annotator, source_tool=f"{NAME}.v1", status=status, schema_version=load_schema().version)
    annotation_set = AnnotationSet(
        provenance, tuple(x for x in made if isinstance(x, Entity)), tuple(x for x in made if isinstance(x, Event))
    )
    meta = {"conll_columns": middles} if any(middles) else {}
    return Document(id=doc_id, text=text, sentences=tuple(sentence_spans), tokens=tuple(tokens), annotations=(annotation_set,), meta=meta)


def parse(text: str, **options: object) -> list[Document]:
    """All documents of a CoNLL string (see :func:`parse_incr` for the options)."""
    import io

    return list(parse_incr(io.StringIO(text, newline=""), **options))  # type: ignore[arg-type]


def read(
    path: str | Path,
    *,
    report: Report | None = None,
    layer: str = "entities",
    scheme: str = "IOB2",
    annotator: str = NAME,
    status: str = "raw",
) -> Iterator[Document]:
    with open(path, encoding="utf-8", newline="") as handle:
        yield from parse_incr(handle, path=str(path), report=report, layer=layer, scheme=scheme, annotator=annotator, status=status)


# ---------------------------------------------------------------- writing


def _tokens(document: Document) -> list[Span]:
    if document.tokens:
        return list(document.tokens)
    return [Span(m.start(), m.end()) for m in _TOKEN.finditer(document.text)]


def _sentence_of(tokens: Sequence[Span], sentences: Sequence[Span]) -> list[int]:
    """Sentence number of each token (tokens outside every sentence each start a group of their own)."""
    out = []
    group = -1
    bounds = list(sentences)
    k = 0
    for token in tokens:
        while k < len(bounds) and bounds[k].end <= token.start:
            k += 1
        if k < len(bounds) and bounds[k].start <= token.start:
            out.append(k)
        else:
            group -= 1
            out.append(group)
    return out


def align(
    document: Document, items: Sequence[Entity | Event], tokens: Sequence[Span], mode: str, report: Report
) -> list[tuple[int, int, str, str]]:
    """``(first token, end token, label, id)`` for each span, moved to token boundaries by ``mode``
    (:func:`annotation.alignment.token_range`); every move and every span left out is reported."""
    aligned = []
    for item in items:
        where = f"{item.id} [{item.start}, {item.end}) {item.text!r}"
        touching = token_range(tokens, item.start, item.end, "expand")
        if touching is None:
            report.left_out.append(f"{document.id}: {where}: touches no token")
            continue
        try:
            alignment: Alignment = "strict" if mode == "strict" else "contract" if mode == "contract" else "expand"
            covered = token_range(tokens, item.start, item.end, alignment)
        except AlignmentError as error:
            lo, hi = touching
            raise FormatError(
                document.id,
                0,
                f"{where} does not fall on token boundaries (tokens {[document.text[t.start : t.end] for t in tokens[lo:hi]]}); "
                "use --align contract or expand",
                record=document.id,
            ) from error
        if covered is None:
            report.left_out.append(f"{document.id}: {where}: no whole token inside (contract)")
            continue
        lo, hi = covered
        if (tokens[lo].start, tokens[hi - 1].end) != (item.start, item.end):
            report.adjusted.append(
                f"{document.id}: {where} -> [{tokens[lo].start}, {tokens[hi - 1].end}) "
                f"{document.text[tokens[lo].start : tokens[hi - 1].end]!r} ({mode})"
            )
        aligned.append((lo, hi, item.label, item.id))
    return aligned


def serialize(
    document: Document,
    *,
    layer: str = "entities",
    scheme: str = "IOB2",
    align_mode: str = "strict",
    annotator: str | None = None,
    report: Report | None = None,
) -> str:
    """The CoNLL text of one document (``# newdoc id = ...``, then its sentences)."""
    report = report_or_strict(report)
    if layer not in LAYERS or scheme not in SCHEMES or align_mode not in ALIGN_MODES:
        raise FormatError(document.id, 0, f"layer must be one of {LAYERS}, scheme one of {tuple(SCHEMES)}, align one of {ALIGN_MODES}")
    tokens = _tokens(document)
    for token in tokens:
        word = document.text[token.start : token.end]
        if any(c.isspace() for c in word) or not word:
            raise FormatError(document.id, 0, f"token [{token.start}, {token.end}) {word!r} holds white space", record=document.id)
    chosen = choose_set(document, annotator, report)
    items: Sequence[Entity | Event] = ()
    if chosen is not None:
        items = chosen.entities if layer == "entities" else chosen.events
        if (layer == "entities" and (chosen.events or chosen.stances)) or (layer == "events" and (chosen.entities or chosen.stances)):
            report.left_out.append(f"{document.id}: layers other than {layer} not written (one BIO layer per file)")
    spans = align(document, items, tokens, align_mode, report)
    sentence_of = _sentence_of(tokens, document.sentences)
    kept: list[tuple[int, int, str]] = []
    taken = [False] * len(tokens)
    for lo, hi, label, item_id in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if len(set(sentence_of[lo:hi])) > 1:
            report.left_out.append(f"{document.id}: {item_id}: crosses a sentence boundary")
        elif any(taken[lo:hi]):
            report.left_out.append(
                f"{document.id}: {item_id}: overlaps a longer or earlier span of the {layer} layer (BIO holds no overlaps)"
            )
        else:
            kept.append((lo, hi, label))
            taken[lo:hi] = [True] * (hi - lo)
    tags = encode(len(tokens), kept, scheme)
    middles = document.meta.get("conll_columns")
    if not (isinstance(middles, list) and len(middles) == len(tokens)):
        middles = [[] for _ in tokens]
    lines = [f"# newdoc id = {document.id}\n"]
    for index, token in enumerate(tokens):
        if index and sentence_of[index] != sentence_of[index - 1]:
            lines.append("\n")
        lines.append("\t".join([document.text[token.start : token.end], *middles[index], tags[index]]) + "\n")
    lines.append("\n")
    return "".join(lines)


def write(
    documents: Iterable[Document],
    path: str | Path,
    *,
    report: Report | None = None,
    layer: str = "entities",
    scheme: str = "IOB2",
    align_mode: str = "strict",
    annotator: str | None = None,
) -> int:
    report = report_or_strict(report)
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for document in documents:
            try:
                handle.write(serialize(document, layer=layer, scheme=scheme, align_mode=align_mode, annotator=annotator, report=report))
                count += 1
            except FormatError as error:
                report.error(error)
    return count
