"""Agreement and adjudication on small hand-computed fixtures, coefficients against reference values."""

import json
from dataclasses import replace

import pytest
from sklearn.metrics import cohen_kappa_score

from annotation.adjudicate import adjudicate_document, adjudication_draft, parse_policy, with_adjudication
from annotation.agreement.coefficients import alpha_from_coincidences, kappa_from_confusion, nominal_alpha, pair_coincidences
from annotation.agreement.report import agreement_report
from annotation.build.gold import choose_gold
from annotation.cli import main
from annotation.corpus import write_corpus
from annotation.drafts import DraftError, resolve_draft
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Span, Stance

TEXT = "Armenia said Azerbaijan shelled Sotk. Armenian troops fired back at Azerbaijan on Friday."
SENTENCES = (Span(0, 37), Span(38, len(TEXT)))


def ent(i, text, label, occurrence=0):
    start = TEXT.index(text) if not occurrence else TEXT.rindex(text)
    return Entity(i, start, start + len(text), text, label)


def aset(name, entities, events=(), stances=(), **extra):
    return AnnotationSet(Provenance(name, "test", "raw", "1.0.0", extra=extra), tuple(entities), tuple(events), tuple(stances))


BASE = [ent("T1", "Armenia", "GPE"), ent("T2", "Azerbaijan", "GPE"), ent("T3", "Sotk", "GPE"), ent("T4", "Friday", "TIME")]
SHELLED = TEXT.index("shelled")


def event(args=(("Attacker", "T2"), ("Place", "T3")), label="Conflict.Attack"):
    return Event("V1", SHELLED, SHELLED + 7, "shelled", label, tuple(Argument(r, e) for r, e in args), {"modality": "ASSERTED"})


def stance(polarity="AGAINST", target="T2"):
    text = "said Azerbaijan shelled Sotk"
    return Stance("S1", TEXT.index(text), TEXT.index(text) + len(text), text, polarity, "T1", target)


def doc(*sets, doc_id="d1"):
    return Document(doc_id, TEXT, sentences=SENTENCES, annotations=tuple(sets))


def test_perfect_agreement_is_one_everywhere():
    a = aset("ann-a", BASE, [event()], [stance()])
    b = aset("ann-b", BASE, [event()], [stance()])
    report = agreement_report([doc(a, b)], n_resamples=50)
    assert report["documents"] == 1 and report["pairs"] == 1 and report["annotators"] == ["ann-a", "ann-b"]
    for layer in ("entities", "events", "stance"):
        for mode in ("strict", "overlap"):
            assert report["layers"][layer][mode]["micro"]["f1"] == 1.0
            assert report["layers"][layer][mode]["micro"]["ci"] == [1.0, 1.0]
    assert report["layers"]["arguments"]["strict"]["micro"]["f1"] == 1.0
    assert report["layers"]["entities"]["strict"]["per_label"]["GPE"] == {"f1": 1.0, "ci": [1.0, 1.0], "support": 6}
    # one label each: kappa and alpha undefined (no expected disagreement)
    assert report["coefficients"]["stance_polarity_kappa"]["value"] is None
    assert report["coefficients"]["entities_label_alpha"]["n"] == 4


def test_label_and_boundary_disagreements_hand_computed():
    a = aset("ann-a", BASE)
    # Sotk labelled LOC (label disagreement); "Friday" widened to "on Friday" (boundary disagreement)
    on_friday = ent("T4", "on Friday", "TIME")
    b = aset("ann-b", [*BASE[:2], replace(BASE[2], label="LOC"), on_friday])
    entities = agreement_report([doc(a, b)], n_resamples=0)["layers"]["entities"]
    # strict: 2 of 4 agree each way -> P = R = F1 = 0.5
    assert entities["strict"]["micro"]["f1"] == pytest.approx(0.5)
    # overlap: "Friday" / "on Friday" now match (same label); Sotk still a label clash -> 3/4
    assert entities["overlap"]["micro"]["f1"] == pytest.approx(0.75)
    # per label strict: GPE a has 3, b has 2 (both agreed) -> P 1, R 2/3, F1 0.8; TIME 0; LOC 0
    assert entities["strict"]["per_label"]["GPE"]["f1"] == pytest.approx(0.8)
    assert entities["strict"]["per_label"]["TIME"]["f1"] == 0.0
    assert entities["strict"]["macro"]["f1"] == pytest.approx(0.8 / 3)
    assert entities["overlap"]["per_label"]["TIME"]["f1"] == 1.0


