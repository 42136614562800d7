import io
import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from annotation.cli import main
from annotation.corpus import CorpusError, document_to_dict, dumps, iter_corpus, loads, scan_corpus, write_corpus
from annotation.model import AnnotationSet, Document, Entity, Provenance, Source, Span
from annotation.validate import corpus_json_schema
from tests.test_model import TEXT, make_set


def sample_document(doc_id="d1"):
    return Document(doc_id, TEXT, title="t", source=Source(path="x.txt", licence="public domain"),
                    sentences=(Span(0, len(TEXT)),), tokens=(Span(0, 10), Span(11, 15)),
                    annotations=(make_set(),), meta={"k": 1})


def test_round_trip_is_identical(tmp_path):
    docs = [sample_document("d1"), sample_document("d2")]
    path = tmp_path / "c.jsonl"
    assert write_corpus(docs, path) == 2
    assert list(iter_corpus(path)) == docs


def test_writing_is_deterministic(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_corpus([sample_document()], a)
    write_corpus([loads(dumps(sample_document()))], b)
    assert a.read_bytes() == b.read_bytes()
    assert "🇦🇲" in a.read_text(encoding="utf-8")  # no ASCII escaping


def test_documents_satisfy_the_json_schema():
    jsonschema.validate(document_to_dict(sample_document()), corpus_json_schema())


def test_scan_reports_bad_lines_and_keeps_the_good_ones():
    good = dumps(sample_document())
    bad_offsets = json.loads(good)
    bad_offsets["annotations"][0]["entities"][0]["start"] = 1
    bad_offsets["annotations"][0]["entities"][0]["end"] = 11
    lines = [good, "{not json", json.dumps({"text": "x"}), json.dumps(bad_offsets), good.replace('"d1"', '"d3"')]
    results = list(scan_corpus(io.StringIO("\n".join(lines)), "c.jsonl"))
    kinds = [type(item).__name__ for _, item in results]
    assert kinds == ["Document", "CorpusError", "CorpusError", "CorpusError", "Document"]
    errors = [item for _, item in results if isinstance(item, CorpusError)]
    assert [e.line for e in errors] == [2, 3, 4]
    assert "missing field 'id'" in str(errors[1])
    assert "c.jsonl:4: d1:" in str(errors[2])


def test_reading_streams(tmp_path):
    path = tmp_path / "c.jsonl"
    write_corpus((sample_document(f"d{i}") for i in range(3)), path)
    stream = iter_corpus(path)
    assert next(stream).id == "d0"  # a generator: nothing read past the first line yet


printable = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(text=printable, data=st.data())
def test_random_documents_round_trip(text, data):
    n = len(text)
    spans = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n)).filter(lambda t: t[0] < t[1]),
                               max_size=5))
    entities = tuple(Entity(f"e{i}", s, e, text[s:e], "PER") for i, (s, e) in enumerate(spans))
    prov = Provenance("a", "t", "raw", "1.0.0")
    doc = Document("d", text, annotations=(AnnotationSet(prov, entities),))
    assert loads(dumps(doc)) == doc


def test_validate_command_reports_every_problem(tmp_path, capsys):
    record = document_to_dict(sample_document())
    aset = record["annotations"][0]
    aset["entities"][0]["label"] = "ALIEN"
    aset["entities"][1]["text"] = "Armenix"
    aset["events"][0]["arguments"].append({"role": "Victim", "entity_id": "e1"})
    aset["stances"][0]["holder_id"] = "v1"
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(record) + "\n" + dumps(sample_document("ok")) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "c.jsonl:1: d1 entities e1:" in out and "unknown entity type 'ALIEN'" in out
    assert "c.jsonl:1: d1 entities e2:" in out and "'Armenix'" in out
    assert "role 'Victim' is not allowed for Conflict.Attack" in out
    assert "holder 'v1' is not an entity" in out
    assert "c.jsonl:2:" not in out


def test_validate_command_accepts_a_good_file(tmp_path):
    path = tmp_path / "c.jsonl"
    write_corpus([sample_document()], path)
    assert main(["validate", str(path)]) == 0


def test_validate_command_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
