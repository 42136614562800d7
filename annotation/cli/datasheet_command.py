"""``flashpoint datasheet``: generate DATASHEET.md from the built dataset and the agreement reports (or check it)."""

from __future__ import annotations

import argparse

HELP = "generate DATASHEET.md (counts, labels, licences, agreement) from dataset/ and annotation/reports/; --check compares"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", default="dataset", help="built dataset folder (default dataset/)")
    parser.add_argument("--agreement", default="annotation/reports/agreement.json", help="JSON of flashpoint agreement")
    parser.add_argument("--agreement-test", default="annotation/reports/agreement-test.json",
                        help="JSON of flashpoint agreement --split test --guideline 1.1")
    parser.add_argument("--agreement-validation", default="annotation/reports/agreement-validation.json",
                        help="JSON of flashpoint agreement --split validation --guideline 1.1")
    parser.add_argument("--audit", default="annotation/reports/audit.json", help="JSON of flashpoint audit score")
    parser.add_argument("--revision", default="annotation/reports/revision-1.1.json", help="JSON of flashpoint revisions")
    parser.add_argument("--m2e2", default="annotation/reports/m2e2_check.json", help="JSON of the M2E2 event comparison")
    parser.add_argument("-o", "--output", default="DATASHEET.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if the output file differs from what would be generated")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from annotation.datasheet import Inputs, check_placeholders, render_datasheet
    from annotation.errors import FlashpointError

    dataset = Path(args.dataset)
    if not (dataset / "README.md").is_file():
        raise FlashpointError(f"{dataset}: no built dataset (run flashpoint build)")
    text = render_datasheet(Inputs(dataset, Path(args.agreement), Path(args.m2e2), Path(args.agreement_test),
                                   Path(args.agreement_validation), Path(args.audit), Path(args.revision)))
    unfilled = check_placeholders(text)
    if unfilled:
        raise FlashpointError(f"datasheet template has unknown placeholders: {', '.join(unfilled)}")
    output = Path(args.output)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            print(f"{output} is stale: run flashpoint datasheet", file=sys.stderr)
            return 1
        print(f"{output} is current")
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0
