from dataclasses import replace

import pytest

from annotation.external_check import compare, m2e2_pairs
from annotation.model import AnnotationSet, Document, Event, Provenance

TEXT = "Police arrested ten protesters after a rally, and one man died."


def events(*words_and_types, status="gold"):
    found = []
    for i, (word, label) in enumerate(words_and_types):
        start = TEXT.index(word)
        found.append(Event(f"V{i}", start, start + len(word), word, label))
    return AnnotationSet(Provenance("m2e2" if status == "gold" else "us", "t", status, "1.0.0"), events=tuple(found))


def test_recall_counts_reference_events_we_also_have():
    reference = Document("d1", TEXT, annotations=(events(("arrested", "Justice.Arrest-Jail"), ("died", "Life.Die")),))
    ours = events(("arrested", "Justice.Arrest-Jail"), ("rally", "Conflict.Demonstrate"), ("died", "Conflict.Attack"), status="raw")
    pairs = m2e2_pairs([(Document("d1", TEXT), ours), (Document("d2", "other"), ours)], [reference])
    assert [doc for doc, _, _ in pairs] == ["d1"]
    summary = compare(pairs)["summary"]
    assert summary["trigger identification recall (same offsets)"] == 1.0
    assert summary["trigger classification recall (same offsets and type)"] == 0.5
    assert summary["trigger classification precision against M2E2 (sparse reference)"] == pytest.approx(1 / 3)


def test_different_texts_cannot_be_compared():
    reference = Document("d1", TEXT, annotations=(events(("died", "Life.Die")),))
    with pytest.raises(ValueError, match="differ"):
        m2e2_pairs([(replace(reference, text=TEXT + " "), events(status="raw"))], [reference])
