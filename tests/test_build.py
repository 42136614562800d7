"""flashpoint build: gold choice, leakage-aware splits, Parquet + card loadable by the real datasets.load_dataset."""

import hashlib
import re
from dataclasses import replace
from functools import partial
from pathlib import Path

import datasets
import pytest

from annotation.build.builder import build_dataset
from annotation.build.card import render_card
from annotation.build.gold import NotAdjudicated, choose_gold
from annotation.build.splits import SplitItem, assign_splits, stories
from annotation.corpus import write_corpus
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Source, Span, Stance
from annotation.schema import load_schema

TOPICS = ["Armenia Azerbaijan border", "Syria Aleppo airstrikes", "Venezuela Caracas protests", "Ukraine Donetsk shelling",
          "Nigeria Maiduguri bombing", "Yemen Sanaa ceasefire", "Kenya Nairobi election", "Turkey Ankara arrests"]


def make_document(index: int, annotators: tuple[str, ...] = ("annotator-1",), ground_truth: str | None = None) -> Document:
    topic = TOPICS[index % len(TOPICS)]
    place = topic.split()[1]
    text = (f"Troops from {place} attacked rebels near {place} on Friday. "
            f"The ministry said the attack was a gross violation. Story {index} about {topic} number {index * 7919}.")
    sentences = (Span(0, text.index(".") + 1), Span(text.index("The"), text.index("violation.") + 10),
                 Span(text.index("Story"), len(text)))
    tokens = tuple(Span(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text))

    def span(cls, sid, word, label, nth=0, **kw):
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return cls(sid, start, start + len(word), word, label, **kw)

    sets = []
    for annotator in annotators:
        entities = (span(Entity, "T1", "Troops", "PER"), span(Entity, "T2", place, "GPE"), span(Entity, "T3", "rebels", "PER"),
                    span(Entity, "T4", place, "GPE", 1), span(Entity, "T5", "Friday", "TIME"), span(Entity, "T6", "ministry", "ORG"))
        arguments = (Argument("Attacker", "T1"), Argument("Target", "T3"), Argument("Place", "T4"))
        events = (span(Event, "V1", "attacked", "Conflict.Attack", arguments=arguments, attributes={"modality": "ASSERTED"}),
                  Event("V2", text.index("attack was"), text.index("attack was") + 6, "attack", "Conflict.Attack"))
        where = text.index("gross violation")
        stances = (Stance("S1", where, where + 15, "gross violation", "AGAINST", "T6", "V2"),)
        extra = {"ground_truth": annotator == ground_truth, "lead_time": 12.5}
        provenance = Provenance(annotator, "label-studio", "raw", "1.0.0", "1.0", extra=extra)
        sets.append(AnnotationSet(provenance, entities, events, stances))
    return Document(f"doc-{index:02d}", text, title=topic, source=Source(date=f"2016-0{1 + index % 9}-1{index % 10}",
                                                                         licence="public domain (VOA)"),
                    sentences=sentences, tokens=tokens, annotations=tuple(sets))


def corpus(n: int = 16) -> list[Document]:
    docs = [make_document(i) for i in range(n)]
    docs[3] = make_document(3, ("annotator-1", "annotator-2", "adjudicator"), ground_truth="adjudicator")
    return docs


def test_gold_is_ground_truth_else_the_single_annotation():
    assert choose_gold(make_document(0)).how == "single annotation"
    choice = choose_gold(make_document(1, ("annotator-1", "annotator-2", "adjudicator"), ground_truth="adjudicator"))
    assert choice.how == "adjudicated" and choice.gold.provenance.annotator == "adjudicator"
    assert choice.gold.provenance.status == "gold" and len(choice.raw) == 3
    with pytest.raises(NotAdjudicated, match="no adjudicated one"):
        choose_gold(make_document(2, ("annotator-1", "annotator-2")))


