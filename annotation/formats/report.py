"""What a conversion did besides producing documents: errors, counts, unmapped labels, adjustments, left-out items.

A reader or writer given a :class:`Report` collects bad records into it and goes on; given none it makes a strict
one, which raises the first :class:`~annotation.formats.errors.FormatError`. Nothing is dropped without a word:
every external label without a mapping is counted in ``unmapped`` (and the item is kept in ``Document.meta``),
every span a format cannot hold is named in ``left_out``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotation.formats.errors import FormatError


@dataclass
class Report:
    """An accumulator (mutable on purpose, like a score counter) filled while a file is converted."""

    strict: bool = False
    errors: list[FormatError] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # what was read, e.g. "documents", "events", "arguments"
    unmapped: Counter[tuple[str, str]] = field(default_factory=Counter)  # (layer, external label) -> count
    adjusted: list[str] = field(default_factory=list)  # spans moved by an alignment mode, with old and new offsets
    left_out: list[str] = field(default_factory=list)  # items a format could not hold, by id and reason

    def error(self, error: FormatError) -> None:
        """Record a bad record; in strict mode, raise it."""
        if self.strict:
            raise error
        self.errors.append(error)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def unmapped_label(self, layer: str, label: str) -> None:
        self.unmapped[(layer, label)] += 1

    def summary(self) -> str:
        """A human-readable multi-line summary (what ``flashpoint convert`` prints)."""
        lines = []
        if self.counts:
            lines.append("read: " + ", ".join(f"{key} {value}" for key, value in sorted(self.counts.items())))
        if self.unmapped:
            lines.append(f"unmapped external labels ({sum(self.unmapped.values())} items, kept in meta['unmapped']):")
            lines.extend(f"  {layer} {label}: {n}" for (layer, label), n in sorted(self.unmapped.items()))
        if self.adjusted:
            lines.append(f"adjusted spans: {len(self.adjusted)}")
            lines.extend(f"  {item}" for item in self.adjusted)
        if self.left_out:
            lines.append(f"left out: {len(self.left_out)}")
            lines.extend(f"  {item}" for item in self.left_out)
        if self.errors:
            lines.append(f"errors: {len(self.errors)}")
            lines.extend(f"  {error}" for error in self.errors)
        return "\n".join(lines)


def report_or_strict(report: Report | None) -> Report:
    """The caller's report, or a strict one that raises at the first error."""
    return report if report is not None else Report(strict=True)
