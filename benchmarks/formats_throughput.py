"""Documents per second for every reader (on the shared external corpora) and every writer (on what they read).

Run: ``.venv/bin/python benchmarks/formats_throughput.py [--repeat N]``. Each reader streams its corpus into a list;
each writer then writes the WikiEvents, RAMS, re3d and ECB+ documents (and reads them back) in a temporary folder.
Prints a Markdown table. Best of ``--repeat`` runs (default 3).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from annotation.formats import READERS, WRITERS, Report
from annotation.model import Document
from annotation.paths import EXTERNAL

CORPORA = {
    "wikievents.v1": "wikievents/dev.jsonl",
    "rams.v1": "rams/dev.jsonlines",
    "m2e2.v1": "m2e2_voa",
    "re3d.v1": "re3d",
    "ecbplus.v1": "ecbplus",
    "meantime.v1": "meantime",
    "newsmtsc.v1": "newsmtsc/train.jsonl",
}
WRITE_OPTIONS: dict[str, dict[str, object]] = {"conll.v1": {"align_mode": "expand"}}
OUTPUT = {"brat.v1": "brat", "conll.v1": "out.conll", "spanjsonl.v1": "out.jsonl", "corpus.v1": "out.jsonl"}


def best(run: Callable[[], int], repeat: int) -> tuple[int, float]:
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = run()
        times.append(time.perf_counter() - start)
    return count, min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    documents: list[Document] = []
    for name, path in CORPORA.items():
        loaded: list[Document] = []

        def read(name: str = name, path: str = path, loaded: list[Document] = loaded) -> int:
            loaded[:] = list(READERS[name](EXTERNAL / path, report=Report()))
            return len(loaded)

        count, seconds = best(read, args.repeat)
        rows.append(("read", name, path, count, seconds))
        if name in ("wikievents.v1", "rams.v1", "re3d.v1", "ecbplus.v1"):
            documents.extend(loaded)
    with tempfile.TemporaryDirectory() as folder:
        for name, writer in WRITERS.items():
            target = Path(folder) / name / OUTPUT[name]
            target.parent.mkdir(parents=True, exist_ok=True)
            options = WRITE_OPTIONS.get(name, {})
            count, seconds = best(lambda w=writer, t=target, o=options: w(documents, t, report=Report(), **o), args.repeat)
            rows.append(("write", name, "wikievents+rams+re3d+ecbplus", count, seconds))
            count, seconds = best(lambda n=name, t=target: sum(1 for _ in READERS[n](t, report=Report())), args.repeat)
            rows.append(("read", name, "(its own output above)", count, seconds))
    print("| direction | format | input | documents | seconds | documents/s |")
    print("|---|---|---|---:|---:|---:|")
    for direction, name, path, count, seconds in rows:
        print(f"| {direction} | {name} | {path} | {count} | {seconds:.2f} | {count / seconds:,.0f} |")


if __name__ == "__main__":
    main()
