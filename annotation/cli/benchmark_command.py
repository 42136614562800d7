"""``flashpoint benchmark``: the main job. Trains every baseline on our corpus (and on external gold), scores it
against its floors, prints the tables and writes baselines/RESULTS.md + results.json."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baselines.benchmark import PolarityTask, Task

HELP = (
    "train every baseline on the dataset's train split (and on external gold), score it on validation and test against "
    "its floors; print per-label tables; write baselines/RESULTS.md and results.json"
)
PARTS = ("all", "corpus", "external")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", default="dataset", metavar="DIR", help="the built dataset (flashpoint build -o DIR; default dataset)")
    parser.add_argument(
        "--part", choices=PARTS, default="all", help="our corpus, the external gold, or both (default all)"
    )
    parser.add_argument(
        "-o", "--output", default="baselines", metavar="DIR", help="folder for RESULTS.md and results.json (default: baselines)"
    )
    parser.add_argument("--folds", type=int, default=3, help="folds of the cross-validation on external gold (default 3)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000)")
    parser.add_argument(
        "--quick", action="store_true", help="small external subsets, 2 folds, 200 resamples: a smoke test (numbers not comparable)"
    )


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run (options at their defaults left out)."""
    words = ["flashpoint", "benchmark"]
    for option, default in (("dataset", "dataset"), ("part", "all"), ("output", "baselines"), ("folds", 3), ("bootstrap", 1000)):
        value = getattr(args, option)
        if value != default:
            words.append(f"--{option} {value}")
    if args.quick:
        words.append("--quick")
    return " ".join(words)


def run(args: argparse.Namespace) -> int:
    import sys
    import time
    from pathlib import Path

    from tqdm import tqdm

    from annotation.errors import FlashpointError
    from annotation.schema import load_schema
    from baselines import benchmark as bm
    from baselines.registry import MODELS
    from baselines.report import Results, add_polarity, add_task, write_results

    if args.folds < 2:
        raise FlashpointError(f"--folds must be at least 2, got {args.folds}")
    if args.bootstrap < 1:
        raise FlashpointError(f"--bootstrap must be at least 1, got {args.bootstrap}")
    started = time.perf_counter()
    schema = load_schema()
    tasks: list[Task] = []
    polarity: list[PolarityTask] = []
    if args.part in ("all", "corpus"):
        corpus_tasks, corpus_polarity = _corpus(Path(args.dataset))
        tasks += corpus_tasks
        polarity.append(corpus_polarity)
    if args.part in ("all", "external"):
        external_tasks, external_polarity = _external(2 if args.quick else args.folds, args.quick)
        tasks += external_tasks
        polarity.append(external_polarity)
    samples = min(args.bootstrap, 200) if args.quick else args.bootstrap
    steps = sum(len(t.folds) for t in tasks) * len(MODELS) + len(polarity) * len(bm.POLARITY_MODELS)
    results = Results()
    with tqdm(total=steps, desc="benchmark", unit="fit", file=sys.stderr, disable=None) as progress:
        for task in tasks:
            outcomes = bm.run_task(task, MODELS, progress)
            scores = bm.score_task(task.layer, outcomes, schema)
            add_task(results, task, outcomes, scores, samples=samples)
        for item in polarity:
            polarity_outcomes = bm.run_polarity(item, progress)
            polarity_scores = {
                split: {model: bm.score_polarity(outcome, schema) for model, outcome in by_model.items()}
                for split, by_model in polarity_outcomes.items()
            }
            add_polarity(results, item, polarity_outcomes, polarity_scores, samples=samples)
    text = write_results(
        results, Path(args.output), command=command_line(args), seconds=time.perf_counter() - started, quick=args.quick
    )
    print(text)
    return 0


def _corpus(folder: object) -> tuple[list[Task], PolarityTask]:
    from pathlib import Path

    from baselines import benchmark as bm
    from baselines.dataset_documents import read_dataset

    splits = read_dataset(Path(str(folder)))
    sizes = ", ".join(f"{name} {len(documents)}" for name, documents in splits.items())
    corpus = f"our corpus (`{folder}`: {sizes} documents)"
    folds = bm.held_out(splits)
    tasks = [bm.Task(f"corpus-{layer}", layer, corpus, folds, "corpus") for layer in ("entities", "events", "stance")]
    polarity = bm.PolarityTask(
        "corpus-polarity",
        corpus,
        bm.stance_polarity_items(splits["train"]),
        {name: bm.stance_polarity_items(splits[name]) for name in ("validation", "test")},
        "corpus",
    )
    return tasks, polarity


def _external(folds: int, quick: bool) -> tuple[list[Task], PolarityTask]:
    from annotation.formats import m2e2, newsmtsc, re3d, wikievents
    from annotation.formats.report import Report
    from annotation.paths import EXTERNAL
    from baselines import benchmark as bm

    wiki = list(wikievents.read(EXTERNAL / "wikievents" / "dev.jsonl", report=Report()))
    re3d_docs = [d for d in re3d.read(EXTERNAL / "re3d", report=Report()) if d.gold() is not None]
    voa = [d for d in m2e2.read(EXTERNAL / "m2e2_voa", report=Report()) if d.gold() is not None]
    mtsc_train = list(newsmtsc.read(EXTERNAL / "newsmtsc" / "train.jsonl", report=Report()))
    mtsc_test = list(newsmtsc.read(EXTERNAL / "newsmtsc" / "devtest_mt.jsonl", report=Report()))
    if quick:
        wiki, re3d_docs, voa, mtsc_train, mtsc_test = wiki[:10], re3d_docs[:20], voa[:20], mtsc_train[:600], mtsc_test[:100]
    cv = f"{folds}-fold document-level cross-validation"
    tasks = [
        bm.Task("wikievents-entities", "entities", f"WikiEvents dev ({len(wiki)} docs, {cv})", bm.cross_validation(wiki, folds),
                "external"),
        bm.Task("re3d-entities", "entities", f"re3d shared slice ({len(re3d_docs)} docs, confidence >= 0.5, {cv})",
                bm.cross_validation(re3d_docs, folds), "external"),
        bm.Task("m2e2-events", "events", f"M2E2 VOA ({len(voa)} docs, ACE types mapped to ours, {cv})", bm.cross_validation(voa, folds),
                "external"),
        bm.Task("re3d-stance", "stance", f"re3d shared slice ({len(re3d_docs)} docs; Likes, Dislikes, AlliesOf, FightingAgainst; {cv})",
                bm.cross_validation(re3d_docs, folds), "external"),
    ]
    held = [d for d in mtsc_train if bm.fold_of(d.id, 10) == 0]
    train = [d for d in mtsc_train if bm.fold_of(d.id, 10) != 0]
    polarity = bm.PolarityTask(
        "newsmtsc-polarity",
        "NewsMTSC",
        bm.target_polarity_items(train),
        {"validation": bm.target_polarity_items(held), "test": bm.target_polarity_items(mtsc_test)},
        "external",
        note="Train: NewsMTSC train.jsonl less a held-out tenth (by a hash of the sentence id) = `validation`; `test` = "
        "devtest_mt. The stance span is the whole sentence, the target is marked. The bootstrap resamples sentences.",
    )
    return tasks, polarity
