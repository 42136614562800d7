"""BIO-style tag sequences -> spans, with each tagging scheme written as data and one vectorised decoder each.

- ``conlleval`` (default; seqeval's default mode): a chunk starts at ``B``/``S``, at ``I``/``E`` after ``O`` or
  after a chunk end, or wherever the type changes; it ends before ``B``/``S``/``O``, after ``E``/``S`` or where
  the type changes. Malformed ``I-`` tags therefore start chunks; nothing is dropped.
- ``IOB2`` / ``IOBES`` (seqeval ``mode="strict"`` with that scheme): a chunk is ``B-X`` followed by ``I-X`` tags
  (IOBES: ending in ``E-X``; or a lone ``S-X``); tags that break the scheme belong to no chunk. A prefix the
  scheme does not allow (``E-`` in IOB2) is an error naming the sentence and token.

Sentences are decoded independently; spans are ``(sentence, start, end, type)`` with half-open token offsets.
The start/end rules are boolean tables indexed by (previous prefix, current prefix); the per-token work is
numpy over integer codes, so millions of tags decode in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from eval.spans import SpanArrays

SCHEMES: tuple[str, ...] = ("conlleval", "IOB2", "IOBES")

# prefix codes (the first character of a tag)
PREFIXES = ("O", "B", "I", "E", "S", ".", "other")
O, B, I, E, S, DOT, OTHER = range(len(PREFIXES))  # noqa: E741 - the prefixes themselves
_N = len(PREFIXES)


def _table(pairs: Iterable[tuple[Iterable[int], Iterable[int]]]) -> npt.NDArray[np.bool_]:
    """A boolean (previous prefix, current prefix) table, true on every listed pair of prefix sets."""
    table = np.zeros((_N, _N), dtype=bool)
    for previous, current in pairs:
        for p in previous:
            for c in current:
                table[p, c] = True
    return table


_ANY = range(_N)
_CHUNK_PREFIXES = [p for p in range(_N) if p not in (O, DOT)]


@dataclass(frozen=True, slots=True)
class LenientRules:
    """conlleval / seqeval default: chunk ends and starts regardless of type, plus 'the type changed' rules."""

    end: npt.NDArray[np.bool_]  # the chunk before the current token ends (type unchanged)
    start: npt.NDArray[np.bool_]  # a chunk starts at the current token (type unchanged)
    end_on_type_change: npt.NDArray[np.bool_]  # indexed by previous prefix
    start_on_type_change: npt.NDArray[np.bool_]  # indexed by current prefix


CONLLEVAL = LenientRules(
    end=_table([((E, S), _ANY), ((B, I), (B, S, O))]),
    start=_table([(_ANY, (B, S)), ((E, S, O), (E, I))]),
    end_on_type_change=np.isin(np.arange(_N), _CHUNK_PREFIXES),
    start_on_type_change=np.isin(np.arange(_N), _CHUNK_PREFIXES),
)


@dataclass(frozen=True, slots=True)
class StrictScheme:
    """A strict scheme (seqeval ``Token`` subclasses): allowed prefixes, chunk starts, continuations, valid ends."""

    name: str
    allowed: frozenset[int]
    starts: frozenset[int]  # prefixes that open a chunk (after anything)
    inside: npt.NDArray[np.bool_]  # (previous, current) continue the chunk when the type is the same
    closes: frozenset[int]  # the chunk is kept only when its last prefix is one of these (or it is a single start)
    single: frozenset[int]  # prefixes that are a whole chunk by themselves


STRICT_SCHEMES: Mapping[str, StrictScheme] = {
    "IOB2": StrictScheme("IOB2", frozenset({O, B, I}), frozenset({B}), _table([((B, I), (I,))]), frozenset({B, I}), frozenset()),
    "IOBES": StrictScheme(
        "IOBES", frozenset({O, B, I, E, S}), frozenset({B, S}), _table([((B, I), (I, E))]), frozenset({E}), frozenset({S})
    ),
}


class SchemeError(ValueError):
    """A tag the scheme does not allow; the message names the sentence and token."""


@dataclass(frozen=True, slots=True)
class Decoded:
    spans: SpanArrays  # doc = sentence index, token offsets
    types: tuple[str, ...]  # label code -> type name


def _split_lenient(tag: str) -> tuple[int, str]:
    """seqeval ``get_entities``: prefix = first character, type = what follows the first '-' (or '_')."""
    prefix = PREFIXES.index(tag[0]) if tag and tag[0] in "OBIES." else OTHER
    return prefix, tag[1:].split("-", maxsplit=1)[-1] or "_"


def _split_strict(tag: str) -> tuple[int, str]:
    """seqeval ``Token``: prefix = first character, type = the rest without surrounding '-' (or '_')."""
    prefix = PREFIXES.index(tag[0]) if tag and tag[0] in "OBIES" else OTHER
    return prefix, tag[1:].strip("-") or "_"


def decode(
    sentences: Sequence[Sequence[str]], *, scheme: str = "conlleval", types: Sequence[str] = ()
) -> Decoded:
    """Decode tag sequences into spans. Type codes follow ``types`` and then new types in order of appearance."""
    if scheme not in SCHEMES:
        raise SchemeError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    split = _split_lenient if scheme == "conlleval" else _split_strict
    type_codes = {name: i for i, name in enumerate(types)}
    vocabulary: dict[str, int] = {"O": 0}  # tag -> tag code; code 0 = "O" also separates sentences
    for tag in sorted(set(chain.from_iterable(sentences)) - {"O"}, key=str):
        if not isinstance(tag, str) or not tag:
            raise SchemeError(f"tag {tag!r} is not a non-empty string")
        vocabulary[tag] = len(vocabulary)
    prefix_of, type_of = [], []
    for tag in vocabulary:
        tag_prefix, tag_type = split(tag)
        prefix_of.append(tag_prefix)
        type_of.append(type_codes.setdefault(tag_type, len(type_codes)))
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    n_tokens = int(lengths.sum())
    # one "O" (code 0) after every sentence, so that no chunk runs from one sentence into the next
    sentence_start = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    separator = np.zeros(n_tokens + len(sentences), dtype=bool)
    separator[sentence_start + lengths] = True
    codes = np.zeros(n_tokens + len(sentences), dtype=np.int32)
    codes[~separator] = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(sentences)), dtype=np.int32, count=n_tokens)
    del separator
    prefix = np.asarray(prefix_of, dtype=np.int64)
    kind = np.asarray(type_of, dtype=np.int64)
    if scheme == "conlleval":
        starts, ends, chunk_type = _lenient_chunks(codes, prefix, kind)
    else:
        starts, ends, chunk_type = _strict_chunks(STRICT_SCHEMES[scheme], codes, prefix, kind, sentence_start, vocabulary)
    sentence = np.searchsorted(sentence_start, starts, side="right") - 1
    names = [""] * len(type_codes)
    for name, i in type_codes.items():
        names[i] = name
    offset = sentence_start[sentence]
    return Decoded(SpanArrays.build(sentence, starts - offset, ends - offset, chunk_type), tuple(names))


def _pairs(codes: npt.NDArray[np.int32], n_codes: int) -> npt.NDArray[np.int64]:
    """Index of each (previous tag, tag) pair in an ``(n_codes + 1) x n_codes`` table; row ``n_codes`` is the state
    before the first tag (seqeval's: prefix O and a type no tag has)."""
    pairs = codes.astype(np.int64)
    pairs[1:] += codes[:-1].astype(np.int64) * n_codes
    pairs[0] += n_codes * n_codes
    return pairs


def _lenient_chunks(
    codes: npt.NDArray[np.int32], prefix: npt.NDArray[np.int64], kind: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], ...]:
    rules = CONLLEVAL
    # the rules expanded to every (previous tag, tag) pair of the vocabulary: a small table, one lookup per token
    prev_prefix = np.append(prefix, O)[:, None]
    prev_kind = np.append(kind, -1)[:, None]
    changed = prev_kind != kind[None, :]
    end_table = rules.end[prev_prefix, prefix[None, :]] | (rules.end_on_type_change[prev_prefix] & changed)
    start_table = rules.start[prev_prefix, prefix[None, :]] | (rules.start_on_type_change[prefix][None, :] & changed)
    pairs = _pairs(codes, len(prefix))
    end_at = np.flatnonzero(end_table.ravel()[pairs])  # the chunk [begin, end_at) closes
    # begin = the last start before end_at; seqeval begins at offset 0 until a first start is seen
    start_at = np.concatenate([[0], np.flatnonzero(start_table.ravel()[pairs])])
    del pairs
    begin = start_at[np.searchsorted(start_at, end_at, side="left") - 1]
    return begin, end_at, kind[codes[end_at - 1]]


