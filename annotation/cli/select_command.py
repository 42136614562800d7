"""``flashpoint select``: choose corpus articles from the openly licensed pools by a fixed, deterministic rule.

Without ``--test``/``--validation`` it makes the v1 choice (the densest VOA articles and re3d documents). With them it
chooses new evaluation documents from every pool (VOA, re3d, Wikinews, Kremlin), kept apart by story from the
``--exclude`` corpus, and writes them with ``meta["split"]`` pinned (see :func:`annotation.selection.select_held_out`).
"""

from __future__ import annotations

import argparse

HELP = "choose corpus articles from the openly licensed pools (VOA, re3d, Wikinews, Kremlin), deterministically"
POOLS = ("voa", "re3d", "wikinews", "kremlin")


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in filter(None, text.split(",")):
        source, _, number = part.partition("=")
        if source not in POOLS or not number.isdigit():
            raise argparse.ArgumentTypeError(f"{part!r}: expected SOURCE=COUNT with SOURCE one of {', '.join(POOLS)}")
        counts[source] = int(number)
    return counts


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--voa-count", type=int, default=48, help="v1 choice: VOA articles to take (default 48)")
    parser.add_argument("--re3d-count", type=int, default=12, help="v1 choice: re3d documents to take (default 12; 0 to skip)")
    parser.add_argument("--test", type=_counts, metavar="SOURCE=N,...", help="held-out choice: test documents per source")
    parser.add_argument("--validation", type=_counts, metavar="SOURCE=N,...", help="held-out choice: validation documents per source")
    parser.add_argument("--exclude", metavar="CORPUS", help="held-out choice: corpus whose documents and stories are not chosen")
    parser.add_argument("--min-tokens", type=int, help="default 150")
    parser.add_argument("--max-tokens", type=int, help="default 1000 (v1 choice) or 500 (held-out choice)")
    parser.add_argument("-o", "--output", default="annotation/articles.jsonl", help="corpus JSONL of the chosen articles")


def _pools() -> dict[str, list]:
    from annotation.ingest.staged import read_staged
    from annotation.ingest.voa import read_voa_articles
    from annotation.paths import EXTERNAL
    from annotation.selection import re3d_pool

    return {
        "voa": list(read_voa_articles(EXTERNAL / "m2e2_voa")),
        "re3d": re3d_pool(),
        "wikinews": list(read_staged(EXTERNAL / "wikinews_en")),
        "kremlin": list(read_staged(EXTERNAL / "kremlin_en")),
    }


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from annotation.corpus import iter_corpus, write_corpus
    from annotation.errors import FlashpointError
    from annotation.paths import SHARED
    from annotation.selection import portable_source

    if args.test or args.validation:
        from annotation.selection import select_held_out

        if not args.exclude:
            raise FlashpointError("--test/--validation need --exclude CORPUS (the documents already in the corpus)")
        exclude = list(iter_corpus(args.exclude))
        chosen = select_held_out(_pools(), {"test": args.test or {}, "validation": args.validation or {}}, exclude,
                                 min_tokens=args.min_tokens or 150, max_tokens=args.max_tokens or 500)
        documents = [
            replace(portable_source(c.scored.document, SHARED), meta={**c.scored.document.meta, "split": c.split, "topic": c.topic})
            for c in chosen
        ]
        write_corpus(sorted(documents, key=lambda d: d.id), args.output)
        for c in sorted(chosen, key=lambda c: (c.split, c.scored.document.id)):
            d = c.scored.document
            print(f"{c.split}\t{d.id}\t{c.scored.tokens} tokens\t{c.topic}\t{d.source.licence}")
        print(f"wrote {len(documents)} articles to {args.output}")
        return 0

    from annotation.ingest.voa import read_voa_articles
    from annotation.paths import EXTERNAL
    from annotation.selection import select_articles

    chosen_v1 = select_articles(read_voa_articles(EXTERNAL / "m2e2_voa"), args.voa_count,
                                min_tokens=args.min_tokens or 150, max_tokens=args.max_tokens or 1000)
    if args.re3d_count:
        from annotation.selection import re3d_pool

        chosen_v1 += select_articles(re3d_pool(), args.re3d_count, min_tokens=100, max_tokens=args.max_tokens or 1000)
    write_corpus((portable_source(scored.document, SHARED) for scored in chosen_v1), args.output)
    for scored in chosen_v1:
        print(f"{scored.document.id}\t{scored.tokens} tokens\t{scored.score:.1f} topic words/100\t{scored.document.source.licence}")
    print(f"wrote {len(chosen_v1)} articles to {args.output}")
    return 0
