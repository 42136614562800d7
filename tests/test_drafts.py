import json

import pytest

from annotation.cli import main
from annotation.corpus import iter_corpus, write_corpus
from annotation.drafts import DraftError, locate, resolve_draft
from annotation.model import Document, Span

TEXT = "Armenia said Azerbaijan shelled Sotk. Armenian troops fired back at Azerbaijan on Friday."
DOC = Document("d1", TEXT, sentences=(Span(0, 37), Span(38, len(TEXT))))


def draft(**overrides):
    base = {
        "doc_id": "d1", "annotator": "annotator-1", "guideline_version": "1.0",
        "entities": [
            {"id": "T1", "s": 0, "text": "Armenia", "label": "GPE"},
            {"id": "T2", "s": 0, "text": "Azerbaijan", "label": "GPE"},
            {"id": "T3", "s": 0, "text": "Sotk", "label": "GPE"},
            {"id": "T4", "s": 1, "text": "Azerbaijan", "label": "GPE"},
            {"id": "T5", "s": 1, "text": "Friday", "label": "TIME"},
        ],
        "events": [{"id": "V1", "s": 0, "text": "shelled", "label": "Conflict.Attack",
                    "args": [["Attacker", "T2"], ["Place", "T3"]]}],
        "stances": [{"id": "S1", "s": 0, "text": "said Azerbaijan shelled Sotk", "polarity": "AGAINST",
                     "holder": "T1", "target": "T2"}],
    }
    base.update(overrides)
    return base


def test_locate_respects_word_boundaries_and_occurrence():
    # "Armenia" inside "Armenian" is not a match in sentence 1
    with pytest.raises(ValueError, match="not in sentence 1 as whole words"):
        locate(DOC, 1, "Armenia")
    assert locate(DOC, 1, "Azerbaijan") == (TEXT.rindex("Azerbaijan"), TEXT.rindex("Azerbaijan") + 10)
    with pytest.raises(ValueError, match="only 1 time"):
        locate(DOC, 1, "Azerbaijan", 2)


def test_resolve_builds_offsets_and_provenance():
    aset = resolve_draft(draft(), DOC)
    assert [(e.id, TEXT[e.start:e.end]) for e in aset.entities][3] == ("T4", "Azerbaijan")
    assert aset.entities[3].start == TEXT.rindex("Azerbaijan")
    assert aset.events[0].attributes["modality"] == "ASSERTED"
    assert aset.provenance.annotator == "annotator-1" and aset.provenance.status == "raw"
    Document("d1", TEXT, annotations=(aset,))  # consistent


def test_every_problem_is_reported_at_once():
    bad = draft(
        entities=[{"id": "T1", "s": 0, "text": "Armenia", "label": "COUNTRY"},
                  {"id": "T2", "s": 5, "text": "x", "label": "GPE"},
                  {"id": "T3", "s": 0, "text": "Sotk", "label": "GPE"}],
        events=[{"id": "V1", "s": 0, "text": "shelled", "label": "Conflict.Attack",
                 "args": [["Victim", "T3"], ["Instrument", "T3"]]}],
        stances=[{"id": "S1", "s": 0, "text": "said", "polarity": "AGAINST", "holder": "T3", "target": "V9"}],
    )
    with pytest.raises(DraftError) as caught:
        resolve_draft(bad, DOC, "a.json")
    text = str(caught.value)
    assert "T1: unknown entity label 'COUNTRY'" in text
    assert "T2: sentence 5 does not exist" in text
    assert "role 'Victim' is not a role of Conflict.Attack" in text
    assert "Conflict.Attack.Instrument does not accept GPE (T3)" in text
    assert "S1: target 'V9'" in text


def test_draft_build_command(tmp_path, capsys):
    articles = tmp_path / "articles.jsonl"
    write_corpus([DOC], articles)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(draft()), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["draft", "--articles", str(articles), "build", str(good), "-o", str(out)]) == 0
    (doc,) = iter_corpus(out)
    assert doc.annotations[0].stances[0].holder_id == "T1"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(draft(annotator="")), encoding="utf-8")
    assert main(["draft", "--articles", str(articles), "check", str(good), str(bad)]) == 1
    assert "annotator is missing" in capsys.readouterr().err
