"""Character spans -> tokens: the one place that decides how a span sits on token boundaries, and IOB2 tags from spans.

STYLE item 5 (spaCy's ``char_span(alignment_mode=...)``): ``strict`` raises :class:`AlignmentError` when a span does
not start and end on token boundaries, ``expand`` widens it to the tokens it touches, ``contract`` narrows it to the
tokens fully inside it (``None`` when none is). :func:`spans_to_tags` places spans longest first, so a nested shorter
span is the one left out; spans that cannot be placed are returned to the caller, never dropped silently. The tag
table itself is the formats' (:mod:`annotation.formats.bio_schemes`). Used by the CoNLL writer, the dataset build
and the baselines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from annotation.errors import FlashpointError
from annotation.model import Span

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
    from annotation.formats.bio_schemes import encode  # here: the formats package imports this module (CoNLL writer)

    taken = [False] * len(tokens)
    placed: list[Chunk] = []
    unplaced: list[LabelledSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        covered = token_range(tokens, span.start, span.end, alignment, where=where, label=span.label)
        if covered is None or any(taken[i] for i in range(*covered)):
            unplaced.append(span)
            continue
        first, last = covered
        taken[first:last] = [True] * (last - first)
        placed.append((first, last, span.label))
    tags = encode(len(tokens), placed, SCHEME)
    return Encoded(tags=tuple(tags), unplaced=tuple(sorted(unplaced, key=lambda s: (s.start, s.end, s.label))))


def token_range(
    tokens: Sequence[Span], start: int, end: int, alignment: Alignment, *, where: str = "", label: str = ""
) -> tuple[int, int] | None:
    """``(first token, end token)`` covering ``[start, end)`` under ``alignment``; ``None`` when no token qualifies."""
    touching = [i for i, token in enumerate(tokens) if token.start < end and start < token.end]
    if alignment == "strict" and not is_aligned(tokens, touching, start, end):
        what = f"span [{start}, {end}){' ' + label if label else ''}"
        raise AlignmentError(f"{where + ': ' if where else ''}{what} does not sit on token boundaries")
    chosen = touching if alignment in ("strict", "expand") else [i for i in touching if start <= tokens[i].start and tokens[i].end <= end]
    if not chosen:
        return None
    return chosen[0], chosen[-1] + 1


def is_aligned(tokens: Sequence[Span], touching: Sequence[int], start: int, end: int) -> bool:
    return bool(touching) and tokens[touching[0]].start == start and tokens[touching[-1]].end == end


