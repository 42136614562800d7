"""Choose the corpus articles from a pool of openly licensed documents, by a documented, deterministic rule.

Rule: keep documents whose licence is open and whose length (tokens) lies in ``[min_tokens, max_tokens]``; score
each by how densely it uses conflict and politics vocabulary (hits of :data:`TOPIC_WORDS` per 100 tokens); take the
``count`` best-scoring, ties broken by id; return them in id order. The rule reads only the text, never anyone's labels.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotation.errors import FlashpointError
from annotation.model import Document

TOPIC_WORDS = frozenset(
    """attack attacks attacked bomb bombing bombings blast explosion killed kill killing dead died death deaths
    wounded injured troops soldiers army military militants rebels forces fighting fight clashes clash war
    ceasefire truce peace talks negotiations agreement accord treaty protest protests protesters demonstrators rally
    arrested arrest detained jailed police election president minister government opposition parliament sanctions
    condemned accused urged warned refugees airstrike airstrikes shelling missile weapons""".split()
)
# The licences a corpus document may carry: an explicit list, each an open licence (public domain, Creative Commons
# BY / BY-SA, the UK Open Government Licence v3.0). Anything else (NC, ND, unknown) is never selected.
ACCEPTED_LICENCES = (
    re.compile(r"^(US |U\.S\. )?public domain\b", re.I),
    re.compile(r"^CC[ -]BY[ -](\d\.\d)( [A-Z]{2})?$", re.I),
    re.compile(r"^CC[ -]BY-SA[ -](\d\.\d)( [A-Z]{2})?$", re.I),
    re.compile(r"^Open Government Licence v3\.0$", re.I),
)
TOPICS = {
    "conflict": """attack attacks attacked bomb bombing blast killed fighting clashes war troops militants rebels airstrike
    airstrikes shelling army military""".split(),
    "diplomacy": "talks summit ceasefire agreement treaty negotiations diplomatic minister visit relations cooperation envoy".split(),
    "protest": "protest protests protesters demonstrators rally march demonstration strike".split(),
    "elections": "election elections vote votes voters ballot candidate campaign elected primary parliament".split(),
    "justice": "court trial sentenced charged arrested police prison judge prosecutors jailed convicted".split(),
    "security": "security terrorism terrorist nuclear sanctions weapons missile intelligence defence defense threat".split(),
}
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Scored:
    document: Document
    tokens: int
    score: float


def is_open_licence(licence: str) -> bool:
    """Whether ``licence`` is one of :data:`ACCEPTED_LICENCES`."""
    return any(pattern.search(licence.strip()) for pattern in ACCEPTED_LICENCES)


def topic_of(document: Document) -> str:
    """The topic group (:data:`TOPICS`) whose words the text uses most; ties by group order."""
    words = Counter(w.lower() for w in _WORD.findall(document.text))
    hits = {topic: sum(words[w] for w in vocabulary) for topic, vocabulary in TOPICS.items()}
    return max(TOPICS, key=lambda topic: (hits[topic], -list(TOPICS).index(topic)))


@dataclass(frozen=True, slots=True)
class HeldOut:
    """A document chosen for an evaluation split: its score, topic and split."""

    scored: Scored
    topic: str
    split: str


def select_held_out(
    pools: Mapping[str, Sequence[Document]],
    counts: Mapping[str, Mapping[str, int]],
    exclude: Sequence[Document],
    *,
    min_tokens: int = 150,
    max_tokens: int = 500,
) -> list[HeldOut]:
    """New evaluation documents, ``counts[split][source]`` of each, kept apart by story from ``exclude`` and each other.

    Rule: candidates are the open-licence documents of 150-500 tokens (by default) not in ``exclude``. Stories are
    found over ``exclude`` and the candidates together (:func:`annotation.build.splits.stories`, the build's own
    rule): a candidate whose story has an excluded document is dropped, and of several candidates telling one story
    only the best-scoring is kept (near-duplicates never enter twice). Per source, candidates are grouped by topic
    (:func:`topic_of`) and ranked by topic-word density; topics are taken in turn, best first, until the source's total
    is reached, so each source spreads over the topics it has. The k-th pick goes to validation when that keeps the
    validation share closest to its count, else to test. Nothing random: the same pools give the same documents.
    """
    from annotation.build.splits import SplitItem, stories

    taken = {d.id for d in exclude}
    candidates = {
        scored.document.id: (source, scored)
        for source, pool in pools.items()
        for scored in map(score, pool)
        if scored.document.id not in taken and is_open_licence(scored.document.source.licence)
        and min_tokens <= scored.tokens <= max_tokens
    }
    items = [SplitItem(d.id, d.text, d.source.date, {}) for d in exclude]
    items += [SplitItem(doc_id, s.document.text, s.document.source.date, {}) for doc_id, (_, s) in candidates.items()]
    kept: set[str] = set()
    for story in stories(items):
        if any(doc_id in taken for doc_id in story):
            continue
        members = [candidates[d][1] for d in story if d in candidates]
        if members:
            kept.add(min(members, key=lambda s: (-s.score, s.document.id)).document.id)
    chosen: list[HeldOut] = []
    for source in pools:
        wanted = {split: counts.get(split, {}).get(source, 0) for split in counts}
        total = sum(wanted.values())
        by_topic: dict[str, list[Scored]] = {}
        for doc_id in sorted(kept):
            if candidates[doc_id][0] == source:
                scored = candidates[doc_id][1]
                by_topic.setdefault(topic_of(scored.document), []).append(scored)
        for ranked in by_topic.values():
            ranked.sort(key=lambda s: (-s.score, s.document.id))
        picks: list[tuple[Scored, str]] = []
        while len(picks) < total and any(by_topic.values()):
            for topic in TOPICS:
                if by_topic.get(topic) and len(picks) < total:
                    picks.append((by_topic[topic].pop(0), topic))
        if len(picks) < total:
            raise FlashpointError(f"{source}: only {len(picks)} candidate document(s) for the {total} asked")
        validation = wanted.get("validation", 0)
        for k, (scored, topic) in enumerate(picks):
            to_validation = (k + 1) * validation // total > k * validation // total
            chosen.append(HeldOut(scored, topic, "validation" if to_validation else "test"))
    return chosen


def portable_source(document: Document, shared: Path) -> Document:
    """Record the source path relative to the shared folder (``shared/...``) with the file's sha256."""
    path = Path(document.source.path)
    if not path.is_absolute() or not path.is_relative_to(shared):
        return document
    sha256 = document.source.sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    source = replace(document.source, path=str(Path("shared") / path.relative_to(shared)), sha256=sha256)
    return replace(document, source=source)


