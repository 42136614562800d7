"""``DATASHEET.md``, generated: Gebru et al.'s "Datasheets for Datasets" sections with a data statement, where every
number (documents, tokens, mentions per label and split, agreement, licences, annotators) is computed from the built
dataset and the agreement reports. Prose that no computation can produce (how the annotation was done) lives in
``annotation/datasheet_text.md`` and is spliced in, so nobody edits the generated file by hand.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.build.features import CONFIGS
from annotation.build.load import load_config
from annotation.build.splits import SPLITS
from annotation.schema import Schema, load_schema

FEW = 20  # a label with fewer gold examples than this is flagged
PROSE = Path(__file__).with_name("datasheet_text.md")


@dataclass(frozen=True, slots=True)
class Inputs:
    dataset: Path
    agreement: Path | None = None  # v1 (guideline 1.0) double annotation
    m2e2_check: Path | None = None
    agreement_test: Path | None = None  # v2 test split (guideline 1.1)
    agreement_validation: Path | None = None  # v2 validation split (guideline 1.1)
    audit: Path | None = None  # JSON of flashpoint audit score
    revision: Path | None = None  # JSON of flashpoint revisions


def _report_or(path: Path | None, render: Any, missing: str) -> str:
    return render(json.loads(path.read_text(encoding="utf-8"))) if path and path.is_file() else missing


def revision_section(changes: Sequence[Mapping[str, Any]]) -> str:
    """How many v1 documents were revised to 1.1, by whom, and what changed in total (from ``flashpoint revisions``)."""
    if not changes:
        return ("Not done: every v1 document keeps its guideline-1.0 gold (pronouns not annotated, no mention kinds "
                "written, 1.0 rulings).")
    total: Counter[str] = Counter()
    for change in changes:
        total.update(change["counts"])
    revisers = Counter(change["reviser"] for change in changes)
    return (f"{len(changes)} v1 documents were revised to guideline 1.1 by reviser sessions "
            f"({', '.join(f'`{name}` {n}' for name, n in sorted(revisers.items()))}; brief `annotation/REVISION_BRIEF.md`), "
            "starting from the v1 gold and changing only what a 1.1 ruling changed. Changes in total: "
            + (", ".join(f"{k} {v}" for k, v in sorted(total.items())) or "none")
            + ". Per document: `annotation/reports/revision-1.1.md`. v1 documents not listed there keep their 1.0 gold.")


def audit_section(report: Mapping[str, Any]) -> str:
    from annotation.audit import audit_markdown

    return audit_markdown(report).rstrip("\n") + "\n\nAudited documents: " + ", ".join(f"`{d}`" for d in report["doc_ids"]) + "."


def _coverage_rows(doc_rows_by_split: Mapping[str, Sequence[Mapping[str, Any]]],
                   raw_by_split: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[list[Any]]:
    """Per split: documents, documents with two or more independent annotators, and where the gold came from."""
    rows = []
    for split in SPLITS:
        annotators: dict[str, set[str]] = defaultdict(set)
        for row in raw_by_split[split]:
            if not row["ground_truth"] and row["status"] == "raw":
                annotators[row["doc_id"]].add(row["annotator"])
        double = sum(1 for names in annotators.values() if len(names) >= 2)
        gold = Counter(row["gold_from"] for row in doc_rows_by_split[split])
        rows.append([split, len(doc_rows_by_split[split]), double, gold["adjudicated"], gold["revised"], gold["single annotation"]])
    return rows


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _per_label_rows(counts: Mapping[str, Counter[str]], labels: Sequence[str]) -> list[list[Any]]:
    rows = []
    for label in labels:
        per_split = [counts[split][label] for split in SPLITS]
        total = sum(per_split)
        rows.append([f"`{label}`", *per_split, total, "**fewer than 20**" if total < FEW else ""])
    return rows


def _fmt(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _interval(entry: Mapping[str, Any]) -> str:
    ci = entry.get("ci") or entry.get("f1_ci")
    value = _fmt(entry.get("f1", entry.get("value")))
    return f"{value} [{_fmt(ci[0])}, {_fmt(ci[1])}]" if ci else value


def agreement_section(report: Mapping[str, Any]) -> str:
    """Render the JSON of ``flashpoint agreement`` (shape documented in ``annotation/agreement``)."""
    parts = [
        f"Documents with two or more independent annotations: **{report.get('documents', 0)}** "
        f"(annotator pairs: {report.get('pairs', 0)}; annotators: {', '.join(report.get('annotators', []))}). "
        "Pairwise span F1 between annotators (symmetric), with 95% document-level bootstrap intervals."
    ]
    summary = []
    for layer, modes in report.get("layers", {}).items():
        for mode, scores in modes.items():
            micro = scores.get("micro", {})
            summary.append([layer, mode, _interval(micro), _fmt(scores.get("macro", {}).get("f1", ""))])
    parts.append(_table(["layer", "matching", "micro F1 [95% CI]", "macro F1"], summary))
    for layer, modes in report.get("layers", {}).items():
        strict = modes.get("strict")
        if not strict:
            continue
        rows = [[f"`{label}`", _interval(entry), entry.get("support", "")] for label, entry in strict.get("per_label", {}).items()]
        parts.append(f"Per label, {layer}, strict matching:\n\n" + _table(["label", "F1 [95% CI]", "spans (both annotators)"], rows))
    for name, entry in report.get("coefficients", {}).items():
        parts.append(f"- {name}: {_interval(entry)} (n = {entry.get('n', '?')})")
    return "\n\n".join(parts)


def m2e2_section(report: Mapping[str, Any]) -> str:
    rows = [[k, _fmt(v)] for k, v in report.get("summary", {}).items()]
    return report.get("description", "") + "\n\n" + _table(["measure", "value"], rows)


def render_datasheet(inputs: Inputs, schema: Schema | None = None) -> str:
    schema = schema or load_schema()
    loaded = {config: load_config(inputs.dataset, config) for config in CONFIGS}
    documents = loaded["documents"]
    doc_rows = [row for split in SPLITS for row in documents[split]]
    split_docs = {split: len(documents[split]) for split in SPLITS}
    tokens = {split: sum(len(r["tokens"]) for r in loaded["entities"][split]) for split in SPLITS}
    sentences = {split: len(loaded["entities"][split]) for split in SPLITS}

    entity_names = documents["train"].features["entities"].feature["label"].names
    event_names = documents["train"].features["events"].feature["type"].names
    role_names = documents["train"].features["events"].feature["arguments"].feature["role"].names
    polarity_names = documents["train"].features["stances"].feature["polarity"].names
    entity_counts: dict[str, Counter[str]] = defaultdict(Counter)
    event_counts: dict[str, Counter[str]] = defaultdict(Counter)
    role_counts: dict[str, Counter[str]] = defaultdict(Counter)
    polarity_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for split in SPLITS:
        for row in documents[split]:
            entity_counts[split].update(entity_names[e["label"]] for e in row["entities"])
            event_counts[split].update(event_names[e["type"]] for e in row["events"])
            role_counts[split].update(role_names[a["role"]] for e in row["events"] for a in e["arguments"])
            polarity_counts[split].update(polarity_names[s["polarity"]] for s in row["stances"])
    total = {name: sum(sum(c.values()) for c in counts.values())
             for name, counts in (("entities", entity_counts), ("events", event_counts), ("arguments", role_counts),
                                  ("stances", polarity_counts))}
    licences = Counter(row["licence"] for row in doc_rows)
    outlets = Counter(row["outlet"] for row in doc_rows)
    outlet_split = {split: Counter(row["outlet"] for row in documents[split]) for split in SPLITS}
    kind_names = documents["train"].features["entities"].feature["kind"].names if schema.mention_kinds else []
    kind_counts = {split: Counter(kind_names[e["kind"]] for row in documents[split] for e in row["entities"]) for split in SPLITS}
    gold_from = Counter(row["gold_from"] for row in doc_rows)
    raw = loaded["annotations_raw"]
    raw_rows = [row for split in SPLITS for row in raw[split]]
    per_annotator = Counter(row["annotator"] for row in raw_rows)
    guideline_versions = sorted({row["guideline_version"] for row in raw_rows if row["guideline_version"]})
    few = sorted(
        label
        for counts, labels in ((entity_counts, schema.entity_labels), (event_counts, schema.event_labels),
                               (role_counts, schema.roles), (polarity_counts, schema.polarity_labels))
        for label in labels
        if sum(c[label] for c in counts.values()) < FEW
    )
    prose = PROSE.read_text(encoding="utf-8") if PROSE.is_file() else ""
    agreement = (
        agreement_section(json.loads(inputs.agreement.read_text(encoding="utf-8")))
        if inputs.agreement and inputs.agreement.is_file()
        else "No agreement report yet (`flashpoint agreement`)."
    )
    m2e2 = (
        m2e2_section(json.loads(inputs.m2e2_check.read_text(encoding="utf-8")))
        if inputs.m2e2_check and inputs.m2e2_check.is_file()
        else "Not measured yet."
    )
    counts_table = _table(
        ["", *SPLITS, "total"],
        [
            ["documents", *(split_docs[s] for s in SPLITS), sum(split_docs.values())],
            ["sentences", *(sentences[s] for s in SPLITS), sum(sentences.values())],
            ["tokens", *(tokens[s] for s in SPLITS), sum(tokens.values())],
            ["entity mentions", *(sum(entity_counts[s].values()) for s in SPLITS), total["entities"]],
            ["event mentions", *(sum(event_counts[s].values()) for s in SPLITS), total["events"]],
            ["event arguments", *(sum(role_counts[s].values()) for s in SPLITS), total["arguments"]],
            ["stance annotations", *(sum(polarity_counts[s].values()) for s in SPLITS), total["stances"]],
        ],
    )
    label_header = ["label", *SPLITS, "total", ""]
    coverage = _coverage_rows({split: list(documents[split]) for split in SPLITS}, {split: list(raw[split]) for split in SPLITS})
    sections = {
        "OUTLETS_BY_SPLIT": _table(["outlet", *SPLITS, "total"],
                                   [[o, *(outlet_split[s][o] for s in SPLITS), n] for o, n in sorted(outlets.items())]),
        "COVERAGE": _table(["split", "documents", "2+ independent annotators", "gold: adjudicated", "gold: revised to 1.1",
                            "gold: single annotation"], coverage),
        "MENTION_KINDS": _table(["kind", *SPLITS, "total"],
                                [[k, *(kind_counts[s][k] for s in SPLITS), sum(kind_counts[s][k] for s in SPLITS)]
                                 for k in kind_names]),
        "AGREEMENT_TEST": _report_or(inputs.agreement_test, agreement_section, "Not measured yet."),
        "AGREEMENT_VALIDATION": _report_or(inputs.agreement_validation, agreement_section, "Not measured yet."),
        "AUDIT": _report_or(inputs.audit, audit_section, "No audit yet."),
        "REVISION_STATUS": _report_or(inputs.revision, revision_section, revision_section([])),
        "COUNTS": counts_table,
        "LICENCES": _table(["licence", "documents"], sorted(licences.items())),
        "OUTLETS": _table(["outlet", "documents"], sorted(outlets.items())),
        "ENTITY_LABELS": _table(label_header, _per_label_rows(entity_counts, schema.entity_labels)),
        "EVENT_LABELS": _table(label_header, _per_label_rows(event_counts, schema.event_labels)),
        "ROLE_LABELS": _table(label_header, _per_label_rows(role_counts, schema.roles)),
        "POLARITY_LABELS": _table(label_header, _per_label_rows(polarity_counts, schema.polarity_labels)),
        "FEW_LABELS": ", ".join(f"`{label}`" for label in few) if few else "none",
        "ANNOTATORS": _table(["annotator", "annotation sets"], sorted(per_annotator.items())),
        "GOLD_FROM": ", ".join(f"{how}: {n}" for how, n in sorted(gold_from.items())),
        "AGREEMENT": agreement,
        "M2E2": m2e2,
        "SCHEMA_VERSION": schema.version,
        "GUIDELINE_VERSIONS": ", ".join(guideline_versions) or "unknown",
        "DOCUMENTS": str(len(doc_rows)),
    }
    for key, value in sections.items():
        prose = prose.replace("{{" + key + "}}", value)
    return prose


def check_placeholders(text: str) -> list[str]:
    """Placeholders left unfilled (a typo in the prose template)."""
    import re

    return sorted(set(re.findall(r"\{\{[A-Z_0-9]+\}\}", text)))
