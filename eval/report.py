"""The evaluation report: one frozen object holding every score, and its stable JSON-able form.

JSON shape (``to_dict``; keys are stable, new keys may be added)::

    {"format": "flashpoint-eval/1", "layer": ..., "scheme": ..., "gold": PATH, "pred": PATH,
     "documents": N, "gold_spans": N, "pred_spans": N, "labels": [...], "warnings": [...],
     "modes": {"strict": {"per_label": {"PER": {"precision", "recall", "f1", "support", "predicted",
                                                 "correct", "incorrect", "partial", "missed", "spurious",
                                                 "gold_correct", "gold_incorrect", "gold_partial", "f1_ci"}},
                          "micro": {same keys}, "macro": {"precision", "recall", "f1", "support", "labels", "f1_ci"},
                          "weighted": {same as macro}},
               "exact": ..., "overlap": ..., "partial": ...},
     "confusion": {"mode": "exact", "labels": [..., "O"], "matrix": [[gold row x predicted column]]},
     "events": {"trigger_identification": {...}, ..., "argument_classification_per_role": {...}},   # events layer
     "stance": {"span_detection": {...}, "polarity": {...}, "triples": {...}},                       # stance layer
     "bootstrap": {"n_resamples": 1000, "confidence": 0.95, "seed": 0, "unit": "document"},
     "comparison": {"a": PRED, "b": OTHER, "modes": {"strict": {"micro": {"a", "b", "delta", "delta_ci", "p_value",
                                                                         "n_resamples"}, "macro": {...}}}}}  # --compare

``f1_ci`` is ``[low, high]`` or ``null`` when no bootstrap ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eval.bootstrap import Interval, Intervals, PairedTest
from eval.events import EventReport
from eval.prf import PRF, Average
from eval.spans import SpanReport
from eval.stance import StanceReport

FORMAT = "flashpoint-eval/1"


@dataclass(frozen=True, slots=True)
class Confusion:
    mode: str
    labels: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]  # rows gold, columns predicted; the last of each is "O" (none)


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Every number one ``flashpoint evaluate`` run produces."""

    layer: str
    scheme: str
    gold: str
    pred: str
    documents: int
    gold_spans: int
    pred_spans: int
    spans: SpanReport
    intervals: Mapping[str, Intervals] = field(default_factory=dict)  # mode -> F1 intervals
    task_intervals: Mapping[str, Interval] = field(default_factory=dict)  # events/stance task -> F1 interval
    confusion: Confusion | None = None
    events: EventReport | None = None
    stance: StanceReport | None = None
    warnings: tuple[str, ...] = ()
    bootstrap: Mapping[str, Any] = field(default_factory=dict)
    compared_with: str = ""  # another prediction file, tested against this one with the paired bootstrap
    comparison: Mapping[str, Mapping[str, PairedTest]] = field(default_factory=dict)  # mode -> micro/macro -> test

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT,
            "layer": self.layer,
            "scheme": self.scheme,
            "gold": self.gold,
            "pred": self.pred,
            "documents": self.documents,
            "gold_spans": self.gold_spans,
            "pred_spans": self.pred_spans,
            "labels": list(self.spans.labels),
            "warnings": list(self.warnings),
            "modes": {mode: self._mode(mode) for mode in self.spans.modes},
        }
        if self.confusion is not None:
            out["confusion"] = {
                "mode": self.confusion.mode,
                "labels": list(self.confusion.labels),
                "matrix": [list(row) for row in self.confusion.matrix],
            }
        if self.events is not None:
            events: dict[str, Any] = {task: self._task(task, prf) for task, prf in self.events.tasks.items()}
            events["argument_classification_per_role"] = {role: prf_dict(prf) for role, prf in self.events.per_role.items()}
            out["events"] = events
        if self.stance is not None:
            polarity = self.stance.polarity
            out["stance"] = {
                "span_detection": self._task("span_detection", self.stance.span_detection),
                "polarity": {
                    "matched_spans": polarity.matched,
                    "accuracy": polarity.accuracy,
                    "macro_f1": polarity.macro.f1,
                    "f_avg": polarity.f_avg,
                    "f_avg_classes": ["FAVOR", "AGAINST"],
                    "per_polarity": {name: prf_dict(prf) for name, prf in polarity.per_polarity.items()},
                },
                "triples": self._task("triples", self.stance.triples),
            }
        if self.bootstrap:
            out["bootstrap"] = dict(self.bootstrap)
        if self.comparison:
            out["comparison"] = {
                "a": self.pred,
                "b": self.compared_with,
                "modes": {
                    mode: {
                        metric: {
                            "a": t.a, "b": t.b, "delta": t.delta, "delta_ci": _ci(t.interval),
                            "p_value": t.p_value, "n_resamples": t.n_resamples,
                        }
                        for metric, t in tests.items()
                    }
                    for mode, tests in self.comparison.items()
                },
            }  # fmt: skip
        return out

    def _mode(self, mode: str) -> dict[str, Any]:
        report = self.spans.modes[mode]
        intervals = self.intervals.get(mode)
        return {
            "per_label": {
                label: prf_dict(prf, intervals.per_row.get(label) if intervals else None) for label, prf in report.per_label.items()
            },
            "micro": prf_dict(report.micro, intervals.micro if intervals else None),
            "macro": average_dict(report.macro, intervals.macro if intervals else None),
            "weighted": average_dict(report.weighted, intervals.weighted if intervals else None),
        }

    def _task(self, task: str, prf: PRF) -> dict[str, Any]:
        return prf_dict(prf, self.task_intervals.get(task))


def _ci(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [interval.low, interval.high]


def prf_dict(prf: PRF, interval: Interval | None = None) -> dict[str, Any]:
    return {
        "precision": prf.precision,
        "recall": prf.recall,
        "f1": prf.f1,
        "support": prf.support,
        "predicted": prf.predicted,
        "correct": prf.correct,
        "incorrect": prf.incorrect,
        "partial": prf.partial,
        "missed": prf.missed,
        "spurious": prf.spurious,
        "gold_correct": prf.gold_correct,
        "gold_incorrect": prf.gold_incorrect,
        "gold_partial": prf.gold_partial,
        "f1_ci": _ci(interval),
    }


def average_dict(average: Average, interval: Interval | None = None) -> dict[str, Any]:
    return {
        "precision": average.precision,
        "recall": average.recall,
        "f1": average.f1,
        "support": average.support,
        "labels": list(average.labels),
        "f1_ci": _ci(interval),
    }
