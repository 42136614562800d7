"""Inter-annotator agreement of doubly annotated documents, as the JSON ``flashpoint agreement`` writes.

Every document with two or more independent annotators (see :func:`~annotation.agreement.inputs.independent_sets`)
contributes every pair of its annotators. One annotator of a pair plays gold (the first by name), the other
prediction, and the pair is scored with the evaluation harness (:func:`eval.layers.score_pairs`): F1 is symmetric
(swapping the two swaps precision and recall), precision and recall are reported as "the second against the first".
Counts of all pairs are pooled (micro), macro averages the labels either annotator used, and 95% intervals resample
documents (all pairs of a document together) with :func:`eval.bootstrap.bootstrap_ci`.

Layers: ``entities``, ``events`` (triggers with their type), ``arguments`` (ACE argument classification: same event
type, same argument offsets, same role; per role) and ``stance`` (stance spans labelled with their polarity), in
``strict`` (same boundaries and label) and ``overlap`` (overlapping spans, same label) matching.

Coefficients on categorical labels of the items both annotators marked: spans of a pair matched by overlap
regardless of label (the harness's ``partial`` matching) give label pairs; Cohen's kappa and nominal
Krippendorff's alpha are computed on them, per layer (``entities_label``, ``events_type``, ``stance_polarity``).

The JSON::

    {"documents": int, "pairs": int, "annotators": [...],
     "layers": {LAYER: {MODE: {"micro": {"f1", "ci": [lo, hi], "precision", "recall", "spans"},
                              "macro": {"f1", "ci", "labels"},
                              "per_label": {LABEL: {"f1", "ci", "support"}}}}},
     "coefficients": {NAME: {"value", "ci": [lo, hi], "n"}},
     "per_document": [{"doc_id", "annotators", "pairs", LAYER: {MODE: f1}}],
     "skipped": {"single_annotator": int, "no_annotator": int}, "problems": [...],
     "bootstrap": {"n_resamples", "confidence", "seed", "unit": "document"}}

``support`` of a label counts the spans of both annotators; a value that is undefined is ``null``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt
from tqdm import tqdm

from annotation.agreement.coefficients import coefficient_intervals
from annotation.agreement.inputs import independent_sets
from annotation.model import AnnotationSet, Document
from annotation.schema import Schema, load_schema
from eval.bootstrap import Intervals, bootstrap_ci
from eval.layers import LayerResult, event_tuples, score_pairs
from eval.prf import PRF
from eval.spans import COR, PAR, ModeReport, count_matches_by_doc, report_from_counts

SPAN_LAYERS = ("entities", "events", "stance")
REPORTED_MODES = ("strict", "overlap")
COEFFICIENT_NAMES = {"entities": "entities_label", "events": "events_type", "stance": "stance_polarity"}
CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Unit:
    """One annotator pair on one document: the unit scored; ``doc`` is the document's bootstrap row."""

    key: str
    doc: int
    first: AnnotationSet
    second: AnnotationSet


def annotator_pairs(documents: Sequence[Document]) -> tuple[list[Unit], list[Document], list[list[str]], dict[str, int]]:
    """Units of every document with two or more annotators, those documents, their annotators, and what was skipped."""
    units: list[Unit] = []
    kept: list[Document] = []
    names: list[list[str]] = []
    skipped = {"single_annotator": 0, "no_annotator": 0}
    for document in documents:
        sets = independent_sets(document)
        if len(sets) < 2:
            skipped["single_annotator" if sets else "no_annotator"] += 1
            continue
        row = len(kept)
        kept.append(document)
        names.append(list(sets))
        for a, b in combinations(sets, 2):
            units.append(Unit(f"{document.id} ({a} vs {b})", row, sets[a], sets[b]))
    return units, kept, names, skipped


def _by_document(table: npt.NDArray[np.integer[Any]], units: Sequence[Unit], n_docs: int) -> npt.NDArray[np.int64]:
    """Per-unit rows summed into per-document rows."""
    result = np.zeros((n_docs, *table.shape[1:]), dtype=np.int64)
    np.add.at(result, np.array([u.doc for u in units], dtype=np.int64), table)
    return result


def _ci(interval: Any) -> list[float]:
    return [round(interval.low, 6), round(interval.high, 6)]


def _mode_json(report: ModeReport, intervals: Intervals | None) -> dict[str, Any]:
    used = report.macro.labels
    micro = report.micro
    return {
        "micro": {"f1": micro.f1, "ci": _ci(intervals.micro) if intervals else None, "precision": micro.precision,
                  "recall": micro.recall, "spans": micro.support + micro.predicted},
        "macro": {"f1": report.macro.f1, "ci": _ci(intervals.macro) if intervals else None, "labels": list(used)},
        "per_label": {
            label: {"f1": report.per_label[label].f1, "ci": _ci(intervals.per_row[label]) if intervals else None,
                    "support": report.per_label[label].support + report.per_label[label].predicted}
            for label in used
        },
    }


def _span_layer(
    result: LayerResult, units: Sequence[Unit], n_docs: int, n_resamples: int, seed: int
) -> tuple[dict[str, Any], dict[str, npt.NDArray[np.int64]]]:
    matching, report = result.matching, result.report
    rows = [matching.labels.index(label) for label in report.labels]
    out: dict[str, Any] = {}
    per_doc: dict[str, npt.NDArray[np.int64]] = {}
    for mode in REPORTED_MODES:
        counts = _by_document(matching.counts_by_doc(mode, len(units))[:, rows], units, n_docs)
        per_doc[mode] = counts
        scores = report[mode]
        intervals = (
            bootstrap_ci(counts, report.labels, averaged=scores.macro.labels, n_resamples=n_resamples, confidence=CONFIDENCE, seed=seed)
            if n_resamples else None
        )
        out[mode] = _mode_json(scores, intervals)
    return out, per_doc


