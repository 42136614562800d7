import pytest

from annotation.model import (
    AnnotationSet,
    Argument,
    Document,
    Entity,
    Event,
    ModelError,
    Provenance,
    Span,
    Stance,
)

TEXT = "Azerbaijan said Armenia shelled Sotk on Friday 🇦🇲."


def prov(**kw) -> Provenance:
    return Provenance(annotator=kw.get("annotator", "a1"), source_tool="test", status="raw", schema_version="1.0.0")


def entity(eid, text, label, occurrence=0):
    start = TEXT.index(text) if occurrence == 0 else TEXT.index(text, TEXT.index(text) + 1)
    return Entity(eid, start, start + len(text), text, label)


def make_set(**kw):
    e1, e2, e3 = entity("e1", "Azerbaijan", "GPE"), entity("e2", "Armenia", "GPE"), entity("e3", "Sotk", "GPE")
    trigger = TEXT.index("shelled")
    ev = Event("v1", trigger, trigger + 7, "shelled", "Conflict.Attack",
               (Argument("Attacker", "e2"), Argument("Place", "e3")))
    st = Stance("s1", TEXT.index("said"), TEXT.index("said") + 4, "said", "AGAINST", "e1", kw.get("target", "e2"))
    return AnnotationSet(prov(), (e1, e2, e3), (ev,), (st,))


def test_valid_document_builds():
    doc = Document("d1", TEXT, annotations=(make_set(),))
    assert doc.annotations[0].entity("e3").text == "Sotk"


@pytest.mark.parametrize("start,end", [(-1, 3), (3, 3), (5, 2)])
def test_span_rejects_empty_or_negative_ranges(start, end):
    with pytest.raises(ModelError):
        Span(start, end)


def test_entity_text_length_must_match_offsets():
    with pytest.raises(ModelError, match="length"):
        Entity("e1", 0, 5, "Azerbaijan", "GPE")


def test_document_rejects_span_whose_text_differs():
    wrong = Entity("e9", 0, 7, "Armenia", "GPE")
    with pytest.raises(ModelError, match="text there is 'Azerbai'"):
        Document("d1", TEXT, annotations=(AnnotationSet(prov(), (wrong,)),))


def test_offsets_are_code_points_not_utf16():
    flag = "🇦🇲"
    start = TEXT.index(flag)
    doc = Document("d1", TEXT, annotations=(AnnotationSet(prov(), (Entity("e1", start, start + 2, flag, "GPE"),)),))
    assert doc.text[start:start + 2] == flag and len(flag.encode("utf-16-le")) // 2 == 4


def test_argument_must_point_to_an_entity():
    e1 = entity("e1", "Armenia", "GPE")
    trigger = TEXT.index("shelled")
    bad = Event("v1", trigger, trigger + 7, "shelled", "Conflict.Attack", (Argument("Attacker", "nope"),))
    with pytest.raises(ModelError, match="nope"):
        AnnotationSet(prov(), (e1,), (bad,))


def test_stance_target_may_be_an_event_but_not_missing():
    assert make_set(target="v1").stances[0].target_id == "v1"
    with pytest.raises(ModelError, match="target"):
        make_set(target="zzz")


def test_ids_are_unique_within_a_set():
    e1 = entity("e1", "Armenia", "GPE")
    with pytest.raises(ModelError, match="repeats"):
        AnnotationSet(prov(), (e1, e1))


def test_dataclasses_are_frozen():
    with pytest.raises(AttributeError):
        make_set().entities[0].label = "ORG"  # type: ignore[misc]


def test_provenance_status_is_checked():
    with pytest.raises(ModelError, match="status"):
        Provenance("a", "t", "final", "1.0.0")
