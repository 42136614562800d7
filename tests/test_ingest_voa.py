import json
from pathlib import Path

import pytest

from annotation.corpus import dumps, loads
from annotation.ingest.voa import VOA_FILES, VOA_FOLDER, load_voa_sentences, read_voa_articles, rebuild_voa_articles

pytestmark = pytest.mark.skipif(not VOA_FOLDER.is_dir(), reason="shared M2E2 VOA data not present")

CHICAGO = "VOA_EN_NW_2015.11.26.3074855"


@pytest.fixture(scope="module")
def articles():
    return {article.document.id: article for article in rebuild_voa_articles()}


def test_document_and_sentence_counts_match_source_md(articles):
    records = {name: json.loads((VOA_FOLDER / name).read_text()) for name in VOA_FILES}
    # SOURCE.md: 3,410 text-only + 106 multimedia sentence records over 137 documents
    assert len(records["text_only_event.json"]) == 3410
    assert len(records["text_multimedia_event.json"]) == 106
    shared = {r["sentence_id"] for r in records["text_only_event.json"]} & {
        r["sentence_id"] for r in records["text_multimedia_event.json"]
    }
    assert len(shared) == 18
    assert len(articles) == 137
    listed = (VOA_FOLDER / "doc_ids.txt").read_text().split()
    assert sorted(articles) == sorted(listed)
    # 3,516 records, 18 in both files: 3,498 distinct sentences (SOURCE.md, "Sparse gold")
    sentences = [s for a in articles.values() for s in a.sentences]
    assert len(sentences) == 3410 + 106 - 18 == 3498
    merged = [s for s in sentences if len(s.records) == 2]
    assert len(merged) == 18
    assert all(s.files == VOA_FILES for s in merged)


def test_every_m2e2_token_maps_to_its_word(articles):
    checked = 0
    for article in articles.values():
        text = article.document.text
        for sentence in article.sentences:
            if sentence.sentence_id not in article.token_spans:
                continue
            for i, word in enumerate(sentence.record["words"]):
                span = article.token_span(sentence.sentence_id, i)
                assert text[span.start : span.end] == word
                checked += 1
    assert checked > 80000


def test_chicago_article_title_body_and_sentences(articles):
    article = articles[CHICAGO]
    document = article.document
    assert document.title == "A Second Night of Chicago Protests Over Police Shooting"
    assert document.text.startswith(document.title + "\n\nProtesters took to the streets of Chicago")
    first_body = document.sentences[1]
    assert document.text[first_body.start : first_body.end].endswith("being shot to death by a white officer.")
    assert document.text[document.sentences[0].start : document.sentences[0].end] == document.title
    # a sub-heading glued with "-" becomes its own sentence
    sentence_texts = [document.text[s.start : s.end] for s in document.sentences]
    assert "Protesters arrested" in sentence_texts
    assert "Protesters arrested-" not in document.text
    # the M2E2 map: event trigger "took" (tokens [10, 11)) of sentence 0
    record = article.sentences[0].record
    trigger = record["golden-event-mentions"][0]["trigger"]
    span = article.char_span(article.sentences[0].sentence_id, trigger["start"], trigger["end"])
    assert document.text[span.start : span.end] == trigger["text"] == "took"
    assert document.source.date == "2015-11-26"
    assert document.source.licence == "public domain (VOA)"
    assert document.source.outlet == "Voice of America"
    assert document.meta["m2e2_files"] == list(VOA_FILES)
    assert not document.annotations


def test_merged_sentence_keeps_both_records_events(articles):
    merged = [s for a in articles.values() for s in a.sentences if len(s.records) == 2]
    for sentence in merged:
        first, second = sentence.records
        assert first["words"] == second["words"]
        assert first["index"] == second["index"]


def test_sentences_and_tokens_are_ordered_and_inside_text(articles):
    for article in articles.values():
        document = article.document
        if not document.text:  # two articles whose only M2E2 record is page script
            assert document.id in {"VOA_EN_NW_2013.04.03.1634074", "VOA_EN_NW_2013.11.21.1794874"} and document.removed
            continue
        assert document.sentences
        ends = [0]
        for span in document.sentences:
            assert span.start >= ends[-1]
            assert not document.text[span.start].isspace() and not document.text[span.end - 1].isspace()
            ends.append(span.end)
        for before, after in zip(document.tokens, document.tokens[1:], strict=False):
            assert before.end <= after.start


def test_page_script_records_are_removed_with_a_reason(articles):
    removed = [r for a in articles.values() for r in a.document.removed]
    assert removed
    assert all(r.reason == "page script in an M2E2 sentence record" for r in removed)
    assert not any("CDATA" in a.document.text or "/*" in a.document.text for a in articles.values())


def test_documents_round_trip_through_the_corpus_format():
    documents = list(read_voa_articles())
    assert all(loads(dumps(d)) == d for d in documents)


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    from annotation.errors import FlashpointError

    with pytest.raises(FlashpointError, match=r"text_only_event\.json"):
        load_voa_sentences(tmp_path)


def test_voa_articles_written_as_text_ingest_back_to_the_same_title_and_text():
    from annotation.ingest import IngestOptions, ingest_bytes

    documents = [d for d in read_voa_articles() if d.text.strip() and d.text != d.title]
    assert len(documents) == 134  # 137 less two page-script-only articles and one headline-only article
    for document in documents:
        again = ingest_bytes((document.text + "\n").encode(), f"{document.id}.txt", IngestOptions())
        assert (again.title, again.text) == (document.title, document.text), document.id
        assert not again.removed, document.id
