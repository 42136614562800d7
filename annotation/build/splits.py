"""Document-level, leakage-aware, stratified train / validation / test splits, in near-linear time.

1. **Stories.** Two articles belong to the same story when the TF-IDF cosine similarity of their content words
   (lower-cased words of two or more characters, scikit-learn's English stop words removed, sublinear term frequency,
   smoothed idf over the corpus) is at least ``same_story`` (near-duplicates and follow-ups share most of their
   vocabulary), or at least ``same_week`` when they were published within seven days of each other. Stories are the
   connected components of that relation (union-find); a story never straddles splits.
2. **Finding the pairs without comparing all of them.** Each document's set of content words gets a MinHash
   signature of 128 hashes (fixed seeds). Locality-sensitive hashing proposes candidate pairs: documents that agree
   on a whole band of the signature, 32 bands of 4 hashes for any two documents (a pair whose word sets have Jaccard
   similarity 0.5 is proposed with probability 0.87, at 0.6 with 0.985, at 0.7 with 0.9998) and 64 bands of 2 hashes
   for documents published within seven days (keyed by week; at Jaccard 0.3: 0.998). Only candidates are scored with
   the exact TF-IDF cosine above (term counts kept in a temporary file, not in memory), so a pair is only ever joined
   by the rule itself; a pair over the threshold whose word sets overlap little can be missed.
3. **Pinned evaluation sets.** A document may be pinned to a split at selection (``meta["split"]``, written by
   ``flashpoint select``): its whole story takes that split, a story holding documents pinned to two splits is an
   error, and once anything is pinned every unpinned story goes to train (test and validation are fixed sets).
4. **Stratification** (only when nothing is pinned). Stories are placed one at a time, largest first (ties by first
   document id), each into the split where it leaves the event-type counts and the document count closest to the
   target fractions (sum of squared shortfalls). Nothing random is involved, so the split is the same on every build.

:class:`StoryIndex` takes documents one at a time and keeps only a small record of each (id, date, event-type
counts, band keys), so a corpus is split in one streamed pass.
"""

from __future__ import annotations

import re
import tempfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import IO

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from annotation.errors import FlashpointError

SPLITS = ("train", "validation", "test")
FRACTIONS = (0.7, 0.15, 0.15)

WORD = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token pattern
PERMUTATIONS = 128
ANY_DATE_BANDS = (32, 4)  # bands x rows for the same_story rule
SAME_WEEK_BANDS = (64, 2)  # bands x rows for the same_week rule, keyed by week
WINDOW_DAYS = 7
_RANDOM = np.random.default_rng(20160101)
_A = _RANDOM.integers(0, np.iinfo(np.uint64).max, PERMUTATIONS, dtype=np.uint64, endpoint=True) | np.uint64(1)
_B = _RANDOM.integers(0, np.iinfo(np.uint64).max, PERMUTATIONS, dtype=np.uint64, endpoint=True)
_ROW_MIX = _RANDOM.integers(1, 1 << 62, 8, dtype=np.uint64) | np.uint64(1)
_WEEK_MIX = np.uint64(0x9E3779B97F4A7C15)


class SplitError(FlashpointError):
    """Splits that cannot be made as asked (a story holding documents pinned to two splits)."""


@dataclass(frozen=True, slots=True)
class SplitItem:
    """What the splitter needs to know of a document."""

    doc_id: str
    text: str
    date: str  # ISO date or ""
    event_types: Mapping[str, int]


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def minhash(words: NDArray[np.uint32]) -> NDArray[np.uint64]:
    """128 minima of multiply-shift hashes ``((a x + b) mod 2^64) >> 32`` over the word hashes (``words`` non-empty)."""
    hashed = (np.outer(_A, words.astype(np.uint64)) + _B[:, None]) >> np.uint64(32)
    minima: NDArray[np.uint64] = hashed.min(axis=1)
    return minima