def _strict_chunks(
    scheme: StrictScheme,
    codes: npt.NDArray[np.int32],
    prefix: npt.NDArray[np.int64],
    kind: npt.NDArray[np.int64],
    sentence_start: npt.NDArray[np.int64],
    vocabulary: Mapping[str, int],
) -> tuple[npt.NDArray[np.int64], ...]:
    allowed = np.isin(prefix, sorted(scheme.allowed))
    if not allowed.all():
        bad = np.flatnonzero(~allowed[codes])
        position = int(bad[0])
        sentence = int(np.searchsorted(sentence_start, position, side="right") - 1)
        tag = next(t for t, c in vocabulary.items() if c == codes[position])
        raise SchemeError(
            f"sentence {sentence + 1}, token {position - sentence_start[sentence] + 1}: tag {tag!r} is not allowed in "
            f"{scheme.name} (prefixes {', '.join(PREFIXES[p] for p in sorted(scheme.allowed))}); {len(bad)} such tag(s)"
        )
    prev_prefix = np.append(prefix, O)[:, None]
    prev_kind = np.append(kind, -1)[:, None]
    continue_table = scheme.inside[prev_prefix, prefix[None, :]] & (prev_kind == kind[None, :])
    stops = np.flatnonzero(~continue_table.ravel()[_pairs(codes, len(prefix))])  # the separator never continues
    begin = np.flatnonzero(np.isin(prefix, sorted(scheme.starts))[codes])
    end = stops[np.searchsorted(stops, begin, side="right")]
    last = prefix[codes[end - 1]]
    first = prefix[codes[begin]]
    keep = np.isin(last, sorted(scheme.closes)) | ((end - begin == 1) & np.isin(first, sorted(scheme.single)))
    return begin[keep], end[keep], kind[codes[begin[keep]]]
