"""An addable precision / recall / F1 counter with the SemEval-2013 (MUC) outcome counts, and its averages.

Each prediction is COR(rect), INC(orrect), PAR(tial) or SPU(rious); each gold span is COR, INC, PAR or MIS(sed).
Per label, the prediction-side outcomes are counted under the predicted label and the gold-side outcomes under
the gold label (in a type confusion the prediction's INC goes to its label, the gold's INC to the gold label).
Precision = (COR + 0.5 PAR) / predicted, recall = (gold COR + 0.5 gold PAR) / support, F1 = 2PR / (P + R);
a zero denominator gives 0 (scikit-learn's and seqeval's ``zero_division=0``). Summed over labels (micro), the
prediction and gold sides agree, and the numbers are nervaluate's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np

PARTIAL_WEIGHT = 0.5  # a partial match counts half (SemEval-2013 Task 9.1, nervaluate)


@dataclass(frozen=True, slots=True)
class PRF:
    """Outcome counts of one label (or of all labels summed); add two to pool them."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    spurious: int = 0
    gold_correct: int = 0
    gold_incorrect: int = 0
    gold_partial: int = 0
    missed: int = 0

    def __post_init__(self) -> None:
        for name in self.__slots__:
            value = getattr(self, name)
            if not isinstance(value, int | np.integer) or value < 0:
                raise ValueError(f"PRF.{name} must be a non-negative integer, got {value!r}")

    def __add__(self, other: PRF) -> PRF:
        if not isinstance(other, PRF):
            return NotImplemented
        return PRF(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def predicted(self) -> int:
        """ACT: how many predictions (COR + INC + PAR + SPU)."""
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def support(self) -> int:
        """POS: how many gold spans (COR + INC + PAR + MIS on the gold side)."""
        return self.gold_correct + self.gold_incorrect + self.gold_partial + self.missed

    @property
    def precision(self) -> float:
        return _divide(self.correct + PARTIAL_WEIGHT * self.partial, self.predicted)

    @property
    def recall(self) -> float:
        return _divide(self.gold_correct + PARTIAL_WEIGHT * self.gold_partial, self.support)

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    @classmethod
    def total(cls, counts: Iterable[PRF]) -> PRF:
        result = cls()
        for count in counts:
            result = result + count
        return result


def _divide(numerator: float, denominator: int) -> float:
    return float(numerator) / denominator if denominator else 0.0


def f1_of(precision: float, recall: float) -> float:
    """Harmonic mean, evaluated as seqeval and nervaluate do (``2 * P * R / (P + R)``), 0 when both are 0."""
    denominator = precision + recall
    return 2 * precision * recall / denominator if denominator else 0.0


@dataclass(frozen=True, slots=True)
class Average:
    """A macro or weighted average over the labels named in ``labels``."""

    precision: float
    recall: float
    f1: float
    support: int
    labels: tuple[str, ...]


def macro_average(per_label: Mapping[str, PRF], labels: Sequence[str]) -> Average:
    """Unweighted mean of the per-label scores (``np.average``, labels in the given order, as seqeval)."""
    return _average(per_label, labels, weighted=False)


def weighted_average(per_label: Mapping[str, PRF], labels: Sequence[str]) -> Average:
    """Support-weighted mean of the per-label scores; all zeros when no label has support (seqeval)."""
    return _average(per_label, labels, weighted=True)


def _average(per_label: Mapping[str, PRF], labels: Sequence[str], *, weighted: bool) -> Average:
    labels = tuple(labels)
    support = sum(per_label[label].support for label in labels)
    if not labels or (weighted and support == 0):
        return Average(0.0, 0.0, 0.0, support, labels)
    precision = np.array([per_label[label].precision for label in labels])
    recall = np.array([per_label[label].recall for label in labels])
    f1 = np.array([per_label[label].f1 for label in labels])
    weights = np.array([per_label[label].support for label in labels]) if weighted else None
    return Average(
        precision=float(np.average(precision, weights=weights)),
        recall=float(np.average(recall, weights=weights)),
        f1=float(np.average(f1, weights=weights)),
        support=support,
        labels=labels,
    )