def band_keys(signature: NDArray[np.uint64], bands: tuple[int, int]) -> NDArray[np.uint32]:
    """One 32-bit key per band of ``rows`` consecutive hashes (a collision only proposes a pair, never joins it)."""
    count, rows = bands
    mixed = (signature[: count * rows].reshape(count, rows) * _ROW_MIX[:rows]).sum(axis=1, dtype=np.uint64)
    return ((mixed ^ (mixed >> np.uint64(29))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def content_word_counts(text: str) -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """The document's content words as sorted distinct 32-bit hashes (CRC-32) and their counts."""
    counts = Counter(zlib.crc32(w.encode("utf-8")) for w in WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS)
    words = np.array(sorted(counts), dtype=np.uint32)
    return words, np.array([counts[w] for w in words.tolist()], dtype=np.uint32)


def _bucket_pairs(keys: NDArray[np.uint64], members: NDArray[np.int64]) -> NDArray[np.int64]:
    """Every pair of members that share a key, as ``i * 2^32 + j`` codes with ``i < j`` (one array per call)."""
    order = np.argsort(keys, kind="stable")
    keys, members = keys[order], members[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    twos = starts[sizes == 2]  # most buckets with company hold two documents: pair them without a loop
    low, high = np.minimum(members[twos], members[twos + 1]), np.maximum(members[twos], members[twos + 1])
    found = [((low << 32) | high)[low != high]]
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        group = np.unique(members[start : start + size])
        i, j = np.triu_indices(len(group), k=1)
        found.append((group[i] << 32) | group[j])
    return np.concatenate(found)


class _TfidfVectors:
    """Sublinear TF-IDF vectors (smoothed idf, l2 norm, as scikit-learn's) read from the word file on demand."""

    def __init__(self, path: Path, offsets: Sequence[int], document_frequency: Mapping[int, int], documents: int) -> None:
        self._offsets = offsets
        self._data = np.memmap(path, dtype=np.uint32, mode="r") if offsets[-1] else np.zeros(0, dtype=np.uint32)
        self._vocabulary = np.array(sorted(document_frequency), dtype=np.uint32)
        frequency = np.array([document_frequency[w] for w in self._vocabulary.tolist()], dtype=np.float64)
        self._idf = np.log((1.0 + documents) / (1.0 + frequency)) + 1.0
        self._norms = np.array([np.sqrt((self._weights(i)[1] ** 2).sum()) for i in range(len(offsets) - 1)])

    def _weights(self, index: int) -> tuple[NDArray[np.uint32], NDArray[np.float64]]:
        start, end = self._offsets[index], self._offsets[index + 1]
        middle = (start + end) // 2
        words, counts = self._data[start:middle], self._data[middle:end]
        weights = (1.0 + np.log(counts.astype(np.float64))) * self._idf[np.searchsorted(self._vocabulary, words)]
        return words, weights

    def cosine(self, a: int, b: int) -> float:
        if not self._norms[a] or not self._norms[b]:
            return 0.0
        (words_a, weights_a), (words_b, weights_b) = self._weights(a), self._weights(b)
        _, in_a, in_b = np.intersect1d(words_a, words_b, assume_unique=True, return_indices=True)
        return float((weights_a[in_a] * weights_b[in_b]).sum() / (self._norms[a] * self._norms[b]))

    def close(self) -> None:
        del self._data


class StoryIndex:
    """Streamed story grouping and split assignment: ``add`` each document, then ``stories()`` / ``assign()``."""

    def __init__(self, *, same_story: float = 0.5, same_week: float = 0.3) -> None:
        self.same_story, self.same_week = same_story, same_week
        self.ids: list[str] = []
        self._days: list[int] = []  # date ordinal, -1 when unknown
        self._types: dict[str, int] = {}
        self._type_counts: list[tuple[int, int, int]] = []  # (document, type, count)
        self._any_date: list[NDArray[np.uint32]] = []
        self._same_week: list[NDArray[np.uint32]] = []
        self._offsets: list[int] = [0]
        self._document_frequency: Counter[int] = Counter()
        self.pinned: dict[str, str] = {}  # doc id -> split fixed at selection (meta["split"])
        self._folder = tempfile.TemporaryDirectory(prefix="flashpoint-stories-")
        self._words_path = Path(self._folder.name) / "words.u32"  # per document: its word hashes, then their counts
        self._words_file: IO[bytes] | None = self._words_path.open("wb")

    def __enter__(self) -> StoryIndex:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._words_file is not None:
            self._words_file.close()
            self._words_file = None
        self._folder.cleanup()

    def add(self, doc_id: str, text: str, date_text: str, event_types: Mapping[str, int], pinned: str = "") -> None:
        if self._words_file is None:
            raise ValueError("StoryIndex.add after stories() or close()")
        if pinned:
            if pinned not in SPLITS:
                raise SplitError(f"document {doc_id} is pinned to {pinned!r}, not one of {', '.join(SPLITS)}")
            self.pinned[doc_id] = pinned
        index = len(self.ids)
        self.ids.append(doc_id)
        parsed = _parse_date(date_text)
        self._days.append(parsed.toordinal() if parsed else -1)
        for label, count in sorted(event_types.items()):
            self._type_counts.append((index, self._types.setdefault(label, len(self._types)), count))
        words, counts = content_word_counts(text)
        self._words_file.write(words.tobytes() + counts.tobytes())
        self._offsets.append(self._offsets[-1] + 2 * len(words))
        self._document_frequency.update(words.tolist())
        empty = np.zeros(0, dtype=np.uint32)
        signature = minhash(words) if len(words) else None
        self._any_date.append(band_keys(signature, ANY_DATE_BANDS) if signature is not None else empty)
        self._same_week.append(band_keys(signature, SAME_WEEK_BANDS) if signature is not None and parsed else empty)

    def _candidates(self) -> NDArray[np.int64]:
        codes: list[NDArray[np.int64]] = []
        for keys_of, bands, by_week in ((self._any_date, ANY_DATE_BANDS[0], False), (self._same_week, SAME_WEEK_BANDS[0], True)):
            members = np.array([i for i, keys in enumerate(keys_of) if len(keys)], dtype=np.int64)
            if len(members) < 2:
                continue
            table = np.stack([keys_of[i] for i in members])  # documents x bands, 4 bytes a key
            # only dated documents have same-week keys, so only they need a week number (undated ones are -1)
            weeks = np.array([self._days[i] // WINDOW_DAYS for i in members], dtype=np.uint64) if by_week else None
            for band in range(bands):
                column = table[:, band].astype(np.uint64)
                if weeks is not None:  # each document in its week and the next: documents <= 7 days apart share one of them
                    keys = np.concatenate([column ^ (weeks * _WEEK_MIX), column ^ ((weeks + np.uint64(1)) * _WEEK_MIX)])
                    codes.append(_bucket_pairs(keys, np.concatenate([members, members])))
                else:
                    codes.append(_bucket_pairs(column, members))
            del table
        return np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)

    def stories(self) -> list[list[str]]:
        """Groups of document ids that tell the same story (see the module docstring)."""
        if self._words_file is not None:
            self._words_file.close()
            self._words_file = None
        n = len(self.ids)
        parent = list(range(n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        candidates = self._candidates()
        if len(candidates):
            vectors = _TfidfVectors(self._words_path, self._offsets, self._document_frequency, n)
            for chunk in range(0, len(candidates), 65_536):  # in chunks: a list of millions of ints is large
                part = candidates[chunk : chunk + 65_536]
                for a, b in zip((part >> 32).tolist(), (part & 0xFFFFFFFF).tolist(), strict=True):
                    similarity = vectors.cosine(a, b)
                    close = self._days[a] >= 0 and self._days[b] >= 0 and abs(self._days[a] - self._days[b]) <= WINDOW_DAYS
                    if similarity >= self.same_story or (close and similarity >= self.same_week):
                        parent[find(a)] = find(b)
            vectors.close()
        groups: dict[int, list[str]] = {}
        for index, doc_id in enumerate(self.ids):
            groups.setdefault(find(index), []).append(doc_id)
        return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))

    def assign(self, fractions: Sequence[float] = FRACTIONS) -> dict[str, str]:
        """doc id -> split name."""
        position = {doc_id: i for i, doc_id in enumerate(self.ids)}
        by_arrival = np.zeros((len(self.ids), len(self._types) + 1))
        by_arrival[:, -1] = 1.0  # the document count is balanced too
        for index, type_index, count in self._type_counts:
            by_arrival[index, type_index] += count
        order = [i for _, i in sorted((label, i) for label, i in self._types.items())] + [len(self._types)]
        counts = by_arrival[:, order]  # columns in label order, so the arithmetic does not depend on the input order
        total = counts.sum(axis=0)
        targets = np.outer(np.asarray(fractions, dtype=float), total)
        placed = np.zeros_like(targets)
        scale = np.maximum(total, 1.0)
        assignment: dict[str, str] = {}
        for story in self.stories():
            pins = {self.pinned[d] for d in story if d in self.pinned}
            if len(pins) > 1:
                named = ", ".join(f"{d} ({self.pinned[d]})" for d in story if d in self.pinned)
                raise SplitError(f"one story holds documents pinned to different splits: {named}")
            if pins or self.pinned:
                # pinned evaluation sets: a story with a pinned document takes its split whole; the rest is train
                best = SPLITS.index(pins.pop()) if pins else 0
                placed[best] += counts[[position[d] for d in story]].sum(axis=0)
                for doc_id in story:
                    assignment[doc_id] = SPLITS[best]
                continue
            vector = counts[[position[d] for d in story]].sum(axis=0)
            costs = []
            for split in range(len(SPLITS)):
                trial = placed.copy()
                trial[split] += vector
                costs.append(float((((trial - targets) / scale) ** 2).sum()))
            best = int(np.argmin(costs))
            placed[best] += vector
            for doc_id in story:
                assignment[doc_id] = SPLITS[best]
        return assignment


def _index(items: Sequence[SplitItem], story_options: Mapping[str, float]) -> StoryIndex:
    index = StoryIndex(**story_options)
    for item in items:
        index.add(item.doc_id, item.text, item.date, item.event_types)
    return index


def stories(items: Sequence[SplitItem], *, same_story: float = 0.5, same_week: float = 0.3) -> list[list[str]]:
    """Groups of document ids that tell the same story (see the module docstring)."""
    with _index(items, {"same_story": same_story, "same_week": same_week}) as index:
        return index.stories()


def assign_splits(items: Sequence[SplitItem], fractions: Sequence[float] = FRACTIONS, **story_options: float) -> dict[str, str]:
    """doc id -> split name."""
    with _index(items, story_options) as index:
        return index.assign(fractions)
