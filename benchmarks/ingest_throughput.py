"""Ingest throughput (documents/s) on the 137 public-domain VOA articles of M2E2.

Two rows:
- ``voa rebuild``: rebuild the articles from the M2E2 sentence records, write a corpus JSONL file;
- ``plain-text ingest``: the same articles written out as ``.txt`` files (title, blank line, body) in a temporary
  folder, then ``ingest_file`` on each (decode, ftfy, story extraction, syntok) and writing the corpus.

Run: ``.venv/bin/python benchmarks/ingest_throughput.py [--repeat N]``. Reports the best of N runs.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from annotation.corpus import write_corpus
from annotation.ingest import ingest_file
from annotation.ingest.voa import VOA_FOLDER, read_voa_articles


def best_of(repeat: int, job: Callable[[], int]) -> tuple[int, float]:
    timings = []
    count = 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = job()
        timings.append(time.perf_counter() - started)
    return count, min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the best is reported (default 3)")
    parser.add_argument("--voa", type=Path, default=VOA_FOLDER, help="the M2E2 VOA folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        # articles with a body (two are only page script and one only a headline)
        documents = [d for d in read_voa_articles(args.voa) if d.text.strip() and d.text != d.title]
        text_dir = folder / "txt"
        text_dir.mkdir()
        for document in documents:
            (text_dir / f"{document.id}.txt").write_text(document.text + "\n", encoding="utf-8")
        text_files = sorted(text_dir.iterdir())
        rows = [
            ("voa rebuild + write", *best_of(args.repeat, lambda: write_corpus(read_voa_articles(args.voa), folder / "voa.jsonl"))),
            (
                "plain-text ingest + write",
                *best_of(args.repeat, lambda: write_corpus((ingest_file(p) for p in text_files), folder / "txt.jsonl")),
            ),
        ]
    print(f"{'job':<28}{'documents':>10}{'seconds':>10}{'docs/s':>10}")
    for name, count, seconds in rows:
        print(f"{name:<28}{count:>10}{seconds:>10.2f}{count / seconds:>10.1f}")


if __name__ == "__main__":
    main()
