"""Write an :class:`~eval.report.EvaluationReport` as JSON, as a Markdown table to paste into a paper, or as CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from eval.report import EvaluationReport

CSV_FIELDS = (
    "mode", "label", "precision", "recall", "f1", "f1_low", "f1_high", "support", "predicted",
    "correct", "incorrect", "partial", "missed", "spurious",
)  # fmt: skip
AVERAGE_ROWS = ("micro", "macro", "weighted")


def to_json(report: EvaluationReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _pct(value: float) -> str:
    return f"{100 * value:.2f}"


def _ci(row: dict[str, Any]) -> str:
    ci = row.get("f1_ci")
    return "" if ci is None else f"{_pct(ci[0])}–{_pct(ci[1])}"


def _scores(row: dict[str, Any]) -> str:
    """The P, R, F1, F1 interval and support cells of a row."""
    return f"{_pct(row['precision'])} | {_pct(row['recall'])} | {_pct(row['f1'])} | {_ci(row)} | {row['support']}"


def to_markdown(report: EvaluationReport) -> str:
    """One table per mode (labels, then micro / macro / weighted), scores in percent; then events or stance tasks."""
    data = report.to_dict()
    lines = [
        f"## {report.layer} — {report.documents} documents, {report.gold_spans} gold / {report.pred_spans} predicted spans",
        "",
    ]
    if report.scheme:
        lines += [f"Tagging scheme: {report.scheme}.", ""]
    for mode, scores in data["modes"].items():
        lines += [
            f"### {mode}",
            "",
            "| label | P | R | F1 | F1 95% CI | support | predicted | COR | INC | PAR | MIS | SPU |",
            "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for label, row in scores["per_label"].items():
            counts = " | ".join(str(row[key]) for key in ("correct", "incorrect", "partial", "missed", "spurious"))
            lines.append(f"| {label} | {_scores(row)} | {row['predicted']} | {counts} |")
        for average in AVERAGE_ROWS:
            row = scores[average]
            lines.append(f"| **{average}** | {_scores(row)} | {row.get('predicted', '')} |  |  |  |  |  |")
        lines.append("")
    tasks: dict[str, Any] = {}
    if "events" in data:
        tasks = {k: v for k, v in data["events"].items() if k != "argument_classification_per_role"}
    if "stance" in data:
        tasks = {"span_detection": data["stance"]["span_detection"], "triples": data["stance"]["triples"]}
    if tasks:
        lines += ["### tasks", "", "| task | P | R | F1 | F1 95% CI | support | predicted |", "|---|---:|---:|---:|---|---:|---:|"]
        for task, row in tasks.items():
            lines.append(f"| {task} | {_scores(row)} | {row['predicted']} |")
        lines.append("")
    if "stance" in data:
        polarity = data["stance"]["polarity"]
        lines += [
            f"Polarity on {polarity['matched_spans']} matched spans: accuracy {_pct(polarity['accuracy'])}, "
            f"macro-F1 {_pct(polarity['macro_f1'])}, F_avg(FAVOR, AGAINST) {_pct(polarity['f_avg'])}.",
            "",
        ]
    if "comparison" in data:
        comparison = data["comparison"]
        lines += [
            f"### paired bootstrap: A = {comparison['a']}, B = {comparison['b']}",
            "",
            "| mode | average | F1 A | F1 B | A − B | 95% CI | p (one-sided) |",
            "|---|---|---:|---:|---:|---|---:|",
        ]
        for mode, tests in comparison["modes"].items():
            for metric, t in tests.items():
                ci = f"{_pct(t['delta_ci'][0])}–{_pct(t['delta_ci'][1])}"
                lines.append(f"| {mode} | {metric} | {_pct(t['a'])} | {_pct(t['b'])} | {_pct(t['delta'])} | {ci} | {t['p_value']:.4f} |")
        lines.append("")
    if report.warnings:
        lines += ["Warnings:", "", *(f"- {warning}" for warning in report.warnings), ""]
    return "\n".join(lines)


def to_csv(report: EvaluationReport) -> str:
    """One row per mode and label, then the averages (label ``micro avg`` etc.)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for mode, scores in report.to_dict()["modes"].items():
        rows = [(label, row) for label, row in scores["per_label"].items()]
        rows += [(f"{average} avg", scores[average]) for average in AVERAGE_ROWS]
        for label, row in rows:
            ci = row.get("f1_ci") or (None, None)
            writer.writerow({**row, "mode": mode, "label": label, "f1_low": ci[0], "f1_high": ci[1]})
    return buffer.getvalue()


WRITERS = {"json": to_json, "markdown": to_markdown, "csv": to_csv}


def write(report: EvaluationReport, kind: str, path: str | Path) -> None:
    Path(path).write_text(WRITERS[kind](report), encoding="utf-8")
