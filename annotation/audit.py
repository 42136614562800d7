"""A blind audit of gold annotations: a reader who did not annotate a document judges every gold item and lists
what is missing; precision and recall per layer follow from the verdicts.

The sheet (:func:`audit_sheet`) lists a document's gold items as a reader checks them — sentence number, text,
label, and the argument / holder / target texts — each with ``"verdict": null``; the reader sets every verdict to
``right``, ``wrong`` or ``questionable`` (with an optional ``note``) and adds what gold lacks to ``misses``
(``{"layer", "s", "text", "label", "note"}``). :func:`score_audits` counts them per layer:

- precision = right / judged (strict; ``questionable`` counts against), and lenient = (right + questionable) / judged;
- recall = (right + questionable) / (right + questionable + misses): how much of what the reader expects gold has;
- 95% intervals by resampling documents (percentile bootstrap, fixed seed), as everywhere else in the toolkit.

A sheet with an unjudged item, an unknown verdict or layer is an :class:`AuditError` naming the file and item: an
audit is never scored half done.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from annotation.draft_writer import sentence_of
from annotation.errors import FlashpointError
from annotation.model import AnnotationSet, Document

LAYERS = ("entities", "events", "arguments", "stance")
VERDICTS = ("right", "wrong", "questionable")


class AuditError(FlashpointError):
    """An audit sheet that cannot be scored (unjudged items, unknown verdicts or layers)."""


def audit_sheet(document: Document, gold: AnnotationSet) -> dict[str, Any]:
    """The sheet of one document: every gold item with an empty verdict, and an empty list of misses."""
    entities = {e.id: e for e in gold.entities}
    events = {e.id: e for e in gold.events}
    items: list[dict[str, Any]] = []
    for e in sorted(gold.entities, key=lambda e: (e.start, e.end)):
        items.append({"id": e.id, "layer": "entities", "s": sentence_of(document, e.start), "text": e.text, "label": e.label,
                      **({"kind": e.attributes["kind"]} if "kind" in e.attributes else {}), "verdict": None})
    for v in sorted(gold.events, key=lambda e: (e.start, e.end)):
        items.append({"id": v.id, "layer": "events", "s": sentence_of(document, v.start), "text": v.text, "label": v.label,
                      "modality": v.attributes.get("modality", ""), "verdict": None})
        for a in v.arguments:
            argument = entities[a.entity_id]
            items.append({"id": f"{v.id}:{a.role}:{a.entity_id}", "layer": "arguments", "s": sentence_of(document, v.start),
                          "text": f"{v.text} -> {argument.text}", "label": f"{v.label}.{a.role}", "verdict": None})
    for s in sorted(gold.stances, key=lambda s: (s.start, s.end)):
        target = entities.get(s.target_id) or events[s.target_id]
        items.append({"id": s.id, "layer": "stance", "s": sentence_of(document, s.start), "text": s.text, "label": s.polarity,
                      "holder": entities[s.holder_id].text, "target": target.text, "verdict": None})
    return {"doc_id": document.id, "auditor": "", "items": items, "misses": []}


def _check_sheet(sheet: Mapping[str, Any], where: str) -> None:
    problems = []
    if not str(sheet.get("auditor", "")).strip():
        problems.append("auditor is missing")
    for item in sheet.get("items", []):
        if item.get("verdict") not in VERDICTS:
            problems.append(f"item {item.get('id')}: verdict {item.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
        if item.get("layer") not in LAYERS:
            problems.append(f"item {item.get('id')}: unknown layer {item.get('layer')!r}")
    for index, miss in enumerate(sheet.get("misses", [])):
        if miss.get("layer") not in LAYERS:
            problems.append(f"miss {index}: unknown layer {miss.get('layer')!r}")
    if problems:
        raise AuditError(f"{where}: " + "; ".join(problems))


def read_sheets(paths: Iterable[Path]) -> list[dict[str, Any]]:
    sheets = []
    for path in sorted(paths):
        try:
            sheet = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise AuditError(f"{path}: not a readable audit sheet: {error}") from error
        _check_sheet(sheet, str(path))
        sheets.append(sheet)
    return sheets


def _ratio(numerators: np.ndarray, denominators: np.ndarray) -> float:
    total = float(denominators.sum())
    return float(numerators.sum()) / total if total else 0.0


def _stats(counts: np.ndarray) -> tuple[float, float, float]:
    """Strict precision, lenient precision and recall of rows ``(right, wrong, questionable, missed)``."""
    r, w, q, m = counts.T
    return _ratio(r, r + w + q), _ratio(r + q, r + w + q), _ratio(r + q, r + q + m)


def _interval(values: np.ndarray) -> list[float]:
    if not len(values):
        return []
    low, high = np.quantile(values, [0.025, 0.975])
    return [round(float(low), 4), round(float(high), 4)]


def score_audits(sheets: Sequence[Mapping[str, Any]], *, n_resamples: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Per layer: counts, precision (strict and lenient) and recall, with document-bootstrap intervals."""
    rng = np.random.default_rng(seed)
    n = len(sheets)
    resamples = rng.integers(0, n, size=(n_resamples, n)) if n and n_resamples else np.zeros((0, n), dtype=int)
    layers: dict[str, Any] = {}
    for layer in LAYERS:
        counts = np.array([[sum(1 for i in sheet["items"] if i["layer"] == layer and i["verdict"] == verdict) for verdict in VERDICTS]
                           + [sum(1 for m in sheet["misses"] if m["layer"] == layer)] for sheet in sheets], dtype=float).reshape(n, 4)
        right, wrong, questionable, missed = counts.T
        judged = right + wrong + questionable
        found = right + questionable

        point = _stats(counts)
        spread = np.array([_stats(counts[rows]) for rows in resamples]) if len(resamples) else np.zeros((0, 3))
        interval = [_interval(spread[:, column]) for column in range(3)]

        layers[layer] = {
            "items": int(judged.sum()), "right": int(right.sum()), "wrong": int(wrong.sum()),
            "questionable": int(questionable.sum()), "misses": int(missed.sum()),
            "precision": round(point[0], 4), "precision_ci": interval[0],
            "precision_lenient": round(point[1], 4), "precision_lenient_ci": interval[1],
            "recall": round(point[2], 4), "recall_ci": interval[2],
            "found": int(found.sum()),
        }
    return {"documents": n, "doc_ids": sorted(str(s["doc_id"]) for s in sheets),
            "auditors": sorted({str(s["auditor"]) for s in sheets}), "layers": layers,
            "bootstrap": {"resamples": n_resamples, "seed": seed, "unit": "document"}}


def audit_markdown(report: Mapping[str, Any]) -> str:
    lines = [f"Blind audit of {report['documents']} adjudicated documents by {', '.join(report['auditors']) or '-'}.",
             "Precision = right / judged (questionable counts against); lenient counts questionable as right; recall = "
             "(right + questionable) / (that + misses). 95% intervals from resampling documents.", "",
             "| layer | judged | right | wrong | questionable | misses | precision [95% CI] | lenient | recall [95% CI] |",
             "|---|---|---|---|---|---|---|---|---|"]

    def cell(value: float, ci: Sequence[float]) -> str:
        return f"{100 * value:.1f}" + (f" [{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]" if ci else "")

    for layer, row in report["layers"].items():
        lines.append(f"| {layer} | {row['items']} | {row['right']} | {row['wrong']} | {row['questionable']} | {row['misses']} | "
                     f"{cell(row['precision'], row['precision_ci'])} | {100 * row['precision_lenient']:.1f} | "
                     f"{cell(row['recall'], row['recall_ci'])} |")
    return "\n".join(lines) + "\n"
