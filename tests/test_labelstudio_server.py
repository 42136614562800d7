"""Integration: a real Label Studio 1.23 server, our config, push with predictions, annotations by two users, pull.

The round trip corpus -> tasks -> Label Studio -> export -> corpus must give back every layer, id and attribute;
Label Studio's own fields (ids, users, timestamps) come back in provenance, and converting the pulled corpus to
tasks and back is exactly the identity.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from annotation.corpus import iter_corpus, write_corpus
from annotation.labelstudio.client import Connection, LabelStudioClient
from annotation.labelstudio.config import label_config
from annotation.labelstudio.convert import DERIVED_FIELDS, document_to_task, task_to_document
from annotation.labelstudio.export import read_export
from annotation.labelstudio.pull import pull
from annotation.labelstudio.push import annotate, push
from annotation.model import Document
from tests.labelstudio_fixtures import EMOJI_TEXT, crlf_document, emoji_document, plain_document
from tests.labelstudio_server import labelstudio_server  # noqa: F401  (the session fixture)

pytestmark = pytest.mark.labelstudio
TITLE = "Flashpoint integration"


@pytest.fixture(scope="module")
def client(labelstudio_server):  # noqa: F811
    return LabelStudioClient(Connection(labelstudio_server.url, labelstudio_server.token))


def human_documents() -> list[Document]:
    """Three documents; two annotators (ann-a on two, ann-b on two), each with a lead time."""
    emoji = emoji_document("ann-a", lead_time=12.5)
    emoji = replace(emoji, annotations=(*emoji.annotations, *emoji_document("ann-b", lead_time=30.0).annotations))
    return [emoji, crlf_document("ann-b", lead_time=7.0), plain_document("ann-a", lead_time=3.25)]


def as_prediction(document: Document) -> list:
    return [replace(a, provenance=replace(a.provenance, status="prediction")) for a in document.annotations]


def model_predictions() -> dict[str, list]:
    return {"doc-emoji": list(emoji_document("crf-0.1", "prediction", score=0.75).annotations),
            "doc-plain": as_prediction(plain_document("crf-0.1"))}


def layers(document: Document) -> list[tuple]:
    """Everything but Label Studio's own provenance fields, per annotation set, in a stable order."""
    return sorted(
        (a.provenance.annotator, a.provenance.status, a.provenance.schema_version, a.provenance.guideline_version,
         a.entities, a.events, a.stances)
        for a in document.annotations
    )


def test_server_accepts_our_config_and_the_round_trip_is_identical(client, tmp_path, labelstudio_server):  # noqa: F811
    documents = human_documents()
    report = push(client, TITLE, documents, model_predictions())
    assert report.created_project and report.imported == 3 and report.predictions == 2
    assert client.project(TITLE).label_config.strip() == label_config().strip()  # the server kept our config
    again = push(client, TITLE, documents, model_predictions())
    assert (again.created_project, again.imported, again.skipped) == (False, 0, 3)  # idempotent

    annotated = annotate(client, TITLE, documents)
    assert annotated.created == 4 and set(annotated.users) == {"ann-a", "ann-b"}
    assert annotated.users["ann-a"] != annotated.users["ann-b"]
    assert annotate(client, TITLE, documents).created == 0  # idempotent

    export, corpus = tmp_path / "export.json", tmp_path / "corpus.jsonl"
    pulled = pull(client, TITLE, export, corpus, guideline_version="g1")
    assert pulled.tasks == 3 and pulled.conversion is not None and pulled.conversion.ok, pulled.conversion
    assert pulled.conversion.issues == ()

    tasks = [t for t in read_export(export) if isinstance(t, dict)]
    completed_by = {a["completed_by"] for t in tasks for a in t["annotations"]}
    assert completed_by == {annotated.users["ann-a"], annotated.users["ann-b"]}  # two different users

    # a UTF-16 offset in the export maps to the right code points
    emoji_task = next(t for t in tasks if t["data"]["flashpoint"]["id"] == "doc-emoji")
    region = next(i for i in emoji_task["annotations"][0]["result"] if i.get("id") == "e3")
    assert (region["value"]["start"], region["value"]["text"]) == (EMOJI_TEXT.index("Lachin Corridor") + 2, "Lachin Corridor")
    units = emoji_task["data"]["text"].encode("utf-16-le")
    assert units[2 * region["value"]["start"] : 2 * region["value"]["end"]].decode("utf-16-le") == "Lachin Corridor"

    back = {d.id: d for d in iter_corpus(corpus)}
    expected = {d.id: d for d in documents}
    predictions = model_predictions()
    for doc_id, original in expected.items():
        got = back[doc_id]
        assert replace(got, annotations=()) == replace(original, annotations=())  # text, title, source, spans, meta
        wanted = [*original.annotations, *predictions.get(doc_id, [])]
        assert layers(got) == layers(replace(original, annotations=tuple(wanted)))
        for annotation_set in got.annotations:
            extra = annotation_set.provenance.extra
            assert extra["ls_task_id"] == next(t["id"] for t in tasks if t["data"]["flashpoint"]["id"] == doc_id)
            assert annotation_set.provenance.source_tool == "label-studio" and annotation_set.provenance.created_at
            if annotation_set.provenance.status == "raw":
                source = next(a for a in original.annotations if a.provenance.annotator == annotation_set.provenance.annotator)
                assert extra["lead_time"] == source.provenance.extra["lead_time"]
                assert extra["ls_completed_by"] == annotated.users[annotation_set.provenance.annotator]
                assert extra["was_cancelled"] is False and isinstance(extra["ls_annotation_id"], int)
            else:
                assert annotation_set.provenance.annotator == "crf-0.1" and "ls_prediction_id" in extra
    assert [a.provenance.extra["score"] for a in back["doc-emoji"].annotations if a.provenance.status == "prediction"] == [0.75]

    # lossless in the other direction: the pulled corpus, serialized back to tasks, is the export
    for task in tasks:
        conversion = task_to_document(task, users=client.user_names(), guideline_version="g1")
        assert conversion.document is not None
        rebuilt = document_to_task(conversion.document)
        assert rebuilt["data"] == task["data"]
        for key in ("annotations", "predictions"):
            ours = sorted(json.dumps(a, sort_keys=True) for a in rebuilt[key])
            theirs = sorted(json.dumps({k: v for k, v in a.items() if k not in DERIVED_FIELDS}, sort_keys=True)
                            for a in task[key])
            assert ours == theirs

    # pulling again gives the same bytes
    first = export.read_bytes()
    pull(client, TITLE, export, tmp_path / "corpus2.jsonl", guideline_version="g1")
    assert export.read_bytes() == first
    assert (tmp_path / "corpus2.jsonl").read_bytes() == corpus.read_bytes()