def score(document: Document) -> Scored:
    words = [w.lower() for w in _WORD.findall(document.text)]
    hits = sum(1 for w in words if w in TOPIC_WORDS)
    tokens = len(document.tokens) or len(words)
    return Scored(document, tokens, 100.0 * hits / max(tokens, 1))


def select_articles(pool: Iterable[Document], count: int, *, min_tokens: int = 200, max_tokens: int = 800) -> list[Scored]:
    candidates = [
        scored
        for scored in map(score, pool)
        if is_open_licence(scored.document.source.licence) and min_tokens <= scored.tokens <= max_tokens
    ]
    best = sorted(candidates, key=lambda s: (-s.score, s.document.id))[:count]
    return sorted(best, key=lambda s: s.document.id)


def re3d_pool() -> list[Document]:
    """The re3d documents as text only (their labels, mapped or not, are not ours), with sentences and tokens from our segmenter.

    The licence filter (:func:`is_open_licence`) keeps every source: public domain, CC BY, CC BY-SA and the UK Open
    Government Licence v3.0 are all accepted licences.
    """
    from annotation.formats import re3d
    from annotation.formats.report import Report
    from annotation.ingest.segment import segment
    from annotation.paths import EXTERNAL

    pool = []
    report = Report()  # unmapped re3d labels are irrelevant here (labels are discarded); unreadable records are not
    for document in re3d.read(EXTERNAL / "re3d", report=report):
        segmentation = segment(document.text)
        text_only_meta = {key: value for key, value in document.meta.items() if key in ("corpus", "source_folder")}
        sentences, tokens = tuple(segmentation.sentences), tuple(segmentation.tokens)
        pool.append(replace(document, annotations=(), meta=text_only_meta, sentences=sentences, tokens=tokens))
    if report.errors:
        raise FlashpointError(f"{len(report.errors)} re3d record(s) could not be read, first: {report.errors[0]}")
    return pool
