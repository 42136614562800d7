"""Where things sit in a document: the sentence of a span and the plain words between two spans."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from annotation.model import Document

_WORD = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence lookup for one document (the whole text is one sentence when it has no sentence boundaries)."""

    starts: tuple[int, ...]

    @classmethod
    def of(cls, document: Document) -> Sentences:
        return cls(tuple(sorted(s.start for s in document.sentences)) or (0,))

    def index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)


def words_between(text: str, first_end: int, second_start: int, limit: int = 6) -> tuple[str, ...]:
    """Up to ``limit`` lower-cased words between two spans (the ones nearest each end when there are more)."""
    words = [w.lower() for w in _WORD.findall(text[first_end:second_start])] if first_end < second_start else []
    if len(words) <= limit:
        return tuple(words)
    half = limit // 2
    return (*words[:half], *words[-half:])


def distance_bucket(characters: int) -> str:
    """Log-scale bucket of a character distance (0, 1, 2-3, 4-7, ...)."""
    return "0" if characters <= 0 else str(int(math.log2(characters)))
