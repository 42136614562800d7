"""Turn benchmark outcomes into tables: ``baselines/RESULTS.md`` (generated, never hand-edited) and ``results.json``."""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from baselines.benchmark import (
    FLOORS,
    LEARNED,
    MEASURES,
    Outcome,
    Task,
    paired_bootstrap,
    paired_bootstrap_macro,
    polarity_per_doc,
    polarity_scores,
    span_f1,
)
from baselines.persist import library_versions
from eval.prf import PRF

ANCHORS = "\n".join(
    [
        "## Published anchors (from `shared/notes/evaluation.md`) — settings differ, read as orientation only",
        "",
        "| task | published | our closest row | how the setting differs |",
        "|---|---|---|---|",
        "| CoNLL-2003 English NER test F1 | dictionary baseline 59.61; Stanford CRF ~85.5–86.9; BiLSTM-CRF 90.1–91.2; BERT-base 92.4 "
        "| entities: `memorise` (≈ the dictionary baseline), `crf` | CoNLL trains on 200k+ tokens with 4 types; ours on 16 "
        "(WikiEvents) or ~53 (re3d) documents per fold with 7–9 types, so far lower scores are expected |",
        "| ACE 2005 trigger classification F1 | DMCNN ~69.1, JRNN ~69.3, OneIE ~74.7 | events: `triggers` | ACE trains on ~500 "
        "documents with 33 types on the standard split; ours on a fold of M2E2 / WikiEvents, types mapped to our 11 |",
        "| MAVEN trigger F1 | DMCNN ~60.6, BERT+CRF ~67.8 | events: `triggers` | MAVEN classifies given candidates; ours extract spans |",
        "| SemEval-2016 Task 6 stance F_avg | majority 65.22, SVM n-grams 68.98, best team 67.82 | polarity: `f_avg` | SemEval is "
        "tweet-level stance toward 5 fixed targets; NewsMTSC is sentiment toward a person in a news sentence (3 classes; "
        "devtest_mt has >= 2 targets per sentence) |",
        "",
    ]
)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _span_section(task: Task, results: Mapping[str, Mapping[str, Outcome]], samples: int, data: dict[str, Any]) -> list[str]:
    lines = [f"## {task.name}: {task.layer} on {task.corpus}", ""]
    if task.note:
        lines += [task.note, ""]
    for split, by_model in results.items():
        for measure in MEASURES[task.layer]:
            reports, counts = {}, {}
            for model, outcome in by_model.items():
                reports[model], counts[model] = span_f1(outcome.gold[measure.name], outcome.pred[measure.name])
            key = f"{task.name}/{split}/{measure.name}"
            entry: dict[str, Any] = {"models": {}, "versus_floors": {}}
            lines += [f"### {measure.name} ({split}: pooled out-of-fold predictions, strict span match)", ""]
            lines += ["| model | P | R | F1 | gold | predicted | train s | predict s | tokens/s |", "|---|---|---|---|---|---|---|---|---|"]
            for model, report in reports.items():
                micro = report["strict"].micro
                outcome = by_model[model]
                speed = outcome.tokens / outcome.predict_seconds if outcome.predict_seconds else 0.0
                lines.append(
                    f"| {model} | {_pct(micro.precision)} | {_pct(micro.recall)} | {_pct(micro.f1)} | {micro.support} | "
                    f"{micro.predicted} | {outcome.train_seconds:.1f} | {outcome.predict_seconds:.2f} | {speed:,.0f} |"
                )
                entry["models"][model] = {
                    "precision": micro.precision,
                    "recall": micro.recall,
                    "f1": micro.f1,
                    "support": micro.support,
                    "predicted": micro.predicted,
                    "train_seconds": outcome.train_seconds,
                    "predict_seconds": outcome.predict_seconds,
                    "tokens_per_second": speed,
                    "per_label_f1": {label: prf.f1 for label, prf in report["strict"].per_label.items()},
                }
            lines += ["", *_versus_floors(counts, samples, entry, macro=False), ""]
            labels = sorted({label for report in reports.values() for label in report["strict"].per_label})
            lines += ["Per-label F1:", "", "| label | support | " + " | ".join(reports) + " |", "|---|---|" + "---|" * len(reports)]
            for label in labels:
                support = max(reports[m]["strict"].per_label.get(label, PRF()).support for m in reports)
                cells = " | ".join(_pct(reports[m]["strict"].per_label.get(label, PRF()).f1) for m in reports)
                lines.append(f"| {label} | {support} | {cells} |")
            lines.append("")
            data[key] = entry
    return lines