def test_same_story_never_straddles_splits():
    items = [SplitItem(f"d{i}", f"{TOPICS[i % 8]} unique{i} words here and there", "2016-01-01", {"Conflict.Attack": 1})
             for i in range(24)]
    groups = stories(items)
    assert len(groups) == 8 and all(len(g) == 3 for g in groups)
    split_of = assign_splits(items)
    for group in groups:
        assert len({split_of[d] for d in group}) == 1
    assert set(split_of.values()) == {"train", "validation", "test"}


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.parquet"))}


def test_build_loads_with_datasets_and_rebuilds_byte_identical(tmp_path):
    docs = corpus()
    docs.append(make_document(99, ("annotator-1", "annotator-2")))  # not adjudicated: left out, loudly
    out = tmp_path / "dataset"
    report = build_dataset(docs, out, progress=False)
    assert report.documents == 16 and len(report.left_out) == 1 and "doc-99" in report.left_out[0]
    (out / "README.md").write_text(render_card(load_schema(), report.rows, ["public domain (VOA)"]), encoding="utf-8")
    first = _digest(out)
    build_dataset(docs, out, progress=False)
    assert _digest(out) == first

    schema = load_schema()
    load = partial(datasets.load_dataset, cache_dir=str(tmp_path / "hf-cache"))  # pytest reuses tmp paths: no stale cache
    entities = load(str(out), "entities")
    assert set(entities) == {"train", "validation", "test"}
    names = entities["train"].features["ner_tags"].feature.names
    assert names[0] == "O" and "B-GPE" in names and len(names) == 1 + 2 * len(schema.entity_labels)
    row = next(r for r in entities["train"] if r["sentence_index"] == 0)
    tags = [names[t] for t in row["ner_tags"]]
    assert tags[:3] == ["B-PER", "O", "B-GPE"]
    assert row["text"][row["spans"][0]["start"]:row["spans"][0]["end"]] == "Troops"

    events = load(str(out), "events", split="train")
    first_event = next(e for r in events for e in r["events"])
    roles = events.features["events"].feature["arguments"].feature["role"].names
    assert [roles[a["role"]] for a in first_event["arguments"]] == ["Attacker", "Target", "Place"]

    stance = load(str(out), "stance")
    total = sum(len(stance[s]) for s in stance)
    assert total == 16
    polarity = stance["train"].features["polarity"]
    assert polarity.names == list(schema.polarity_labels) and polarity.int2str(stance["train"][0]["polarity"]) == "AGAINST"

    raw = load(str(out), "annotations_raw")
    assert sum(len(raw[s]) for s in raw) == 15 + 3
    documents = load(str(out), "documents")
    assert sum(len(documents[s]) for s in documents) == 16
    adjudicated = [r for s in documents for r in documents[s] if r["gold_from"] == "adjudicated"]
    assert [r["doc_id"] for r in adjudicated] == ["doc-03"]
    assert adjudicated[0]["annotators"] == ["adjudicator", "annotator-1", "annotator-2"]


def test_build_command_from_corpus(tmp_path, capsys):
    from annotation.cli import main

    path = tmp_path / "c.jsonl"
    write_corpus(corpus(), path)
    assert main(["build", "--corpus", str(path), "-o", str(tmp_path / "ds"), "--quiet"]) == 0
    assert "built 16 documents" in capsys.readouterr().out
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "config_name: entities" in card and "class_label" in card
    assert main(["build", "--exports", str(tmp_path / "none"), "-o", str(tmp_path / "x")]) == 2


def test_documents_keep_source_licence():
    doc = replace(make_document(0), source=Source(licence="CC BY 3.0"))
    assert doc.source.licence == "CC BY 3.0"


