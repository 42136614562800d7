"""``flashpoint schema``: print the label schema as readable tables."""

from __future__ import annotations

import argparse

HELP = "print the label schema (entity types, event types with roles, stance polarities) as tables"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--schema", help="a schema YAML file (default: the packaged annotation/schema.yaml)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text", help="output format")


def run(args: argparse.Namespace) -> int:
    from annotation.schema import load_schema
    from annotation.schema_table import render_schema

    print(render_schema(load_schema(args.schema), markdown=args.format == "markdown"))
    return 0
