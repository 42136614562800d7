"""Training time and prediction throughput (tokens/s) of every baseline, on our corpus and on external gold.

Run: ``.venv/bin/python benchmarks/baselines_speed.py [--dataset DIR]``. Our corpus: trained on the train split of the
built dataset (default ``dataset/``; skipped when it is not built), timed predicting validation + test. External:
entities on WikiEvents dev, events on M2E2 VOA, stance on re3d; trained on 80% of the documents, timed predicting
the other 20%. The polarity classifier alone is timed on NewsMTSC (items/s).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from sklearn.base import clone

from annotation.formats import m2e2, newsmtsc, re3d, wikievents
from annotation.formats.report import Report
from annotation.model import Document
from annotation.paths import EXTERNAL
from baselines.benchmark import POLARITY_MODELS, fold_of, gold_of, target_polarity_items
from baselines.dataset_documents import read_dataset
from baselines.registry import MODELS, build, item_classifier
from baselines.stance import polarity_classifier
from baselines.tagging import token_sequences


def time_layer(corpus: str, layer: str, train: Sequence[Document], test: Sequence[Document]) -> None:
    tokens = sum(len(s) for d in test for s in token_sequences(d))
    for model in MODELS:
        started = time.perf_counter()
        estimator = build(layer, model).fit(train, [gold_of(d) for d in train])
        trained = time.perf_counter() - started
        started = time.perf_counter()
        estimator.predict(test)
        predicted = time.perf_counter() - started
        print(f"| {corpus} | {layer} | {model} | {len(train)} | {trained:.2f} | {tokens} | {predicted:.3f} | {tokens / predicted:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="dataset", help="the built dataset (default dataset/)")
    args = parser.parse_args()
    print("| corpus | layer | model | train docs | train s | test tokens | predict s | tokens/s |")
    print("|---|---|---|---|---|---|---|---|")
    if (Path(args.dataset) / "documents").is_dir():
        splits = read_dataset(args.dataset)
        for layer in ("entities", "events", "stance"):
            time_layer("ours", layer, splits["train"], [*splits["validation"], *splits["test"]])
    external = {
        "entities": ("WikiEvents", list(wikievents.read(EXTERNAL / "wikievents" / "dev.jsonl", report=Report()))),
        "events": ("M2E2", list(m2e2.read(EXTERNAL / "m2e2_voa", report=Report()))),
        "stance": ("re3d", list(re3d.read(EXTERNAL / "re3d", report=Report()))),
    }
    for layer, (corpus, documents) in external.items():
        documents = [d for d in documents if d.gold() is not None]
        time_layer(corpus, layer, [d for d in documents if fold_of(d.id, 5) != 0], [d for d in documents if fold_of(d.id, 5) == 0])
    train = target_polarity_items(list(newsmtsc.read(EXTERNAL / "newsmtsc" / "train.jsonl", report=Report())))
    test = target_polarity_items(list(newsmtsc.read(EXTERNAL / "newsmtsc" / "devtest_mt.jsonl", report=Report())))
    X = [i for doc in train.instances for i in doc]
    y = [label for doc in train.labels for label in doc]
    items = [i for doc in test.instances for i in doc]
    print()
    print("| corpus | polarity model | train items | train s | test items | predict s | items/s |")
    print("|---|---|---|---|---|---|---|")
    for model in POLARITY_MODELS:
        started = time.perf_counter()
        classifier = clone(item_classifier(model, polarity_classifier())).fit(X, y)
        trained = time.perf_counter() - started
        started = time.perf_counter()
        classifier.predict(items)
        predicted = time.perf_counter() - started
        print(f"| NewsMTSC | {model} | {len(X)} | {trained:.2f} | {len(items)} | {predicted:.3f} | {len(items) / predicted:,.0f} |")


if __name__ == "__main__":
    main()