def test_datasheet_numbers_come_from_the_data(tmp_path):
    import json

    from annotation.cli import main

    path = tmp_path / "c.jsonl"
    write_corpus(corpus(), path)
    out = tmp_path / "ds"
    assert main(["build", "--corpus", str(path), "-o", str(out), "--quiet"]) == 0
    agreement = tmp_path / "agreement.json"
    agreement.write_text(json.dumps({
        "documents": 1, "pairs": 1, "annotators": ["annotator-1", "annotator-2"],
        "layers": {"entities": {"strict": {"micro": {"f1": 0.5, "ci": [0.25, 0.75]}, "macro": {"f1": 0.4},
                                           "per_label": {"GPE": {"f1": 1.0, "ci": [1.0, 1.0], "support": 4}}}}},
        "coefficients": {"Cohen's kappa (stance polarity)": {"value": 0.61, "ci": [0.2, 0.9], "n": 9}},
    }), encoding="utf-8")
    sheet = tmp_path / "DATASHEET.md"
    args = ["datasheet", "--dataset", str(out), "--agreement", str(agreement), "--m2e2", str(tmp_path / "none"), "-o", str(sheet)]
    assert main(args) == 0
    text = sheet.read_text(encoding="utf-8")
    assert "| documents | " in text and "| 16 |" in text  # total documents column
    assert "| `GPE` | " in text and "1.000 [1.000, 1.000]" in text and "0.610 [0.200, 0.900] (n = 9)" in text
    assert "| entity mentions |" in text and "| 96 |" in text  # 16 documents x 6 entity mentions
    assert "**fewer than 20**" in text  # e.g. no Life.Die at all
    assert main([*args, "--check"]) == 0
    sheet.write_text(text.replace("| 16 |", "| 17 |"), encoding="utf-8")
    assert main([*args, "--check"]) == 1


def test_build_streams_its_input_twice_and_refuses_a_one_shot_generator(tmp_path):
    from annotation.corpus import iter_corpus
    from annotation.errors import FlashpointError

    path = tmp_path / "c.jsonl"
    write_corpus(corpus(), path)
    from_list = build_dataset(corpus(), tmp_path / "a", progress=False)
    streamed = build_dataset(lambda: iter_corpus(path), tmp_path / "b", progress=False)
    assert streamed.rows == from_list.rows and streamed.split_of == from_list.split_of
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    with pytest.raises(FlashpointError, match="reads the documents twice"):
        build_dataset(iter_corpus(path), tmp_path / "c", progress=False)  # type: ignore[arg-type]


def test_stories_find_rewrites_among_many_unrelated_articles():
    import random

    rng = random.Random(3)
    vocabulary = [f"word{i}" for i in range(50_000)]
    items = [SplitItem(f"u{i:04d}", " ".join(rng.choices(vocabulary, k=120)), f"20{10 + i % 10}-03-0{1 + i % 9}", {})
             for i in range(1500)]
    for k in range(40):  # a rewrite of article k: a tenth of its words changed, published a year later
        words = items[k].text.split()
        words[: len(words) // 10] = rng.choices(vocabulary, k=len(words) // 10)
        items.append(SplitItem(f"r{k:04d}", " ".join(words), "2030-01-01", {}))
    groups = stories(items)
    together = [g for g in groups if len(g) > 1]
    assert sorted(together) == sorted([f"r{k:04d}", f"u{k:04d}"] for k in range(40))


def test_undated_documents_are_grouped_and_split():
    items = [SplitItem(f"d{i}", f"{TOPICS[i % 8]} unique{i} words here and there", "" if i % 2 else "2016-01-01",
                       {"Conflict.Attack": 1}) for i in range(24)]
    split_of = assign_splits(items)
    assert len(split_of) == 24
    for group in stories(items):
        assert len({split_of[d] for d in group}) == 1


def test_load_config_never_serves_another_build_of_the_same_name(tmp_path):
    from annotation.build.load import load_config

    first, second = tmp_path / "a" / "dataset", tmp_path / "b" / "dataset"
    for folder, n in ((first, 16), (second, 24)):
        report = build_dataset(corpus(n), folder, progress=False)
        (folder / "README.md").write_text(render_card(load_schema(), report.rows, ["public domain (VOA)"]), encoding="utf-8")
    count = {folder: sum(len(split) for split in load_config(folder, "documents").values()) for folder in (first, second)}
    assert count == {first: 16, second: 24}
