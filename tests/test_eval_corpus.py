"""Corpus-level evaluation: layers, pairing, bad input, the CLI, report writers and the bootstrap."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from annotation.cli import main
from annotation.corpus import write_corpus
from annotation.model import AnnotationSet, Argument, Document, Stance
from annotation.schema import load_schema
from eval.bootstrap import bootstrap_ci, paired_bootstrap
from eval.events import score_events
from eval.layers import LabelError, score_pairs, score_sets
from eval.load import LoadError, pair_bio_files, read_bio
from eval.run import evaluate_corpus
from eval.stance import score_stance
from tests.test_model import TEXT, make_set


def with_status(aset: AnnotationSet, status: str, annotator: str) -> AnnotationSet:
    return dataclasses.replace(aset, provenance=dataclasses.replace(aset.provenance, status=status, annotator=annotator))


def gold_set() -> AnnotationSet:
    return with_status(make_set(), "gold", "adjudicated")


def pred_set() -> AnnotationSet:
    """Sotk typed LOC; the Place argument given the role Target; the stance's polarity FAVOR."""
    g = make_set()
    entities = (*g.entities[:2], dataclasses.replace(g.entities[2], label="LOC"))
    event = dataclasses.replace(g.events[0], arguments=(Argument("Attacker", "e2"), Argument("Target", "e3")))
    stance = dataclasses.replace(g.stances[0], polarity="FAVOR")
    return with_status(AnnotationSet(g.provenance, entities, (event,), (stance,)), "prediction", "crf")


def corpus(tmp_path, name, *sets_per_doc, ids=("d1", "d2")):
    path = tmp_path / name
    write_corpus([Document(doc_id, TEXT, annotations=sets) for doc_id, sets in zip(ids, sets_per_doc, strict=True)], path)
    return path


def test_entities_scores_by_hand_and_every_schema_label_listed(tmp_path):
    gold = corpus(tmp_path, "gold.jsonl", (gold_set(),), (gold_set(),))
    pred = corpus(tmp_path, "pred.jsonl", (pred_set(),), (pred_set(),))
    report, _ = evaluate_corpus(gold, pred, n_resamples=0)
    strict = report.spans.modes["strict"]
    assert list(strict.per_label) == list(load_schema().labels_of("entities"))
    assert (strict.per_label["GPE"].precision, strict.per_label["GPE"].recall) == (1.0, 2 / 3)
    assert strict.per_label["LOC"].incorrect == 2 and strict.per_label["GPE"].gold_incorrect == 2
    assert strict.micro.f1 == pytest.approx(2 / 3)
    assert report.spans.modes["exact"].micro.f1 == 1.0
    assert strict.macro.labels == ("GPE", "LOC")  # absent schema labels are listed, not averaged
    assert report.confusion is not None
    labels = report.confusion.labels
    assert report.confusion.matrix[labels.index("GPE")][labels.index("LOC")] == 2


def test_events_follow_the_ace_convention():
    result = score_sets(gold_set(), pred_set(), "events")
    assert result.events is not None
    tasks = result.events.tasks
    assert tasks["trigger_identification"].f1 == 1.0 and tasks["trigger_classification"].f1 == 1.0
    assert tasks["argument_identification"].f1 == 1.0
    assert tasks["argument_classification"].precision == 0.5 and tasks["argument_classification"].recall == 0.5
    assert result.events.per_role["Place"].recall == 0.0 and result.events.per_role["Target"].precision == 0.0
    assert "Instrument" in result.events.per_role  # every schema role listed


def test_event_arguments_need_the_same_event_type():
    gold = [("d", 0, 5, "Conflict.Attack", (("Target", 10, 14),))]
    pred = [("d", 0, 5, "Life.Die", (("Target", 10, 14),))]
    tasks = score_events(gold, pred).tasks
    assert tasks["trigger_identification"].f1 == 1.0 and tasks["trigger_classification"].f1 == 0.0
    assert tasks["argument_identification"].f1 == 0.0


