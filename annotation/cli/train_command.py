"""``flashpoint train``: fit one baseline on the gold annotation sets of a corpus file and save it to a folder."""

from __future__ import annotations

import argparse

HELP = "train a baseline (majority | memorise | crf | linear) for one layer on a corpus JSONL file's gold sets"
LAYERS = ("entities", "events", "stance")
MODELS = ("majority", "memorise", "crf", "linear", "crf-memorise")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("train", metavar="TRAIN.jsonl", help="corpus JSON Lines file; every document needs a gold annotation set")
    parser.add_argument("-o", "--output", required=True, metavar="MODEL_DIR", help="folder to write the model to")
    parser.add_argument("--layer", required=True, choices=LAYERS, help="which layer to learn")
    parser.add_argument("--model", required=True, choices=MODELS, help="which baseline")
    parser.add_argument(
        "--alignment",
        choices=("strict", "expand", "contract"),
        default="expand",
        help="what to do with training spans that do not sit on token boundaries (default: expand to the tokens)",
    )


def run(args: argparse.Namespace) -> int:
    import hashlib
    import sys
    import time
    from pathlib import Path

    from annotation.errors import FlashpointError
    from annotation.schema import load_schema
    from baselines.io import gold_training_data
    from baselines.persist import new_metadata, save_model
    from baselines.registry import build

    path = Path(args.train)
    documents, gold = gold_training_data(path)
    schema = load_schema()
    estimator = build(args.layer, args.model, alignment=args.alignment)
    started = time.perf_counter()
    try:
        estimator.fit(documents, gold)
    except ValueError as error:
        raise FlashpointError(f"{path}: cannot train {args.model} for {args.layer}: {error}") from error
    seconds = time.perf_counter() - started
    meta = new_metadata(
        estimator,
        model=args.model,
        layer=args.layer,
        schema_version=schema.version,
        training_data_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        training_documents=len(documents),
    )
    save_model(estimator, args.output, meta)
    print(f"trained {args.model} for {args.layer} on {len(documents)} documents in {seconds:.1f}s -> {args.output}", file=sys.stderr)
    return 0
