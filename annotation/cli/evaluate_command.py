"""``flashpoint evaluate``: score predictions against gold (corpus JSONL or CoNLL-style BIO files)."""

from __future__ import annotations

import argparse
import sys

HELP = "score predictions against gold: per-label P/R/F1 in strict/exact/overlap/partial modes, with bootstrap intervals"
DESCRIPTION = (
    "Score PRED against GOLD. Both are corpus JSON Lines files (documents matched by id; one annotation set chosen "
    "per document) or both are CoNLL-style files (one token per line, tag in the last column, blank line between "
    "sentences). Prints a Markdown table; --json/--markdown/--csv/--plot write files."
)
MODES = ("strict", "exact", "overlap", "partial")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", metavar="GOLD", help="gold corpus JSONL or BIO file")
    parser.add_argument("pred", metavar="PRED", help="predicted corpus JSONL or BIO file (may be GOLD itself with two annotators)")
    parser.add_argument(
        "--layer", choices=("entities", "events", "stance"), help="layer to score (corpus default: entities; BIO: check types against it)"
    )
    parser.add_argument("--mode", action="append", choices=MODES, help="matching mode(s) to report (repeatable; default: all four)")
    parser.add_argument(
        "--scheme", default="conlleval", choices=("conlleval", "IOB2", "IOBES"), help="BIO tagging scheme (default: conlleval, lenient)"
    )
    parser.add_argument(
        "--min-overlap", type=float, default=0.0, help="share of the gold span an overlap must cover (overlap/partial modes)"
    )
    parser.add_argument("--gold-annotator", help="annotation set to use as gold (default: the gold-status set, else the only set)")
    parser.add_argument(
        "--pred-annotator", help="annotation set to use as prediction (default: the prediction-status set, else the only set)"
    )
    parser.add_argument(
        "--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples for F1 intervals (0: none; default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="bootstrap random seed")
    parser.add_argument(
        "--compare", metavar="PRED_B", help="another system's predictions on the same gold: paired bootstrap test of PRED against it"
    )
    parser.add_argument("--json", metavar="OUT", help="write the full report as JSON")
    parser.add_argument("--markdown", metavar="OUT", help="write the Markdown tables")
    parser.add_argument("--csv", metavar="OUT", help="write one CSV row per mode and label")
    parser.add_argument("--plot", metavar="OUT.png", help="write per-label F1 with intervals and the type confusion matrix")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    from pathlib import Path

    from annotation.errors import FlashpointError
    from eval.bio import SchemeError
    from eval.layers import LabelError
    from eval.load import LoadError
    from eval.pairing import PairingError
    from eval.report import EvaluationReport
    from eval.run import compare, evaluate_bio, evaluate_corpus, looks_like_corpus
    from eval.spans import Matching, SpanError
    from eval.writers import to_markdown, write

    for name in (args.gold, args.pred, *([args.compare] if args.compare else [])):
        if not Path(name).is_file():
            raise FlashpointError(f"{name}: no such file")
    if args.bootstrap < 0:
        raise FlashpointError("--bootstrap must be 0 or more")
    modes = tuple(dict.fromkeys(args.mode)) if args.mode else MODES
    try:
        corpus = looks_like_corpus(args.gold), looks_like_corpus(args.pred)
        if corpus[0] != corpus[1]:
            raise FlashpointError(f"{args.gold} and {args.pred} are not the same kind of file (corpus JSONL vs BIO)")
        if args.compare and looks_like_corpus(args.compare) != corpus[0]:
            raise FlashpointError(f"{args.compare} is not the same kind of file as {args.pred}")

        def evaluate(pred: str, n_resamples: int) -> tuple[EvaluationReport, Matching]:
            if corpus[0]:
                report, result = evaluate_corpus(
                    args.gold, pred, layer=args.layer or "entities", modes=modes, min_overlap=args.min_overlap,
                    gold_annotator=args.gold_annotator, pred_annotator=args.pred_annotator, n_resamples=n_resamples, seed=args.seed,
                )  # fmt: skip
                return report, result.matching
            return evaluate_bio(
                args.gold, pred, scheme=args.scheme, layer=args.layer, modes=modes, min_overlap=args.min_overlap,
                n_resamples=n_resamples, seed=args.seed,
            )  # fmt: skip

        report, matching = evaluate(args.pred, args.bootstrap)
        if args.compare:
            _, other = evaluate(args.compare, 0)
            tests = compare(matching, other, report.spans, report.documents, n_resamples=args.bootstrap or 1000, seed=args.seed)
            report = dataclasses.replace(report, compared_with=args.compare, comparison=tests)
    except (LoadError, LabelError, PairingError, SchemeError, SpanError) as error:
        raise FlashpointError(str(error)) from error
    for kind in ("json", "markdown", "csv"):
        if getattr(args, kind):
            write(report, kind, getattr(args, kind))
    if args.plot:
        from eval.plot import plot_report

        plot_report(report, args.plot)
    sys.stdout.write(to_markdown(report))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
