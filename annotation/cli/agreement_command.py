"""``flashpoint agreement``: inter-annotator agreement of doubly annotated documents, as JSON and Markdown."""

from __future__ import annotations

import argparse

HELP = "inter-annotator agreement (pairwise F1 per layer and label, kappa, alpha, bootstrap CIs) of an export or corpus"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", help="a Label Studio native export (JSON) or a corpus JSONL")
    parser.add_argument("--json", metavar="OUT", help="write the report as JSON here")
    parser.add_argument("--markdown", metavar="OUT", help="write the report as Markdown here (default: print it)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples of documents (default 1000; 0: no intervals)")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    parser.add_argument("--split", choices=("train", "validation", "test"),
                        help="only documents of this split (a document's meta.split, pinned at selection; else train)")
    parser.add_argument("--guideline", metavar="VERSION",
                        help="only annotation sets made to this guideline version (e.g. 1.1)")


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from annotation.agreement.inputs import load_documents, select_documents
    from annotation.agreement.markdown import render
    from annotation.agreement.report import agreement_report
    from annotation.errors import FlashpointError
    from eval.layers import LabelError

    if args.resamples < 0:
        raise FlashpointError("--resamples must be 0 or more")
    loaded = load_documents(args.input)
    for problem in loaded.problems:
        print(f"left out: {problem}", file=sys.stderr)
    documents = select_documents(loaded.documents, split=args.split, guideline=args.guideline)
    try:
        report = agreement_report(documents, n_resamples=args.resamples, seed=args.seed, progress=sys.stderr.isatty())
    except LabelError as error:
        raise FlashpointError(f"{args.input}: {error}") from error
    report["input"] = {"path": str(args.input), "format": loaded.kind, "documents_read": len(loaded.documents),
                       "split": args.split or "", "guideline": args.guideline or "", "documents_selected": len(documents)}
    report["problems"] = list(loaded.problems)
    markdown = render(report, str(args.input))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.markdown:
        Path(args.markdown).write_text(markdown, encoding="utf-8")
    if not args.markdown:
        print(markdown, end="")
    print(f"{report['documents']} document(s) with 2+ annotators, {report['pairs']} pair(s); "
          f"{report['skipped']['single_annotator']} single-annotator document(s) skipped; "
          f"{len(loaded.problems)} input problem(s)", file=sys.stderr)
    if not report["pairs"]:
        print("no document has two or more independent annotators: nothing to compare", file=sys.stderr)
        return 1
    return 1 if loaded.problems else 0
