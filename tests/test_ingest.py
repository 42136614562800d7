import hashlib
import json
from pathlib import Path

import pytest

from annotation.cli import main
from annotation.corpus import iter_corpus
from annotation.ingest import IngestError, IngestOptions, ingest_file
from annotation.ingest.encoding import is_garbled
from annotation.ingest.plain_text import extract_article
from annotation.ingest.segment import segment
from annotation.paths import SEED_ARTICLE

SEED = SEED_ARTICLE
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
JUNK = [
    "Â鶹ӰÊÓ",
    "Skip to main content",
    "A checkpoint of the Russia peacekeeping force",
    "PHOTOLURE",
    "CTVNews.ca Top Stories",
    "Local Spotlight",
    "British Columbia election",
    "moose",
    "Lotto Max",
    "Cole Haas",
]
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="seed article not present")


def sentence_texts(document):
    return [document.text[s.start : s.end] for s in document.sentences]


@pytest.fixture(scope="module")
def seed():
    return ingest_file(SEED)


@needs_seed
def test_seed_title_and_body_bounds(seed):
    assert seed.title == "Two soldiers killed in new Azerbaijan-Armenia clash ahead of peace talks"
    sentences = sentence_texts(seed)
    assert sentences[0] == seed.title
    assert sentences[1] == (
        "Troops from Azerbaijan and Armenia exchanged fire with weapons including mortars and drones on their joint "
        "border on Friday, killing one soldier from each side two days before top-level talks on a long-term peace deal."
    )
    assert sentences[-1] == "(Reporting by Ron Popeski; Editing by Frank Jack Daniel and Rosalba O'Brien)"
    body = seed.text[seed.meta["body_start"] :]
    assert body.startswith("Troops from Azerbaijan and Armenia exchanged fire")
    assert body.endswith("(Reporting by Ron Popeski; Editing by Frank Jack Daniel and Rosalba O'Brien)")


@needs_seed
def test_seed_junk_is_gone_and_recorded_with_reasons(seed):
    for junk in JUNK:
        assert junk not in seed.text, junk
    lines = seed.text.split("\n")
    assert "Share" not in lines
    reasons = {r.text.split("\n")[0]: r.reason for r in seed.removed}
    assert reasons["Â鶹ӰÊÓ"].startswith("encoding damage")
    assert reasons["Skip to main content"].startswith("page furniture")
    assert reasons["Share"].startswith("page furniture")
    caption = next(text for text in reasons if text.startswith("A checkpoint of the Russia"))
    assert reasons[caption] == "photo caption (the same text printed twice)"
    assert "CTVNews.ca Top Stories" in reasons["CTVNews.ca Top Stories"]
    assert "Local Spotlight" in reasons["Local Spotlight"]
    removed_text = "\n".join(r.text for r in seed.removed)
    for junk in JUNK:
        assert junk in removed_text, junk


@needs_seed
def test_seed_provenance_and_offsets(seed):
    assert seed.id == "ctv-news-azerbaijan-armenia-clash"
    assert seed.source.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert seed.source.licence == "unknown"
    assert seed.source.path == str(SEED)
    assert len(seed.sentences) >= 20
    for span in seed.tokens:
        token = seed.text[span.start : span.end]
        assert token and token == token.strip()
    assert [seed.text[t.start : t.end] for t in seed.tokens[:4]] == ["Two", "soldiers", "killed", "in"]


def test_html_page_article_metadata_and_left_out_text():
    document = ingest_file(FIXTURES / "news-page.html", IngestOptions(licence="CC BY 4.0"))
    assert document.title == "Ceasefire talks resume after border clash"
    assert document.meta["format"] == "html"
    assert document.source.url == "https://news.example.org/world/ceasefire-talks-resume"
    assert document.source.outlet == "Example Wire"
    assert document.source.date == "2023-09-01"
    assert document.source.licence == "CC BY 4.0"
    sentences = sentence_texts(document)
    assert sentences[1].startswith("Negotiators from both governments met in Geneva")
    assert sentences[-1] == "(Reporting by Jane Roe; Editing by Sam Poe)"
    for junk in ("Skip to main content", "AP Photo", "moose", "Most Read", "Copyright", "dataLayer", "Sport"):
        assert junk not in document.text
    removed = {r.text for r in document.removed}
    assert {"Skip to main content", "Most Read", "Man fined for shooting a moose near the river"} <= removed


