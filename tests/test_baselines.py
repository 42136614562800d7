"""Baselines: estimator rules, determinism, save/load, schema-version refusal, and what the models learn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sklearn.base import clone

from annotation.alignment import AlignmentError, LabelledSpan, spans_to_tags
from annotation.model import AnnotationSet, Document, Span
from baselines.floors import MajorityTagger, MemorisationTagger
from baselines.persist import PersistError, load_model, new_metadata, read_metadata, save_model
from baselines.registry import LAYERS, MODELS, build
from baselines.tagging import tags_to_spans, token_sequences
from tests.baselines_fixtures import synthetic_corpus

SCHEMA = "1.0.0"
ALL = [(layer, model) for layer in LAYERS for model in MODELS]


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    return synthetic_corpus(40, seed=1)


def gold(documents: list[Document]) -> list[AnnotationSet]:
    sets = [document.gold() for document in documents]
    assert all(s is not None for s in sets)
    return [s for s in sets if s is not None]


def learned_attributes(estimator: object) -> set[str]:
    return {key for key in vars(estimator) if key.endswith("_") and not key.startswith("_")}


# ---------------------------------------------------------------- estimator rules


@pytest.mark.parametrize(("layer", "model"), ALL)
def test_init_only_stores_hyperparameters_and_fit_returns_self(layer: str, model: str, corpus: list[Document]) -> None:
    estimator = build(layer, model)
    assert learned_attributes(estimator) == set()
    params = estimator.get_params(deep=False)
    assert set(params) == set(vars(estimator))  # nothing but the constructor parameters
    clone(estimator)  # sklearn checks that __init__ stores its parameters unchanged
    fitted = estimator.fit(corpus[:30], gold(corpus[:30]))
    assert fitted is estimator
    assert learned_attributes(estimator)
    assert estimator.get_params(deep=False).keys() == params.keys()


@pytest.mark.parametrize(("layer", "model"), ALL)
def test_refit_replaces_and_results_are_deterministic(layer: str, model: str, corpus: list[Document]) -> None:
    other = synthetic_corpus(30, seed=7)
    fresh = build(layer, model).fit(corpus[:30], gold(corpus[:30])).predict(corpus[30:])
    refit = build(layer, model).fit(other, gold(other)).fit(corpus[:30], gold(corpus[:30])).predict(corpus[30:])
    assert refit == fresh


def test_set_params_reaches_nested_hyperparameters() -> None:
    estimator = build("entities", "crf")
    estimator.set_params(spans__tagger__crf__c2=0.5, spans__tagger__features__window=1)
    params = estimator.get_params()
    assert params["spans__tagger__crf__c2"] == 0.5
    assert params["spans__tagger__features__window"] == 1


# ---------------------------------------------------------------- save / load


def _save(estimator: object, directory: Path, layer: str, model: str, schema: str = SCHEMA) -> None:
    meta = new_metadata(estimator, model=model, layer=layer, schema_version=schema, training_data_sha256="0" * 64, training_documents=30)
    save_model(estimator, directory, meta)  # type: ignore[arg-type]


@pytest.mark.parametrize(("layer", "model"), ALL)
def test_save_load_round_trip_gives_identical_predictions(layer: str, model: str, corpus: list[Document], tmp_path: Path) -> None:
    estimator = build(layer, model).fit(corpus[:30], gold(corpus[:30]))
    _save(estimator, tmp_path, layer, model)
    loaded, meta = load_model(tmp_path, schema_version=SCHEMA)
    assert loaded.predict(corpus[30:]) == estimator.predict(corpus[30:])
    assert (meta.layer, meta.model, meta.schema_version) == (layer, model, SCHEMA)
    assert "scikit-learn" in meta.libraries
    assert not list(tmp_path.glob("*.pkl"))


def test_model_files_are_inspectable_json(corpus: list[Document], tmp_path: Path) -> None:
    estimator = build("entities", "crf").fit(corpus[:30], gold(corpus[:30]))
    _save(estimator, tmp_path, "entities", "crf")
    tree = json.loads((tmp_path / "model.json").read_text())
    assert tree["class"] == "baselines.layers.EntityModel"
    assert (tmp_path / "crf-1.crfsuite").stat().st_size > 0
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    assert metadata["hyperparameters"]["spans__tagger__crf__c1"] == estimator.get_params()["spans__tagger__crf__c1"]


def test_loading_refuses_another_schema_version(corpus: list[Document], tmp_path: Path) -> None:
    estimator = build("entities", "memorise").fit(corpus[:30], gold(corpus[:30]))
    _save(estimator, tmp_path, "entities", "memorise", schema="0.9.0")
    with pytest.raises(PersistError, match=r"trained under label schema 0\.9\.0, but the schema now is 1\.0\.0"):
        load_model(tmp_path, schema_version=SCHEMA)


def test_loading_refuses_a_class_outside_the_allowlist(corpus: list[Document], tmp_path: Path) -> None:
    estimator = build("entities", "linear").fit(corpus[:30], gold(corpus[:30]))
    _save(estimator, tmp_path, "entities", "linear")
    path = tmp_path / "model.json"
    path.write_text(path.read_text().replace('"baselines.layers.EntityModel"', '"subprocess.Popen"', 1))
    with pytest.raises(PersistError, match="not in the model-file allowlist"):
        load_model(tmp_path, schema_version=SCHEMA)


def test_a_folder_without_metadata_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(PersistError, match="not a model directory"):
        read_metadata(tmp_path)


# ---------------------------------------------------------------- tagging


TOKENS = (Span(0, 7), Span(8, 14), Span(15, 22), Span(23, 29))  # "Armenia forces shelled Tavush"


def test_spans_to_tags_and_back() -> None:
    spans = [LabelledSpan(0, 14, "ORG"), LabelledSpan(23, 29, "GPE")]
    encoded = spans_to_tags(TOKENS, spans)
    assert encoded.tags == ("B-ORG", "I-ORG", "O", "B-GPE")
    assert tags_to_spans(TOKENS, encoded.tags) == spans


def test_misaligned_spans_raise_in_strict_and_adjust_otherwise() -> None:
    inside_a_token = LabelledSpan(1, 14, "ORG")
    with pytest.raises(AlignmentError, match=r"\[1, 14\) ORG does not sit on token boundaries"):
        spans_to_tags(TOKENS, [inside_a_token])
    assert spans_to_tags(TOKENS, [inside_a_token], alignment="expand").tags[:2] == ("B-ORG", "I-ORG")
    assert spans_to_tags(TOKENS, [inside_a_token], alignment="contract").tags[:2] == ("O", "B-ORG")
    nothing_left = spans_to_tags(TOKENS, [LabelledSpan(1, 5, "GPE")], alignment="contract")
    assert nothing_left.unplaced == (LabelledSpan(1, 5, "GPE"),)


def test_overlapping_spans_are_returned_not_dropped() -> None:
    outer, nested = LabelledSpan(0, 14, "ORG"), LabelledSpan(0, 7, "GPE")
    encoded = spans_to_tags(TOKENS, [nested, outer])
    assert encoded.tags[:2] == ("B-ORG", "I-ORG")
    assert encoded.unplaced == (nested,)


def test_decoding_follows_conlleval() -> None:
    assert tags_to_spans(TOKENS, ["I-ORG", "I-GPE", "O", "I-GPE"]) == [
        LabelledSpan(0, 7, "ORG"),
        LabelledSpan(8, 14, "GPE"),
        LabelledSpan(23, 29, "GPE"),
    ]


def test_documents_without_tokens_are_segmented_by_the_ingest_tokenizer() -> None:
    document = Document(id="d", text="Troops left Baku. Talks resumed.")
    sequences = token_sequences(document)
    assert [[document.text[t.start : t.end] for t in s] for s in sequences] == [
        ["Troops", "left", "Baku", "."],
        ["Talks", "resumed", "."],
    ]


# ---------------------------------------------------------------- what the models learn


def test_memorisation_remembers_only_strings_labelled_often_enough() -> None:
    X = [("the", "attack", "began"), ("an", "attack", "plan"), ("the", "attack", "ended")]
    y = [("O", "B-EV", "O"), ("O", "O", "O"), ("O", "O", "O")]
    assert MemorisationTagger(min_ratio=0.5).fit(X, y).lexicon_ == {}
    assert MemorisationTagger(min_ratio=0.3).fit(X, y).lexicon_ == {"attack": "EV"}
    assert MajorityTagger().fit(X, y).predict([("x", "y")]) == [["O", "O"]]


def test_crf_generalises_to_an_unseen_place_where_memorisation_cannot(corpus: list[Document]) -> None:
    test = synthetic_corpus(10, seed=99)
    unseen = [_rename(document, "Tavush", "Stepanakert") for document in test]
    found: dict[str, int] = {}
    for model in ("memorise", "crf"):
        predicted = build("entities", model).fit(corpus, gold(corpus)).predict(unseen)
        found[model] = sum(e.text == "Stepanakert" and e.label == "GPE" for p in predicted for e in p.entities)
    assert found["memorise"] == 0
    assert found["crf"] > 0


def _rename(document: Document, old: str, new: str) -> Document:
    from annotation.corpus import document_from_dict, document_to_dict

    raw = json.loads(json.dumps(document_to_dict(document)).replace(old, new))
    shift = len(new) - len(old)
    positions = [i for i in range(len(document.text)) if document.text.startswith(old, i)]

    def move(offset: int) -> int:  # every renamed word that starts before the offset shifts it
        return offset + shift * sum(p < offset for p in positions)

    raw["tokens"] = [[move(s), move(e)] for s, e in raw["tokens"]]
    raw["sentences"] = [[move(s), move(e)] for s, e in raw["sentences"]]
    for item in (*raw["annotations"][0]["entities"], *raw["annotations"][0]["events"], *raw["annotations"][0]["stances"]):
        item["start"], item["end"] = move(item["start"]), move(item["end"])
    return document_from_dict(raw)


def test_polarity_alone_given_gold_spans(corpus: list[Document]) -> None:
    model = build("stance", "linear").fit(corpus[:30], gold(corpus[:30]))
    pairs = []
    expected = []
    for document in corpus[30:]:
        g = document.gold()
        assert g is not None
        entity = {e.id: LabelledSpan(e.start, e.end, e.label) for e in g.entities}
        pairs.append([(LabelledSpan(s.start, s.end, "STANCE"), entity[s.target_id]) for s in g.stances])
        expected.append([s.polarity for s in g.stances])
    assert model.predict_polarity(corpus[30:], pairs) == expected


# ---------------------------------------------------------------- lexicon features


def test_lexicon_features_of_the_training_data_are_out_of_fold() -> None:
    from baselines.features import TokenFeatures
    from baselines.words import stem

    sentences = [("Troops", "shelled", "Sotk"), ("Rain", "fell"), ("Rain", "fell"), ("Rain", "fell")]
    tags = [("O", "B-Conflict.Attack", "O"), ("O", "O"), ("O", "O"), ("O", "O")]
    features = TokenFeatures(cross_fit=2)
    training = features.fit_transform(sentences, tags)
    # "shelled" was labelled only in the first block: the lexicon of the other block has never seen it
    assert training[0][1]["word_tag"] == "unseen"
    assert "gazetteer" not in training[0][1]
    # at prediction time the lexicon of the whole training split is used, BIO-position aware
    predicted = features.transform([("They", "shelled", "Sotk")])[0]
    assert predicted[1]["word_tag"] == "Conflict.Attack@4"
    assert predicted[1]["gazetteer"] == "B-Conflict.Attack"
    assert predicted[2]["-1:gazetteer"] == "B-Conflict.Attack"
    assert predicted[1]["stem"] == stem("shelled") == "shell"
    assert TokenFeatures(cross_fit=0).fit_transform(sentences, tags)[0][1]["word_tag"] == "Conflict.Attack@4"


def test_backoff_fills_only_what_the_learned_tagger_left_outside() -> None:
    from baselines.backoff import back_off

    learned = ["O", "B-A", "I-A", "O", "O", "O", "I-A"]
    memorised = ["B-B", "B-B", "O", "B-C", "I-C", "B-D", "O"]
    found = [(0, 1, "B"), (1, 2, "B"), (3, 5, "C"), (5, 6, "D")]
    # (1, 2) overlaps a learned chunk and (5, 6) would join the learned I-A after it: both stay as learned
    assert back_off(learned, memorised, found) == ["B-B", "B-A", "I-A", "B-C", "I-C", "O", "I-A"]


# ---------------------------------------------------------------- decoding with a threshold on O, prior valence


def test_a_threshold_on_outside_trades_precision_for_recall() -> None:
    from baselines.threshold import decode

    marginals = [
        {"O": 0.9, "B-STANCE": 0.1, "I-STANCE": 0.0},
        {"O": 0.6, "B-STANCE": 0.15, "I-STANCE": 0.25},
        {"O": 0.2, "B-STANCE": 0.7, "I-STANCE": 0.1},
    ]
    assert decode(marginals, 0.5) == ["O", "O", "B-STANCE"]
    assert decode(marginals, 0.7) == ["O", "I-STANCE", "B-STANCE"]
    assert decode(marginals, 1.0) == ["B-STANCE", "I-STANCE", "B-STANCE"]


@pytest.mark.parametrize("kind", ["crf", "linear"])
def test_threshold_one_finds_at_least_the_spans_of_plain_decoding(kind: str, corpus: list[Document]) -> None:
    from baselines.registry import TaggerSettings, learned_tagger
    from baselines.spans import SpanTagger

    def covered(threshold: float | None) -> set[tuple[str, int]]:
        """(document, character) pairs inside a predicted span."""
        tagger = learned_tagger(kind, TaggerSettings(crf_threshold=threshold, linear_threshold=threshold))
        training = [[LabelledSpan(e.start, e.end, e.label) for e in g.entities] for g in gold(corpus[:30])]
        model = SpanTagger(tagger).fit(corpus[:30], training)
        found = zip(corpus[30:], model.predict(corpus[30:]), strict=True)
        return {(d.id, i) for d, spans in found for s in spans for i in range(s.start, s.end)}

    plain, everything = covered(None), covered(1.0)
    assert plain < everything  # every token inside a span stays inside one, and more join them


def test_outside_threshold_refuses_a_threshold_outside_0_1() -> None:
    from baselines.crf import crf_tagger
    from baselines.threshold import OutsideThreshold

    with pytest.raises(ValueError, match="threshold"):
        OutsideThreshold(crf_tagger(), 1.5).fit([("a",)], [("O",)])


def test_valence_comes_from_the_vader_lexicon() -> None:
    from baselines.valence import text_valence, valence_bucket, word_valence

    assert (word_valence("condemned") or 0) < 0 < (word_valence("praised") or 0)
    assert word_valence("Yerevan") is None
    assert [valence_bucket(w) for w in ("killed", "condemned", "welcomed", "praised", "table")] == ["neg2", "neg1", "pos1", "pos2", "none"]
    scores = text_valence("Ministers strongly condemned the attack", "span")
    assert scores["span:negative"] == 2 / 4 and scores["span:positive"] == 1 / 4  # "strongly" is rated on its own too
    assert scores["span:compound"] < 0  # VADER reads it as an intensifier of "condemned"


def test_entity_context_reaches_the_trigger_tagger_features(corpus: list[Document]) -> None:
    from baselines.entity_context import OUTSIDE_ENTITY, entity_sentences
    from baselines.features import TokenFeatures

    document = corpus[0]
    g = document.gold()
    assert g is not None and g.entities
    sequences = token_sequences(document)
    sentences = entity_sentences(document, sequences)
    assert [tuple(s) for s in sentences] == [tuple(document.text[t.start : t.end] for t in seq) for seq in sequences]
    for sequence, sentence in zip(sequences, sentences, strict=True):
        for token, entity_type in zip(sequence, sentence.entity_types, strict=True):
            covering = [e for e in g.entities if e.start <= token.start and token.end <= e.end]
            expected = max(covering, key=lambda e: e.end - e.start).label if covering else OUTSIDE_ENTITY
            assert entity_type == expected
    first = next(s for s in sentences if set(s.entity_types) != {OUTSIDE_ENTITY})
    rows = TokenFeatures(gazetteer=False).fit([first]).transform([first])[0]
    assert [row["entity"] for row in rows] == list(first.entity_types)
    assert all(row[f"sentence_has:{t}"] == 1.0 for row in rows for t in set(first.entity_types) - {OUTSIDE_ENTITY})
    plain = TokenFeatures(gazetteer=False).fit([tuple(first)]).transform([tuple(first)])[0]
    assert not any(key.endswith("entity") or key.startswith("sentence_has") for row in plain for key in row)
    # the event model hands its tagger these sentences; the entity model does not
    assert build("events", "crf").triggers.entity_context and not build("entities", "crf").spans.entity_context
