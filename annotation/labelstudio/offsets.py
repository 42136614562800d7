"""Code points <-> UTF-16 code units: the one place where Label Studio's JavaScript offsets are translated.

Python indexes strings by code point; the Label Studio frontend (JavaScript) by UTF-16 code unit, so every character
outside the Basic Multilingual Plane (emoji, flags, some scripts) counts twice there. Text without such characters
takes a fast path where both offsets are the same.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field


class OffsetError(ValueError):
    """A UTF-16 offset that falls inside a surrogate pair or outside the text."""


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Translate offsets for one text. ``wide`` holds the code-point index of every non-BMP character."""

    text: str
    wide: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "wide", tuple(i for i, ch in enumerate(self.text) if ord(ch) > 0xFFFF))

    @property
    def utf16_length(self) -> int:
        return len(self.text) + len(self.wide)

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of a code-point offset (``0 <= offset <= len(text)``)."""
        if not 0 <= offset <= len(self.text):
            raise OffsetError(f"code-point offset {offset} is outside the text (length {len(self.text)})")
        return offset + bisect_left(self.wide, offset)

    def to_codepoint(self, offset: int) -> int:
        """The code-point offset of a UTF-16 offset; raises :class:`OffsetError` inside a surrogate pair."""
        if not 0 <= offset <= self.utf16_length:
            raise OffsetError(f"UTF-16 offset {offset} is outside the text (length {self.utf16_length} code units)")
        if not self.wide:
            return offset
        low, high = 0, len(self.wide)  # number of wide characters strictly before the code point we look for
        while low < high:
            middle = (low + high) // 2
            if self.wide[middle] + middle < offset:  # UTF-16 start of the middle-th wide character
                low = middle + 1
            else:
                high = middle
        codepoint = offset - low
        if low > 0 and self.wide[low - 1] + (low - 1) + 1 == offset:
            raise OffsetError(f"UTF-16 offset {offset} falls inside the surrogate pair of {self.text[self.wide[low - 1]]!r}")
        return codepoint
