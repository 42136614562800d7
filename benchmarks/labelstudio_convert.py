"""Label Studio export conversion: our converter against label-studio-sdk's own ``Converter``, same input, one run.

The input is N copies (default 10,000) of one realistic multi-layer task in native JSON export shape, as the browser
writes it: a flag emoji before the entities (so the offsets are UTF-16, not code points), two ``<Labels>`` controls
(entities and event triggers), a nested span ("Lachin" inside "Lachin Corridor"), a per-region choice (the trigger's
modality) and two relations (the trigger's Attacker and Place arguments), with the annotation's own fields
(``completed_by``, lead time, timestamps).

Rows (each the best of ``--repeat`` runs):
- ``flashpoint task_to_document``: every task to a corpus Document, in memory;
- ``flashpoint convert_export``: the export file to a corpus JSONL file (read, convert, write);
- ``flashpoint document_to_task``: the converted documents back to export-shape tasks, in memory;
- ``sdk CONLL2003`` / ``sdk JSON_MIN``: ``label_studio_sdk.converter.Converter`` on the same export file.

Besides speed, the table says what each output KEPT of the 8 items of the task (5 regions, 1 per-region choice,
2 relations), compared as content: ``intact`` = label, code-point offsets and text (a choice with its region's
offsets, a relation with both ends and its label); ``label+text`` = the same ignoring offsets (a choice by its value
alone); ``spurious`` = in the output but not in the input (intact measure); and whether the region ids survive.
Nothing is asserted; this is a report.

Run: ``.venv/bin/python benchmarks/labelstudio_convert.py [--tasks N] [--repeat N] [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.corpus import iter_corpus
from annotation.labelstudio.config import CONTROLS, label_config
from annotation.labelstudio.convert import document_to_task, task_to_document
from annotation.labelstudio.export import convert_export
from annotation.labelstudio.offsets import OffsetMap
from annotation.model import Document

TEXT = "🇦🇲 Yerevan blamed Baku for shelling near the Lachin Corridor 😡 on Friday."
REGIONS = (  # id, control, label, text (first occurrence)
    ("r1", CONTROLS.entity, "GPE", "Yerevan"),
    ("r2", CONTROLS.entity, "GPE", "Baku"),
    ("r3", CONTROLS.entity, "FAC", "Lachin Corridor"),
    ("r4", CONTROLS.entity, "LOC", "Lachin"),  # nested in r3
    ("r5", CONTROLS.trigger, "Conflict.Attack", "shelling"),
)
CHOICES = (("r5", CONTROLS.modality, "ASSERTED"),)
RELATIONS = (("r5", "r2", "Attacker"), ("r5", "r3", "Place"))

# A content item, id-free so that every output can be compared with the input:
# ("region", label, start, end, text) | ("choice", control, value, start, end) | ("relation", (start, end), (start, end), label)
Item = tuple[Any, ...]


def browser_task(task_id: int) -> dict[str, Any]:
    """One task as Label Studio's export writes it (offsets in UTF-16 code units, as the browser counts them)."""
    offsets = OffsetMap(TEXT)
    where: dict[str, tuple[int, int, str]] = {}
    result: list[dict[str, Any]] = []
    for region_id, control, label, needle in REGIONS:
        start = TEXT.index(needle)
        where[region_id] = (offsets.to_utf16(start), offsets.to_utf16(start + len(needle)), needle)
        start16, end16, text = where[region_id]
        value = {"start": start16, "end": end16, "text": text, "labels": [label]}
        result.append({"id": region_id, "from_name": control, "to_name": CONTROLS.text, "type": "labels", "value": value,
                       "origin": "manual"})
    for region_id, control, choice in CHOICES:
        start16, end16, text = where[region_id]
        value = {"start": start16, "end": end16, "text": text, "choices": [choice]}
        result.append({"id": region_id, "from_name": control, "to_name": CONTROLS.text, "type": "choices", "value": value,
                       "origin": "manual"})
    for source, target, label in RELATIONS:
        result.append({"from_id": source, "to_id": target, "type": "relation", "direction": "right", "labels": [label]})
    annotation = {
        "id": 1000 + task_id, "completed_by": 1, "result": result, "was_cancelled": False, "ground_truth": False,
        "created_at": "2024-05-01T10:00:00.000000Z", "updated_at": "2024-05-01T10:02:00.000000Z", "lead_time": 41.5,
        "task": task_id, "project": 1, "last_action": None, "parent_prediction": None, "parent_annotation": None,
    }
    return {"id": task_id, "data": {"text": TEXT}, "annotations": [annotation], "predictions": [], "meta": {},
            "created_at": "2024-05-01T09:00:00.000000Z", "updated_at": "2024-05-01T10:02:00.000000Z", "inner_id": task_id,
            "total_annotations": 1, "cancelled_annotations": 0, "total_predictions": 0, "project": 1}


