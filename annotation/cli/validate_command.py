"""``flashpoint validate``: check a corpus file and print every problem."""

from __future__ import annotations

import argparse
import sys

HELP = "check a corpus JSONL file (or a Label Studio JSON export, detected by content) against the schema, offsets and references"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="corpus JSON Lines file(s)")
    parser.add_argument("--schema", help="a schema YAML file (default: the packaged one)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotation.errors import FlashpointError
    from annotation.labelstudio.export import looks_like_export
    from annotation.labelstudio.export_validate import validate_export
    from annotation.schema import load_schema
    from annotation.validate import validate_file

    schema = load_schema(args.schema)
    total = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise FlashpointError(f"{name}: no such file")
        count = 0
        try:
            problems = validate_export(path, schema) if looks_like_export(path) else validate_file(path, schema)
            for problem in problems:
                print(f"{name}:{problem}")
                count += problem.severity != "warning"
        except UnicodeDecodeError as error:
            raise FlashpointError(f"{name}: not UTF-8 text ({error.reason} at byte {error.start})") from error
        total += count
        print(f"{name}: {'OK' if count == 0 else f'{count} problem(s)'}", file=sys.stderr)
    return 1 if total else 0
