"""Span scores checked against seqeval 1.2.2 and nervaluate 1.2.1 on the notes' vectors, edge cases and random data."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eval.bio import SchemeError, decode
from eval.pairing import PairingError, score_bio
from eval.prf import PRF
from eval.spans import MODES, SpanError, score_spans
from tests.eval_oracles import nervaluate_overall, our_overall, our_rows, seqeval_rows


def test_notes_vector_seqeval_averages():
    # ../shared/notes/evaluation.md: seqeval tests/test_v1.py vector, numbers written down there
    gold, pred = [["B-A", "B-B", "O", "B-A"]], [["O", "B-B", "B-C", "B-A"]]
    report = score_bio(gold, pred)
    strict = report.modes["strict"]
    assert strict.per_label["A"].precision == 1.0 and strict.per_label["A"].recall == 0.5
    assert strict.per_label["C"].f1 == 0.0
    assert round(strict.macro.precision, 3) == 0.667 and round(strict.macro.recall, 3) == 0.5
    assert round(strict.macro.f1, 3) == 0.556
    assert round(strict.weighted.f1, 3) == 0.778 and round(strict.micro.f1, 3) == 0.667
    assert our_rows(report) == seqeval_rows(gold, pred, "conlleval")


def test_notes_vector_nervaluate_readme():
    gold = [["O", "B-PER", "I-PER", "O", "O", "O", "B-ORG", "I-ORG"], ["O", "B-LOC", "B-PER", "I-PER", "O", "O", "B-DATE"]]
    pred = [["O", "O", "B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG"], ["O", "B-LOC", "I-LOC", "B-PER", "O", "O", "B-DATE"]]
    report = score_bio(gold, pred)
    assert report.modes["strict"].micro.precision == 0.4 and report.modes["exact"].micro.recall == 0.4
    assert report.modes["partial"].micro.precision == 0.7
    assert report.modes["overlap"].micro.f1 == 1.0
    assert our_overall(report) == nervaluate_overall(gold, pred, ["PER", "ORG", "LOC", "DATE"], "list")


EDGE_CASES = {
    "malformed I- after O": ([["O", "I-PER", "I-PER", "O"]], [["O", "B-PER", "I-PER", "O"]]),
    "type change inside a chunk": ([["B-PER", "I-PER", "I-LOC", "O"]], [["B-PER", "I-LOC", "I-LOC", "O"]]),
    "empty sentences": ([[], ["B-ORG"], []], [[], ["B-ORG"], []]),
    "labels only in predictions": ([["B-PER", "O", "O"]], [["B-PER", "B-MISC", "I-MISC"]]),
    "nothing predicted": ([["B-PER", "I-PER"]], [["O", "O"]]),
    "nothing in gold": ([["O", "O"]], [["B-PER", "O"]]),
    "chunk at sentence end then next sentence": ([["O", "B-PER"], ["I-PER", "O"]], [["O", "B-PER"], ["B-PER", "O"]]),
    "B after I of another type": ([["B-A", "I-A", "B-B", "I-A"]], [["B-A", "I-B", "B-B", "I-B"]]),
}


@pytest.mark.parametrize("name", list(EDGE_CASES))
@pytest.mark.parametrize("scheme", ["conlleval", "IOB2"])
def test_edge_cases_agree_with_seqeval(name, scheme):
    gold, pred = EDGE_CASES[name]
    assert our_rows(score_bio(gold, pred, scheme=scheme)) == seqeval_rows(gold, pred, scheme)


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_cases_agree_with_nervaluate(name):
    gold, pred = EDGE_CASES[name]
    tags = ["PER", "LOC", "ORG", "MISC", "A", "B"]
    assert our_overall(score_bio(gold, pred)) == nervaluate_overall(gold, pred, tags, "list")


def test_iobes_edge_cases_agree_with_seqeval():
    gold = [["S-A", "B-B", "I-B", "E-B", "I-B", "B-C", "E-C", "E-C", "B-D", "I-D", "O", "S-D"]]
    pred = [["S-A", "B-B", "E-B", "E-B", "O", "B-C", "I-C", "E-C", "B-D", "I-D", "E-D", "S-A"]]
    assert our_rows(score_bio(gold, pred, scheme="IOBES")) == seqeval_rows(gold, pred, "IOBES")


def test_schema_labels_are_listed_even_when_absent_and_do_not_move_the_averages():
    gold, pred = [["B-PER", "O", "B-LOC"]], [["B-PER", "O", "B-ORG"]]
    plain = score_bio(gold, pred)
    listed = score_bio(gold, pred, labels=["PER", "ORG", "GPE", "LOC", "WEA"])
    assert list(listed.labels) == ["PER", "ORG", "GPE", "LOC", "WEA"]
    assert listed.modes["strict"].per_label["GPE"] == PRF()
    assert listed.modes["strict"].macro == plain.modes["strict"].macro
    assert our_rows(listed) == seqeval_rows(gold, pred, "conlleval")


def test_strict_scheme_rejects_prefixes_it_does_not_allow():
    with pytest.raises(SchemeError, match=r"sentence 2, token 3: tag 'E-PER' is not allowed in IOB2"):
        decode([["O"], ["B-PER", "I-PER", "E-PER"]], scheme="IOB2")


def test_misaligned_sentences_are_an_error():
    with pytest.raises(PairingError, match="gold has 2 sentences, predictions have 1"):
        score_bio([["O"], ["O"]], [["O"]])
    with pytest.raises(PairingError, match="sentence 2: gold has 3 tokens, prediction has 2"):
        score_bio([["O"], ["O", "O", "O"]], [["O"], ["O", "O"]])


def test_bad_spans_are_an_error_naming_them():
    with pytest.raises(SpanError, match=r"pred span #1 \('d', 5, 5, 'PER'\)"):
        score_spans([("d", 0, 2, "PER")], [("d", 0, 2, "PER"), ("d", 5, 5, "PER")])
    with pytest.raises(SpanError, match="not \\(doc_id, start:int, end:int, label\\)"):
        score_spans([("d", 0, 2.0, "PER")], [])


def test_prf_is_addable_and_checks_its_counts():
    a, b = PRF(correct=1, spurious=1, gold_correct=1), PRF(partial=1, gold_partial=1, missed=2)
    total = a + b
    assert (total.predicted, total.support) == (3, 4)
    assert total.precision == 1.5 / 3 and total.recall == 1.5 / 4
    assert PRF.total([a, b]) == total
    with pytest.raises(ValueError, match="non-negative"):
        PRF(correct=-1)


def test_type_confusion_counts_on_both_labels():
    report = score_spans([("d", 0, 3, "PER")], [("d", 0, 3, "LOC")], labels=["PER", "LOC"])
    strict, exact = report.modes["strict"], report.modes["exact"]
    assert strict.per_label["LOC"].incorrect == 1 and strict.per_label["PER"].gold_incorrect == 1
    assert strict.micro.incorrect == 1 and strict.micro.missed == 0 and strict.micro.spurious == 0
    assert exact.per_label["LOC"].precision == 1.0 and exact.per_label["PER"].recall == 1.0


# ------------------------------------------------------------------------------------------------ random data

TYPES = ["A", "B", "C"]
bio_tag = st.sampled_from(["O", "O", "O"] + [f"{p}-{t}" for t in TYPES for p in "BI"])
odd_tag = st.sampled_from(["O", "B-A", "I-A", "E-A", "S-A", "B-B", "I-B", "E-B", "S-B", "X", ".-A", "I-", "B-A-x"])
iobes_tag = st.sampled_from(["O", "O"] + [f"{p}-{t}" for t in TYPES for p in "BIES"])


@st.composite
def tag_pairs(draw, tag=bio_tag):
    lengths = draw(st.lists(st.integers(0, 8), min_size=1, max_size=6))
    gold = [draw(st.lists(tag, min_size=n, max_size=n)) for n in lengths]
    pred = [draw(st.lists(tag, min_size=n, max_size=n)) for n in lengths]
    return gold, pred


@settings(max_examples=300, deadline=None)
@given(tag_pairs())
def test_random_bio_agrees_with_seqeval_default_and_strict(pair):
    gold, pred = pair
    assert our_rows(score_bio(gold, pred)) == seqeval_rows(gold, pred, "conlleval")
    assert our_rows(score_bio(gold, pred, scheme="IOB2")) == seqeval_rows(gold, pred, "IOB2")


def _chunks_overlap(sentences: list[list[str]]) -> bool:
    """Whether seqeval's decoding (ours reproduces it) gives two chunks of one side that overlap."""
    spans = decode(sentences).spans
    reach: dict[int, int] = {}  # document -> the furthest end of a chunk seen so far
    for doc, start, end in sorted(zip(spans.doc.tolist(), spans.start.tolist(), spans.end.tolist(), strict=True)):
        if start < reach.get(doc, -1):
            return True
        reach[doc] = max(reach.get(doc, -1), end)
    return False


