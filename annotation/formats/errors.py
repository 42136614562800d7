"""The one error type of every reader and writer: where it failed (file, line, record) and why."""

from __future__ import annotations

from annotation.errors import FlashpointError


class FormatError(FlashpointError):
    """A record of an input file (or a document given to a writer) that cannot be converted.

    ``line`` is 1-based (0 when the problem is not tied to one line, e.g. a whole document given to a writer);
    ``record`` names the document, sentence or annotation id; ``raw`` holds the offending source text so that a
    converter can keep it aside in a rejects file instead of dropping it.
    """

    def __init__(self, path: str, line: int, message: str, *, record: str = "", raw: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        self.record = record
        self.raw = raw
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.record + ': ' if self.record else ''}{self.message}"

    def __reduce__(self) -> tuple[object, ...]:  # picklable despite keyword-only fields
        return (_rebuild, (self.path, self.line, self.message, self.record, self.raw))


def _rebuild(path: str, line: int, message: str, record: str, raw: str) -> FormatError:
    return FormatError(path, line, message, record=record, raw=raw)