def test_plain_text_teasers_without_reporting_credit_end_at_a_teaser_heading():
    document = ingest_file(FIXTURES / "short-article.txt", IngestOptions(outlet="Example Wire", date="2024-01-02"))
    assert document.title == "Talks on prisoner exchange end without a deal"
    assert sentence_texts(document)[-1] == "Both sides agreed to meet again next month."
    assert "Floods" not in document.text and "Menu" not in document.text
    assert any(r.reason.startswith("unrelated teasers under the heading 'Related Stories'") for r in document.removed)
    assert document.source.outlet == "Example Wire" and document.source.date == "2024-01-02"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file"),
        ("archive.txt.gz", "binary file"),
        ("latin-1.txt", "not UTF-8 text (byte 0xe1 at offset 50)"),
        ("no-article.html", "HTML page with no article"),
    ],
)
def test_bad_input_raises_an_error_naming_the_file(name, message):
    with pytest.raises(IngestError) as caught:
        ingest_file(FIXTURES / name)
    assert str(caught.value).startswith(str(FIXTURES / name) + ": ")
    assert message in str(caught.value)


def test_cli_reports_each_bad_file_and_still_writes_the_good_ones(tmp_path, capsys):
    output = tmp_path / "corpus.jsonl"
    code = main(["ingest", str(FIXTURES), str(tmp_path / "missing.txt"), "-o", str(output), "--licence", "test"])
    assert code == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("flashpoint ingest: error:")]
    named = sorted(Path(line.split("error: ")[1].split(": ")[0]).name for line in errors)
    assert named == ["archive.txt.gz", "empty.txt", "latin-1.txt", "missing.txt", "no-article.html"]
    documents = list(iter_corpus(output))
    assert sorted(d.id for d in documents) == ["news-page", "short-article"]
    assert all(d.source.licence == "test" for d in documents)
    assert main(["validate", str(output)]) == 0


@needs_seed
def test_cli_ingests_the_seed_with_provenance_options(tmp_path):
    output = tmp_path / "seed.jsonl"
    code = main(["ingest", str(SEED), "-o", str(output), "--outlet", "CTV News", "--url", "https://example.org/x"])
    assert code == 0
    (raw,) = [json.loads(line) for line in output.read_text().splitlines()]
    assert raw["title"] == "Two soldiers killed in new Azerbaijan-Armenia clash ahead of peace talks"
    assert raw["source"]["outlet"] == "CTV News" and raw["source"]["url"] == "https://example.org/x"
    assert raw["removed"]


def test_cli_without_input_is_a_one_line_error(tmp_path, capsys):
    assert main(["ingest", "-o", str(tmp_path / "x.jsonl")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_repeated_caption_photo_credit_and_garbled_lines():
    text = (
        "Garbled Â鶹ӰÊÓ site\n\nPeace talks stall\n\n"
        "Soldiers at a checkpoint, Sept. 3. (John Doe/Reuters)\n\n"
        "Tanks rolled in. Tanks rolled in.\n\n"
        "The talks stalled on Monday after a day of shelling, officials said.\n"
    )
    article = extract_article(text)
    assert article.title == "Peace talks stall"
    assert article.paragraphs == (
        "Tanks rolled in. Tanks rolled in.",
        "The talks stalled on Monday after a day of shelling, officials said.",
    )
    reasons = [r.reason for r in article.removed]
    assert reasons[0].startswith("encoding damage")
    assert "photo caption (ends with a photo credit)" in reasons
    assert is_garbled("Â鶹ӰÊÓ") and not is_garbled("Montérégie Yerevan Ереван 北京")


def test_segment_offsets_point_at_their_tokens():
    text = "Title line\n\nHe said \"no.\" Then U.S. troops left -- fast.\n\nIt's 3.5% at 10:30."
    segmentation = segment(text)
    tokens = [text[s.start : s.end] for s in segmentation.tokens]
    assert tokens[:4] == ["Title", "line", "He", "said"]
    assert "10:30" in tokens
    first = segmentation.sentences[0]
    assert text[first.start : first.end] == "Title line"
    assert len(segmentation.sentences) == 4
