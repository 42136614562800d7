"""Labelled character spans <-> BIO tags over a document's tokens, and the document's token sequences.

No tagging scheme is written here: encoding uses the formats' scheme table (:mod:`annotation.formats.bio_schemes`,
IOB2) and decoding the evaluation package's one decoder (:func:`eval.bio.decode`, conlleval chunking, seqeval's
default mode: an ``I-X`` after ``O`` or after another type opens a new chunk).

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
from annotation.formats.bio_schemes import encode
from annotation.ingest.segment import segment
from annotation.model import Document, Span
from eval.bio import decode

Alignment = Literal["strict", "expand", "contract"]
SCHEME = "IOB2"
Chunk = tuple[int, int, str]  # (first token, end token exclusive, label)

@dataclass(frozen=True, slots=True)
class LabelledSpan:
    """A half-open ``[start, end)`` character range with a label."""

    start: int
    end: int
    label: str


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
    where: str = "",
) -> Encoded:
    """IOB2-tag ``tokens`` with ``spans``; spans are placed longest first, so a nested shorter span is the one left out."""
    taken = [False] * len(tokens)
    placed: list[Chunk] = []
    unplaced: list[LabelledSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        covered = _token_range(tokens, span, alignment, where)
        if covered is None or any(taken[i] for i in range(*covered)):
            unplaced.append(span)
            continue
        first, last = covered
        taken[first:last] = [True] * (last - first)
        placed.append((first, last, span.label))
    tags = encode(len(tokens), placed, SCHEME)
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


def chunks(sentences: Sequence[Sequence[str]]) -> list[list[Chunk]]:
    """The chunks of each tag sequence, as ``(first, end, label)`` token ranges, decoded by :func:`eval.bio.decode`."""
    found: list[list[Chunk]] = [[] for _ in sentences]
    if not found:
        return found
    decoded = decode([[str(tag) for tag in tags] for tags in sentences])
    spans = decoded.spans
    for sentence, first, end, label in zip(spans.doc.tolist(), spans.start.tolist(), spans.end.tolist(), spans.label.tolist(), strict=True):
        found[sentence].append((first, end, decoded.types[label]))
    for sentence_chunks in found:
        sentence_chunks.sort()
    return found


def tags_to_spans(tokens: Sequence[Span], tags: Sequence[str]) -> list[LabelledSpan]:
    """Decode one sentence's tags into character spans over ``tokens`` (see :func:`chunks`)."""
    return sequences_to_spans([tokens], [tags])[0]


def sequences_to_spans(sequences: Sequence[Sequence[Span]], tagged: Sequence[Sequence[str]]) -> list[list[LabelledSpan]]:
    """Decode several sentences at once (one :func:`eval.bio.decode` call) into character spans per sentence."""
    for tokens, tags in zip(sequences, tagged, strict=True):
        if len(tokens) != len(tags):
            raise ValueError(f"{len(tokens)} tokens but {len(tags)} tags")
    return [
        [LabelledSpan(tokens[first].start, tokens[last - 1].end, label) for first, last, label in found]
        for tokens, found in zip(sequences, chunks(tagged), strict=True)
    ]


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
