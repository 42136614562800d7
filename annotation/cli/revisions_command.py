"""``flashpoint revisions``: what each revision of a gold set to a newer guideline changed, per document."""

from __future__ import annotations

import argparse

HELP = "per document, what a revision to a newer guideline changed against the set it revises (Markdown / JSON)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", help="a Label Studio export or corpus JSONL")
    parser.add_argument("--markdown", metavar="OUT")
    parser.add_argument("--json", metavar="OUT")


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from annotation.agreement.inputs import load_documents
    from annotation.revision import revisions, revisions_json, revisions_markdown

    changes = list(revisions(load_documents(args.input).documents))
    markdown = revisions_markdown(changes)
    if args.markdown:
        Path(args.markdown).write_text(markdown, encoding="utf-8")
    else:
        print(markdown, end="")
    if args.json:
        Path(args.json).write_text(json.dumps(revisions_json(changes), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0
