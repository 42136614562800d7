"""Spans that may sit on the wrong copy of their text: inside a longer span of the same layer, while the same words
also stand free elsewhere in the sentence.

This is the footprint of an anchor that took the first occurrence of a repeated text (drafts before guideline 1.1
defaulted ``n`` to 1): ``Kurdish`` meant as its own mention but placed inside ``Kurdish forces``. Real nesting
(``[[Mosul]GPE airport]FAC``) looks the same, so this is a warning for a person to check, never an automatic fix.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InnerCopy:
    """Span ``span_id`` lies inside ``container_id``; its text also occurs, outside every span, at ``free_start``."""

    span_id: str
    text: str
    container_id: str
    free_start: int

    def message(self) -> str:
        return (f"{self.text!r} sits inside the longer span {self.container_id} while the same words also stand free "
                f"at offset {self.free_start} in the sentence; check which occurrence is meant")


def inner_copies(text: str, sentences: Sequence[tuple[int, int]], spans: Sequence[tuple[str, int, int]]) -> Iterator[InnerCopy]:
    """The :class:`InnerCopy` warnings of one layer's spans ``(id, start, end)`` over a text and its sentences."""
    starts = [start for start, _ in sentences]
    for span_id, start, end in spans:
        containers = [other for other in spans if other[0] != span_id and other[1] <= start and end <= other[2]
                      and (other[2] - other[1]) > (end - start)]
        if not containers:
            continue
        index = bisect_right(starts, start) - 1
        if index < 0:
            continue
        sentence_start, sentence_end = sentences[index]
        words = text[start:end]
        pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)")
        for match in pattern.finditer(text, sentence_start, sentence_end):
            free = not any(s <= match.start() and match.end() <= e for _, s, e in spans)
            if free:
                yield InnerCopy(span_id, words, containers[0][0], match.start())
                break