@settings(max_examples=200, deadline=None)
@given(tag_pairs(odd_tag))
def test_random_malformed_tags_agree_with_seqeval_default(pair):
    gold, pred = pair
    assume(not _chunks_overlap(gold) and not _chunks_overlap(pred))  # the one documented difference: see below
    assert our_rows(score_bio(gold, pred)) == seqeval_rows(gold, pred, "conlleval")


def test_overlapping_chunks_from_malformed_tags_are_paired_one_to_one_like_nervaluate():
    # seqeval decodes "X" (no prefix) as a chunk that begins at the last chunk start: in the prediction that is the
    # B-A of the first sentence, so both sides get the chunk (0, 3) and the prediction also a B-A chunk (0, 1)
    gold, pred = [["O"], ["X", "B-A"]], [["B-A"], ["X", "B-A"]]
    assert _chunks_overlap(pred) and not _chunks_overlap(gold)
    seqeval = seqeval_rows(gold, pred, "conlleval")
    ours = our_rows(score_bio(gold, pred))
    assert seqeval["_"][:3] == (1.0, 1.0, 1.0)  # seqeval intersects sets: the repeated exact chunk is correct
    assert ours["_"][:3] == (0.0, 0.0, 0.0)  # one to one: the first overlapping prediction (B-A) took the gold chunk
    assert ours["A"] == seqeval["A"]