def _versus_floors(counts: Mapping[str, Any], samples: int, entry: dict[str, Any], *, macro: bool) -> list[str]:
    lines = ["| learned − floor | ΔF1 | 95% paired bootstrap interval | beats the floor beyond the interval? |", "|---|---|---|---|"]
    bootstrap = paired_bootstrap_macro if macro else paired_bootstrap
    for learned in LEARNED:
        for floor in FLOORS:
            if learned not in counts or floor not in counts:
                continue
            low, high = bootstrap(counts[learned], counts[floor], samples=samples)
            delta = entry["models"][learned]["macro_f1" if macro else "f1"] - entry["models"][floor]["macro_f1" if macro else "f1"]
            verdict = "yes" if low > 0 else "no (interval reaches 0 or below)"
            lines.append(f"| {learned} − {floor} | {_pct(delta)} | [{_pct(low)}, {_pct(high)}] | {verdict} |")
            entry["versus_floors"][f"{learned}-{floor}"] = {"delta": delta, "low": low, "high": high, "beats": low > 0}
    return lines


def _polarity_section(results: Mapping[str, Mapping[str, Mapping[str, Any]]], samples: int, data: dict[str, Any]) -> list[str]:
    lines = [
        "## newsmtsc-polarity: stance polarity alone, given the gold target (NewsMTSC)",
        "",
        "Train: NewsMTSC train.jsonl less a held-out tenth (by document hash) = `validation`; `test` = devtest_mt. "
        "The stance span is the whole sentence, the target is marked. "
        "Intervals: paired bootstrap over sentences of the macro-F1 difference.",
        "",
    ]
    for split, by_model in results.items():
        entry: dict[str, Any] = {"models": {}, "versus_floors": {}}
        lines += [f"### {split}", "", "| model | accuracy | macro F1 | F_avg (FAVOR, AGAINST) | per-label F1 | train s |"]
        lines.append("|---|---|---|---|---|---|")
        counts = {}
        labels: list[str] = []
        for model, outcome in by_model.items():
            scores = polarity_scores(outcome["gold"], outcome["pred"])
            labels = sorted(scores["per_label_f1"])
            counts[model] = polarity_per_doc(outcome["gold"], outcome["pred"], labels)
            per_label = ", ".join(f"{label} {_pct(v)}" for label, v in scores["per_label_f1"].items())
            lines.append(
                f"| {model} | {_pct(scores['accuracy'])} | {_pct(scores['macro_f1'])} | {_pct(scores['f_avg'])} | {per_label} | "
                f"{outcome['train_seconds']:.1f} |"
            )
            entry["models"][model] = {**scores, "train_seconds": outcome["train_seconds"], "predict_seconds": outcome["predict_seconds"]}
        lines += ["", *_versus_floors(counts, samples, entry, macro=True), ""]
        data[f"newsmtsc-polarity/{split}"] = entry
    return lines


def write_results(
    tasks: Sequence[Task],
    span_results: Mapping[str, Mapping[str, Mapping[str, Outcome]]],
    polarity_results: Mapping[str, Mapping[str, Mapping[str, Any]]],
    output: Path,
    *,
    samples: int,
    quick: bool,
) -> dict[str, Any]:
    """Write RESULTS.md and results.json under ``output``; return the JSON data plus the printed ``tables``."""
    data: dict[str, Any] = {}
    body: list[str] = []
    for task in tasks:
        body += _span_section(task, span_results[task.name], samples, data)
    body += _polarity_section(polarity_results, samples, data)
    names = {task.name for task in tasks}
    missing = (
        []
        if "m2e2-events" in names
        else [
            "- **M2E2 events**: the M2E2 importer (`annotation.formats.m2e2`) has not landed; events and arguments are scored "
            "on WikiEvents dev only. Re-run `make benchmark` once it exists."
        ]
    )
    header = [
        "# Baseline results",
        "",
        "Generated by `flashpoint benchmark` (`make benchmark`); do not edit by hand.",
        f"Generated {datetime.now(UTC).isoformat(timespec='seconds')} on {platform.machine()} / Python {platform.python_version()}; "
        + ", ".join(f"{k} {v}" for k, v in library_versions().items())
        + ".",
        "",
        *(["**QUICK RUN (--quick): small subsets, numbers are not comparable.**", ""] if quick else []),
        "Our own corpus does not exist yet: every score here is on external gold, mapped to our schema by the `annotation/formats` "
        "importers, with document-level 5-fold cross-validation where the corpus has no train split (`cv` = pooled out-of-fold "
        "predictions; there is no separate validation split for those). Floors: `majority` (most frequent tag / label) and "
        "`memorise` (a string gets the label it most often had in training). Learned: `crf` (sklearn-crfsuite) and `linear` "
        "(logistic regression per token); arguments and polarity use logistic regression in both. ΔF1 intervals are 95% paired "
        "document-level bootstrap intervals; a learned model beats a floor when the whole interval is above 0.",
        "",
        "Caveats: M2E2-style sparse event gold makes precision look low (unannotated true events count as spurious). "
        "Scores are strict (type + exact boundaries); gold spans that do not sit on token boundaries cannot be matched by a "
        "token tagger and count as misses.",
        *(["", *missing] if missing else []),
        "",
        ANCHORS,
    ]
    text = "\n".join([*header, *body]).rstrip() + "\n"
    output.mkdir(parents=True, exist_ok=True)
    (output / "RESULTS.md").write_text(text, encoding="utf-8")
    (output / "results.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return {**data, "tables": "\n".join(body)}
