"""Run the reference scorers (seqeval 1.2.2, nervaluate 1.2.1) and put their numbers in our shape, for the tests."""

from __future__ import annotations

import warnings
from typing import Any

from nervaluate import Evaluator
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2, IOBES

from eval.spans import NERVALUATE_NAMES, SpanReport

Row = tuple[float, float, float, int]


def seqeval_rows(gold: list[list[str]], pred: list[list[str]], scheme: str) -> dict[str, Row]:
    """seqeval's classification_report as {label or 'micro avg'...: (P, R, F, support)}."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if scheme == "conlleval":
            report = classification_report(gold, pred, output_dict=True)
        else:
            report = classification_report(gold, pred, mode="strict", scheme={"IOB2": IOB2, "IOBES": IOBES}[scheme], output_dict=True)
    rows = {k: (v["precision"], v["recall"], v["f1-score"], v["support"]) for k, v in report.items()}
    if rows["macro avg"][0] != rows["macro avg"][0]:  # NaN: the mean over no label at all; ours is 0.0 (README)
        del rows["macro avg"]
    return rows


def our_rows(report: SpanReport, mode: str = "strict") -> dict[str, Row]:
    """Our report in seqeval's shape: averaged labels (seen on either side) plus the three averages."""
    m = report.modes[mode]
    rows: dict[str, Row] = {
        label: (c.precision, c.recall, c.f1, c.support) for label, c in m.per_label.items() if label in m.macro.labels
    }
    rows["micro avg"] = (m.micro.precision, m.micro.recall, m.micro.f1, m.micro.support)
    if m.macro.labels:  # with no label at all seqeval's macro average is NaN, ours 0.0
        rows["macro avg"] = (m.macro.precision, m.macro.recall, m.macro.f1, m.macro.support)
    rows["weighted avg"] = (m.weighted.precision, m.weighted.recall, m.weighted.f1, m.weighted.support)
    return rows


def nervaluate_overall(true: Any, pred: Any, tags: list[str], loader: str) -> dict[str, tuple[float | int, ...]]:
    """nervaluate's overall counts and scores per schema, keyed by our mode names."""
    result = Evaluator(true, pred, tags=tags, loader=loader).evaluate()
    out = {}
    for mode, name in NERVALUATE_NAMES.items():
        r = result["overall"][name]
        out[mode] = (r.correct, r.incorrect, r.partial, r.missed, r.spurious, r.precision, r.recall, r.f1)
    return out


def our_overall(report: SpanReport) -> dict[str, tuple[float | int, ...]]:
    out = {}
    for mode in NERVALUATE_NAMES:
        m = report.modes[mode].micro
        out[mode] = (m.correct, m.incorrect, m.partial, m.missed, m.spurious, m.precision, m.recall, m.f1)
    return out
