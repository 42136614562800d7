"""The main job: train every baseline, predict held-out documents, score the predictions with :mod:`eval`.

A :class:`Task` is one layer on one corpus with its :class:`Fold` s: training documents and the documents to
evaluate on, by split name. Our corpus has one fold (train -> validation and test). External gold has no train
split here, so those tasks use document-level k-fold cross-validation and pool the out-of-fold predictions (split
``cv``). Polarity alone (given the gold stance span and target) is a separate, item-level task
(:class:`PolarityTask`). Scoring is :func:`eval.layers.score_pairs` (strict matching) and the floors comparison
:func:`eval.bootstrap.paired_bootstrap` over documents; nothing is scored here by hand.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import clone
from tqdm import tqdm

from annotation.alignment import LabelledSpan
from annotation.model import AnnotationSet, Document
from annotation.schema import Schema, load_schema
from baselines.registry import FLOORS, MODELS, build, item_classifier
from baselines.stance import StanceInstance, polarity_classifier, stance_instance
from baselines.tagging import token_sequences
from eval.bootstrap import PairedTest, counts_from_docs, paired_bootstrap
from eval.layers import score_pairs
from eval.prf import PRF
from eval.spans import averaged_labels
from eval.stance import polarity_scores

LEARNED = tuple(m for m in MODELS if m not in FLOORS)
POLARITY_LEARNED = "tfidf-logreg"
POLARITY_MODELS = (*FLOORS, POLARITY_LEARNED)
MODE = "strict"


def fold_of(doc_id: str, folds: int) -> int:
    """A document's fold: a stable hash of its id (the same on every machine and run)."""
    return int(hashlib.md5(doc_id.encode("utf-8")).hexdigest(), 16) % folds


def gold_of(document: Document) -> AnnotationSet:
    gold = document.gold()
    if gold is None:
        raise ValueError(f"document {document.id} has no gold set")
    return gold


@dataclass(frozen=True, slots=True)
class Fold:
    """Train on ``train``; predict every split of ``evaluate`` (split name -> documents)."""

    train: tuple[Document, ...]
    evaluate: Mapping[str, tuple[Document, ...]]


def cross_validation(documents: Sequence[Document], folds: int) -> tuple[Fold, ...]:
    """Document-level k-fold cross-validation; every document is predicted once, in split ``cv``."""
    if folds < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, got {folds}")
    return tuple(
        Fold(tuple(d for d in documents if fold_of(d.id, folds) != k), {"cv": tuple(d for d in documents if fold_of(d.id, folds) == k)})
        for k in range(folds)
    )


def held_out(splits: Mapping[str, Sequence[Document]]) -> tuple[Fold, ...]:
    """One fold: train on ``train``, evaluate on ``validation`` and ``test``."""
    return (Fold(tuple(splits["train"]), {name: tuple(splits[name]) for name in ("validation", "test")}),)


@dataclass(frozen=True, slots=True)
class Task:
    name: str
    layer: str  # entities | events | stance
    corpus: str  # what the documents are, for the report
    folds: tuple[Fold, ...]
    part: str  # "corpus" (ours) | "external"
    note: str = ""

    @property
    def splits(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for fold in self.folds for name in fold.evaluate))


@dataclass
class Outcome:
    """One model's pooled predictions on one split of a task (filled fold by fold), with its timings."""

    docs: list[Document] = field(default_factory=list)
    pred: list[AnnotationSet] = field(default_factory=list)
    pred_given_triggers: list[AnnotationSet] = field(default_factory=list)  # events: arguments for the gold triggers
    train_seconds: float = 0.0
    predict_seconds: float = 0.0
    tokens: int = 0


def run_task(task: Task, models: Sequence[str], progress: tqdm[Any]) -> dict[str, dict[str, Outcome]]:
    """``{split: {model: Outcome}}``: every model trained on every fold, its predictions pooled per split."""
    results: dict[str, dict[str, Outcome]] = {split: {model: Outcome() for model in models} for split in task.splits}
    for fold in task.folds:
        for model in models:
            progress.set_postfix_str(f"{task.name} {model}")
            started = time.perf_counter()
            estimator = build(task.layer, model).fit(fold.train, [gold_of(d) for d in fold.train])
            seconds = time.perf_counter() - started
            for split, documents in fold.evaluate.items():
                outcome = results[split][model]
                outcome.train_seconds += seconds / len(fold.evaluate)
                started = time.perf_counter()
                outcome.pred.extend(estimator.predict(documents))
                outcome.predict_seconds += time.perf_counter() - started
                outcome.docs.extend(documents)
                outcome.tokens += sum(len(s) for d in documents for s in token_sequences(d))
                if task.layer == "events":
                    triggers = [[LabelledSpan(e.start, e.end, e.label) for e in gold_of(d).events] for d in documents]
                    outcome.pred_given_triggers.extend(estimator.predict_arguments(documents, triggers))
            progress.update(1)
    return results


