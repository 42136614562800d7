"""flashpoint revisions: a revision's changes against the set it revises, by content."""

from __future__ import annotations

from dataclasses import replace

from annotation.revision import revisions
from tests.labelstudio_fixtures import PLAIN_TEXT, plain_document


def test_revision_changes_are_counted_by_content_not_ids():
    old = plain_document("ann-a").annotations[0]
    old = replace(old, provenance=replace(old.provenance, guideline_version="1.0"))
    start = PLAIN_TEXT.index("government")
    entities = tuple(replace(e, id=f"X{i}") if e.label != "ORG" else replace(e, id=f"X{i}", label="GPE")
                     for i, e in enumerate(old.entities))
    ids = {e.id: n.id for e, n in zip(old.entities, entities, strict=True)}
    events = tuple(replace(v, arguments=tuple(replace(a, entity_id=ids[a.entity_id]) for a in v.arguments)) for v in old.events)
    stances = tuple(replace(s, holder_id=ids[s.holder_id], target_id=ids[s.target_id]) for s in old.stances)
    new = replace(old, entities=entities, events=events, stances=stances, provenance=replace(
        old.provenance, annotator="reviser", guideline_version="1.1",
        extra={"ground_truth": True, "revises": {"annotator": "ann-a", "guideline_version": "1.0"}}))
    document = replace(plain_document(), annotations=(old, new))
    (change,) = revisions([document])
    assert dict(change.counts) == {"entities relabelled": 1}  # renumbering alone is no change
    assert change.examples == (f"{PLAIN_TEXT[start - 4:start + 10]!r} ORG->GPE",)