def test_cli_push_pull_with_environment_credentials(labelstudio_server, tmp_path, monkeypatch, capsys):  # noqa: F811
    from annotation.cli import main

    monkeypatch.setenv("LABEL_STUDIO_URL", labelstudio_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", labelstudio_server.token)
    corpus = tmp_path / "in.jsonl"
    write_corpus([plain_document("ann-c", lead_time=1.0)], corpus)
    assert main(["ls", "push", str(corpus), "--project", "CLI project"]) == 0
    assert main(["ls", "annotate", str(corpus), "--project", "CLI project"]) == 0
    assert main(["ls", "pull", "--project", "CLI project", "--export", str(tmp_path / "e.json"), "--corpus", str(tmp_path / "c.jsonl"),
                 "--guideline-version", "g1"]) == 0
    (document,) = iter_corpus(tmp_path / "c.jsonl")
    assert document.annotations[0].provenance.annotator == "ann-c"
    assert document.annotations[0].entities == plain_document().annotations[0].entities
    output = capsys.readouterr()
    assert labelstudio_server.token not in output.out + output.err  # the key is never printed
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "0" * 40)
    assert main(["ls", "pull", "--project", "CLI project", "--export", str(tmp_path / "x.json")]) == 2
    assert "refused the API key" in capsys.readouterr().err


def test_agreement_of_two_users_from_a_pulled_export(client, tmp_path, labelstudio_server):  # noqa: F811
    """Two users annotate the same two documents through the server; the agreement report on the pulled export
    equals what the differences imply, counted by hand."""
    from annotation.cli import main

    plain_a, emoji_a = plain_document("ann-a"), emoji_document("ann-a")
    # ann-b: the same plain document but "Sunday" is not marked (one entity missing); in the emoji document
    # "Baku" is ORG instead of GPE (one label disagreement) — everything else identical.
    b_plain_set = plain_a.annotations[0]
    b_plain_set = replace(b_plain_set, provenance=replace(b_plain_set.provenance, annotator="ann-b"),
                          entities=tuple(e for e in b_plain_set.entities if e.text != "Sunday"))
    b_emoji_set = emoji_a.annotations[0]
    b_emoji_set = replace(b_emoji_set, provenance=replace(b_emoji_set.provenance, annotator="ann-b"),
                          entities=tuple(replace(e, label="ORG") if e.text == "Baku" else e for e in b_emoji_set.entities))
    # the event's Attacker points to Baku (e2), which stays an entity id in both sets
    documents = [replace(plain_a, annotations=(plain_a.annotations[0], b_plain_set)),
                 replace(emoji_a, annotations=(emoji_a.annotations[0], b_emoji_set))]
    title = "Flashpoint agreement"
    push(client, title, documents)
    assert annotate(client, title, documents).created == 4
    export = tmp_path / "export.json"
    pull(client, title, export, guideline_version="g1")
    assert main(["agreement", str(export), "--json", str(tmp_path / "agreement.json"), "--resamples", "50"]) == 0
    report = json.loads((tmp_path / "agreement.json").read_text(encoding="utf-8"))
    assert report["documents"] == 2 and report["pairs"] == 2 and report["annotators"] == ["ann-a", "ann-b"]
    entities = report["layers"]["entities"]
    # ann-a: 4 + 5 entities; ann-b: 3 + 5; matches with type and boundaries: 3 + 4 = 7 -> F1 = 2*7 / (9 + 8)
    assert entities["strict"]["micro"]["f1"] == pytest.approx(14 / 17)
    assert entities["strict"]["per_label"]["TIME"]["f1"] == pytest.approx(2 * 1 / (2 + 1))
    assert entities["strict"]["per_label"]["GPE"]["f1"] == pytest.approx(2 * 2 / (3 + 2))
    assert report["layers"]["events"]["strict"]["micro"]["f1"] == pytest.approx(1.0)
    assert report["layers"]["stance"]["strict"]["micro"]["f1"] == pytest.approx(1.0)