def test_stance_polarity_and_triples():
    result = score_sets(gold_set(), pred_set(), "stance")
    assert result.stance is not None
    assert result.stance.span_detection.f1 == 1.0
    assert result.stance.polarity.matched == 1 and result.stance.polarity.accuracy == 0.0
    assert result.stance.triples.f1 == 0.0


def test_stance_f_avg_is_the_mean_of_favor_and_against():
    doc = "d"
    gold = [(doc, i, i + 1, pol, (0, 1), (2, 3)) for i, pol in enumerate(["FAVOR", "FAVOR", "AGAINST", "NEUTRAL"])]
    pred = [(doc, i, i + 1, pol, (0, 1), (2, 3)) for i, pol in enumerate(["FAVOR", "AGAINST", "AGAINST", "NEUTRAL"])]
    polarity = score_stance(gold, pred).polarity
    f_favor, f_against = 2 * 1.0 * 0.5 / 1.5, 2 * 0.5 * 1.0 / 1.5
    assert polarity.f_avg == pytest.approx((f_favor + f_against) / 2)
    assert polarity.accuracy == 0.75
    assert polarity.macro.f1 == pytest.approx((f_favor + f_against + 1.0) / 3)


def test_gold_documents_without_prediction_are_counted_warnings(tmp_path):
    gold = corpus(tmp_path, "gold.jsonl", (gold_set(),), (gold_set(),))
    pred = corpus(tmp_path, "pred.jsonl", (pred_set(),), ids=("d1",))
    report, _ = evaluate_corpus(gold, pred, n_resamples=0)
    assert report.warnings == ("document d2 has no prediction: scored as all missed",)
    assert report.spans.modes["strict"].micro.missed == 3