@settings(max_examples=200, deadline=None)
@given(tag_pairs(iobes_tag))
def test_random_iobes_agrees_with_seqeval_strict(pair):
    gold, pred = pair
    assert our_rows(score_bio(gold, pred, scheme="IOBES")) == seqeval_rows(gold, pred, "IOBES")


@settings(max_examples=300, deadline=None)
@given(tag_pairs())
def test_random_bio_agrees_with_nervaluate_in_every_mode(pair):
    gold, pred = pair
    assert our_overall(score_bio(gold, pred)) == nervaluate_overall(gold, pred, TYPES, "list")


@st.composite
def span_sets(draw):
    """Overlapping and nested spans (not expressible in BIO), several documents."""
    def spans():
        items = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 12), st.integers(1, 5), st.sampled_from(TYPES)), max_size=10))
        return sorted({(doc, start, start + size, label) for doc, start, size, label in items})
    return spans(), spans()


@settings(max_examples=400, deadline=None)
@given(span_sets(), st.sampled_from([0.0, 0.5, 0.75]))
def test_random_nested_spans_agree_with_nervaluate(sets, share):
    gold, pred = sets

    def as_docs(spans):  # nervaluate's dict loader, one list per document, inclusive ends
        return [[{"label": lab, "start": s, "end": e - 1} for d, s, e, lab in spans if d == doc] for doc in range(3)]

    ours = score_spans(gold, pred, labels=TYPES, min_overlap=share)
    from nervaluate import Evaluator

    theirs = Evaluator(as_docs(gold), as_docs(pred), tags=TYPES, loader="dict", min_overlap_percentage=max(1.0, share * 100))
    result = theirs.evaluate()["overall"]
    for mode, name in (("strict", "strict"), ("exact", "exact"), ("overlap", "ent_type"), ("partial", "partial")):
        m, r = ours.modes[mode].micro, result[name]
        assert (m.correct, m.incorrect, m.partial, m.missed, m.spurious) == (r.correct, r.incorrect, r.partial, r.missed, r.spurious)
        assert (m.precision, m.recall, m.f1) == (r.precision, r.recall, r.f1)


@settings(max_examples=200, deadline=None)
@given(tag_pairs())
def test_per_label_prediction_side_counts_match_nervaluate_indices(pair):
    from nervaluate import Evaluator

    gold, pred = pair
    ours = score_bio(gold, pred, labels=TYPES)
    result = Evaluator(gold, pred, tags=TYPES, loader="list").evaluate()
    from nervaluate.loaders import ListLoader

    pred_entities, gold_entities = ListLoader().load(pred), ListLoader().load(gold)
    for mode, name in (("strict", "strict"), ("exact", "exact"), ("overlap", "ent_type"), ("partial", "partial")):
        indices = result["overall_indices"][name]
        for label in TYPES:
            row = ours.modes[mode].per_label[label]

            def count(pairs, entities, label=label):
                return sum(entities[d][i].label == label for d, i in pairs)

            assert row.correct == count(indices.correct_indices, pred_entities)
            assert row.incorrect == count(indices.incorrect_indices, pred_entities)
            assert row.partial == count(indices.partial_indices, pred_entities)
            assert row.spurious == count(indices.spurious_indices, pred_entities)
            assert row.missed == count(indices.missed_indices, gold_entities)


@settings(max_examples=200, deadline=None)
@given(tag_pairs())
def test_per_label_strict_scores_equal_nervaluate_per_type_filtering(pair):
    """In strict mode our per-label P/R/F equal nervaluate's per-type numbers (their counts differ: see README)."""
    from nervaluate import Evaluator

    gold, pred = pair
    ours = score_bio(gold, pred, labels=TYPES).modes["strict"].per_label
    theirs = Evaluator(gold, pred, tags=TYPES, loader="list").evaluate()["entities"]
    for label, modes in theirs.items():
        r = modes["strict"]
        assert (ours[label].precision, ours[label].recall, ours[label].f1) == (r.precision, r.recall, r.f1)


def test_every_mode_is_scored_and_unknown_modes_are_refused():
    report = score_spans([("d", 0, 2, "A")], [("d", 1, 2, "A")])
    assert tuple(report.modes) == MODES
    assert report.modes["partial"].micro.partial == 1 and report.modes["overlap"].micro.correct == 1
    with pytest.raises(SpanError, match="unknown mode"):
        score_spans([], [], modes=["fuzzy"])
