"""Labelled character spans <-> BIO tags over a document's tokens, and the document's token sequences.

The BIO scheme is data (:data:`BIO`): one table that says which prefixes open and continue a chunk, and one decoder.
Decoding follows conlleval (seqeval's default mode): an ``I-X`` after ``O`` or after another type opens a new chunk.

Encoding says when a span does not sit on token boundaries (STYLE item 5): ``alignment="strict"`` raises
:class:`AlignmentError`, ``"expand"`` widens the span to the tokens it touches, ``"contract"`` narrows it to the tokens
fully inside it. Spans that cannot be placed (nothing left after contraction, or overlapping a span placed before)
are returned to the caller, never dropped silently.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from annotation.errors import FlashpointError
from annotation.ingest.segment import segment
from annotation.model import Document, Span

Alignment = Literal["strict", "expand", "contract"]
OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    """A half-open ``[start, end)`` character range with a label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Scheme:
    """A tagging scheme as data: the prefix that opens a chunk and the prefix that continues it."""

    begin: str
    inside: str
    outside: str = OUTSIDE


BIO = Scheme(begin="B", inside="I")


class AlignmentError(FlashpointError):
    """A span does not start and end on token boundaries (raised in ``strict`` alignment)."""


@dataclass(frozen=True, slots=True)
class Encoded:
    """The tags of one token sequence and the spans that could not be placed on it."""

    tags: tuple[str, ...]
    unplaced: tuple[LabelledSpan, ...]


def spans_to_tags(
    tokens: Sequence[Span],
    spans: Iterable[LabelledSpan],
    *,
    alignment: Alignment = "strict",
    scheme: Scheme = BIO,
    where: str = "",
) -> Encoded:
    """Tag ``tokens`` with ``spans``; spans are placed longest first, so a nested shorter span is the one left out."""
    tags = [scheme.outside] * len(tokens)
    unplaced: list[LabelledSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        covered = _token_range(tokens, span, alignment, where)
        if covered is None or any(tags[i] != scheme.outside for i in range(*covered)):
            unplaced.append(span)
            continue
        first, last = covered
        tags[first] = f"{scheme.begin}-{span.label}"
        for i in range(first + 1, last):
            tags[i] = f"{scheme.inside}-{span.label}"
    return Encoded(tags=tuple(tags), unplaced=tuple(sorted(unplaced, key=lambda s: (s.start, s.end, s.label))))


def _token_range(tokens: Sequence[Span], span: LabelledSpan, alignment: Alignment, where: str) -> tuple[int, int] | None:
    touching = [i for i, token in enumerate(tokens) if token.start < span.end and span.start < token.end]
    inside = [i for i in touching if span.start <= tokens[i].start and tokens[i].end <= span.end]
    aligned = bool(touching) and tokens[touching[0]].start == span.start and tokens[touching[-1]].end == span.end
    if alignment == "strict" and not aligned:
        raise AlignmentError(
            f"{where + ': ' if where else ''}span [{span.start}, {span.end}) {span.label} does not sit on token boundaries"
        )
    chosen = touching if alignment in ("strict", "expand") else inside
    if not chosen:
        return None
    return chosen[0], chosen[-1] + 1


def chunks(tags: Sequence[str], *, scheme: Scheme = BIO) -> list[tuple[int, int, str]]:
    """``(first, last_exclusive, label)`` token ranges of the chunks in a tag sequence.

    conlleval chunking (seqeval's default mode): an inside tag after ``O`` or after another type opens a new chunk.
    """
    found: list[tuple[int, int, str]] = []
    first, open_label = 0, ""
    for i, tag in enumerate([*tags, scheme.outside]):
        prefix, _, label = tag.partition("-")
        continues = prefix == scheme.inside and label == open_label
        if open_label and not continues:
            found.append((first, i, open_label))
            open_label = ""
        if prefix in (scheme.begin, scheme.inside) and not continues:
            first, open_label = i, label
    return found


def tags_to_spans(tokens: Sequence[Span], tags: Sequence[str], *, scheme: Scheme = BIO) -> list[LabelledSpan]:
    """Decode tags into character spans over ``tokens`` (see :func:`chunks`)."""
    if len(tokens) != len(tags):
        raise ValueError(f"{len(tokens)} tokens but {len(tags)} tags")
    return [LabelledSpan(tokens[first].start, tokens[last - 1].end, label) for first, last, label in chunks(tags, scheme=scheme)]


# ---------------------------------------------------------------- token sequences of a document


def token_sequences(document: Document) -> list[tuple[Span, ...]]:
    """The document's tokens grouped by sentence (one sequence when it has tokens but no sentences).

    A document without token boundaries is segmented with the ingest tokenizer (:mod:`annotation.ingest.segment`).
    """
    sentences, tokens = document.sentences, document.tokens
    if not tokens:
        segmentation = segment(document.text)
        sentences, tokens = segmentation.sentences, segmentation.tokens
    if not sentences:
        return [tuple(tokens)] if tokens else []
    ordered = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    sequences: list[list[Span]] = [[] for _ in ordered]
    stray: list[Span] = []
    for token in sorted(tokens, key=lambda t: t.start):
        index = bisect.bisect_right(starts, token.start) - 1
        if index >= 0 and token.end <= ordered[index].end:
            sequences[index].append(token)
        else:
            stray.append(token)
    grouped = [tuple(sequence) for sequence in sequences if sequence]
    return sorted([*grouped, *((tuple(stray),) if stray else ())], key=lambda sequence: sequence[0].start)


def token_texts(document: Document, tokens: Sequence[Span]) -> tuple[str, ...]:
    return tuple(document.text[token.start : token.end] for token in tokens)
