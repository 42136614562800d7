"""Evaluate files end to end: read, pair, score, bootstrap, and assemble an :class:`~eval.report.EvaluationReport`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from annotation.schema import Schema, load_schema
from eval.bootstrap import Interval, Intervals, PairedTest, bootstrap_many, counts_from_docs, paired_bootstrap
from eval.layers import LabelError, LayerResult, score_pairs
from eval.load import LoadError, pair_bio_files, pair_corpora
from eval.pairing import match_bio
from eval.report import Confusion, EvaluationReport
from eval.spans import MODES, Matching, SpanReport, confusion


def _with_exact(modes: Sequence[str]) -> tuple[str, ...]:
    return tuple(modes) if "exact" in modes else (*modes, "exact")


def looks_like_corpus(path: str | Path) -> bool:
    """A corpus JSONL file starts (after blank lines) with ``{``; a BIO file does not."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    return line.lstrip().startswith("{")
    except UnicodeDecodeError as error:
        raise LoadError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    return False


def span_intervals(
    matching: Matching, report: SpanReport, n_docs: int, *, n_resamples: int, seed: int, confidence: float = 0.95
) -> dict[str, Intervals]:
    """Bootstrap F1 intervals for every listed label and average, in every mode."""
    rows = [matching.labels.index(label) for label in report.labels]
    tables = [(matching.counts_by_doc(mode, n_docs)[:, rows], report.labels, scores.macro.labels) for mode, scores in report.modes.items()]
    found = bootstrap_many(tables, n_resamples=n_resamples, confidence=confidence, seed=seed)
    return dict(zip(report.modes, found, strict=True))


def _confusion(matching: Matching, report: SpanReport, mode: str = "exact") -> Confusion | None:
    if mode not in matching.modes:
        return None
    labels, matrix = confusion(matching, mode)
    keep = [labels.index(label) for label in report.labels] + [len(labels) - 1]
    sub = matrix[np.ix_(keep, keep)]
    return Confusion(mode, tuple(labels[i] for i in keep), tuple(tuple(int(v) for v in row) for row in sub.tolist()))


def evaluate_corpus(
    gold: str | Path,
    pred: str | Path,
    *,
    layer: str = "entities",
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
    gold_annotator: str | None = None,
    pred_annotator: str | None = None,
    n_resamples: int = 1000,
    seed: int = 0,
    schema: Schema | None = None,
) -> tuple[EvaluationReport, LayerResult]:
    """Score a predicted corpus JSONL against a gold one (documents matched by id) for one layer."""
    paired = pair_corpora(gold, pred, gold_annotator=gold_annotator, pred_annotator=pred_annotator)
    sets = [(p.doc_id, p.gold, p.pred) for p in paired.pairs]
    schema = schema or load_schema()
    result = score_pairs(sets, layer, schema=schema, modes=modes, min_overlap=min_overlap)
    # the confusion matrix needs the exact-boundary matching
    confusion_of = result.matching if "exact" in modes else score_pairs(sets, layer, schema=schema, modes=("exact",)).matching
    intervals: dict[str, Intervals] = {}
    task_intervals: dict[str, Interval] = {}
    if n_resamples:
        intervals = span_intervals(result.matching, result.report, len(result.docs), n_resamples=n_resamples, seed=seed)
        by_doc = result.events.tasks_by_doc if result.events else result.stance.tasks_by_doc if result.stance else {}
        tables = [(counts_from_docs(counts, result.docs), [task], ()) for task, counts in by_doc.items()]
        found = bootstrap_many(tables, n_resamples=n_resamples, seed=seed) if tables else []
        task_intervals = {task: intervals.micro for task, intervals in zip(by_doc, found, strict=True)}
    report = EvaluationReport(
        layer=layer,
        scheme="",
        gold=str(gold),
        pred=str(pred),
        documents=len(result.docs),
        gold_spans=len(result.matching.gold),
        pred_spans=len(result.matching.pred),
        spans=result.report,
        intervals=intervals,
        task_intervals=task_intervals,
        confusion=_confusion(confusion_of, result.report),
        events=result.events,
        stance=result.stance,
        warnings=paired.warnings,
        bootstrap={"n_resamples": n_resamples, "confidence": 0.95, "seed": seed, "unit": "document"} if n_resamples else {},
    )
    return report, result


def evaluate_bio(
    gold: str | Path,
    pred: str | Path,
    *,
    scheme: str = "conlleval",
    layer: str | None = None,
    modes: Sequence[str] = MODES,
    min_overlap: float = 0.0,
    n_resamples: int = 1000,
    seed: int = 0,
    schema: Schema | None = None,
) -> tuple[EvaluationReport, Matching]:
    """Score a CoNLL-style BIO prediction file against a gold one; sentences are the bootstrap unit.

    With ``layer`` every label of that schema layer is listed and a type outside it is an error; without, the
    labels are the types found (any tag set, e.g. CoNLL-2003's).
    """
    gold_file, pred_file, warnings = pair_bio_files(gold, pred)
    labels: Sequence[str] = (schema or load_schema()).labels_of(layer) if layer else ()
    matching = match_bio(gold_file.tags, pred_file.tags, scheme=scheme, labels=labels, modes=_with_exact(modes), min_overlap=min_overlap)
    present = set(matching.gold.label.tolist()) | set(matching.pred.label.tolist())
    found = [name for code, name in enumerate(matching.labels) if code in present]
    if layer:
        unknown = sorted(set(found) - set(labels))
        if unknown:
            where = _first_line(gold_file.tags, pred_file.tags, gold_file.lines, pred_file.lines, unknown, str(gold), str(pred))
            raise LabelError(f"type(s) {unknown} are not {layer} labels of the schema; first at {where}")
    listed = [name for name in matching.labels if name in labels or name in found]
    report = matching.report(listed=listed, modes=modes)
    intervals = span_intervals(matching, report, len(gold_file.tags), n_resamples=n_resamples, seed=seed) if n_resamples else {}
    evaluation = EvaluationReport(
        layer=layer or "entities",
        scheme=scheme,
        gold=str(gold),
        pred=str(pred),
        documents=len(gold_file.tags),
        gold_spans=len(matching.gold),
        pred_spans=len(matching.pred),
        spans=report,
        intervals=intervals,
        confusion=_confusion(matching, report),
        warnings=warnings,
        bootstrap={"n_resamples": n_resamples, "confidence": 0.95, "seed": seed, "unit": "sentence"} if n_resamples else {},
    )
    return evaluation, matching


def _first_line(
    gold: Sequence[Sequence[str]],
    pred: Sequence[Sequence[str]],
    gold_lines: Sequence[int],
    pred_lines: Sequence[int],
    unknown: Sequence[str],
    gold_path: str,
    pred_path: str,
) -> str:
    for tags, lines, path in ((gold, gold_lines, gold_path), (pred, pred_lines, pred_path)):
        for sentence, first in zip(tags, lines, strict=True):
            for offset, tag in enumerate(sentence):
                if any(tag.endswith("-" + name) for name in unknown):
                    return f"{path}:{first + offset} ({tag})"
    return "?"


def compare(
    a: Matching,
    b: Matching,
    report: SpanReport,
    n_docs: int,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> dict[str, dict[str, PairedTest]]:
    """Paired bootstrap tests of system A against system B (same gold, same documents) on the micro and macro F1
    of every mode of ``report`` (A's report; its averaged labels are used for both systems)."""
    if not (np.array_equal(a.gold.doc, b.gold.doc) and np.array_equal(a.gold.start, b.gold.start) and a.labels == b.labels):
        raise LoadError("the two predictions were not scored against the same gold spans")
    rows = [a.labels.index(label) for label in report.labels]
    tests: dict[str, dict[str, PairedTest]] = {}
    for mode, scores in report.modes.items():
        counts_a = a.counts_by_doc(mode, n_docs)[:, rows]
        counts_b = b.counts_by_doc(mode, n_docs)[:, rows]
        tests[mode] = {
            metric: paired_bootstrap(
                counts_a, counts_b, report.labels, metric=metric, averaged=scores.macro.labels, n_resamples=n_resamples, seed=seed
            )
            for metric in ("micro", "macro")
        }
    return tests