def expected_items() -> Counter[Item]:
    """The task's items in code points: what a lossless conversion keeps."""
    spans = {region_id: (TEXT.index(needle), TEXT.index(needle) + len(needle)) for region_id, _, _, needle in REGIONS}
    items: Counter[Item] = Counter()
    for region_id, _, label, needle in REGIONS:
        items[("region", label, *spans[region_id], needle)] += 1
    for region_id, control, choice in CHOICES:
        items[("choice", control, choice, *spans[region_id])] += 1
    for source, target, label in RELATIONS:
        items[("relation", spans[source], spans[target], label)] += 1
    return items


# ---------------------------------------------------------------- what each output kept


def document_items(document: Document) -> Counter[Item]:
    items: Counter[Item] = Counter()
    for annotation_set in document.annotations:
        spans: dict[str, tuple[int, int]] = {}
        for layer in (annotation_set.entities, annotation_set.events, annotation_set.stances):
            spans.update({span.id: (span.start, span.end) for span in layer})
        for entity in annotation_set.entities:
            items[("region", entity.label, entity.start, entity.end, entity.text)] += 1
        for event in annotation_set.events:
            items[("region", event.label, event.start, event.end, event.text)] += 1
            if "modality" in event.attributes:
                items[("choice", CONTROLS.modality, event.attributes["modality"], event.start, event.end)] += 1
            for argument in event.arguments:
                items[("relation", spans[event.id], spans[argument.entity_id], argument.role)] += 1
        for stance in annotation_set.stances:
            items[("region", "STANCE", stance.start, stance.end, stance.text)] += 1
            items[("choice", CONTROLS.polarity, stance.polarity, stance.start, stance.end)] += 1
            items[("relation", spans[stance.id], spans[stance.holder_id], "holder")] += 1
            items[("relation", spans[stance.id], spans[stance.target_id], "target")] += 1
    return items


def json_min_items(record: Mapping[str, Any]) -> Counter[Item]:
    """A JSON_MIN record: one list per control (regions) or a bare choice; offsets read as code points."""
    items: Counter[Item] = Counter()
    for control in (CONTROLS.entity, CONTROLS.trigger, CONTROLS.stance):
        for region in record.get(control) or []:
            for label in region.get("labels", []):
                items[("region", label, region.get("start"), region.get("end"), region.get("text"))] += 1
    for control in (CONTROLS.modality, CONTROLS.polarity):
        value = record.get(control)
        for choice in [value] if isinstance(value, str) else value or []:
            if isinstance(choice, Mapping):  # a per-region choice keeps its offsets
                for name in choice.get("choices", []):
                    items[("choice", control, name, choice.get("start"), choice.get("end"))] += 1
            else:
                items[("choice", control, choice, None, None)] += 1
    return items


def conll_items(text: str, rows: list[tuple[str, str]]) -> Counter[Item]:
    """One CoNLL sentence (token, tag): tokens located in the text in order, B-/I- chunks as regions."""
    items: Counter[Item] = Counter()
    cursor = 0
    chunk: list[Any] | None = None  # [label, start, end]
    for token, tag in [*rows, ("", "O")]:
        start = text.find(token, cursor) if token else len(text)
        end = start + len(token)
        cursor = end
        if chunk is not None and not tag.startswith("I-"):
            items[("region", chunk[0], chunk[1], chunk[2], text[chunk[1]:chunk[2]])] += 1
            chunk = None
        if tag.startswith("B-") or (tag.startswith("I-") and chunk is None):
            chunk = [tag[2:], start, end]
        elif tag.startswith("I-") and chunk is not None:
            chunk[2] = end
    return items


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            continue
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        token, *_, tag = line.split(" ")
        sentences[-1].append((token, tag))
    return [sentence for sentence in sentences if sentence]


@dataclass(frozen=True, slots=True)
class Kept:
    """What an output kept, summed over every task: intact items, spurious items, and region ids."""

    intact: int
    label_text: int
    spurious: int
    ids_kept: bool

    @staticmethod
    def of(outputs: Iterable[Counter[Item]], expected: Counter[Item], ids_kept: bool) -> Kept:
        intact = label_text = spurious = 0
        loose_expected = loose(expected)
        for output in outputs:
            intact += sum((output & expected).values())
            label_text += sum((loose(output) & loose_expected).values())
            spurious += sum((output - expected).values())
        return Kept(intact, label_text, spurious, ids_kept)