# ---------------------------------------------------------------- scores


@dataclass(frozen=True, slots=True)
class Scored:
    """One measure of one model: micro counts, per-row counts and per-document counts (for the bootstrap)."""

    micro: PRF
    per_row: Mapping[str, PRF]  # label, role or polarity -> counts (for the per-label table; may be empty)
    by_doc: npt.NDArray[np.int64]  # (documents, len(rows), 8): what the bootstrap resamples
    rows: tuple[str, ...]  # the rows of ``by_doc``
    averaged: tuple[str, ...] = ()  # rows the macro average runs over
    headline: str = "micro"  # the F1 compared with the floors: micro (spans) or macro (polarity)

    @property
    def f1(self) -> float:
        if self.headline == "micro":
            return self.micro.f1
        return float(np.mean([self.per_row[r].f1 for r in self.averaged])) if self.averaged else 0.0


def _tasks_scored(by_doc: Mapping[Hashable, PRF], per_row: Mapping[str, PRF], docs: Sequence[str]) -> Scored:
    """A task counted per document (ACE argument classification, stance triples): one bootstrap row."""
    return Scored(PRF.total(by_doc.values()), per_row, counts_from_docs(by_doc, docs), ("all",))


def _span_scored(result: Any) -> Scored:
    report = result.report[MODE]
    matching = result.matching
    rows = [matching.labels.index(label) for label in result.report.labels]
    by_doc = matching.counts_by_doc(MODE, len(result.docs))[:, rows]
    return Scored(report.micro, report.per_label, by_doc, result.report.labels, report.macro.labels)


def score_outcome(layer: str, outcome: Outcome, schema: Schema) -> dict[str, Scored]:
    """Every measure of a layer (name -> Scored), by :func:`eval.layers.score_pairs` in strict mode."""
    docs = [d.id for d in outcome.docs]
    pairs = [(d.id, gold_of(d), p) for d, p in zip(outcome.docs, outcome.pred, strict=True)]
    result = score_pairs(pairs, layer, schema=schema, modes=(MODE,))
    if layer == "entities":
        return {"entities": _span_scored(result)}
    if layer == "events":
        assert result.events is not None
        given = score_pairs(
            [(d.id, gold_of(d), p) for d, p in zip(outcome.docs, outcome.pred_given_triggers, strict=True)],
            layer, schema=schema, modes=(MODE,),
        )
        assert given.events is not None
        task = "argument_classification"
        return {
            "triggers": _span_scored(result),
            "arguments (gold triggers)": _tasks_scored(given.events.tasks_by_doc[task], given.events.per_role, docs),
            "arguments (end to end)": _tasks_scored(result.events.tasks_by_doc[task], result.events.per_role, docs),
        }
    assert result.stance is not None
    return {
        "stance spans + polarity": _span_scored(result),
        "holder, target, polarity triples": _tasks_scored(result.stance.tasks_by_doc["triples"], {}, docs),
    }


def score_task(
    layer: str, outcomes: Mapping[str, Mapping[str, Outcome]], schema: Schema
) -> dict[str, dict[str, dict[str, Scored]]]:
    """``{split: {measure: {model: Scored}}}`` for the outcomes of :func:`run_task`."""
    scores: dict[str, dict[str, dict[str, Scored]]] = {}
    for split, by_model in outcomes.items():
        for model, outcome in by_model.items():
            for measure, scored in score_outcome(layer, outcome, schema).items():
                scores.setdefault(split, {}).setdefault(measure, {})[model] = scored
    return scores


def versus_floors(scores: Mapping[str, Scored], learned: Sequence[str], *, samples: int, seed: int = 0) -> dict[str, PairedTest]:
    """``"learned - floor"`` -> eval's paired document bootstrap of the headline F1 difference."""
    tests: dict[str, PairedTest] = {}
    for model in learned:
        for floor in FLOORS:
            if model not in scores or floor not in scores:
                continue
            a, b = scores[model], scores[floor]
            metric = a.headline
            averaged = sorted(set(a.averaged) | set(b.averaged)) if metric == "macro" else ()
            tests[f"{model} - {floor}"] = paired_bootstrap(
                a.by_doc, b.by_doc, list(a.rows), metric=metric, averaged=averaged, n_resamples=samples, seed=seed
            )
    return tests


# ---------------------------------------------------------------- polarity alone, given the gold span and target