def test_f1_is_symmetric():
    a = aset("ann-a", BASE, [event()])
    b = aset("ann-b", BASE[:3], [event(args=(("Attacker", "T2"),))])
    one = agreement_report([doc(a, b)], n_resamples=0)
    two = agreement_report([doc(replace(b, provenance=replace(b.provenance, annotator="ann-a")),
                                replace(a, provenance=replace(a.provenance, annotator="ann-b")))], n_resamples=0)
    for layer in ("entities", "arguments"):
        assert one["layers"][layer]["strict"]["micro"]["f1"] == pytest.approx(two["layers"][layer]["strict"]["micro"]["f1"])
    # arguments: 2 vs 1, one shared -> F1 = 2/3
    assert one["layers"]["arguments"]["strict"]["micro"]["f1"] == pytest.approx(2 / 3)


def test_kappa_matches_sklearn_and_alpha_the_published_example():
    first = ["FAVOR", "AGAINST", "AGAINST", "NEUTRAL", "FAVOR", "AGAINST", "NEUTRAL", "AGAINST"]
    second = ["FAVOR", "AGAINST", "NEUTRAL", "NEUTRAL", "AGAINST", "AGAINST", "NEUTRAL", "FAVOR"]
    labels = ["AGAINST", "FAVOR", "NEUTRAL"]
    confusion = [[sum(f == x and s == y for f, s in zip(first, second, strict=True)) for y in labels] for x in labels]
    assert kappa_from_confusion(confusion) == pytest.approx(cohen_kappa_score(first, second))
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example: alpha = 0.743
    n = None
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    units = list(zip(*coders, strict=True))
    assert round(nominal_alpha(units), 3) == 0.743
    # two coders: the coincidence matrix of a confusion matrix gives the same alpha as the unit-wise definition
    import numpy as np

    assert alpha_from_coincidences(pair_coincidences(np.array(confusion, dtype=float))) == pytest.approx(
        nominal_alpha(list(zip(first, second, strict=True))))


def test_polarity_kappa_over_matched_stances():
    a = aset("ann-a", BASE, [event()], [stance("AGAINST")])
    b = aset("ann-b", BASE, [event()], [stance("FAVOR")])
    c = aset("ann-b", BASE, [event()], [stance("AGAINST")])
    report = agreement_report([doc(a, b), doc(a, c, doc_id="d2")], n_resamples=20)
    kappa = report["coefficients"]["stance_polarity_kappa"]
    assert kappa["n"] == 2
    assert kappa["value"] == pytest.approx(cohen_kappa_score(["AGAINST", "AGAINST"], ["FAVOR", "AGAINST"]))


def test_single_annotator_documents_are_skipped_and_counted_and_ground_truth_excluded(tmp_path):
    a = aset("ann-a", BASE)
    truth = aset("adjudicator", BASE, ground_truth=True)
    report = agreement_report([doc(a, truth), doc(aset("ann-a", BASE), aset("ann-b", BASE), doc_id="d2")], n_resamples=0)
    assert report["documents"] == 1 and report["skipped"] == {"single_annotator": 1, "no_annotator": 0}
    corpus = tmp_path / "c.jsonl"
    write_corpus([doc(a)], corpus)
    assert main(["agreement", str(corpus), "--json", str(tmp_path / "a.json")]) == 1  # nothing to compare
    assert json.loads((tmp_path / "a.json").read_text())["skipped"]["single_annotator"] == 1


def test_unknown_format_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_text("Armenia said\n", encoding="utf-8")
    assert main(["agreement", str(bad)]) == 2
    assert "neither a Label Studio export" in capsys.readouterr().err


def test_cli_writes_json_and_markdown(tmp_path):
    corpus = tmp_path / "c.jsonl"
    write_corpus([doc(aset("ann-a", BASE, [event()], [stance()]), aset("ann-b", BASE[:3], [event()], [stance()]))], corpus)
    arguments = ["agreement", str(corpus), "--json", str(tmp_path / "a.json"), "--markdown", str(tmp_path / "a.md"), "--resamples", "30"]
    assert main(arguments) == 0
    report = json.loads((tmp_path / "a.json").read_text())
    assert set(report["layers"]) == {"entities", "events", "arguments", "stance"}
    assert report["layers"]["entities"]["strict"]["micro"]["f1"] == pytest.approx(6 / 7)
    assert "0.857" in (tmp_path / "a.md").read_text()


# ------------------------------------------------------------------------------------------ adjudication


def test_agreed_policy_keeps_shared_items_and_lists_disagreements():
    a = aset("ann-a", BASE, [event()], [stance()])
    b = aset("ann-b", [*BASE[:2], replace(BASE[2], label="LOC")], [event(args=(("Attacker", "T2"),))], [stance(polarity="FAVOR")])
    result = adjudicate_document(doc(a, b), parse_policy("agreed"))
    merged = result.merged
    assert [(e.text, e.label) for e in merged.entities] == [("Armenia", "GPE"), ("Azerbaijan", "GPE")]
    assert [a.role for a in merged.events[0].arguments] == ["Attacker"]
    assert merged.stances == ()
    assert merged.provenance.extra["ground_truth"] is True and merged.provenance.extra["policy"] == "agreed"
    kinds = sorted((d.layer, d.kind) for d in result.disagreements)
    assert kinds == [("arguments", "arguments"), ("entities", "label"), ("entities", "missing"), ("stance", "polarity")]
    label = next(d for d in result.disagreements if d.kind == "label")
    assert label.versions["ann-a"][0]["label"] == "GPE" and label.versions["ann-b"][0]["label"] == "LOC"
    assert label.versions["ann-a"][0]["s"] == 0 and label.versions["ann-a"][0]["text"] == "Sotk"
    # the built document picks the adjudicated set as gold
    assert choose_gold(with_adjudication(doc(a, b), result)).how == "adjudicated"


