"""``flashpoint build`` at scale: a synthetic corpus of N documents built in bounded memory.

Run: ``.venv/bin/python benchmarks/build_scale.py [--documents N | --quick] [--compare 10000]``.
Generates N synthetic annotated news documents (a few sentences; entities, events with arguments, a stance; one or
three annotators with an adjudicated set; about 10 % rewrites of an earlier article a few days later, so stories of
2-4 documents exist) as a corpus JSONL on disk, streamed, then builds the dataset from it with the real two-pass
builder, streaming the file twice. Reports documents/s and peak memory: the peak resident set (``ru_maxrss``) of a
fresh process per size, and with ``--trace`` the peak of Python allocations (``tracemalloc``, slow) during the build.
``--compare M`` also builds M documents first, so the two peaks can be compared: rows are streamed, so what grows
with N is only the splitter's per-document record and its candidate pairs.

Filler words are half Zipf-distributed, half uniform over 200,000 words, so that the content-word Jaccard similarity
of two unrelated synthetic articles (median about 0.06, 99th percentile 0.08) is close to that of the 60 VOA and
re3d articles in ``annotation/articles.jsonl`` (0.045 and 0.10).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from annotation.build.builder import build_dataset
from annotation.corpus import dumps, iter_corpus
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Source, Stance

PLACES = ["Aleppo", "Donetsk", "Sanaa", "Maiduguri", "Caracas", "Kabul", "Mosul", "Tripoli", "Juba", "Gao", "Idlib", "Kherson"]
GROUPS = ["the army", "rebels", "police", "militants", "the coalition", "protesters", "separatists", "troops"]
OFFICIALS = ["Ahmed", "Petrov", "Okafor", "Garcia", "Haddad", "Nguyen", "Kovalenko", "Mensah", "Rahimi", "Silva"]
ORGS = ["the ministry", "the United Nations", "the Red Cross", "the parliament", "the council", "the agency"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER_VOCABULARY = 200_000  # half the filler words by Zipf rank (p ~ 1/r), half uniform; see synthetic_documents


class _Text:
    """A text under construction that records the offsets of the parts it is told to remember."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def _filler(rng: random.Random, count: int) -> str:
    words = (f"w{int(FILLER_VOCABULARY ** rng.random()) if rng.random() < 0.5 else rng.randrange(FILLER_VOCABULARY)}"
             for _ in range(count))
    return " ".join(words)


def _article(rng: random.Random, index: int, date: str, seed_words: tuple[str, str, str, str]) -> Document:
    place, group, official, org = seed_words
    day = rng.choice(DAYS)
    text = _Text()
    entities: list[Entity] = []
    events: list[Event] = []

    def entity(words: str, label: str) -> str:
        start, end = text.add(words)
        entities.append(Entity(f"T{len(entities) + 1}", start, end, words, label))
        return entities[-1].id

    attacker = entity(group.capitalize(), "ORG" if group.startswith("the") else "PER")
    start, end = text.add(" attacked ")
    trigger = (start + 1, end - 1)
    target = entity(rng.choice(GROUPS), "PER")
    text.add(" near ")
    where = entity(place, "GPE")
    text.add(" on ")
    when = entity(day, "TIME")
    text.add(f", {_filler(rng, rng.randint(15, 30))}. ")
    events.append(Event("V1", *trigger, "attacked", "Conflict.Attack",
                        arguments=(Argument("Attacker", attacker), Argument("Target", target), Argument("Place", where),
                                   Argument("Time", when)), attributes={"modality": "ASSERTED"}))
    holder = entity(official, "PER")
    text.add(" of ")
    entity(org, "ORG")
    start, _ = text.add(" condemned the attack")
    stance_text = "condemned the attack"
    text.add(f" and said {_filler(rng, rng.randint(15, 30))}. ")
    for _ in range(rng.randint(2, 5)):
        text.add(f"{_filler(rng, 3).capitalize()} ")
        entity(rng.choice(PLACES), "GPE")
        text.add(f" {_filler(rng, rng.randint(15, 35))}. ")
    start_meet, _ = text.add("Leaders ")
    meet_start, meet_end = text.add("met")
    text.add(f" in {place} {_filler(rng, 5)}.")
    events.append(Event("V2", meet_start, meet_end, "met", "Contact.Meet", attributes={"modality": "ASSERTED"}))
    body = text.text()
    stances = (Stance("S1", start + 1, start + 1 + len(stance_text), stance_text, "AGAINST", holder, "V1"),)
    assert body[start + 1 : start + 1 + len(stance_text)] == stance_text and start_meet >= 0
    annotators = ("annotator-1", "annotator-2", "adjudicator") if index % 10 == 0 else (f"annotator-{1 + index % 4}",)
    sets = tuple(
        AnnotationSet(Provenance(name, "label-studio", "raw", "1.0.0", "1.0",
                                 extra={"ground_truth": name == "adjudicator", "lead_time": 30.0}),
                      tuple(entities), tuple(events), stances)
        for name in annotators
    )
    return Document(f"syn-{index:07d}", body, title=f"{place}: {group} attack", annotations=sets,
                    source=Source(outlet="synthetic", date=date, licence="CC0 (synthetic)"))


