"""``flashpoint ls``: the Label Studio loop (config, push, annotate, pull, serve).

Connection: ``LABEL_STUDIO_URL`` (or ``--url``) and ``LABEL_STUDIO_API_KEY`` from the environment; the key is
never printed, logged or written.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotation.labelstudio.client import LabelStudioClient
    from annotation.labelstudio.export import ConversionReport
    from annotation.model import AnnotationSet, Document

HELP = "Label Studio: generate the config, push documents, create annotations per annotator, pull and convert, serve"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="ls_command", metavar="SUBCOMMAND")
    sub.required = True

    config = sub.add_parser("config", help="print (or write) the labelling config XML generated from the schema")
    config.add_argument("-o", "--output", help="write the XML here instead of standard output")
    config.add_argument("--schema", help="a schema YAML file (default: the packaged one)")

    push = sub.add_parser("push", help="create or update a project by title with our config and import documents as tasks")
    push.add_argument("corpus", help="corpus JSONL of the documents to import")
    push.add_argument("--project", required=True, help="project title (created if missing, config updated if found)")
    push.add_argument("--predictions", help="corpus JSONL whose annotation sets are imported as predictions (model_version = annotator)")

    annotate = sub.add_parser("annotate", help="create each raw annotation set in its task as the annotator's own user")
    annotate.add_argument("corpus", help="corpus JSONL with raw annotation sets (provenance.annotator = the person)")
    annotate.add_argument("--project", required=True)

    pull = sub.add_parser("pull", help="snapshot-export every task with all annotations; write the native JSON and the corpus")
    pull.add_argument("--project", required=True)
    pull.add_argument("--export", required=True, help="where to write the native JSON export (deterministic, committable)")
    pull.add_argument("--corpus", help="where to write the converted corpus JSONL (rejects beside it)")
    pull.add_argument("--repair", action="store_true", help="move regions whose text does not match their offsets, with a report")
    pull.add_argument("--guideline-version", default="", help="guideline version recorded in every pulled annotation set")

    convert = sub.add_parser("convert", help="convert a native JSON export file into a corpus (no server needed)")
    convert.add_argument("export")
    convert.add_argument("-o", "--output", required=True, help="corpus JSONL to write (rejects beside it)")
    convert.add_argument("--repair", action="store_true")
    convert.add_argument("--guideline-version", default="")

    serve = sub.add_parser("serve", help="start a local Label Studio (from .venv-ls) on 127.0.0.1 for annotators")
    serve.add_argument("--data-dir", required=True)
    serve.add_argument("--port", type=int, default=8080)

    for command in (push, annotate, pull):
        command.add_argument("--url", help="server URL (default: $LABEL_STUDIO_URL)")


def run(args: argparse.Namespace) -> int:
    handler = {"config": _config, "push": _push, "annotate": _annotate, "pull": _pull, "convert": _convert, "serve": _serve}
    return handler[args.ls_command](args)


def _client(args: argparse.Namespace) -> LabelStudioClient:
    from annotation.labelstudio.client import LabelStudioClient, connection_from_env

    client = LabelStudioClient(connection_from_env(args.url))
    client.check()
    return client


def _documents(path: str) -> list[Document]:
    from annotation.corpus import CorpusError, iter_corpus
    from annotation.errors import FlashpointError

    try:
        return list(iter_corpus(path))
    except FileNotFoundError as error:
        raise FlashpointError(f"{path}: no such file") from error
    except CorpusError as error:
        raise FlashpointError(str(error)) from error


def _config(args: argparse.Namespace) -> int:
    from annotation.labelstudio.config import check_config, label_config
    from annotation.schema import load_schema

    xml = label_config(load_schema(args.schema))
    check_config(xml)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(xml)
    else:
        sys.stdout.write(xml)
    return 0


def _push(args: argparse.Namespace) -> int:
    from annotation.labelstudio.push import push

    predictions: dict[str, list[AnnotationSet]] = {}
    if args.predictions:
        for document in _documents(args.predictions):
            predictions.setdefault(document.id, []).extend(document.annotations)
    report = push(_client(args), args.project, _documents(args.corpus), predictions)
    state = "created" if report.created_project else "updated"
    print(f"project {args.project!r} (id {report.project_id}) {state}: {report.imported} task(s) imported with "
          f"{report.predictions} prediction(s), {report.skipped} already there")
    return 0


def _annotate(args: argparse.Namespace) -> int:
    from annotation.labelstudio.push import annotate

    report = annotate(_client(args), args.project, _documents(args.corpus))
    users = ", ".join(f"{name}={uid}" for name, uid in sorted(report.users.items()))
    print(f"project {report.project_id}: {report.created} annotation(s) created, {report.skipped} already there; users {users}")
    return 0


def _print_conversion(report: ConversionReport, corpus: str) -> int:
    for issue in report.issues:
        print(str(issue), file=sys.stderr)
    for error in report.export_errors:
        print(str(error), file=sys.stderr)
    print(f"{corpus}: {report.converted} document(s); {report.rejected} task(s) put aside"
          + (f" in {report.rejects_path}" if report.rejects_path else ""), file=sys.stderr)
    return 0 if report.ok else 1


def _pull(args: argparse.Namespace) -> int:
    from annotation.labelstudio.pull import pull

    report = pull(_client(args), args.project, args.export, args.corpus, repair=args.repair, guideline_version=args.guideline_version)
    print(f"{report.export_path}: {report.tasks} task(s) from project {report.project_id} (snapshot {report.snapshot_id})", file=sys.stderr)
    return _print_conversion(report.conversion, args.corpus) if report.conversion is not None else 0


def _convert(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotation.errors import FlashpointError
    from annotation.labelstudio.export import convert_export

    if not Path(args.export).is_file():
        raise FlashpointError(f"{args.export}: no such file")
    report = convert_export(args.export, args.output, repair=args.repair, guideline_version=args.guideline_version, progress=True)
    return _print_conversion(report, args.output)


def _serve(args: argparse.Namespace) -> int:
    import os
    import secrets
    from pathlib import Path

    from annotation.labelstudio.server import ServerSettings

    token = os.environ.get("LABEL_STUDIO_API_KEY") or secrets.token_hex(20)
    password = os.environ.get("LABEL_STUDIO_PASSWORD") or secrets.token_urlsafe(12)
    settings = ServerSettings(Path(args.data_dir).resolve(), args.port, token, password)
    print(f"Label Studio at {settings.url} (data in {settings.data_dir}); admin {settings.environment()['LABEL_STUDIO_USERNAME']}",
          file=sys.stderr)
    if "LABEL_STUDIO_PASSWORD" not in os.environ:
        print(f"admin password (first start of a new data dir only; set LABEL_STUDIO_PASSWORD to choose it): {password}", file=sys.stderr)
    if "LABEL_STUDIO_API_KEY" not in os.environ:
        print("set LABEL_STUDIO_API_KEY (40 hex characters) before the first start to preset the admin's API token", file=sys.stderr)
    command = settings.command()
    os.execve(command[0], command, settings.environment())
