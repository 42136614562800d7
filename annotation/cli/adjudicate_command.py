"""``flashpoint adjudicate``: merge the annotators of doubly annotated documents under a named policy."""

from __future__ import annotations

import argparse

HELP = "merge the annotators of doubly annotated documents into one ground-truth set under a named policy"
DESCRIPTION = (
    "Merge the independent annotators of every document with two or more into an `adjudicator` set marked ground "
    "truth (the dataset build's gold), under a policy: agreed (what every annotator has), majority (what more than "
    "half have), prefer:NAME (that annotator's set), ground-truth (the set already marked ground truth). Every "
    "disagreement is written with each annotator's version; --drafts-out writes the merged sets as drafts to edit and "
    "`flashpoint draft build`; --push-review puts the disagreeing documents in a Label Studio review project with each "
    "version as a prediction."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", help="a Label Studio native export (JSON) or a corpus JSONL")
    parser.add_argument("--policy", required=True, help="agreed | majority | prefer:NAME | ground-truth")
    parser.add_argument("-o", "--output", required=True, help="corpus JSONL to write (every input document; adjudicated ones gain the set)")
    parser.add_argument("--disagreements", metavar="OUT", help="write the disagreements here (.md: Markdown, else JSON Lines)")
    parser.add_argument("--drafts-out", metavar="DIR", help="write each merged set as a draft JSON with its disagreements")
    parser.add_argument("--push-review", metavar="PROJECT", help="push documents with disagreements to this Label Studio project")
    parser.add_argument("--url", help="Label Studio URL for --push-review (default: $LABEL_STUDIO_URL)")


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from annotation.adjudicate import (
        PolicyError,
        adjudicate_document,
        adjudication_draft,
        disagreements_markdown,
        parse_policy,
        with_adjudication,
    )
    from annotation.agreement.inputs import load_documents
    from annotation.corpus import write_corpus
    from annotation.draft_writer import DraftAnchorError
    from annotation.errors import FlashpointError

    try:
        policy = parse_policy(args.policy)
    except PolicyError as error:
        raise FlashpointError(str(error)) from error
    loaded = load_documents(args.input)
    for problem in loaded.problems:
        print(f"left out: {problem}", file=sys.stderr)
    documents, adjudications, pairs = [], [], []
    single = 0
    for document in loaded.documents:
        adjudication = adjudicate_document(document, policy)
        if adjudication is None:
            single += 1
            documents.append(document)
            continue
        if adjudication.skipped:
            print(f"{document.id}: not adjudicated under {policy}: {adjudication.skipped}", file=sys.stderr)
        adjudications.append(adjudication)
        pairs.append((document, adjudication))
        documents.append(with_adjudication(document, adjudication))
    write_corpus(documents, args.output)
    disagreements = [d for a in adjudications for d in a.disagreements]
    if args.disagreements:
        target = Path(args.disagreements)
        if target.suffix.lower() == ".md":
            target.write_text(disagreements_markdown(adjudications), encoding="utf-8")
        else:
            lines = (json.dumps(d.to_json(), ensure_ascii=False, sort_keys=True) + "\n" for d in disagreements)
            target.write_text("".join(lines), encoding="utf-8")
    problems = len(loaded.problems)
    if args.drafts_out:
        folder = Path(args.drafts_out)
        folder.mkdir(parents=True, exist_ok=True)
        for document, adjudication in pairs:
            if adjudication.merged is None:
                continue
            try:
                draft = adjudication_draft(document, adjudication)
            except DraftAnchorError as error:
                problems += 1
                print(f"{document.id}: no draft written: {error}", file=sys.stderr)
                continue
            (folder / f"{document.id}.json").write_text(json.dumps(draft, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.push_review:
        _push_review(args, pairs)
    merged = sum(a.merged is not None for a in adjudications)
    print(f"adjudicated {merged} of {len(adjudications)} document(s) with 2+ annotators under {policy}; "
          f"{len(disagreements)} disagreement(s); {single} document(s) with fewer than two annotators left as they were; "
          f"wrote {args.output}", file=sys.stderr)
    return 1 if problems or merged < len(adjudications) else 0


def _push_review(args: argparse.Namespace, pairs: list) -> None:
    import sys
    from dataclasses import replace

    from annotation.adjudicate import review_sets
    from annotation.labelstudio.client import LabelStudioClient, connection_from_env
    from annotation.labelstudio.push import push

    chosen = [(document, adjudication) for document, adjudication in pairs if adjudication.disagreements]
    client = LabelStudioClient(connection_from_env(args.url))
    client.check()
    documents = [replace(document, annotations=()) for document, _ in chosen]
    predictions = {document.id: review_sets(adjudication, document) for document, adjudication in chosen}
    report = push(client, args.push_review, documents, predictions)
    print(f"review project {args.push_review!r} (id {report.project_id}): {report.imported} document(s) imported, "
          f"{report.skipped} already there, {report.predictions} version(s) as predictions", file=sys.stderr)
