"""Tagging schemes for writing BIO files, as data: the prefix for each position of a token in a span.

Decoding tags back into spans is :func:`eval.bio.decode` (the evaluation package's one decoder); this table is its
counterpart for encoding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Positions:
    """Prefixes of a one-token span, and of the first, middle and last token of a longer one."""

    single: str
    first: str
    middle: str
    last: str


SCHEMES: Mapping[str, Positions] = {
    "IOB2": Positions(single="B", first="B", middle="I", last="I"),
    "IOBES": Positions(single="S", first="B", middle="I", last="E"),
}
OUTSIDE = "O"


def encode(n_tokens: int, spans: list[tuple[int, int, str]], scheme: str) -> list[str]:
    """Tags for ``n_tokens`` tokens given non-overlapping ``(first token, end token, label)`` spans."""
    table = SCHEMES[scheme]
    tags = [OUTSIDE] * n_tokens
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = f"{table.single}-{label}"
            continue
        tags[start] = f"{table.first}-{label}"
        for index in range(start + 1, end - 1):
            tags[index] = f"{table.middle}-{label}"
        tags[end - 1] = f"{table.last}-{label}"
    return tags