def test_push_refuses_gold_or_annotator_sets_as_predictions_and_creates_nothing(client):
    """Pre-annotation must never leak labels: a gold or raw set offered as a prediction stops the push before the
    project exists, so the server has no task and no prediction of it."""
    from annotation.labelstudio.push import NotAPrediction

    gold = plain_document("adjudicator", ground_truth=True)
    for offered in (list(gold.annotations), list(plain_document("ann-a").annotations)):
        with pytest.raises(NotAPrediction, match="only model predictions are pushed"):
            push(client, "Leak check", [replace(gold, annotations=())], {"doc-plain": offered})
    assert client.find_project("Leak check") is None


def test_predict_then_push_shows_annotators_only_the_model(client, tmp_path, labelstudio_server, monkeypatch):  # noqa: F811
    """The real loop: flashpoint predict on documents that carry gold, then ls push --predictions; the server's tasks
    hold the model's prediction and nothing of the gold (no annotation, no other prediction, no gold-only label)."""
    from annotation.cli import main
    from tests.baselines_fixtures import synthetic_corpus

    train, test = tmp_path / "train.jsonl", tmp_path / "test.jsonl"
    write_corpus(synthetic_corpus(20, seed=3), train)
    documents = synthetic_corpus(3, seed=9)
    write_corpus(documents, test)
    assert main(["train", "--layer", "entities", "--model", "memorise", str(train), "-o", str(tmp_path / "m")]) == 0
    predicted = tmp_path / "pred.jsonl"
    assert main(["predict", str(tmp_path / "m"), str(test), "-o", str(predicted), "--model-version", "mem-1"]) == 0
    sets = [a for d in iter_corpus(predicted) for a in d.annotations]
    assert sets and {a.provenance.status for a in sets} == {"prediction"}  # the gold did not travel with them

    monkeypatch.setenv("LABEL_STUDIO_URL", labelstudio_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", labelstudio_server.token)
    stripped = tmp_path / "texts.jsonl"
    write_corpus([replace(d, annotations=()) for d in documents], stripped)
    assert main(["ls", "push", str(stripped), "--project", "Leak loop", "--predictions", str(predicted)]) == 0
    project = client.project("Leak loop")
    tasks = list(client.tasks(project.id))
    assert len(tasks) == 3
    for task in tasks:
        assert not task.annotations and client.predictions(task.id)
        assert {p.model_version for p in client.predictions(task.id)} == {"mem-1"}


def test_guideline_version_and_adjudication_provenance_survive_the_server(client, tmp_path):
    """Label Studio has no field for an annotation's guideline version, policy or what a revision revises; the
    toolkit's provenance note carries them, so a project mixing 1.0 and 1.1 annotations pulls back each one's own."""
    old = plain_document("ann-old")
    old = replace(old, annotations=tuple(replace(a, provenance=replace(a.provenance, guideline_version="1.0"))
                                         for a in old.annotations))
    revision = plain_document("reviser", ground_truth=True, policy="revised-1.1",
                              revises={"annotator": "ann-old", "guideline_version": "1.0"})
    revision = replace(revision, annotations=tuple(replace(a, provenance=replace(a.provenance, guideline_version="1.1"))
                                                   for a in revision.annotations))
    both = replace(old, annotations=(*old.annotations, *revision.annotations))
    push(client, "Mixed versions", [both])
    assert annotate(client, "Mixed versions", [both]).created == 2
    pulled = pull(client, "Mixed versions", tmp_path / "e.json", tmp_path / "c.jsonl", guideline_version="pull-default")
    assert pulled.conversion is not None and pulled.conversion.ok
    (document,) = iter_corpus(tmp_path / "c.jsonl")
    by_name = {a.provenance.annotator: a.provenance for a in document.annotations}
    assert by_name["ann-old"].guideline_version == "1.0" and by_name["reviser"].guideline_version == "1.1"
    assert by_name["reviser"].extra["policy"] == "revised-1.1" and by_name["reviser"].extra["ground_truth"] is True
    assert by_name["reviser"].extra["revises"] == {"annotator": "ann-old", "guideline_version": "1.0"}
