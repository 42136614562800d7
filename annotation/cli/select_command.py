"""``flashpoint select``: choose the corpus articles from the openly licensed pools (VOA, re3d) by a fixed rule."""

from __future__ import annotations

import argparse

HELP = "choose the corpus articles from the public-domain VOA and openly licensed re3d documents (deterministic)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--voa-count", type=int, default=48, help="VOA articles to take (default 48)")
    parser.add_argument("--re3d-count", type=int, default=12, help="re3d documents to take (default 12; 0 to skip)")
    parser.add_argument("--min-tokens", type=int, default=150)
    parser.add_argument("--max-tokens", type=int, default=1000)
    parser.add_argument("-o", "--output", default="annotation/articles.jsonl", help="corpus JSONL of the chosen articles")


def run(args: argparse.Namespace) -> int:
    from annotation.corpus import write_corpus
    from annotation.ingest.voa import read_voa_articles
    from annotation.paths import EXTERNAL
    from annotation.selection import select_articles

    chosen = select_articles(read_voa_articles(EXTERNAL / "m2e2_voa"), args.voa_count,
                             min_tokens=args.min_tokens, max_tokens=args.max_tokens)
    if args.re3d_count:
        from annotation.selection import re3d_pool

        chosen += select_articles(re3d_pool(), args.re3d_count, min_tokens=100, max_tokens=args.max_tokens)
    from annotation.paths import SHARED
    from annotation.selection import portable_source

    write_corpus((portable_source(scored.document, SHARED) for scored in chosen), args.output)
    for scored in chosen:
        print(f"{scored.document.id}\t{scored.tokens} tokens\t{scored.score:.1f} topic words/100\t{scored.document.source.licence}")
    print(f"wrote {len(chosen)} articles to {args.output}")
    return 0
