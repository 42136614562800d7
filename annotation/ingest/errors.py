"""The error an ingest of one file raises: it names the file, so a run can report it and go on with the others."""

from __future__ import annotations

from pathlib import Path

from annotation.errors import FlashpointError


class IngestError(FlashpointError):
    """A file that cannot become a document (empty, binary, not UTF-8, an HTML page without an article)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
