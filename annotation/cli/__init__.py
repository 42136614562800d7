"""The ``flashpoint`` command: one entry point, one module per subcommand.

Each subcommand is a module with ``HELP`` (one line), ``configure(parser)`` and ``run(args) -> int``. Modules keep
their heavy imports inside ``run`` so that ``flashpoint --help`` stays fast. Add a subcommand by adding its module
to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from annotation.errors import FlashpointError

# subcommand name -> module implementing it (HELP, configure, run)
COMMANDS: dict[str, str] = {
    "schema": "annotation.cli.schema_command",
    "validate": "annotation.cli.validate_command",
    "ingest": "annotation.cli.ingest_command",
    "draft": "annotation.cli.draft_command",
    "select": "annotation.cli.select_command",
    "build": "annotation.cli.build_command",
    "datasheet": "annotation.cli.datasheet_command",
    "check-m2e2": "annotation.cli.check_m2e2_command",
    "train": "annotation.cli.train_command",
    "predict": "annotation.cli.predict_command",
    "evaluate": "annotation.cli.evaluate_command",
    "benchmark": "annotation.cli.benchmark_command",
    "ls": "annotation.cli.ls_command",
    "convert": "annotation.cli.convert_command",
    "agreement": "annotation.cli.agreement_command",
    "adjudicate": "annotation.cli.adjudicate_command",
    "audit": "annotation.cli.audit_command",
    "revisions": "annotation.cli.revisions_command",
}


def _load(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flashpoint",
        description=(
            "Flashpoint: build, annotate, validate and evaluate an annotated corpus of conflict and politics news "
            "(entities, events with arguments, stance)."
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        module = _load(name)
        sub = subparsers.add_parser(name, help=module.HELP, description=getattr(module, "DESCRIPTION", module.HELP))
        module.configure(sub)
        sub.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args._module.run(args)
    except FlashpointError as error:
        print(f"flashpoint {args.command}: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"flashpoint {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