@dataclass(frozen=True, slots=True)
class PolarityItems:
    """Polarity instances grouped by document (the bootstrap unit) with their gold labels."""

    docs: tuple[str, ...]
    instances: tuple[tuple[StanceInstance, ...], ...]
    labels: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return sum(len(doc) for doc in self.labels)


@dataclass(frozen=True, slots=True)
class PolarityTask:
    name: str
    corpus: str
    train: PolarityItems
    evaluate: Mapping[str, PolarityItems]
    part: str
    note: str = ""


def stance_polarity_items(documents: Sequence[Document]) -> PolarityItems:
    """Our stances: the gold stance span and its gold target (entity or event)."""
    cue = load_schema().stance_label.name
    docs, instances, labels = [], [], []
    for document in documents:
        gold = gold_of(document)
        targets = {e.id: LabelledSpan(e.start, e.end, e.label) for e in gold.entities}
        targets.update({e.id: LabelledSpan(e.start, e.end, e.label) for e in gold.events})
        docs.append(document.id)
        instances.append(
            tuple(stance_instance(document, LabelledSpan(s.start, s.end, cue), targets.get(s.target_id)) for s in gold.stances)
        )
        labels.append(tuple(s.polarity for s in gold.stances))
    return PolarityItems(tuple(docs), tuple(instances), tuple(labels))


def target_polarity_items(documents: Sequence[Document]) -> PolarityItems:
    """Targets with a ``polarity`` attribute (NewsMTSC): the whole sentence is the stance span."""
    docs, instances, labels = [], [], []
    for document in documents:
        gold = gold_of(document)
        sentence = LabelledSpan(0, len(document.text), "STANCE")
        targets = [e for e in gold.entities if "polarity" in e.attributes]
        docs.append(document.id)
        instances.append(tuple(stance_instance(document, sentence, LabelledSpan(e.start, e.end, e.label)) for e in targets))
        labels.append(tuple(str(e.attributes["polarity"]) for e in targets))
    return PolarityItems(tuple(docs), tuple(instances), tuple(labels))


@dataclass(frozen=True, slots=True)
class PolarityOutcome:
    gold: PolarityItems
    pred: tuple[tuple[str, ...], ...]
    train_seconds: float
    predict_seconds: float


def run_polarity(task: PolarityTask, progress: tqdm[Any]) -> dict[str, dict[str, PolarityOutcome]]:
    """``{split: {model: PolarityOutcome}}``: the floors and the TF-IDF + logistic regression classifier."""
    X = [i for doc in task.train.instances for i in doc]
    y = [label for doc in task.train.labels for label in doc]
    results: dict[str, dict[str, PolarityOutcome]] = {split: {} for split in task.evaluate}
    for model in POLARITY_MODELS:
        progress.set_postfix_str(f"{task.name} {model}")
        started = time.perf_counter()
        classifier = clone(item_classifier(model, polarity_classifier())).fit(X, y)
        seconds = time.perf_counter() - started
        for split, items in task.evaluate.items():
            started = time.perf_counter()
            predicted = tuple(tuple(str(p) for p in classifier.predict(list(doc))) if doc else () for doc in items.instances)
            results[split][model] = PolarityOutcome(items, predicted, seconds, time.perf_counter() - started)
        progress.update(1)
    return results


@dataclass(frozen=True, slots=True)
class PolarityScored:
    scored: Scored
    accuracy: float
    f_avg: float


def score_polarity(outcome: PolarityOutcome, schema: Schema) -> PolarityScored:
    """Accuracy, per-polarity and macro F1 (:func:`eval.stance.polarity_scores`) and per-document counts."""
    polarities = schema.polarity_labels
    per_doc = [
        polarity_scores(list(zip(gold, pred, strict=True)), polarities=polarities).per_polarity
        for gold, pred in zip(outcome.gold.labels, outcome.pred, strict=True)
    ]
    everything = polarity_scores(
        [(g, p) for gold, pred in zip(outcome.gold.labels, outcome.pred, strict=True) for g, p in zip(gold, pred, strict=True)],
        polarities=polarities,
    )
    rows = tuple(everything.per_polarity)
    by_doc = np.zeros((len(per_doc), len(rows), 8), dtype=np.int64)
    for d, counts in enumerate(per_doc):
        for r, row in enumerate(rows):
            if row in counts:
                by_doc[d, r] = [getattr(counts[row], name) for name in PRF.__slots__]
    scored = Scored(
        micro=PRF.total(everything.per_polarity.values()),
        per_row=everything.per_polarity,
        by_doc=by_doc,
        rows=rows,
        averaged=averaged_labels(everything.per_polarity),
        headline="macro",
    )
    return PolarityScored(scored, everything.accuracy, everything.f_avg)
