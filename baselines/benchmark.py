"""The main job: train every baseline, score it on held-out documents, compare it with its floors.

A :class:`Task` is one layer on one corpus with its splits: a list of (name, train documents, evaluation documents).
External gold has no official train split here, so those tasks use document-level k-fold cross-validation and
pool the out-of-fold predictions (split name ``cv``); NewsMTSC has a train file and a test file (``validation`` is
a held-out tenth of train, ``test`` is devtest_mt). Scores come from :mod:`eval.spans` (strict span matching);
intervals are a paired document-level bootstrap of the F1 difference between a learned model and each floor.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.metrics import accuracy_score, f1_score
from tqdm import tqdm

from annotation.model import AnnotationSet, Document
from baselines.registry import FLOORS, MODELS, build, item_classifier
from baselines.stance import polarity_classifier, stance_instance
from baselines.tagging import LabelledSpan, token_sequences
from eval.spans import score_spans

SpanTuple = tuple[str, int, int, str]
Extractor = Callable[[Document, AnnotationSet], list[SpanTuple]]


def fold_of(doc_id: str, folds: int) -> int:
    return int(hashlib.md5(doc_id.encode("utf-8")).hexdigest(), 16) % folds


def cross_validation(documents: Sequence[Document], folds: int) -> list[tuple[str, list[Document], list[Document]]]:
    return [
        (
            "cv",
            [d for d in documents if fold_of(d.id, folds) != k],
            [d for d in documents if fold_of(d.id, folds) == k],
        )
        for k in range(folds)
    ]


def gold_of(document: Document) -> AnnotationSet:
    gold = document.gold()
    if gold is None:
        raise ValueError(f"document {document.id} has no gold set")
    return gold


# ---------------------------------------------------------------- what is scored


def entity_spans(document: Document, annotation_set: AnnotationSet) -> list[SpanTuple]:
    return [(document.id, e.start, e.end, e.label) for e in annotation_set.entities]


def trigger_spans(document: Document, annotation_set: AnnotationSet) -> list[SpanTuple]:
    return [(document.id, e.start, e.end, e.label) for e in annotation_set.events]


def argument_spans(document: Document, annotation_set: AnnotationSet) -> list[SpanTuple]:
    """An argument is right when its event type, trigger, role and entity span all match."""
    entities = {e.id: e for e in annotation_set.entities}
    return [
        (f"{document.id}#{event.start}:{event.end}", entities[a.entity_id].start, entities[a.entity_id].end, f"{event.label}:{a.role}")
        for event in annotation_set.events
        for a in event.arguments
    ]


def stance_spans(document: Document, annotation_set: AnnotationSet) -> list[SpanTuple]:
    return [(document.id, s.start, s.end, s.polarity) for s in annotation_set.stances]


@dataclass(frozen=True, slots=True)
class Measure:
    """One score of a task: a name and how to get its span tuples from a document and a (gold or predicted) set."""

    name: str
    extract: Extractor
    given_gold_triggers: bool = False


MEASURES: dict[str, tuple[Measure, ...]] = {
    "entities": (Measure("entities", entity_spans),),
    "events": (
        Measure("triggers", trigger_spans),
        Measure("arguments (gold triggers)", argument_spans, given_gold_triggers=True),
        Measure("arguments (end to end)", argument_spans),
    ),
    "stance": (Measure("stance spans + polarity", stance_spans),),
}


@dataclass(frozen=True, slots=True)
class Task:
    name: str
    layer: str
    corpus: str
    splits: list[tuple[str, list[Document], list[Document]]]
    note: str = ""


@dataclass
class Outcome:
    """Pooled results of one model on one task and split: per-document gold/pred tuples for every measure."""

    gold: dict[str, list[list[SpanTuple]]] = field(default_factory=dict)
    pred: dict[str, list[list[SpanTuple]]] = field(default_factory=dict)
    train_seconds: float = 0.0
    predict_seconds: float = 0.0
    tokens: int = 0


def run_span_task(task: Task, models: Sequence[str], progress: tqdm[Any]) -> dict[str, dict[str, Outcome]]:
    """``{split: {model: Outcome}}`` for a span-layer task."""
    results: dict[str, dict[str, Outcome]] = {}
    for split, train, test in task.splits:
        for model in models:
            progress.set_postfix_str(f"{task.name} {model}")
            outcome = results.setdefault(split, {}).setdefault(model, Outcome())
            started = time.perf_counter()
            estimator = build(task.layer, model).fit(train, [gold_of(d) for d in train])
            outcome.train_seconds += time.perf_counter() - started
            started = time.perf_counter()
            predicted = estimator.predict(test)
            outcome.predict_seconds += time.perf_counter() - started
            outcome.tokens += sum(len(s) for d in test for s in token_sequences(d))
            with_gold_triggers = None
            for measure in MEASURES[task.layer]:
                if measure.given_gold_triggers:
                    if with_gold_triggers is None:
                        triggers = [[LabelledSpan(e.start, e.end, e.label) for e in gold_of(d).events] for d in test]
                        with_gold_triggers = estimator.predict_arguments(test, triggers)
                    sets = with_gold_triggers
                else:
                    sets = predicted
                outcome.gold.setdefault(measure.name, []).extend(measure.extract(d, gold_of(d)) for d in test)
                outcome.pred.setdefault(measure.name, []).extend(measure.extract(d, p) for d, p in zip(test, sets, strict=True))
            progress.update(1)
    return results


# ---------------------------------------------------------------- polarity alone (NewsMTSC-style targets)


@dataclass(frozen=True, slots=True)
class PolarityItems:
    """Polarity instances grouped by document (for the document bootstrap) with their gold labels."""

    instances: list[list[Any]]
    labels: list[list[str]]


def target_polarity_items(documents: Sequence[Document]) -> PolarityItems:
    """Targets with a ``polarity`` attribute (NewsMTSC): the whole sentence is the stance span."""
    instances, labels = [], []
    for document in documents:
        gold = gold_of(document)
        sentence = LabelledSpan(0, len(document.text), "STANCE")
        targets = [e for e in gold.entities if "polarity" in e.attributes]
        instances.append([stance_instance(document, sentence, LabelledSpan(e.start, e.end, e.label)) for e in targets])
        labels.append([str(e.attributes["polarity"]) for e in targets])
    return PolarityItems(instances, labels)


def run_polarity(
    train: PolarityItems, tests: dict[str, PolarityItems], models: Sequence[str], progress: tqdm[Any]
) -> dict[str, dict[str, dict[str, Any]]]:
    results: dict[str, dict[str, dict[str, Any]]] = {split: {} for split in tests}
    X = [i for doc in train.instances for i in doc]
    y = [label for doc in train.labels for label in doc]
    for model in models:
        progress.set_postfix_str(f"polarity {model}")
        started = time.perf_counter()
        classifier = clone(item_classifier(model, polarity_classifier())).fit(X, y)
        seconds = time.perf_counter() - started
        for split, items in tests.items():
            started = time.perf_counter()
            predicted = [[str(p) for p in classifier.predict(doc)] if doc else [] for doc in items.instances]
            results[split][model] = {
                "gold": items.labels,
                "pred": predicted,
                "train_seconds": seconds,
                "predict_seconds": time.perf_counter() - started,
            }
        progress.update(1)
    return results


# ---------------------------------------------------------------- scores and the paired bootstrap


def span_f1(gold: Sequence[Sequence[SpanTuple]], pred: Sequence[Sequence[SpanTuple]]) -> tuple[Any, np.ndarray]:
    """The strict report and per-document (correct, predicted, gold) counts, for the bootstrap."""
    report = score_spans([s for doc in gold for s in doc], [s for doc in pred for s in doc], modes=("strict",))
    counts = np.zeros((len(gold), 3), dtype=np.int64)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        correct = len(set(g) & set(p))
        counts[i] = (correct, len(p), len(g))
    return report, counts


def f1_from_counts(counts: np.ndarray) -> np.ndarray:
    """Micro F1 from (..., 3) arrays of summed (correct, predicted, gold) counts."""
    correct, predicted, gold = counts[..., 0], counts[..., 1], counts[..., 2]
    denominator = predicted + gold
    return np.where(denominator > 0, 2 * correct / np.maximum(denominator, 1), 0.0)


def paired_bootstrap(per_doc_a: np.ndarray, per_doc_b: np.ndarray, *, samples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% interval of ``F1(a) - F1(b)`` when documents are resampled (both models on the same resample)."""
    rng = np.random.default_rng(seed)
    n = per_doc_a.shape[0]
    picks = rng.integers(0, n, size=(samples, n))
    difference = f1_from_counts(per_doc_a[picks].sum(axis=1)) - f1_from_counts(per_doc_b[picks].sum(axis=1))
    low, high = np.percentile(difference, [2.5, 97.5])
    return float(low), float(high)


