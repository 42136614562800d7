"""Converters: registry names, round trips on edge-case fixtures, property tests, malformed input, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotation.cli import main
from annotation.formats import READERS, WRITERS, FormatError, Report, brat, conll, spanjsonl
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Span, Stance
from annotation.schema import load_schema

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
BRAT_FIXTURES = sorted(p.stem for p in (FIXTURES / "brat").glob("*.ann"))


def read_raw(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def test_registry_names_are_pinned():
    assert sorted(READERS) == sorted(
        [
            "corpus.v1",
            "brat.v1",
            "conll.v1",
            "spanjsonl.v1",
            "wikievents.v1",
            "rams.v1",
            "m2e2.v1",
            "re3d.v1",
            "ecbplus.v1",
            "meantime.v1",
            "newsmtsc.v1",
        ]
    )
    assert sorted(WRITERS) == ["brat.v1", "conll.v1", "corpus.v1", "spanjsonl.v1"]


# ---------------------------------------------------------------- brat


@pytest.mark.parametrize("name", BRAT_FIXTURES)
def test_brat_round_trip_is_byte_identical(name):
    text, ann = read_raw(FIXTURES / "brat" / f"{name}.txt"), read_raw(FIXTURES / "brat" / f"{name}.ann")
    document = brat.parse(text, ann, doc_id=name)
    assert brat.serialize(document) == ann


def test_brat_offsets_are_code_points_with_crlf_and_flag_emoji():
    text, ann = read_raw(FIXTURES / "brat" / "crlf_emoji.txt"), read_raw(FIXTURES / "brat" / "crlf_emoji.ann")
    assert "\r\n" in text and "🇦🇲" in text
    document = brat.parse(text, ann, doc_id="x")
    gold = document.annotations[0]
    friday = next(e for e in gold.entities if e.label == "TIME")
    # the flag is two code points (four UTF-16 units): Friday starts at 31, which is 33 in UTF-16
    assert (friday.start, friday.text) == (31, "Friday")
    assert len(text[: friday.start].encode("utf-16-le")) // 2 == 33
    yerevan = gold.entity("T4")
    assert yerevan.start == text.index("Yerevan") and text[yerevan.start - 2 : yerevan.start] == "\r\n"
    stance = gold.stances[0]
    assert (stance.polarity, stance.holder_id, stance.target_id) == ("AGAINST", "T4", "E1")
    assert gold.entity("T4").attributes["relations"] == [{"id": "R1", "type": "AlliesOf", "target": "T5"}]
    assert gold.entity("T1").attributes["normalizations"] == [{"type": "Reference", "ref": "Wikidata:Q9248", "text": "Baku"}]
    assert gold.events[0].attributes == {"Modality": "ASSERTED"}


def test_brat_discontinuous_span_is_carried_as_hull_plus_fragments():
    name = "discontinuous_nested_adjacent"
    text, ann = read_raw(FIXTURES / "brat" / f"{name}.txt"), read_raw(FIXTURES / "brat" / f"{name}.ann")
    gold = brat.parse(text, ann, doc_id=name).annotations[0]
    ministers = gold.entity("T1")
    assert ministers.text == "Armenian and Azerbaijani foreign ministers"
    assert [text[s:e] for s, e in ministers.attributes["fragments"]] == ["Armenian", "ministers"]
    meet = gold.events[0]
    assert [(a.role, a.entity_id) for a in meet.arguments] == [("Entity", "T1"), ("Entity", "T2"), ("Place", "T3")]
    assert gold.entity("T4").attributes == {"Nested": True}


def test_brat_bad_lines_are_located_and_the_rest_converts(tmp_path):
    (tmp_path / "doc.txt").write_text("Baku shelled Stepanakert.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text(
        "T1\tGPE 0 4\tBaku\nT2\tGPE 13 99\tStepanakert\nT3\tConflict.Attack 5 12\tshelled\nE1\tConflict.Attack:T3 Attacker:T1 Target:T2\n"
        "T4\tGPE 0 4\tBaky\n",
        encoding="utf-8",
    )
    report = Report()
    [document] = brat.read(tmp_path, report=report)
    assert sorted((e.line, e.message) for e in report.errors) == [
        (2, "span [13, 99) points outside the text (length 25)"),
        (4, "arguments ['T2'] are not entities (our event arguments point to entities only)"),
        (5, "text column 'Baky' does not match the text at its offsets 'Baku'"),
    ]
    assert all(e.path.endswith("doc.ann") for e in report.errors)
    assert [e.id for e in document.annotations[0].entities] == ["T1"]  # T3 was E1's trigger; E1 is reported
    with pytest.raises(FormatError, match=r"doc\.ann:2: doc: span \[13, 99\) points outside the text"):
        list(brat.read(tmp_path))


def test_brat_writer_names_what_it_cannot_hold():
    text = "Baku said."
    provenance = Provenance("a", "t", "gold", "1.0.0")
    entity = Entity("T1", 0, 4, "Baku", "GPE", {"confidence": 0.9, "note": "two words"})
    document = Document("d", text, annotations=(AnnotationSet(provenance, (entity,)), AnnotationSet(Provenance("b", "t", "raw", "1"))))
    report = Report()
    ann = brat.serialize(document, report=report)
    assert ann == "T1\tGPE 0 4\tBaku\n"
    assert any("confidence=0.9" in item for item in report.left_out)
    assert any("'two words'" in item for item in report.left_out)
    assert any("annotation sets ['b'] not written" in item for item in report.left_out)


# ---------------------------------------------------------------- CoNLL


@pytest.mark.parametrize(("name", "scheme"), [("iob2_adjacent", "IOB2"), ("iobes", "IOBES"), ("four_columns", "IOB2")])
def test_conll_round_trip_is_byte_identical(name, scheme):
    raw = read_raw(FIXTURES / "conll" / f"{name}.conll")
    documents = conll.parse(raw, scheme=scheme)
    assert "".join(conll.serialize(d, scheme=scheme) for d in documents) == raw


def test_conll_adjacent_same_label_spans_stay_apart_and_emoji_token_is_one_code_point_pair():
    [first, _] = conll.parse(read_raw(FIXTURES / "conll" / "iob2_adjacent.conll"))
    spans = [(e.text, e.label) for e in first.annotations[0].entities]
    assert spans == [("Azerbaijani", "NORP"), ("Stepanakert", "GPE"), ("Yerevan", "GPE"), ("Moscow State", "GPE")]
    assert first.text.split("\n")[0] == "Azerbaijani forces shelled Stepanakert 🇦🇲 ."


def test_conll_odd_column_count_is_an_error_for_its_sentence_only(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("Baku\tNNP\tB-GPE\nsaid\tO\n\nYerevan\tNNP\tB-GPE\n\n", encoding="utf-8")
    report = Report()
    [document] = conll.read(path, report=report)
    assert document.text == "Yerevan"
    [error] = report.errors
    assert (error.path, error.line) == (str(path), 2) and "2 column(s) where the file's token lines have 3" in error.message
    assert error.raw == "Baku\tNNP\tB-GPE\nsaid\tO\n"


def test_conll_stray_inside_tag_is_read_and_reported():
    report = Report()
    [document] = conll.parse("Baku\tI-GPE\nsaid\tO\n\n", report=report)
    assert [e.text for e in document.annotations[0].entities] == ["Baku"]
    assert any("breaks IOB2" in item for item in report.adjusted)


def _doc_with(entities: list[tuple[str, int, int, str]], text: str = "The Lachin corridor was closed.") -> Document:
    provenance = Provenance("a", "t", "gold", "1.0.0")
    items = tuple(Entity(i, s, e, text[s:e], label) for i, s, e, label in entities)
    tokens = tuple(Span(s, e) for s, e in [(0, 3), (4, 10), (11, 19), (20, 23), (24, 30), (30, 31)])
    return Document("d", text, tokens=tokens, sentences=(Span(0, 31),), annotations=(AnnotationSet(provenance, items),))


def test_conll_alignment_modes():
    document = _doc_with([("T1", 5, 15, "FAC")])  # "achin corr": inside two tokens
    with pytest.raises(FormatError, match="does not fall on token boundaries"):
        conll.serialize(document)
    report = Report()
    assert "Lachin\tB-FAC\ncorridor\tI-FAC" in conll.serialize(document, align_mode="expand", report=report)
    assert report.adjusted == ["d: T1 [5, 15) 'achin corr' -> [4, 19) 'Lachin corridor' (expand)"]
    report = Report()
    assert "B-FAC" not in conll.serialize(document, align_mode="contract", report=report)
    assert report.left_out == ["d: T1 [5, 15) 'achin corr': no whole token inside (contract)"]
    report = Report()
    wider = _doc_with([("T1", 3, 19, "FAC")])  # " Lachin corridor"
    assert "Lachin\tB-FAC\ncorridor\tI-FAC" in conll.serialize(wider, align_mode="contract", report=report)


def test_conll_overlapping_spans_are_named_when_left_out():
    document = _doc_with([("T1", 4, 19, "FAC"), ("T2", 4, 10, "LOC"), ("T3", 24, 30, "LOC")])
    report = Report()
    out = conll.serialize(document, report=report)
    assert "Lachin\tB-FAC\ncorridor\tI-FAC" in out and "closed\tB-LOC" in out
    assert report.left_out == ["d: T2: overlaps a longer or earlier span of the entities layer (BIO holds no overlaps)"]


# ---------------------------------------------------------------- span JSONL


@pytest.mark.parametrize("style", ["doccano", "prodigy"])
def test_spanjsonl_round_trip_is_byte_identical(style):
    raw = read_raw(FIXTURES / "spanjsonl" / f"{style}.jsonl")
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        document = spanjsonl.parse(line, doc_id=str(number))
        assert spanjsonl.serialize(document, style=style) + "\n" == line


def test_spanjsonl_offsets_are_code_points_after_emoji_and_crlf():
    line = read_raw(FIXTURES / "spanjsonl" / "doccano.jsonl").splitlines()[0]
    entities = spanjsonl.parse(line, doc_id="x").annotations[0].entities
    assert [e.text for e in entities] == ["Armenia", "Azerbaijan", "Lachin", "Baku", "Yerevan"]


def test_spanjsonl_missing_field_is_located_and_the_rest_converts(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"text": "Baku", "label": [[0, 4, "GPE"]]}\n{"label": []}\n'
        '{"text": "x", "label": [[0, 5, "GPE"]]}\n{"text": "Yerevan", "label": []}\n'
    )
    report = Report()
    documents = list(spanjsonl.read(path, report=report))
    assert [d.text for d in documents] == ["Baku", "Yerevan"]
    assert [(e.line, e.message) for e in report.errors] == [
        (2, "missing field 'text'"),
        (3, "ValueError: span [0, 5) (GPE) falls outside the text (length 1)"),
    ]


# ---------------------------------------------------------------- property tests: corpus -> format -> corpus

WORDS = st.sampled_from(["Baku", "Yerevan", "shelled", "🇦🇲", "talks", "the", "ceasefire", "Ĝ", "𝔘nion", "said", ",", "."])
LABELS = st.sampled_from(["PER", "GPE", "LOC", "ORG"])


@st.composite
def token_documents(draw: st.DrawFn, *, overlapping: bool) -> Document:
    """Tokens joined by spaces, sentences by newlines; entity spans on token boundaries."""
    sentences = draw(st.lists(st.lists(WORDS, min_size=1, max_size=8), min_size=1, max_size=4))
    text_parts, tokens, bounds, position = [], [], [], 0
    for n, sentence in enumerate(sentences):
        if n:
            text_parts.append("\n")
            position += 1
        for k, word in enumerate(sentence):
            if k:
                text_parts.append(" ")
                position += 1
            text_parts.append(word)
            tokens.append(Span(position, position + len(word)))
            position += len(word)
        bounds.append((len(tokens) - len(sentence), len(tokens)))
    text = "".join(text_parts)
    spans: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for first, end in bounds:
        for _ in range(draw(st.integers(0, 3))):
            lo = draw(st.integers(first, end - 1))
            hi = draw(st.integers(lo + 1, end))
            if not overlapping and taken & set(range(lo, hi)):
                continue
            taken |= set(range(lo, hi))
            spans.append((tokens[lo].start, tokens[hi - 1].end, draw(LABELS)))
    spans = sorted(set(spans), key=lambda s: (s[0], s[1]))
    if not overlapping:  # one label per extent
        spans = [s for k, s in enumerate(spans) if k == 0 or (s[0], s[1]) != (spans[k - 1][0], spans[k - 1][1])]
    entities = tuple(Entity(f"T{n}", s, e, text[s:e], label) for n, (s, e, label) in enumerate(spans, start=1))
    provenance = Provenance("conll", "conll.v1", "raw", load_schema().version)
    sentence_spans = tuple(Span(tokens[a].start, tokens[b - 1].end) for a, b in bounds)
    return Document("doc-1", text, sentences=sentence_spans, tokens=tuple(tokens), annotations=(AnnotationSet(provenance, entities),))


def _same_entities(a: Document, b: Document) -> None:
    assert b.text == a.text
    assert [(e.id, e.start, e.end, e.label, dict(e.attributes)) for e in b.annotations[0].entities] == [
        (e.id, e.start, e.end, e.label, dict(e.attributes)) for e in a.annotations[0].entities
    ]


@settings(max_examples=150, deadline=None)
@given(token_documents(overlapping=False))
def test_property_corpus_conll_corpus(document):
    [back] = conll.parse(conll.serialize(document))
    _same_entities(document, back)
    assert back.tokens == document.tokens and back.sentences == document.sentences


@settings(max_examples=150, deadline=None)
@given(token_documents(overlapping=True))
def test_property_corpus_spanjsonl_corpus(document):
    back = spanjsonl.parse(spanjsonl.serialize(document), doc_id="x")
    _same_entities(document, back)


@st.composite
def rich_documents(draw: st.DrawFn) -> Document:
    """Any text (CRLF, astral characters), overlapping entities with attributes and fragments, events and stances."""
    text = draw(st.text(st.sampled_from(list("ab \r\n🇦Ĝ𝔘é,")), min_size=4, max_size=40))
    n = len(text)

    def span() -> tuple[int, int]:
        start = draw(st.integers(0, n - 1))
        return start, draw(st.integers(start + 1, n))

    entities = []
    for k in range(1, draw(st.integers(1, 5)) + 1):
        s, e = span()
        attributes: dict[str, object] = {}
        if e - s >= 3 and draw(st.booleans()):
            cut = draw(st.integers(s + 1, e - 2))
            attributes["fragments"] = [[s, cut], [cut + 1, e]]
        if draw(st.booleans()):
            attributes["Modality"] = draw(st.sampled_from(["NEGATED", "FUTURE"]))
        if draw(st.booleans()):
            attributes["Generic"] = True
        entities.append(Entity(f"T{k}", s, e, text[s:e], draw(LABELS), attributes))
    events = []
    for k in range(1, draw(st.integers(0, 3)) + 1):
        s, e = span()
        arguments = tuple(
            Argument(draw(st.sampled_from(["Attacker", "Place"])), draw(st.sampled_from(entities)).id)
            for _ in range(draw(st.integers(0, 3)))
        )
        events.append(
            Event(f"E{k}", s, e, text[s:e], "Conflict.Attack", arguments, {"Modality": "ASSERTED"} if draw(st.booleans()) else {})
        )
    stances = []
    for k in range(len(events) + 1, len(events) + 1 + draw(st.integers(0, 2))):
        s, e = span()
        target = draw(st.sampled_from([x.id for x in (*entities, *events)]))
        stances.append(Stance(f"E{k}", s, e, text[s:e], draw(st.sampled_from(["FAVOR", "AGAINST"])), entities[0].id, target))
    provenance = Provenance("brat", "brat.v1", "raw", load_schema().version)
    return Document("d", text, annotations=(AnnotationSet(provenance, tuple(entities), tuple(events), tuple(stances)),))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_documents())
def test_property_corpus_brat_corpus(document):
    ann = brat.serialize(document)
    back = brat.parse(document.text, ann, doc_id="d")
    assert back.annotations == document.annotations
    assert brat.serialize(back) == ann


# ---------------------------------------------------------------- CLI


def test_convert_command_keeps_bad_records_aside(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Baku", "label": [[0, 4, "GPE"]]}\n{"id": "b", "label": []}\n', encoding="utf-8")
    out = tmp_path / "out.conll"
    assert main(["convert", "--from", "spanjsonl.v1", "--to", "conll.v1", str(source), str(out)]) == 1
    assert read_raw(out) == "# newdoc id = a\nBaku\tB-GPE\n\n"
    rejects = read_raw(tmp_path / "out.conll.rejects")
    assert f"# {source}:2: b: missing field 'text'\n" in rejects and '{"id": "b", "label": []}\n' in rejects
    assert "1 bad record(s)" in capsys.readouterr().err


def test_convert_command_unknown_format_is_one_line(tmp_path, capsys):
    assert main(["convert", "--from", "nope", "--to", "corpus.v1", str(tmp_path), str(tmp_path / "o")]) == 2
    assert "no reader named 'nope'" in capsys.readouterr().err


def test_convert_brat_to_corpus_and_back(tmp_path):
    corpus = tmp_path / "c.jsonl"
    assert main(["convert", "--from", "brat.v1", "--to", "corpus.v1", str(FIXTURES / "brat"), str(corpus)]) == 0
    assert main(["convert", "--from", "corpus.v1", "--to", "brat.v1", str(corpus), str(tmp_path / "brat")]) == 0
    for name in BRAT_FIXTURES:
        assert read_raw(tmp_path / "brat" / f"{name}.ann") == read_raw(FIXTURES / "brat" / f"{name}.ann")
        assert read_raw(tmp_path / "brat" / f"{name}.txt") == read_raw(FIXTURES / "brat" / f"{name}.txt")
    assert json.loads(corpus.read_text(encoding="utf-8").splitlines()[0])["annotations"][0]["provenance"]["source_tool"] == "brat.v1"
