"""The Label Studio labelling config (XML), generated from the schema, and the control names the converter uses.

Layers map onto controls so that every layer survives the round trip:

* entities: regions of ``<Labels name="entity">`` with, when the schema has mention kinds (1.1+), a per-region
  ``<Choices name="kind">`` (NAME, NOMINAL, PRONOUN);
* events: trigger regions of ``<Labels name="trigger">`` with a per-region ``<Choices name="modality">``;
  each argument is a relation from the trigger region to an entity region, labelled with its role;
* stances: regions of ``<Labels name="stance">`` with a per-region ``<Choices name="polarity">``, a ``holder``
  relation to an entity region and a ``target`` relation to an entity or trigger region.

Region ids in Label Studio are our span ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree

from annotation.schema import Label, Schema, load_schema

GUIDELINES_PATH = "annotation/GUIDELINES.md"
TEXT_NAME = "text"


@dataclass(frozen=True, slots=True)
class Controls:
    """The names of the controls in the generated config (one place, used by the config and the converter)."""

    text: str = TEXT_NAME
    entity: str = "entity"
    trigger: str = "trigger"
    stance: str = "stance"
    kind: str = "kind"
    modality: str = "modality"
    polarity: str = "polarity"
    provenance: str = "provenance"  # the toolkit's note per annotation: guideline version, adjudication policy, ...


CONTROLS = Controls()


def instructions(schema: Schema) -> str:
    """The short instruction text shown in the project (Label Studio's ``expert_instruction``)."""
    kind = f" (choose the mention kind of each: {', '.join(schema.mention_kinds)})" if schema.mention_kinds else ""
    return (
        f"Flashpoint annotation, schema {schema.version}. Read the guidelines ({GUIDELINES_PATH} in the Flashpoint "
        f"repository) before you start. Mark entity mentions with the entity labels{kind}, event triggers with the event "
        "labels (choose the modality of each trigger), and stance spans with the stance label (choose a polarity). "
        "Link each trigger to its arguments with a relation labelled with the role, and each stance span to its "
        "holder and its target with the 'holder' and 'target' relations."
    )


def label_config(schema: Schema | None = None) -> str:
    """The labelling config XML for a schema (default: the packaged one). Deterministic."""
    schema = schema or load_schema()
    view = ElementTree.Element("View")
    header = ElementTree.SubElement(view, "Header")
    header.set("value", f"Flashpoint {schema.version}: see {GUIDELINES_PATH}")
    header.set("size", "6")

    def labels(name: str, items: list[Label], *, hint_prefix: str = "") -> None:
        element = ElementTree.SubElement(view, "Labels", name=name, toName=CONTROLS.text, showInline="true")
        for label in items:
            child = ElementTree.SubElement(element, "Label", value=label.name, background=label.color)
            if label.hotkey:
                child.set("hotkey", label.hotkey)
            child.set("hint", hint_prefix + label.description)

    labels(CONTROLS.entity, list(schema.entities.values()))
    labels(CONTROLS.trigger, [event.label for event in schema.events.values()], hint_prefix="Event trigger. ")
    labels(CONTROLS.stance, [schema.stance_label])
    relations = ElementTree.SubElement(view, "Relations")
    for role in schema.roles:
        ElementTree.SubElement(relations, "Relation", value=role)
    for name in schema.relations:
        ElementTree.SubElement(relations, "Relation", value=name)
    ElementTree.SubElement(view, "Text", name=CONTROLS.text, value=f"${TEXT_NAME}")

    def per_region_choices(name: str, when_tag: str, values: list[tuple[str, str]]) -> None:
        element = ElementTree.SubElement(
            view,
            "Choices",
            name=name,
            toName=CONTROLS.text,
            perRegion="true",
            choice="single",
            showInline="true",
            visibleWhen="region-selected",
            whenTagName=when_tag,
        )
        for value, hotkey in values:
            child = ElementTree.SubElement(element, "Choice", value=value)
            if hotkey:
                child.set("hotkey", hotkey)

    if schema.mention_kinds:
        per_region_choices(CONTROLS.kind, CONTROLS.entity, [(value, "") for value in schema.mention_kinds])
    per_region_choices(CONTROLS.modality, CONTROLS.trigger, [(value, "") for value in schema.modalities])
    per_region_choices(CONTROLS.polarity, CONTROLS.stance, [(p.name, p.hotkey) for p in schema.polarities.values()])
    # what Label Studio has no field for (the guideline version of the annotation, an adjudication's policy, what a
    # revision revises) travels in this read-only note, written and read by the toolkit only
    ElementTree.SubElement(view, "Header", value="Provenance (written by the Flashpoint toolkit; leave as it is)", size="6")
    ElementTree.SubElement(view, "TextArea", name=CONTROLS.provenance, toName=CONTROLS.text, rows="1", editable="false",
                           maxSubmissions="1")
    ElementTree.indent(view, space="  ")
    return ElementTree.tostring(view, encoding="unicode") + "\n"


def check_config(xml: str) -> None:
    """Validate a config with the SDK's ``LabelInterface``; raises ``ValueError`` with its message."""
    from label_studio_sdk.label_interface import LabelInterface

    try:
        LabelInterface(xml).validate()
    except Exception as error:  # the SDK raises several unrelated exception types
        raise ValueError(f"Label Studio config is not valid: {error}") from error