def polarity_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Any]:
    flat_gold = [g for doc in gold for g in doc]
    flat_pred = [p for doc in pred for p in doc]
    labels = sorted(set(flat_gold))
    per_label = f1_score(flat_gold, flat_pred, labels=labels, average=None, zero_division=0)
    by_label = {label: float(v) for label, v in zip(labels, per_label, strict=True)}
    favor_against = [by_label[label] for label in ("FAVOR", "AGAINST") if label in by_label]
    return {
        "accuracy": float(accuracy_score(flat_gold, flat_pred)),
        "macro_f1": float(np.mean(per_label)),
        "f_avg": float(np.mean(favor_against)) if favor_against else 0.0,
        "per_label_f1": by_label,
        "support": {label: flat_gold.count(label) for label in labels},
        "items": len(flat_gold),
    }


def polarity_per_doc(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray:
    """Per-document (label, [correct, predicted, gold]) counts, shape (docs, labels, 3), for a macro-F1 bootstrap."""
    counts = np.zeros((len(gold), len(labels), 3), dtype=np.int64)
    index = {label: i for i, label in enumerate(labels)}
    for d, (g_doc, p_doc) in enumerate(zip(gold, pred, strict=True)):
        for g, p in zip(g_doc, p_doc, strict=True):
            if p in index:
                counts[d, index[p], 1] += 1
            counts[d, index[g], 2] += 1
            if g == p:
                counts[d, index[g], 0] += 1
    return counts


def paired_bootstrap_macro(per_doc_a: np.ndarray, per_doc_b: np.ndarray, *, samples: int = 1000, seed: int = 0) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    n = per_doc_a.shape[0]
    picks = rng.integers(0, n, size=(samples, n))
    difference = f1_from_counts(per_doc_a[picks].sum(axis=1)).mean(axis=1) - f1_from_counts(per_doc_b[picks].sum(axis=1)).mean(axis=1)
    low, high = np.percentile(difference, [2.5, 97.5])
    return float(low), float(high)


LEARNED = tuple(m for m in MODELS if m not in FLOORS)
