"""``flashpoint audit``: blind audit sheets of gold documents, and the precision / recall their verdicts give."""

from __future__ import annotations

import argparse

HELP = "write blind-audit sheets of gold documents (sheets), or score filled sheets per layer (score)"


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    sheets = actions.add_parser("sheets", help="one sheet per document listing every gold item with an empty verdict")
    sheets.add_argument("input", metavar="INPUT", help="a Label Studio export or corpus JSONL with gold sets")
    sheets.add_argument("doc_ids", nargs="+", metavar="DOC_ID")
    sheets.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for <DOC_ID>.json sheets")
    score = actions.add_parser("score", help="precision and recall per layer from filled sheets")
    score.add_argument("sheets", nargs="+", metavar="SHEET", help="filled sheet JSON files")
    score.add_argument("--json", metavar="OUT")
    score.add_argument("--markdown", metavar="OUT")
    score.add_argument("--resamples", type=int, default=1000)


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from annotation.agreement.inputs import load_documents
    from annotation.audit import audit_markdown, audit_sheet, read_sheets, score_audits
    from annotation.build.gold import choose_gold
    from annotation.errors import FlashpointError

    if args.action == "sheets":
        documents = {d.id: d for d in load_documents(args.input).documents}
        missing = [doc_id for doc_id in args.doc_ids if doc_id not in documents]
        if missing:
            raise FlashpointError(f"{args.input}: no document {', '.join(missing)}")
        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        for doc_id in args.doc_ids:
            sheet = audit_sheet(documents[doc_id], choose_gold(documents[doc_id]).gold)
            (out / f"{doc_id}.json").write_text(json.dumps(sheet, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {len(args.doc_ids)} audit sheet(s) to {out}")
        return 0
    report = score_audits(read_sheets(Path(p) for p in args.sheets), n_resamples=args.resamples)
    markdown = audit_markdown(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.markdown:
        Path(args.markdown).write_text(markdown, encoding="utf-8")
    print(markdown, end="")
    return 0