def _argument_keys(unit_key: str, aset: AnnotationSet) -> list[tuple[Hashable, ...]]:
    """ACE argument-classification keys (unit, event type, argument offsets, role), as :mod:`eval.events` matches them."""
    return [(unit_key, kind, start, end, role) for _, _, _, kind, arguments in event_tuples(unit_key, aset)
            for role, start, end in arguments]


def _unit_of(key: Hashable) -> Hashable:
    assert isinstance(key, tuple)
    return key[0]


def _arguments_layer(
    units: Sequence[Unit], roles: Sequence[str], n_docs: int, n_resamples: int, seed: int
) -> tuple[dict[str, Any], npt.NDArray[np.int64]]:
    first = [k for u in units for k in _argument_keys(u.key, u.first)]
    second = [k for u in units for k in _argument_keys(u.key, u.second)]
    found = sorted({str(k[4]) for k in (*first, *second)} - set(roles))
    names = [*roles, *found]
    unit_row = {u.key: i for i, u in enumerate(units)}
    table = np.zeros((len(units), len(names), 8), dtype=np.int64)
    for column, role in enumerate(names):
        counts = count_matches_by_doc([k for k in first if k[4] == role], [k for k in second if k[4] == role], doc_of=_unit_of)
        for unit_key, prf in counts.items():
            table[unit_row[str(unit_key)], column] = [getattr(prf, f) for f in PRF.__slots__]
    counts_by_doc = _by_document(table, units, n_docs)
    report = report_from_counts({"strict": counts_by_doc.sum(axis=0)}, names)["strict"]
    intervals = (
        bootstrap_ci(counts_by_doc, names, averaged=report.macro.labels, n_resamples=n_resamples, confidence=CONFIDENCE, seed=seed)
        if n_resamples else None
    )
    return {"strict": _mode_json(report, intervals)}, counts_by_doc


def _label_confusions(result: LayerResult, units: Sequence[Unit], n_docs: int) -> npt.NDArray[np.int64]:
    """Per-document ``(k, k)`` label confusions of spans paired by overlap regardless of label."""
    matching = result.matching
    k = len(matching.labels)
    outcome, matched = matching.pred_outcome["partial"], matching.pred_match["partial"]
    paired = np.flatnonzero((outcome == COR) | (outcome == PAR))
    unit_doc = np.array([u.doc for u in units], dtype=np.int64)
    confusions = np.zeros((n_docs, k, k), dtype=np.int64)
    gold_index = matched[paired]
    np.add.at(confusions, (unit_doc[matching.pred.doc[paired]], matching.gold.label[gold_index], matching.pred.label[paired]), 1)
    return confusions


def _f1(row: npt.NDArray[np.int64]) -> float:
    return PRF(*(int(v) for v in row.sum(axis=0))).f1


def agreement_report(
    documents: Sequence[Document],
    *,
    schema: Schema | None = None,
    n_resamples: int = 1000,
    seed: int = 0,
    progress: bool = False,
) -> dict[str, Any]:
    """The agreement JSON of ``documents`` (see the module docstring)."""
    schema = schema or load_schema()
    units, kept, names, skipped = annotator_pairs(documents)
    report: dict[str, Any] = {
        "documents": len(kept),
        "pairs": len(units),
        "annotators": sorted({name for group in names for name in group}),
        "layers": {},
        "coefficients": {},
        "per_document": [],
        "skipped": skipped,
        "bootstrap": {"n_resamples": n_resamples, "confidence": CONFIDENCE, "seed": seed, "unit": "document"},
    }
    if not units:
        return report
    pairs = [(u.key, u.first, u.second) for u in units]
    n_docs = len(kept)
    per_document: list[dict[str, Any]] = [
        {"doc_id": doc.id, "annotators": group, "pairs": len(group) * (len(group) - 1) // 2} for doc, group in zip(kept, names, strict=True)
    ]
    steps = tqdm([*SPAN_LAYERS, "arguments"], desc="agreement", unit="layer", disable=not progress)
    results: dict[str, LayerResult] = {}
    for layer in steps:
        if layer == "arguments":
            layer_json, arg_counts = _arguments_layer(units, schema.roles, n_docs, n_resamples, seed)
            report["layers"]["arguments"] = layer_json
            for row, entry in enumerate(per_document):
                entry["arguments"] = {"strict": _f1(arg_counts[row])}
            continue
        results[layer] = score_pairs(pairs, layer, schema=schema, modes=("strict", "overlap", "partial"))
        layer_json, counts = _span_layer(results[layer], units, n_docs, n_resamples, seed)
        report["layers"][layer] = layer_json
        for row, entry in enumerate(per_document):
            entry[layer] = {mode: _f1(counts[mode][row]) for mode in REPORTED_MODES}
    for layer, stem in COEFFICIENT_NAMES.items():
        confusions = _label_confusions(results[layer], units, n_docs)
        coefficients = coefficient_intervals(confusions, n_resamples=n_resamples, confidence=CONFIDENCE, seed=seed)
        for name, (value, interval) in coefficients.items():
            report["coefficients"][f"{stem}_{name}"] = {
                "value": value, "ci": [round(interval[0], 6), round(interval[1], 6)] if interval else None, "n": int(confusions.sum())
            }
    report["per_document"] = per_document
    return report


def label_pairs_note() -> Mapping[str, str]:
    """What each coefficient is computed on (for the Markdown report)."""
    return {
        "entities_label": "entity types of entity spans both annotators marked (paired by overlap)",
        "events_type": "event types of triggers both annotators marked (paired by overlap)",
        "stance_polarity": "polarities of stance spans both annotators marked (paired by overlap)",
    }
