"""The benchmark's own arithmetic: cross-validation folds, the paired bootstrap, polarity scores, a span task run."""

from __future__ import annotations

import numpy as np
from tqdm import tqdm

from baselines.benchmark import Task, cross_validation, f1_from_counts, paired_bootstrap, polarity_scores, run_span_task, span_f1
from tests.baselines_fixtures import synthetic_corpus


def test_cross_validation_folds_partition_the_documents() -> None:
    documents = synthetic_corpus(20, seed=5)
    splits = cross_validation(documents, 4)
    held_out = [d.id for _, _, test in splits for d in test]
    assert sorted(held_out) == sorted(d.id for d in documents)
    assert all(not {d.id for d in train} & {d.id for d in test} for _, train, test in splits)


def test_f1_from_counts_and_a_clear_difference_has_an_interval_above_zero() -> None:
    assert f1_from_counts(np.array([2, 4, 4])) == 0.5
    assert f1_from_counts(np.array([0, 0, 0])) == 0.0
    good = np.array([[3, 3, 3]] * 30)
    bad = np.array([[1, 3, 3]] * 30)
    low, high = paired_bootstrap(good, bad, samples=200)
    assert 0 < low <= high
    same_low, same_high = paired_bootstrap(good, good, samples=200)
    assert same_low == same_high == 0.0


def test_polarity_scores() -> None:
    scores = polarity_scores([["FAVOR", "AGAINST"], ["NEUTRAL"]], [["FAVOR", "NEUTRAL"], ["NEUTRAL"]])
    assert scores["accuracy"] == 2 / 3
    assert scores["per_label_f1"] == {"AGAINST": 0.0, "FAVOR": 1.0, "NEUTRAL": 2 / 3}
    assert scores["f_avg"] == 0.5


def test_a_span_task_scores_every_model_on_pooled_folds() -> None:
    documents = synthetic_corpus(20, seed=6)
    task = Task("synthetic", "events", "synthetic", cross_validation(documents, 2))
    with tqdm(disable=True) as progress:
        results = run_span_task(task, ["majority", "crf"], progress)
    outcomes = results["cv"]
    report, counts = span_f1(outcomes["crf"].gold["triggers"], outcomes["crf"].pred["triggers"])
    assert report["strict"].micro.f1 > 0.9
    assert counts.shape == (20, 3)
    majority, _ = span_f1(outcomes["majority"].gold["triggers"], outcomes["majority"].pred["triggers"])
    assert majority["strict"].micro.predicted == 0
    assert outcomes["crf"].tokens > 0