def synthetic_documents(count: int, seed: int = 7) -> Iterator[Document]:
    """``count`` documents, about 10 % of them rewrites (same seed words, a few days later) of a recent one."""
    rng = random.Random(seed)
    recent: list[tuple[int, tuple[str, str, str, str], int]] = []  # (story seed, seed words, day)
    for index in range(count):
        if recent and rng.random() < 0.1:
            story, words, day = rng.choice(recent)
            day += rng.randint(0, 4)
        else:
            story, words = rng.randrange(1 << 30), (rng.choice(PLACES), rng.choice(GROUPS), rng.choice(OFFICIALS), rng.choice(ORGS))
            day = 733_000 + rng.randrange(15 * 365)  # 2007-2022
            recent = [*recent[-50:], (story, words, day)]
        from datetime import date

        yield _article(random.Random(story), index, date.fromordinal(day).isoformat(), words)


def write_synthetic(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for document in tqdm(synthetic_documents(count), total=count, desc="generate", unit="doc"):
            handle.write(dumps(document) + "\n")


def measure(count: int, folder: Path, *, trace: bool) -> dict[str, object]:
    corpus = folder / f"synthetic-{count}.jsonl"
    if not corpus.exists():
        write_synthetic(corpus, count)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = build_dataset(lambda: iter_corpus(corpus), folder / f"dataset-{count}")
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] if trace else 0
    return {
        "documents": report.documents,
        "seconds": round(seconds, 1),
        "documents_per_s": round(report.documents / seconds, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_traced_mib": round(traced / 2**20, 1) if trace else "-",
        "corpus_mib": round(corpus.stat().st_size / 2**20, 1),
        "rows": sum(sum(s.values()) for s in report.rows.values()),
        "train_validation_test": [report.rows["documents"][s] for s in ("train", "validation", "test")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 documents")
    parser.add_argument("--compare", type=int, default=0, help="also build this many documents first (own process)")
    parser.add_argument("--trace", action="store_true", help="also measure Python allocations (tracemalloc; slower)")
    parser.add_argument("--folder", help="where to write the corpus and the dataset (default: a temporary folder)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child process: one size, JSON out
    args = parser.parse_args()
    count = 5_000 if args.quick else args.documents
    with tempfile.TemporaryDirectory(prefix="flashpoint-build-scale-") as temporary:
        folder = Path(args.folder or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        if args.one:
            print(json.dumps(measure(count, folder, trace=args.trace)))
            return
        results = []
        for size in [s for s in (args.compare, count) if s]:
            command = [sys.executable, __file__, "--documents", str(size), "--folder", str(folder), "--one",
                       *(["--trace"] if args.trace else [])]
            output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
    print("| documents | seconds | documents/s | peak RSS (MiB) | peak traced (MiB) | corpus (MiB) | rows | documents train/val/test |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['documents']:,} | {r['seconds']} | {r['documents_per_s']} | {r['peak_rss_mib']} | {r['peak_traced_mib']} | "
              f"{r['corpus_mib']} | {r['rows']:,} | {' / '.join(str(x) for x in r['train_validation_test'])} |")


if __name__ == "__main__":
    main()
