"""``flashpoint predict``: run trained baselines over a corpus file; write predictions (and Label Studio tasks).

Several model folders (one per layer) are chained: entities, then events, then stance, each seeing the predictions
of the ones before (:mod:`baselines.chain`), into one prediction set per document.
"""

from __future__ import annotations

import argparse

HELP = (
    "predict with trained baselines (one, or one per layer, chained): corpus JSONL with a prediction annotation set per "
    "document (and Label Studio tasks)"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "models", nargs="+", metavar="MODEL_DIR",
        help="folders written by flashpoint train; several (one per layer) are chained entities -> events -> stance",
    )
    parser.add_argument("input", metavar="IN.jsonl", help="corpus JSON Lines file to annotate")
    parser.add_argument("-o", "--output", required=True, metavar="PRED.jsonl", help="corpus file with the predictions added")
    parser.add_argument("--label-studio", metavar="TASKS.json", help="also write Label Studio tasks with the predictions (pre-annotation)")
    parser.add_argument(
        "--keep-annotations", action="store_true",
        help="keep the input's own annotation sets beside the prediction (default: the output holds only the prediction, "
             "so pre-annotation never carries gold or another annotator's labels)",
    )
    parser.add_argument(
        "--model-version", metavar="V",
        help="model version recorded in the predictions (default: model-layer-<data hash>, joined by + for a chain)",
    )


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import json
    import sys
    from pathlib import Path

    from tqdm import tqdm

    from annotation.corpus import write_corpus
    from annotation.errors import FlashpointError
    from annotation.labelstudio.convert import document_to_task
    from annotation.model import Document
    from annotation.schema import load_schema
    from baselines.chain import LoadedModel, in_layer_order, predict_chain
    from baselines.io import read_documents
    from baselines.persist import load_model

    schema_version = load_schema().version
    models = in_layer_order([LoadedModel(*load_model(path, schema_version=schema_version), path) for path in args.models])
    version = args.model_version or "+".join(f"{m.meta.model}-{m.meta.layer}-{m.meta.training_data_sha256[:8]}" for m in models)
    source_tool = "flashpoint-baselines:" + "+".join(f"{m.meta.model}:{m.meta.layer}" for m in models) + f"@{version}"
    documents, rejected = read_documents(Path(args.input))
    rejects_path = Path(f"{args.output}.rejects.jsonl")
    if rejected:
        for error, _ in rejected:
            print(error, file=sys.stderr)
        rejects_path.write_text("".join(line if line.endswith("\n") else line + "\n" for _, line in rejected), encoding="utf-8")
        print(f"{len(rejected)} unreadable line(s) kept aside in {rejects_path}", file=sys.stderr)
    predicted: list[Document] = []
    failed = 0
    names = " + ".join(f"{m.meta.model} {m.meta.layer}" for m in models)
    for document in tqdm(documents, desc=f"predict {names}", unit="doc", disable=None):
        try:
            annotation_set = predict_chain(document, models)
        except FlashpointError as error:
            print(f"{args.input}: document {document.id}: {error}", file=sys.stderr)
            failed += 1
            continue
        provenance = dataclasses.replace(annotation_set.provenance, annotator=version, source_tool=source_tool)
        prediction = dataclasses.replace(annotation_set, provenance=provenance)
        kept = tuple(a for a in document.annotations if a.provenance.annotator != version) if args.keep_annotations else ()
        predicted.append(dataclasses.replace(document, annotations=(*kept, prediction)))
    if not predicted and documents:
        raise FlashpointError(f"{args.input}: no document could be annotated")
    write_corpus(predicted, args.output)
    if args.label_studio:
        tasks = [document_to_task(dataclasses.replace(d, annotations=d.annotations[-1:])) for d in predicted]
        with open(args.label_studio, "w", encoding="utf-8") as handle:
            json.dump(tasks, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    print(f"{len(predicted)} document(s) annotated by {version} -> {args.output}", file=sys.stderr)
    return 1 if rejected or failed else 0
