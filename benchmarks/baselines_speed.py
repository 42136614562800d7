"""Training time and prediction throughput (tokens/s) of every baseline, on external gold.

Run: ``.venv/bin/python benchmarks/baselines_speed.py`` (entities on WikiEvents dev, events on M2E2 VOA, stance on
re3d; each model trained on 80% of the documents, timed predicting the other 20%).
"""

from __future__ import annotations

import time

from annotation.formats import m2e2, re3d, wikievents
from annotation.formats.report import Report
from annotation.paths import EXTERNAL
from baselines.benchmark import fold_of, gold_of
from baselines.registry import MODELS, build
from baselines.tagging import token_sequences


def main() -> None:
    corpora = {
        "entities": list(wikievents.read(EXTERNAL / "wikievents" / "dev.jsonl", report=Report())),
        "events": list(m2e2.read(EXTERNAL / "m2e2_voa", report=Report())),
        "stance": list(re3d.read(EXTERNAL / "re3d", report=Report())),
    }
    print("| layer | model | train docs | train s | test tokens | predict s | tokens/s |")
    print("|---|---|---|---|---|---|---|")
    for layer, documents in corpora.items():
        documents = [d for d in documents if d.gold() is not None]
        train = [d for d in documents if fold_of(d.id, 5) != 0]
        test = [d for d in documents if fold_of(d.id, 5) == 0]
        tokens = sum(len(s) for d in test for s in token_sequences(d))
        for model in MODELS:
            started = time.perf_counter()
            estimator = build(layer, model).fit(train, [gold_of(d) for d in train])
            trained = time.perf_counter() - started
            started = time.perf_counter()
            estimator.predict(test)
            predicted = time.perf_counter() - started
            print(f"| {layer} | {model} | {len(train)} | {trained:.2f} | {tokens} | {predicted:.3f} | {tokens / predicted:,.0f} |")


if __name__ == "__main__":
    main()