def test_prefer_and_ground_truth_policies():
    a = aset("ann-a", BASE)
    b = aset("ann-b", BASE[:2])
    preferred = adjudicate_document(doc(a, b), parse_policy("prefer:ann-b")).merged
    assert len(preferred.entities) == 2 and preferred.provenance.extra["from"] == "ann-b"
    missing = adjudicate_document(doc(a, b), parse_policy("prefer:nobody"))
    assert missing.merged is None and "did not annotate" in missing.skipped
    truth = aset("lead", BASE[:1], ground_truth=True)
    result = adjudicate_document(doc(a, b, truth), parse_policy("ground-truth"))
    assert [e.text for e in result.merged.entities] == ["Armenia"]
    merged_doc = with_adjudication(doc(a, b, truth), result)
    assert choose_gold(merged_doc).gold.provenance.annotator == "adjudicator"  # the old one superseded, not a second gold
    assert adjudicate_document(doc(a, b), parse_policy("ground-truth")).merged is None
    with pytest.raises(ValueError, match="unknown policy"):
        parse_policy("vote")


def test_adjudication_draft_round_trips_through_the_draft_builder():
    a = aset("ann-a", BASE, [event()], [stance()])
    b = aset("ann-b", BASE, [event(args=(("Attacker", "T2"),))], [stance()])
    document = doc(a, b)
    result = adjudicate_document(document, parse_policy("agreed"))
    draft = json.loads(json.dumps(adjudication_draft(document, result)))
    assert draft["disagreements"][0]["layer"] == "arguments"
    built = resolve_draft(draft, document)
    assert built.provenance.extra == {"ground_truth": True, "policy": "agreed"}
    assert [(e.start, e.end, e.label) for e in built.entities] == [(e.start, e.end, e.label) for e in result.merged.entities]
    assert built.events[0].arguments == result.merged.events[0].arguments
    assert (built.stances[0].start, built.stances[0].holder_id) == (result.merged.stances[0].start, "T1")
    with pytest.raises(DraftError, match="ground_truth must be true or false"):
        resolve_draft({**draft, "ground_truth": "yes"}, document)


def test_adjudicate_cli(tmp_path):
    a = aset("ann-a", BASE, [event()])
    b = aset("ann-b", BASE[:3], [event()])
    corpus = tmp_path / "c.jsonl"
    write_corpus([doc(a, b), doc(aset("ann-a", BASE), doc_id="d2")], corpus)
    out, dis = tmp_path / "out.jsonl", tmp_path / "dis.jsonl"
    code = main(["adjudicate", str(corpus), "--policy", "agreed", "-o", str(out), "--disagreements", str(dis),
                 "--drafts-out", str(tmp_path / "drafts")])
    assert code == 0
    records = [json.loads(line) for line in dis.read_text().splitlines()]
    assert [(r["doc_id"], r["layer"], r["kind"]) for r in records] == [("d1", "entities", "missing")]
    assert records[0]["versions"]["ann-b"] == [] and records[0]["versions"]["ann-a"][0]["text"] == "Friday"
    assert (tmp_path / "drafts" / "d1.json").is_file() and not (tmp_path / "drafts" / "d2.json").exists()
    assert main(["adjudicate", str(corpus), "--policy", "agreed", "-o", str(out), "--disagreements", str(tmp_path / "d.md")]) == 0
    assert "Friday" in (tmp_path / "d.md").read_text()


def test_a_shared_entity_with_different_mention_kinds_is_a_disagreement_and_the_merge_says_which_it_kept():
    from dataclasses import replace as _replace

    kinded = [_replace(e, attributes={"kind": "NAME"}) for e in BASE]
    other = [*kinded[:2], _replace(kinded[2], attributes={"kind": "NOMINAL"}), kinded[3]]
    document = doc(aset("ann-a", kinded), aset("ann-b", other))
    result = adjudicate_document(document, parse_policy("agreed"))
    (found,) = result.disagreements
    assert (found.layer, found.kind, found.start) == ("entities", "mention kind", TEXT.index("Sotk"))
    assert {name: views[0]["kind"] for name, views in found.versions.items()} == {"ann-a": "NAME", "ann-b": "NOMINAL"}
    assert [v[0]["kept"] for v in found.versions.values()] == [True, False]  # the merge kept ann-a's; the view says so
