"""``flashpoint check-m2e2``: compare our finished gold events with M2E2's on the shared VOA articles."""

from __future__ import annotations

import argparse

HELP = "external check: our gold events vs M2E2's independent ACE events on the same VOA articles (recall-oriented)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exports", default="annotation/exports", help="folder of Label Studio exports (our annotation)")
    parser.add_argument("--m2e2", help="M2E2 folder (default: the shared m2e2_voa folder)")
    parser.add_argument("-o", "--output", default="annotation/reports/m2e2_check.json")


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from annotation.build.gold import NotAdjudicated, choose_gold
    from annotation.build.sources import SourceReport, read_exports
    from annotation.errors import FlashpointError
    from annotation.external_check import compare, m2e2_pairs
    from annotation.formats import READERS, Report
    from annotation.paths import EXTERNAL

    sources = SourceReport()
    ours = []
    for document in read_exports(Path(args.exports), sources):
        try:
            ours.append((document, choose_gold(document).gold))
        except NotAdjudicated as error:
            sources.problems.append(str(error))
    for problem in sources.problems:
        print(f"flashpoint check-m2e2: left out: {problem}", file=sys.stderr)
    if not ours:
        raise FlashpointError(f"{args.exports}: no annotated documents")
    imported = Report()
    reference = READERS["m2e2.v1"](Path(args.m2e2) if args.m2e2 else EXTERNAL / "m2e2_voa", entities=False, report=imported)
    report = compare(m2e2_pairs(ours, reference))
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    for key, value in report["summary"].items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    return 1 if sources.problems else 0
