"""Time the full per-label span report against seqeval and nervaluate on the same synthetic BIO data.

100,000 sentences x 20 tokens x 8 entity types (``--quick``: 10,000), gold plus noisy predictions (entities
dropped, random tags, types swapped). Times, in one run and on the same lists of tags: our decoding + matching +
per-label report in all four modes (conlleval, and strict IOB2), seqeval's
``classification_report`` (default, and ``mode="strict", scheme=IOB2``) and nervaluate's
``Evaluator(...).evaluate()``; checks that the numbers are identical; prints the ratios and the peak memory
of each call (tracemalloc, in a second run so that tracing does not distort the times).

    .venv/bin/python benchmarks/eval_speed.py [--quick] [--sentences N] [--seed S]
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP", "WEA", "VEH")


def make_data(n_sentences: int, length: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """Gold BIO tags (entities of 1-3 tokens) and predictions with dropped, random and type-swapped tags."""
    rng = np.random.default_rng(seed)
    tags = ["O"] + [f"{p}-{t}" for t in TYPES for p in "BI"]
    gold_codes = np.zeros((n_sentences, length), dtype=np.int64)
    # an entity starts at each token with probability 0.16 (if free), spans 1-3 tokens
    starts = rng.random((n_sentences, length)) < 0.16
    kinds = rng.integers(0, len(TYPES), (n_sentences, length))
    sizes = rng.integers(1, 4, (n_sentences, length))
    for position in range(length):
        free = gold_codes[:, position] == 0
        begin = starts[:, position] & free
        rows = np.flatnonzero(begin)
        gold_codes[rows, position] = 1 + 2 * kinds[rows, position]
        for k in range(1, 3):
            if position + k >= length:
                break
            inside = rows[sizes[rows, position] > k]
            gold_codes[inside, position + k] = 2 + 2 * kinds[inside, position]
    pred_codes = gold_codes.copy()
    noise = rng.random((n_sentences, length))
    drop = noise < 0.05  # drop: the tag becomes O
    random_tag = (noise >= 0.05) & (noise < 0.10)  # any tag at all (may break the scheme)
    swap = (noise >= 0.10) & (noise < 0.15) & (gold_codes > 0)  # same prefix, another type
    pred_codes[drop] = 0
    pred_codes[random_tag] = rng.integers(0, len(tags), int(random_tag.sum()))
    shifted = ((gold_codes - 1) // 2 + rng.integers(1, len(TYPES), gold_codes.shape)) % len(TYPES)
    pred_codes[swap] = (1 + 2 * shifted + (gold_codes - 1) % 2)[swap]
    table = np.array(tags, dtype=object)
    return table[gold_codes].tolist(), table[pred_codes].tolist()


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    """Result and wall-clock seconds of one call (no tracing: tracemalloc slows pure-Python code several-fold)."""
    gc.collect()
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def peak_memory(function: Callable[[], Any]) -> int:
    """Peak bytes allocated during a second, traced call."""
    gc.collect()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def ours(gold: list[list[str]], pred: list[list[str]], scheme: str) -> Any:
    from eval.pairing import score_bio

    return score_bio(gold, pred, scheme=scheme)


def check_against_seqeval(report: Any, expected: dict[str, dict[str, float]]) -> int:
    strict = report.modes["strict"]
    rows = {label: (c.precision, c.recall, c.f1, c.support) for label, c in strict.per_label.items() if c.support or c.predicted}
    rows["micro avg"] = (strict.micro.precision, strict.micro.recall, strict.micro.f1, strict.micro.support)
    for name, average in (("macro avg", strict.macro), ("weighted avg", strict.weighted)):
        rows[name] = (average.precision, average.recall, average.f1, average.support)
    theirs = {k: (v["precision"], v["recall"], v["f1-score"], v["support"]) for k, v in expected.items()}
    if rows != theirs:
        raise SystemExit(f"MISMATCH with seqeval:\nours   {rows}\ntheirs {theirs}")
    return len(rows)


def check_against_nervaluate(report: Any, expected: dict[str, Any]) -> int:
    from eval.spans import NERVALUATE_NAMES

    for mode, theirs_name in NERVALUATE_NAMES.items():
        m, t = report.modes[mode].micro, expected["overall"][theirs_name]
        ours_ = (m.correct, m.incorrect, m.partial, m.missed, m.spurious, m.precision, m.recall, m.f1)
        theirs = (t.correct, t.incorrect, t.partial, t.missed, t.spurious, t.precision, t.recall, t.f1)
        if ours_ != theirs:
            raise SystemExit(f"MISMATCH with nervaluate {theirs_name}: ours {ours_} theirs {theirs}")
    return len(NERVALUATE_NAMES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 sentences instead of 100,000")
    parser.add_argument("--sentences", type=int, help="number of sentences (overrides --quick)")
    parser.add_argument("--length", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-memory", action="store_true", help="skip the second, traced run that measures peak memory")
    args = parser.parse_args()
    n = args.sentences or (10_000 if args.quick else 100_000)

    from nervaluate import Evaluator
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    import eval.pairing  # noqa: F401 - imported before timing, like the peers

    gold, pred = make_data(n, args.length, args.seed)
    n_gold = sum(t.startswith("B-") for sentence in gold for t in sentence)
    print(f"{n:,} sentences x {args.length} tokens x {len(TYPES)} types, {n_gold:,} gold entities")
    warnings.simplefilter("ignore")  # seqeval warns about I- tags without B-

    calls: dict[str, Callable[[], Any]] = {
        "flashpoint conlleval (4 modes)": lambda: ours(gold, pred, "conlleval"),
        "flashpoint IOB2 strict (4 modes)": lambda: ours(gold, pred, "IOB2"),
        "seqeval classification_report (default)": lambda: classification_report(gold, pred, output_dict=True),
        "seqeval classification_report (strict IOB2)": lambda: classification_report(
            gold, pred, mode="strict", scheme=IOB2, output_dict=True
        ),
        "nervaluate Evaluator.evaluate (4 schemas)": lambda: Evaluator(gold, pred, tags=list(TYPES), loader="list").evaluate(),
    }
    results, seconds = {}, {}
    for name, call in calls.items():
        results[name], seconds[name] = timed(call)
    peaks = {name: peak_memory(call) for name, call in calls.items()} if not args.no_memory else {}
    names = list(calls)
    checked = check_against_seqeval(results[names[0]], results[names[2]])
    checked += check_against_seqeval(results[names[1]], results[names[3]])
    checked += check_against_nervaluate(results[names[0]], results[names[4]])
    ours_for = {names[2]: names[0], names[3]: names[1], names[4]: names[0]}
    rows = [
        (name, seconds[name], peaks.get(name), f"{seconds[name] / seconds[ours_for[name]]:.1f}x" if name in ours_for else "")
        for name in names
    ]
    print("\n| call | seconds | peak MiB | ours is faster by |\n|---|---:|---:|---:|")
    for name, secs, peak, ratio in rows:
        memory = "" if peak is None else f"{peak / 2**20:.0f}"
        print(f"| {name} | {secs:.2f} | {memory} | {ratio} |")
    print(f"\nidentical numbers: {checked} seqeval rows and nervaluate schemas compared exactly")


if __name__ == "__main__":
    main()
