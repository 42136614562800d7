"""Document-level, leakage-aware, stratified train / validation / test splits.

1. **Stories.** Two articles belong to the same story when their TF-IDF cosine similarity is at least
   ``same_story`` (near-duplicates and follow-ups share most of their vocabulary), or at least ``same_week`` when they
   were published within seven days of each other. Stories are the connected components of that relation; a story
   never straddles splits.
2. **Stratification.** Stories are placed one at a time, largest first (ties by first document id), each into the
   split where it leaves the event-type counts and the document count closest to the target fractions
   (sum of squared shortfalls). Nothing random is involved, so the split is the same on every build.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

SPLITS = ("train", "validation", "test")
FRACTIONS = (0.7, 0.15, 0.15)


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


def stories(items: Sequence[SplitItem], *, same_story: float = 0.5, same_week: float = 0.3) -> list[list[str]]:
    """Groups of document ids that tell the same story (see the module docstring)."""
    if not items:
        return []
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform([i.text for i in items])
    similarity = (matrix @ matrix.T).toarray()
    dates = [_parse_date(i.date) for i in items]
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            da, db = dates[a], dates[b]
            close = da is not None and db is not None and abs((da - db).days) <= 7
            if similarity[a, b] >= same_story or (close and similarity[a, b] >= same_week):
                parent[find(a)] = find(b)
    groups: dict[int, list[str]] = {}
    for index, item in enumerate(items):
        groups.setdefault(find(index), []).append(item.doc_id)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def assign_splits(items: Sequence[SplitItem], fractions: Sequence[float] = FRACTIONS, **story_options: float) -> dict[str, str]:
    """doc id -> split name."""
    by_id = {item.doc_id: item for item in items}
    types = sorted({t for item in items for t in item.event_types})
    total = np.array([sum(item.event_types.get(t, 0) for item in items) for t in types] + [len(items)], dtype=float)
    targets = np.outer(np.asarray(fractions, dtype=float), total)
    placed = np.zeros_like(targets)
    assignment: dict[str, str] = {}
    for story in stories(items, **story_options):
        counts = Counter[str]()
        for doc_id in story:
            counts.update(by_id[doc_id].event_types)
        vector = np.array([counts.get(t, 0) for t in types] + [len(story)], dtype=float)
        costs = []
        for split in range(len(SPLITS)):
            trial = placed.copy()
            trial[split] += vector
            shortfall = (trial - targets) / np.maximum(total, 1.0)
            costs.append(float((shortfall**2).sum()))
        best = int(np.argmin(costs))
        placed[best] += vector
        for doc_id in story:
            assignment[doc_id] = SPLITS[best]
    return assignment