def loose(items: Counter[Item]) -> Counter[Item]:
    """Items without offsets: a region as (label, text), a choice as (control, value); relations unchanged."""
    projected: Counter[Item] = Counter()
    for item, count in items.items():
        if item[0] == "region":
            projected[("region", item[1], item[4])] += count
        elif item[0] == "choice":
            projected[("choice", item[1], item[2])] += count
        else:
            projected[item] += count
    return projected


# ---------------------------------------------------------------- timing


def best_of(repeat: int, job: Callable[[], Any]) -> tuple[Any, float]:
    timings: list[float] = []
    result: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = job()
        timings.append(time.perf_counter() - started)
    return result, min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks in the export (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the best is reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="1,000 tasks, one run each (a smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.tasks, args.repeat = 1_000, 1

    from label_studio_sdk.converter import Converter

    tasks = [browser_task(i + 1) for i in range(args.tasks)]
    expected = expected_items()
    per_task = sum(expected.values())
    rows: list[tuple[str, float, Kept]] = []
    with tempfile.TemporaryDirectory(prefix="flashpoint-lsbench-") as scratch:
        folder = Path(scratch)
        export = folder / "export.json"
        export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")

        conversions, seconds = best_of(args.repeat, lambda: [task_to_document(task) for task in tasks])
        documents = [c.document for c in conversions if c.document is not None]
        rows.append(("flashpoint task_to_document", seconds, Kept.of(map(document_items, documents), expected, ids_kept=True)))

        corpus = folder / "corpus.jsonl"
        _, seconds = best_of(args.repeat, lambda: convert_export(export, corpus))
        rows.append(("flashpoint convert_export", seconds, Kept.of(map(document_items, iter_corpus(corpus)), expected, ids_kept=True)))

        back, seconds = best_of(args.repeat, lambda: [document_to_task(d) for d in documents])
        again = [task_to_document(task).document for task in back]
        identical = sum(new["annotations"][0]["result"] == old["annotations"][0]["result"] for new, old in zip(back, tasks, strict=True))
        rows.append(("flashpoint document_to_task", seconds,
                     Kept.of((document_items(d) for d in again if d is not None), expected, ids_kept=identical == len(tasks))))

        converter = Converter(config=label_config(), project_dir=str(folder), download_resources=False)
        conll_dir, min_dir = folder / "conll", folder / "json_min"
        _, seconds = best_of(args.repeat, lambda: converter.convert_to_conll2003(str(export), str(conll_dir), is_dir=False))
        sentences = read_conll(conll_dir / "result.conll")
        rows.append(("sdk Converter CONLL2003", seconds, Kept.of((conll_items(TEXT, s) for s in sentences), expected, ids_kept=False)))

        _, seconds = best_of(args.repeat, lambda: converter.convert_to_json_min(str(export), str(min_dir), is_dir=False))
        records = json.loads((min_dir / "result.json").read_text(encoding="utf-8"))
        ids = any("id" in region for record in records for region in record.get(CONTROLS.entity) or [])
        rows.append(("sdk Converter JSON_MIN", seconds, Kept.of(map(json_min_items, records), expected, ids_kept=ids)))

    total = per_task * args.tasks
    print(f"{args.tasks:,} tasks x {per_task} items (5 regions, 1 per-region choice, 2 relations), best of {args.repeat}; "
          f"byte-identical result items after task -> document -> task: {identical:,}/{len(tasks):,}")
    reference = rows[1][1]  # file to file, like the SDK rows
    print(f"{'job':<30}{'seconds':>9}{'tasks/s':>10}{'x ours':>8}{'intact':>17}{'label+text':>17}{'spurious':>10}{'region ids':>12}")
    for name, seconds, kept in rows:
        print(f"{name:<30}{seconds:>9.3f}{args.tasks / seconds:>10,.0f}{reference / seconds:>8.2f}"
              f"{f'{kept.intact:,}/{total:,}':>17}{f'{kept.label_text:,}/{total:,}':>17}{kept.spurious:>10,}"
              f"{'kept' if kept.ids_kept else 'lost':>12}")
    print("x ours: speed relative to flashpoint convert_export, file to file like the SDK (>1 is faster). intact: label, "
          "code-point offsets and text (a choice with its region, a relation with both ends and its label); label+text: the same, "
          "offsets ignored.")


if __name__ == "__main__":
    main()
