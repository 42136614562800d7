"""``flashpoint draft``: show articles as numbered sentences, check annotation drafts, build a corpus from them."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotation.model import AnnotationSet, Document

HELP = "show articles by sentence number, check annotators' drafts, and turn drafts into corpus annotation sets"
DEFAULT_ARTICLES = "annotation/articles.jsonl"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", default=DEFAULT_ARTICLES, help=f"corpus of source articles (default {DEFAULT_ARTICLES})")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    show = actions.add_parser("show", help="print documents as numbered sentences (the numbers drafts refer to)")
    show.add_argument("doc_ids", nargs="*", metavar="DOC_ID", help="document ids (default: list all ids)")
    check = actions.add_parser("check", help="check drafts; print every problem with file and item id")
    check.add_argument("drafts", nargs="+", metavar="DRAFT", help="draft JSON files")
    build = actions.add_parser("build", help="resolve every draft and write the articles with their annotation sets")
    build.add_argument("drafts", nargs="+", metavar="DRAFT", help="draft JSON files")
    build.add_argument("-o", "--output", required=True, help="corpus JSONL to write")
    build.add_argument("--ready-only", action="store_true",
                       help="leave out (and list) documents not ready for the dataset: a doubly annotated document without "
                            "an adjudicated (ground-truth) draft, and a v2 evaluation document (meta.corpus_version v2) "
                            "without one")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotation.corpus import iter_corpus, write_corpus
    from annotation.drafts import DraftError, read_draft, resolve_draft, show
    from annotation.errors import FlashpointError

    if not Path(args.articles).is_file():
        raise FlashpointError(f"{args.articles}: no such articles file")
    articles = {doc.id: doc for doc in iter_corpus(args.articles)}
    if args.action == "show":
        for doc_id in args.doc_ids or []:
            if doc_id not in articles:
                raise FlashpointError(f"{doc_id}: not in {args.articles}")
            print("\n".join(show(articles[doc_id])), end="\n\n")
        if not args.doc_ids:
            print("\n".join(articles))
        return 0
    failures = 0
    resolved: dict[str, list] = {}
    for name in args.drafts:
        try:
            draft = read_draft(name)
            doc_id = str(draft.get("doc_id"))
            if doc_id not in articles:
                raise FlashpointError(f"{name}: doc_id {doc_id!r} is not in {args.articles}")
            annotation_set = resolve_draft(draft, articles[doc_id], name)
            resolved.setdefault(doc_id, []).append(annotation_set)
            for warning in _inner_copies(articles[doc_id], annotation_set):
                print(f"{name}: warning: {warning}", file=sys.stderr)
        except DraftError as error:
            failures += 1
            print(error, file=sys.stderr)
        except (OSError, ValueError) as error:
            failures += 1
            print(f"{name}: {error}", file=sys.stderr)
    if args.action == "build":
        if failures:
            raise FlashpointError(f"{failures} draft(s) have problems; nothing written")
        from dataclasses import replace

        if args.ready_only:
            waiting = sorted(doc_id for doc_id, sets in resolved.items() if not _ready(articles[doc_id], sets))
            for doc_id in waiting:
                print(f"not ready (waiting for adjudication): {doc_id}", file=sys.stderr)
            resolved = {doc_id: sets for doc_id, sets in resolved.items() if doc_id not in waiting}
        documents = [replace(articles[doc_id], annotations=tuple(sets)) for doc_id, sets in sorted(resolved.items())]
        write_corpus(documents, args.output)
        print(f"wrote {len(documents)} documents with {sum(map(len, resolved.values()))} annotation sets to {args.output}")
    else:
        print(f"{len(args.drafts) - failures} of {len(args.drafts)} draft(s) OK", file=sys.stderr)
    return 1 if failures else 0


def _inner_copies(document: Document, annotation_set: AnnotationSet) -> list[str]:
    """Warnings for spans that sit inside a longer span while the same words stand free (:mod:`annotation.nesting`)."""
    from annotation.nesting import inner_copies

    sentences = [(s.start, s.end) for s in document.sentences]
    found = []
    for layer in (annotation_set.entities, annotation_set.events, annotation_set.stances):
        spans = [(item.id, item.start, item.end) for item in layer]
        found += [f"{copy.span_id}: {copy.message()}" for copy in inner_copies(document.text, sentences, spans)]
    return found


def _ready(document: Document, sets: list[AnnotationSet]) -> bool:
    """A document goes into the dataset with a ground-truth set, or (outside the v2 evaluation sets) one annotator's."""
    if any(a.provenance.extra.get("ground_truth") for a in sets):
        return True
    return len(sets) == 1 and document.meta.get("corpus_version") != "v2"