def run_cli(capsys, *argv):
    code = main(["evaluate", *map(str, argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_errors_name_the_place_and_never_trace_back(tmp_path, capsys):
    gold = corpus(tmp_path, "gold.jsonl", (gold_set(),), (gold_set(),))
    extra = corpus(tmp_path, "extra.jsonl", (pred_set(),), (pred_set(),), ids=("d1", "d9"))
    code, _, err = run_cli(capsys, gold, extra)
    assert code == 2 and "document d9 is not in the gold file" in err and "Traceback" not in err

    ambiguous = corpus(tmp_path, "both.jsonl", (gold_set(), with_status(make_set(), "gold", "a2")), (gold_set(),))
    code, _, err = run_cli(capsys, ambiguous, ambiguous)
    assert code == 2 and "document d1 has 2 annotation sets" in err and "--gold-annotator" in err

    other_text = tmp_path / "other.jsonl"
    write_corpus([Document("d1", TEXT + " More."), Document("d2", TEXT)], other_text)
    code, _, err = run_cli(capsys, gold, other_text)
    assert code == 2 and "document d1 has a different text" in err

    bad = tmp_path / "bad.jsonl"
    bad.write_text(gold.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    code, _, err = run_cli(capsys, bad, gold)
    assert code == 2 and "bad.jsonl:3: not valid JSON" in err

    g_bio, p_bio = tmp_path / "g.bio", tmp_path / "p.bio"
    g_bio.write_text("a B-PER\nb O\n\nc O\n", encoding="utf-8")
    p_bio.write_text("a B-PER\n\nc O\n", encoding="utf-8")
    code, _, err = run_cli(capsys, g_bio, p_bio)
    assert code == 2 and "g.bio:1 has 2 tokens, " in err and "p.bio:1 has 1" in err

    p_bio.write_text("a B-PER\nb O\n", encoding="utf-8")
    code, _, err = run_cli(capsys, g_bio, p_bio)
    assert code == 2 and "g.bio has 2 sentences, " in err

    p_bio.write_text("a B-FOO\nb O\n\nc O\n", encoding="utf-8")
    code, _, err = run_cli(capsys, g_bio, p_bio, "--layer", "entities")
    assert code == 2 and "['FOO'] are not entities labels" in err and "p.bio:1 (B-FOO)" in err

    code, _, err = run_cli(capsys, g_bio, gold)
    assert code == 2 and "not the same kind of file" in err


def test_unknown_labels_name_document_side_and_span():
    g = gold_set()
    weird = dataclasses.replace(g, entities=(dataclasses.replace(g.entities[0], label="MILITIA"), *g.entities[1:]))
    with pytest.raises(LabelError, match=r"d7 pred entity e1: 'MILITIA'"):
        score_pairs([("d7", g, weird)], "entities")
    odd = dataclasses.replace(g, stances=(Stance("s1", 11, 15, "said", "SUPPORT", "e1", "e2"),))
    with pytest.raises(LabelError, match=r"d7 gold stance s1: 'SUPPORT'"):
        score_pairs([("d7", odd, g)], "stance")


def test_cli_writes_every_output_with_the_documented_json_shape(tmp_path, capsys):
    gold = corpus(tmp_path, "gold.jsonl", (gold_set(),), (gold_set(),))
    pred = corpus(tmp_path, "pred.jsonl", (pred_set(),), (pred_set(),))
    out = {kind: tmp_path / f"out.{kind}" for kind in ("json", "md", "csv", "png")}
    code, stdout, _ = run_cli(
        capsys, gold, pred, "--layer", "events", "--bootstrap", "50",
        "--json", out["json"], "--markdown", out["md"], "--csv", out["csv"], "--plot", out["png"],
    )  # fmt: skip
    assert code == 0 and "| Conflict.Attack |" in stdout
    data = json.loads(out["json"].read_text(encoding="utf-8"))
    assert set(data["modes"]) == {"strict", "exact", "overlap", "partial"}
    row = data["modes"]["strict"]["per_label"]["Conflict.Attack"]
    assert {"precision", "recall", "f1", "support", "correct", "incorrect", "partial", "missed", "spurious", "f1_ci"} <= set(row)
    assert set(data["modes"]["strict"]) == {"per_label", "micro", "macro", "weighted"}
    assert list(data["modes"]["strict"]["per_label"]) == list(load_schema().labels_of("events"))
    assert data["events"]["argument_classification"]["f1"] == 0.5
    assert data["events"]["argument_classification"]["f1_ci"] is not None
    assert out["md"].read_text(encoding="utf-8").startswith("## events")
    assert out["csv"].read_text(encoding="utf-8").splitlines()[0].startswith("mode,label,precision")
    assert out["png"].read_bytes()[:4] == b"\x89PNG"


def test_agreement_between_two_annotators_of_one_file(tmp_path, capsys):
    a1, a2 = with_status(make_set(), "raw", "a1"), with_status(pred_set(), "raw", "a2")
    both = corpus(tmp_path, "both.jsonl", (a1, a2), (a1, a2))
    code, stdout, _ = run_cli(capsys, both, both, "--gold-annotator", "a1", "--pred-annotator", "a2", "--bootstrap", "0")
    assert code == 0 and "| GPE | 100.00 | 66.67 | 80.00 |" in stdout


def test_bootstrap_interval_contains_the_estimate_and_shrinks_with_more_documents():
    rng = np.random.default_rng(1)

    def counts(n_docs):
        table = np.zeros((n_docs, 2, 8), dtype=np.int64)
        correct = rng.integers(0, 4, (n_docs, 2))
        table[..., 0] = table[..., 4] = correct
        table[..., 3] = rng.integers(0, 2, (n_docs, 2))
        table[..., 7] = rng.integers(0, 2, (n_docs, 2))
        return table

    small, large = counts(20), counts(2000)
    ci_small = bootstrap_ci(small, ["A", "B"], averaged=["A", "B"], n_resamples=300, seed=3)
    ci_large = bootstrap_ci(large, ["A", "B"], averaged=["A", "B"], n_resamples=300, seed=3)
    total = large.sum(axis=0).sum(axis=0)
    micro = 2 * total[0] / (2 * total[0] + total[3] + total[7])
    assert ci_large.micro.low <= micro <= ci_large.micro.high
    assert ci_large.micro.high - ci_large.micro.low < ci_small.micro.high - ci_small.micro.low
    assert ci_large.macro.low <= ci_large.macro.high and ci_large.per_row["A"].low <= ci_large.per_row["A"].high
    assert bootstrap_ci(small, ["A", "B"], n_resamples=10, seed=3) == bootstrap_ci(small, ["A", "B"], n_resamples=10, seed=3)


def test_paired_bootstrap_separates_a_better_system_and_not_an_identical_one():
    n = 200
    gold = np.zeros((n, 1, 8), dtype=np.int64)
    better, worse = gold.copy(), gold.copy()
    better[:, 0, [0, 4]] = 9
    better[:, 0, [3, 7]] = 1
    worse[:, 0, [0, 4]] = 6
    worse[:, 0, [3, 7]] = 4
    test = paired_bootstrap(better, worse, ["X"], n_resamples=200)
    assert test.delta > 0 and test.p_value < 0.01 and test.interval.low > 0
    same = paired_bootstrap(better, better, ["X"], n_resamples=50)
    assert same.delta == 0.0 and same.p_value == 1.0
    with pytest.raises(ValueError, match="differ in shape"):
        paired_bootstrap(better, worse[:10], ["X"])


def test_score_sets_serves_agreement_between_annotators():
    result = score_sets(make_set(), pred_set())
    assert result.report.modes["strict"].micro.f1 == pytest.approx(2 / 3)
    assert score_sets(make_set(), make_set()).report.modes["strict"].micro.f1 == 1.0


def test_bio_files_skip_docstart_and_refuse_lines_without_a_tag(tmp_path):
    path = tmp_path / "x.conll"
    path.write_text("-DOCSTART- -X- O\n\nEU NNP B-ORG\nrejects VBZ O\n\nPeter NNP B-PER\n", encoding="utf-8")
    bio = read_bio(path)
    assert bio.tags == (("B-ORG", "O"), ("B-PER",)) and bio.lines == (3, 6)
    path.write_text("EU B-ORG\nrejects\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"x.conll:2: 'rejects' has one column"):
        read_bio(path)


def test_bio_token_differences_are_a_counted_warning(tmp_path):
    gold, pred = tmp_path / "g.bio", tmp_path / "p.bio"
    gold.write_text("EU B-ORG\nsays O\n\nhi O\n", encoding="utf-8")
    pred.write_text("EU B-ORG\nsaid O\n\nhi O\n", encoding="utf-8")
    *_, warnings = pair_bio_files(gold, pred)
    assert warnings == (f"1 sentence(s) have different tokens on the two sides, first at {gold}:1 / {pred}:1",)


def test_readme_evaluation_section_names_real_functions_and_options():
    import importlib
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Evaluation") :]
    section = section[: section.find("\n## ", 1)] if "\n## " in section[1:] else section
    names = set(re.findall(r"\beval\.(\w+)\.(\w+)", section))
    assert len(names) >= 10
    for module, name in names:
        assert hasattr(importlib.import_module(f"eval.{module}"), name), f"eval.{module}.{name}"
    from annotation.cli import build_parser

    help_text = build_parser()._subparsers._group_actions[0].choices["evaluate"].format_help()  # type: ignore[union-attr]
    benchmark = (Path(__file__).resolve().parents[1] / "benchmarks" / "eval_speed.py").read_text(encoding="utf-8")
    for option in set(re.findall(r"`(--[a-z-]+)", section)):
        assert option in help_text or f'"{option}"' in benchmark, option


def test_cli_compare_runs_a_paired_bootstrap(tmp_path, capsys):
    ids = tuple(f"d{i}" for i in range(6))
    gold = corpus(tmp_path, "gold.jsonl", *[(gold_set(),)] * 6, ids=ids)
    worse = corpus(tmp_path, "worse.jsonl", *[(pred_set(),)] * 6, ids=ids)
    perfect = corpus(tmp_path, "perfect.jsonl", *[(with_status(make_set(), "prediction", "oracle"),)] * 6, ids=ids)
    out = tmp_path / "cmp.json"
    code, stdout, _ = run_cli(capsys, gold, perfect, "--compare", worse, "--bootstrap", "200", "--mode", "strict", "--json", out)
    assert code == 0 and "### paired bootstrap" in stdout
    test = json.loads(out.read_text(encoding="utf-8"))["comparison"]["modes"]["strict"]["micro"]
    assert test["a"] == 1.0 and test["b"] == pytest.approx(2 / 3) and test["delta"] == pytest.approx(1 / 3)
    assert test["p_value"] == 0.0 and test["delta_ci"][0] > 0


def test_spans_out_of_range_name_file_line_and_document(tmp_path, capsys):
    gold = corpus(tmp_path, "gold.jsonl", (gold_set(),), (gold_set(),))
    lines = gold.read_text(encoding="utf-8").splitlines()
    raw = json.loads(lines[1])
    raw["annotations"][0]["entities"][0]["end"] = len(TEXT) + 5
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n" + json.dumps(raw) + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, gold, bad)
    assert code == 2 and "bad.jsonl:2: d2:" in err and "Traceback" not in err


def test_unknown_roles_are_named():
    g = gold_set()
    event = dataclasses.replace(g.events[0], arguments=(Argument("Shooter", "e2"),))
    with pytest.raises(LabelError, match=r"d1 pred event v1: role 'Shooter'"):
        score_pairs([("d1", g, dataclasses.replace(g, events=(event,)))], "events")


def test_cli_on_bio_files_reproduces_seqeval_and_nervaluate(tmp_path, capsys):
    from tests.eval_oracles import nervaluate_overall, seqeval_rows

    rng = np.random.default_rng(5)
    tags = ["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
    gold = [[tags[i] for i in rng.integers(0, len(tags), rng.integers(1, 12))] for _ in range(60)]
    pred = [[t if rng.random() < 0.7 else tags[rng.integers(0, len(tags))] for t in sentence] for sentence in gold]
    paths = []
    for name, sentences in (("g.bio", gold), ("p.bio", pred)):
        path = tmp_path / name
        path.write_text("\n".join("".join(f"tok {t}\n" for t in s) for s in sentences), encoding="utf-8")
        paths.append(path)
    for scheme in ("conlleval", "IOB2"):
        out = tmp_path / f"{scheme}.json"
        code, _, _ = run_cli(capsys, *paths, "--scheme", scheme, "--layer", "entities", "--bootstrap", "20", "--json", out)
        assert code == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        strict = data["modes"]["strict"]
        averaged = strict["macro"]["labels"]
        ours = {k: (v["precision"], v["recall"], v["f1"], v["support"]) for k, v in strict["per_label"].items() if k in averaged}
        for average in ("micro", "macro", "weighted"):
            row = strict[average]
            ours[f"{average} avg"] = (row["precision"], row["recall"], row["f1"], row["support"])
        assert ours == seqeval_rows(gold, pred, scheme)
        assert list(strict["per_label"]) == list(load_schema().labels_of("entities"))
    overall = nervaluate_overall(gold, pred, ["PER", "LOC", "ORG"], "list")
    data = json.loads((tmp_path / "conlleval.json").read_text(encoding="utf-8"))
    for mode, expected in overall.items():
        m = data["modes"][mode]["micro"]
        assert (m["correct"], m["incorrect"], m["partial"], m["missed"], m["spurious"], m["precision"], m["recall"], m["f1"]) == expected
