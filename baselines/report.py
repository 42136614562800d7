"""Benchmark scores -> Markdown tables (stdout and ``baselines/RESULTS.md``, generated, never hand-edited) and JSON.

Every number comes from :mod:`baselines.benchmark` (which scores with :mod:`eval`); nothing is typed in here except
the published anchors, which are quoted from ``shared/notes/evaluation.md`` as orientation.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baselines.benchmark import (
    LEARNED,
    POLARITY_LEARNED,
    Outcome,
    PolarityOutcome,
    PolarityScored,
    PolarityTask,
    Scored,
    Task,
    versus_floors,
)
from baselines.persist import library_versions
from baselines.plot import plot_versus_floors
from baselines.registry import describe_settings
from eval.bootstrap import PairedTest

FIGURE = "versus_floors.png"  # written beside RESULTS.md by :func:`write_results`
ANCHORS = "\n".join(
    [
        "## Published anchors (from `shared/notes/evaluation.md`): the settings differ, read them as orientation only",
        "",
        "| task | published | our closest rows | how the setting differs |",
        "|---|---|---|---|",
        "| CoNLL-2003 English NER test F1 | dictionary baseline 59.61; Stanford CRF ~85.5–86.9; BiLSTM-CRF 90.1–91.2; BERT-base 92.4 "
        "| entities: `memorise` (≈ the dictionary baseline), `crf` | CoNLL trains on 200k+ tokens with 4 types; ours on a few "
        "dozen documents with 9 types (our corpus; WikiEvents and re3d mapped to our types), so far lower scores are expected |",
        "| ACE 2005 trigger classification F1 | DMCNN ~69.1, JRNN ~69.3, OneIE ~74.7 | events: `triggers` (our corpus, M2E2) | ACE "
        "trains on ~500 documents with 33 types on the standard split; ours on our train split or on cross-validation folds "
        "of the 137 M2E2 VOA articles, types mapped to ours |",
        "| MAVEN trigger F1 | DMCNN ~60.6, BERT+CRF ~67.8 | events: `triggers` | MAVEN classifies given candidates; ours extract spans |",
        "| SemEval-2016 Task 6 stance F_avg | majority 65.22, SVM n-grams 68.98, best team 67.82 | polarity alone: `F_avg` | "
        "SemEval is tweet-level stance toward 5 fixed targets; ours is the polarity of a stance span toward its target in "
        "a news article, NewsMTSC's is sentiment toward a person in a news sentence (3 classes) |",
        "",
    ]
)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _verdict(test: PairedTest) -> str:
    if test.interval.low > 0:
        return "yes"
    if test.delta > 0:
        return "**no**: ahead, but the interval reaches 0"
    return "**no**: not ahead of the floor"


@dataclass
class Results:
    """What the benchmark writes: Markdown sections, a summary table and the JSON data."""

    summary: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


def _floors_lines(tests: Mapping[str, PairedTest], metric: str, entry: dict[str, Any]) -> list[str]:
    lines = [
        f"| learned − floor | Δ {metric} F1 | 95% paired bootstrap interval | p | beats the floor by more than the interval? |",
        "|---|---|---|---|---|",
    ]
    for name, test in tests.items():
        interval = f"[{_pct(test.interval.low)}, {_pct(test.interval.high)}]"
        lines.append(f"| {name} | {_pct(test.delta)} | {interval} | {test.p_value:.3f} | {_verdict(test)} |")
        entry[name] = {"delta": test.delta, "low": test.interval.low, "high": test.interval.high, "p_value": test.p_value,
                       "beats": test.interval.low > 0}
    return lines


def _per_row_lines(scores: Mapping[str, Scored], title: str) -> list[str]:
    rows = [r for r in next(iter(scores.values())).per_row if any(s.per_row[r].support or s.per_row[r].predicted for s in scores.values())]
    if not rows:
        return []
    lines = [f"Per-{title} F1:", "", f"| {title} | gold | " + " | ".join(scores) + " |", "|---|---|" + "---|" * len(scores)]
    for row in rows:
        support = max(s.per_row[row].support for s in scores.values())
        lines.append(f"| {row} | {support} | " + " | ".join(_pct(s.per_row[row].f1) for s in scores.values()) + " |")
    return [*lines, ""]


def _summary_row(results: Results, part: str, task: str, split: str, measure: str, scores: Mapping[str, Scored],
                 tests: Mapping[str, PairedTest], learned: Sequence[str], floors: Sequence[str]) -> None:
    best_floor = max(floors, key=lambda f: scores[f].f1)
    cells = []
    for model in learned:
        against = [t for name, t in tests.items() if name.startswith(f"{model} - ")]
        beats = all(t.interval.low > 0 for t in against)
        cells.append(f"{model} {_pct(scores[model].f1)} ({'beats both floors' if beats else '**does not beat both floors**'})")
    results.summary.append(
        f"| {part} | {task} | {split} | {measure} | {best_floor} {_pct(scores[best_floor].f1)} | {'; '.join(cells)} |"
    )


def add_task(results: Results, task: Task, outcomes: Mapping[str, Mapping[str, Outcome]],
             scores: Mapping[str, Mapping[str, Mapping[str, Scored]]], *, samples: int) -> None:
    """Sections for one span task: ``scores[split][measure][model]``."""
    lines = [f"## {task.name}: {task.layer} on {task.corpus}", ""]
    if task.note:
        lines += [task.note, ""]
    for split, by_measure in scores.items():
        unit = "pooled out-of-fold predictions" if split == "cv" else f"trained on train, scored on {split}"
        for measure, by_model in by_measure.items():
            key = f"{task.name}/{split}/{measure}"
            entry: dict[str, Any] = {"models": {}, "versus_floors": {}}
            lines += [f"### {task.name} · {split} · {measure} ({unit}; strict match)", ""]
            lines += ["| model | P | R | F1 | gold | predicted | train s | predict s | tokens/s |", "|---|---|---|---|---|---|---|---|---|"]
            for model, scored in by_model.items():
                outcome = outcomes[split][model]
                speed = outcome.tokens / outcome.predict_seconds if outcome.predict_seconds else 0.0
                micro = scored.micro
                lines.append(
                    f"| {model} | {_pct(micro.precision)} | {_pct(micro.recall)} | {_pct(micro.f1)} | {micro.support} | "
                    f"{micro.predicted} | {outcome.train_seconds:.1f} | {outcome.predict_seconds:.2f} | {speed:,.0f} |"
                )
                entry["models"][model] = {
                    "precision": micro.precision, "recall": micro.recall, "f1": micro.f1, "support": micro.support,
                    "predicted": micro.predicted, "train_seconds": outcome.train_seconds,
                    "predict_seconds": outcome.predict_seconds, "tokens_per_second": speed,
                    "per_label_f1": {row: prf.f1 for row, prf in scored.per_row.items()},
                }
            tests = versus_floors(by_model, LEARNED, samples=samples)
            lines += ["", *_floors_lines(tests, "micro", entry["versus_floors"]), ""]
            lines += _per_row_lines(by_model, "role" if measure.startswith("arguments") else "label")
            results.data[key] = entry
            floors = [m for m in by_model if m not in LEARNED]
            _summary_row(results, task.part, task.name, split, measure, by_model, tests, [m for m in LEARNED if m in by_model], floors)
    results.sections += lines


def add_polarity(results: Results, task: PolarityTask, outcomes: Mapping[str, Mapping[str, PolarityOutcome]],
                 scores: Mapping[str, Mapping[str, PolarityScored]], *, samples: int) -> None:
    lines = [f"## {task.name}: stance polarity alone, given the gold stance span and target ({task.corpus})", ""]
    if task.note:
        lines += [task.note, ""]
    for split, by_model in scores.items():
        entry: dict[str, Any] = {"models": {}, "versus_floors": {}}
        lines += [f"### {task.name} · {split} ({len(outcomes[split][POLARITY_LEARNED].gold)} items)", ""]
        lines += ["| model | accuracy | macro F1 | F_avg (FAVOR, AGAINST) | train s | predict s |", "|---|---|---|---|---|---|"]
        for model, polarity in by_model.items():
            outcome = outcomes[split][model]
            lines.append(
                f"| {model} | {_pct(polarity.accuracy)} | {_pct(polarity.scored.f1)} | {_pct(polarity.f_avg)} | "
                f"{outcome.train_seconds:.1f} | {outcome.predict_seconds:.2f} |"
            )
            entry["models"][model] = {
                "accuracy": polarity.accuracy, "macro_f1": polarity.scored.f1, "f_avg": polarity.f_avg,
                "per_label_f1": {row: prf.f1 for row, prf in polarity.scored.per_row.items()},
                "train_seconds": outcome.train_seconds, "predict_seconds": outcome.predict_seconds,
            }
        scored = {model: p.scored for model, p in by_model.items()}
        tests = versus_floors(scored, [POLARITY_LEARNED], samples=samples)
        lines += ["", *_floors_lines(tests, "macro", entry["versus_floors"]), ""]
        lines += _per_row_lines(scored, "polarity")
        results.data[f"{task.name}/{split}"] = entry
        _summary_row(results, task.part, task.name, split, "polarity macro F1", scored, tests, [POLARITY_LEARNED],
                     [m for m in scored if m != POLARITY_LEARNED])
    results.sections += lines


def render(results: Results, *, command: str, seconds: float, quick: bool) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in library_versions().items())
    header = [
        "# Baseline results",
        "",
        f"Generated by `{command}` (the main job, `make benchmark`); do not edit by hand. Machine: {os.cpu_count()} CPU "
        f"core(s), {platform.machine()}, Python {platform.python_version()}; {versions}. The benchmark took {seconds:.0f} s.",
        "",
        *(["**QUICK RUN (--quick): small subsets and few resamples; the numbers are not comparable.**", ""] if quick else []),
        "Part 1 trains every baseline on the train split of our corpus (`dataset/`, built by `flashpoint build` from the "
        "Label Studio exports) and scores it on validation and test. Part 2 scores the same baselines on external gold "
        "mapped to our schema by the `annotation/formats` importers, with document-level cross-validation (`cv`: pooled "
        "out-of-fold predictions) where the corpus has no train split. Floors: `majority` (most frequent tag / label) and "
        "`memorise` (a string gets the label it most often had in training). Learned: `crf` (sklearn-crfsuite) and "
        "`linear` (logistic regression per token, fitted by SGD), and `crf-memorise` (the CRF's spans plus memorised phrases "
        "where the CRF predicts none); arguments, links and polarity use logistic regression in all three; "
        "`tfidf-logreg` is the polarity classifier alone (TF-IDF of the span and of its context, VADER prior-polarity "
        f"features, logistic regression). Per-layer tagger settings, chosen by cross-validation on the train split "
        f"(`baselines/registry.py`): {describe_settings()}. Scores are strict (type and exact boundaries; ACE "
        "argument classification for arguments) and computed by `eval`. A learned model beats a floor when the whole 95% "
        "paired document-level bootstrap interval (`eval.bootstrap.paired_bootstrap`) of the F1 difference is above 0; "
        "where it is not, the tables say so.",
        "",
        "Caveats: arguments and stance holders / targets are chosen among the gold entity mentions (and events), so "
        "those rows measure classification and linking, not mention detection; the event trigger taggers also read the "
        "gold entity types around each token (the ACE setting with gold entity mentions; on new text `flashpoint "
        "predict` gives them the mentions of an entity model run first). M2E2-style sparse event gold makes "
        "precision look low (unannotated true events count as spurious). Gold spans that do not sit on token boundaries "
        "cannot be matched exactly by a token tagger and count as misses.",
        "",
        "## Summary: the best floor and each learned model (headline F1, percent)",
        "",
        "| part | task | split | measure | best floor | learned (beats both floors by more than the interval?) |",
        "|---|---|---|---|---|---|",
        *results.summary,
        "",
        f"![Each learned model minus its stronger floor, with the 95% paired bootstrap interval]({FIGURE})",
        "",
        ANCHORS,
    ]
    return "\n".join([*header, *results.sections]).rstrip() + "\n"


def write_results(results: Results, output: Path, *, command: str, seconds: float, quick: bool) -> str:
    """Write RESULTS.md and results.json under ``output``; return the Markdown."""
    text = render(results, command=command, seconds=seconds, quick=quick)
    output.mkdir(parents=True, exist_ok=True)
    (output / "RESULTS.md").write_text(text, encoding="utf-8")
    data = {"command": command, "cpu_cores": os.cpu_count(), "quick": quick, "results": results.data}
    (output / "results.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    plot_versus_floors(results.data, output / FIGURE)
    return text
