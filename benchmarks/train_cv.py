"""Document cross-validation on the train split of our corpus: how the tagger settings in ``baselines/registry.py``
(``SETTINGS``) and the polarity classifier were chosen, rerunnable. Validation and test are never read.

Run, e.g.:
  .venv/bin/python benchmarks/train_cv.py --layer events                        # the settings as they are
  .venv/bin/python benchmarks/train_cv.py --layer events --entity-context off   # one setting changed
  .venv/bin/python benchmarks/train_cv.py --layer stance --crf-threshold none --linear-threshold none --valence off
  .venv/bin/python benchmarks/train_cv.py --polarity                            # polarity alone, 5 folds

Prints strict P/R/F1 of each model (pooled out-of-fold predictions) and each learned model minus memorise with its
95% paired document-bootstrap interval, as ``baselines/RESULTS.md`` does.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np
from sklearn.base import clone
from tqdm import tqdm

from annotation.schema import load_schema
from baselines import registry
from baselines.benchmark import (
    LEARNED,
    POLARITY_MODELS,
    Task,
    cross_validation,
    fold_of,
    run_task,
    score_task,
    stance_polarity_items,
    versus_floors,
)
from baselines.dataset_documents import read_dataset
from baselines.stance import polarity_classifier
from eval.spans import averaged_labels
from eval.stance import polarity_scores


def _switch(value: str) -> bool:
    return value == "on"


def _threshold(value: str) -> float | None:
    return None if value == "none" else float(value)


def tagger_cv(layer: str, documents: list, folds: int, samples: int) -> None:
    task = Task("train-cv", layer, "train split", cross_validation(documents, folds), "corpus")
    models = list(registry.MODELS)
    with tqdm(total=folds * len(models), desc=f"{layer} {folds}-fold CV", unit="fit", disable=None) as progress:
        outcomes = run_task(task, models, progress)
    for measure, by_model in score_task(layer, outcomes, load_schema())["cv"].items():
        tests = versus_floors(by_model, LEARNED, samples=samples)
        print(f"\n{measure}")
        for model, scored in by_model.items():
            test = tests.get(f"{model} - memorise")
            versus = ""
            if test:
                versus = f"  vs memorise {100 * test.delta:+.1f} [{100 * test.interval.low:.1f}, {100 * test.interval.high:.1f}]"
            m = scored.micro
            print(f"  {model:14s} P {100 * m.precision:5.1f}  R {100 * m.recall:5.1f}  F1 {100 * scored.f1:5.1f}{versus}")


def polarity_cv(documents: list, folds: int) -> None:
    items = stance_polarity_items(documents)
    per_doc = list(zip(items.docs, items.instances, items.labels, strict=True))
    polarities = load_schema().polarity_labels
    for model in POLARITY_MODELS:
        pairs = []
        for k in range(folds):
            train = [d for d in per_doc if fold_of(d[0], folds) != k]
            held = [d for d in per_doc if fold_of(d[0], folds) == k and d[1]]
            classifier = clone(registry.item_classifier(model, polarity_classifier()))
            classifier.fit([i for _, ii, _ in train for i in ii], [label for _, _, ll in train for label in ll])
            for _, instances, labels in held:
                pairs += list(zip(labels, (str(p) for p in classifier.predict(list(instances))), strict=True))
        scores = polarity_scores(pairs, polarities=polarities)
        macro = np.mean([scores.per_polarity[p].f1 for p in averaged_labels(scores.per_polarity)])
        print(f"  {model:14s} macro F1 {100 * macro:5.1f}  accuracy {100 * scores.accuracy:5.1f}  ({len(pairs)} stances)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="dataset")
    parser.add_argument("--layer", choices=registry.LAYERS, default="events")
    parser.add_argument("--folds", type=int, help="document folds (default: 3 for taggers, 5 for --polarity)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--valence", choices=("on", "off"), help="override the layer's setting")
    parser.add_argument("--entity-context", choices=("on", "off"), help="override the layer's setting")
    parser.add_argument("--crf-threshold", metavar="P|none", help="override the layer's setting")
    parser.add_argument("--linear-threshold", metavar="P|none", help="override the layer's setting")
    parser.add_argument("--polarity", action="store_true", help="the polarity classifier alone on gold spans (default 5 folds)")
    args = parser.parse_args()
    documents = read_dataset(args.dataset)["train"]
    started = time.perf_counter()
    if args.polarity:
        polarity_cv(documents, args.folds or 5)
    else:
        overrides: dict[str, object] = {}
        if args.valence:
            overrides["valence"] = _switch(args.valence)
        if args.entity_context:
            overrides["entity_context"] = _switch(args.entity_context)
        if args.crf_threshold:
            overrides["crf_threshold"] = _threshold(args.crf_threshold)
        if args.linear_threshold:
            overrides["linear_threshold"] = _threshold(args.linear_threshold)
        registry.SETTINGS[args.layer] = dataclasses.replace(registry.SETTINGS[args.layer], **overrides)  # type: ignore[arg-type]
        print(f"{args.layer}: {registry.SETTINGS[args.layer]}")
        tagger_cv(args.layer, documents, args.folds or 3, args.bootstrap)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
