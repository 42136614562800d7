"""The Markdown report of ``flashpoint agreement``: the datasheet's agreement section plus the details behind it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from annotation.agreement.report import label_pairs_note


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _with_ci(entry: Mapping[str, Any], key: str = "f1") -> str:
    ci = entry.get("ci")
    return f"{_fmt(entry.get(key))} [{_fmt(ci[0])}, {_fmt(ci[1])}]" if ci else _fmt(entry.get(key))


def render(report: Mapping[str, Any], source: str = "") -> str:
    """Markdown for an agreement report (the JSON of :func:`~annotation.agreement.report.agreement_section`)."""
    from annotation.datasheet import agreement_section

    parts = [f"# Inter-annotator agreement{f' — `{source}`' if source else ''}", agreement_section(report)]
    skipped, bootstrap = report.get("skipped", {}), report.get("bootstrap", {})
    parts.append(
        f"Skipped: {skipped.get('single_annotator', 0)} document(s) with a single annotator, "
        f"{skipped.get('no_annotator', 0)} without any independent annotation. "
        f"Bootstrap: {bootstrap.get('n_resamples')} resamples of documents, seed {bootstrap.get('seed')}."
    )
    for layer, modes in report.get("layers", {}).items():
        for mode, scores in modes.items():
            rows = [[f"`{label}`", _with_ci(entry), entry["support"]] for label, entry in scores.get("per_label", {}).items()]
            micro = scores["micro"]
            rows.append(["**micro**", _with_ci(micro), micro.get("spans")])
            rows.append(["**macro**", _with_ci(scores["macro"]), ""])
            parts.append(f"## {layer}, {mode} matching\n\n" + _table(["label", "F1 [95% CI]", "spans (both annotators)"], rows))
    if report.get("coefficients"):
        notes = label_pairs_note()
        rows = []
        for name, entry in report["coefficients"].items():
            stem = name.rsplit("_", 1)[0]
            rows.append([name, _with_ci(entry, "value"), entry.get("n"), notes.get(stem, "")])
        parts.append("## Coefficients\n\n" + _table(["coefficient", "value [95% CI]", "items", "on"], rows))
    documents = report.get("per_document", [])
    if documents:
        layers = list(report.get("layers", {}))
        header = ["document", "annotators", *[f"{layer} strict / overlap" for layer in layers]]
        rows = []
        for entry in documents:
            cells = [" / ".join(_fmt(v) for v in entry.get(layer, {}).values()) for layer in layers]
            rows.append([f"`{entry['doc_id']}`", ", ".join(entry["annotators"]), *cells])
        parts.append("## Per document (F1)\n\n" + _table(header, rows))
    problems = report.get("problems", [])
    if problems:
        parts.append("## Input problems (left out)\n\n" + "\n".join(f"- {p}" for p in problems))
    return "\n\n".join(parts) + "\n"
