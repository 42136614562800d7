from importlib import resources

import pytest
import yaml

from annotation.cli import main
from annotation.schema import SchemaError, load_schema, parse_schema


def raw_schema() -> dict:
    return yaml.safe_load(resources.files("annotation").joinpath("schema.yaml").read_text(encoding="utf-8"))


def test_schema_has_the_conflict_news_labels():
    schema = load_schema()
    assert set(schema.entity_labels) >= {"PER", "ORG", "GPE", "LOC", "FAC", "NORP", "WEA", "VEH", "TIME"}
    assert set(schema.event_labels) >= {
        "Conflict.Attack", "Conflict.Demonstrate", "Life.Die", "Life.Injure", "Contact.Meet",
        "Contact.Phone-Write", "Movement.Transport", "Justice.Arrest-Jail", "Transaction.Transfer-Money",
        "Politics.Agreement", "Politics.Negotiate",
    }
    assert schema.polarity_labels == ("FAVOR", "AGAINST", "NEUTRAL")
    assert schema.role_accepts("Conflict.Attack", "Instrument", "WEA")
    assert not schema.role_accepts("Conflict.Attack", "Instrument", "PER")
    assert not schema.role_accepts("Life.Die", "Attacker", "PER")


def test_every_label_has_description_colour_and_a_unique_hotkey():
    schema = load_schema()
    labels = [*schema.entities.values(), *(e.label for e in schema.events.values()), *schema.polarities.values()]
    assert all(label.description and label.hotkey for label in labels)
    assert all(label.color.startswith("#") for label in labels if label.name not in schema.polarities)
    keys = [label.hotkey for label in labels] + [schema.stance_label.hotkey]
    assert len(keys) == len(set(keys))


def test_external_mappings_cover_m2e2_event_types():
    mapping = load_schema().mapping("m2e2", "events")
    for m2e2 in ["Conflict:Attack", "Movement:Transport", "Life:Die", "Justice:Arrest-Jail", "Contact:Meet",
                 "Conflict:Demonstrate", "Contact:Phone-Write", "Transaction:Transfer-Money"]:
        assert m2e2 in mapping
    assert mapping["Conflict:Attack"] == "Conflict.Attack"


def test_role_with_unknown_entity_type_is_rejected():
    raw = raw_schema()
    raw["events"]["Conflict.Attack"]["roles"]["Attacker"].append("ALIEN")
    with pytest.raises(SchemaError, match="ALIEN"):
        parse_schema(raw)


def test_repeated_hotkey_is_rejected():
    raw = raw_schema()
    raw["entities"]["ORG"]["hotkey"] = raw["entities"]["PER"]["hotkey"]
    with pytest.raises(SchemaError, match="hotkeys"):
        parse_schema(raw)


def test_schema_command_prints_every_label(capsys):
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    schema = load_schema()
    assert f"version {schema.version}" in out
    for label in (*schema.entity_labels, *schema.event_labels, *schema.polarity_labels):
        assert label in out


def test_mention_kind_inference_follows_the_schema_rule():
    schema = load_schema()
    assert schema.mention_kinds == ("NAME", "NOMINAL", "PRONOUN")
    inferred = {text: schema.infer_kind(text) for text in ("he", "They", "I", "its", "US", "Azerbaijan", "2020", "soldiers")}
    assert inferred == {"he": "PRONOUN", "They": "PRONOUN", "I": "PRONOUN", "its": "PRONOUN", "US": "NAME",
                        "Azerbaijan": "NAME", "2020": "NAME", "soldiers": "NOMINAL"}
