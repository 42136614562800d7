"""Merge the independent annotators of a document into one ground-truth set under a named policy, and list every
place where they disagree.

Policies (:func:`parse_policy`):

- ``agreed``: keep what every annotator has: entities with the same boundaries and type; events with the same
  trigger boundaries and type, with the arguments (role and argument entity) every annotator gives them; stances
  with the same span, polarity, holder and target. Modality is the value most annotators give.
- ``majority``: the same, keeping what more than half of the annotators have (for two annotators: ``agreed``).
- ``prefer:NAME``: take annotator NAME's set as it is.
- ``ground-truth``: take the set already marked ground truth (``provenance.extra["ground_truth"]``, e.g. in Label
  Studio).

The merged set is the ``adjudicator``'s, with ``provenance.extra`` ``{"ground_truth": True, "policy": ...}`` and
status ``gold``, which is what the dataset build takes as gold (:mod:`annotation.build.gold`); any earlier
ground-truth set of the document is marked ``ground_truth: false, superseded_ground_truth: true`` and an earlier
adjudicator set is replaced. Disagreements are listed whatever the policy: items not every annotator has, grouped
by overlapping spans (layer ``entities``, ``events``, ``stance``), arguments of a shared trigger that differ (layer
``arguments``), modalities that differ and mention kinds of a shared entity that differ (the merge keeps the first
annotator's kind there, for the adjudicator to decide), each with every annotator's version and whether it was kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotation.agreement.inputs import ADJUDICATOR, independent_sets
from annotation.build.gold import is_ground_truth
from annotation.draft_writer import DraftAnchorError, anchor_of, sentence_of
from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Stance
from annotation.schema import Schema, load_schema

POLICIES = ("agreed", "majority", "prefer:NAME", "ground-truth")
SOURCE_TOOL = "flashpoint-adjudicate"
Key = tuple[Hashable, ...]


class PolicyError(ValueError):
    """A policy name that is not one of :data:`POLICIES`."""


@dataclass(frozen=True, slots=True)
class Policy:
    name: str  # agreed | majority | prefer | ground-truth
    annotator: str = ""

    def __str__(self) -> str:
        return f"prefer:{self.annotator}" if self.name == "prefer" else self.name


def parse_policy(text: str) -> Policy:
    if text in ("agreed", "majority", "ground-truth"):
        return Policy(text)
    if text.startswith("prefer:") and text[len("prefer:") :].strip():
        return Policy("prefer", text[len("prefer:") :].strip())
    raise PolicyError(f"unknown policy {text!r}; use one of {', '.join(POLICIES)}")


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One place where annotators differ: the layer, what kind of difference, and every annotator's version."""

    doc_id: str
    layer: str  # entities | events | arguments | stance
    kind: str  # missing | label | boundary | boundary+label | links | arguments | modality | mention kind
    sentence: int
    start: int
    end: int
    versions: Mapping[str, tuple[Mapping[str, Any], ...]]  # annotator -> items (empty: the annotator has none)

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "layer": self.layer, "kind": self.kind, "sentence": self.sentence,
                "start": self.start, "end": self.end, "versions": {a: list(v) for a, v in self.versions.items()}}


@dataclass(frozen=True, slots=True)
class Adjudication:
    """The outcome for one document: the merged set (None when the policy cannot apply, with the reason)."""

    doc_id: str
    annotators: tuple[str, ...]
    merged: AnnotationSet | None
    disagreements: tuple[Disagreement, ...]
    skipped: str = ""


# ---------------------------------------------------------------------------------------------- content keys


class _Keys:
    """Annotator-independent keys of one set's items (offsets and labels instead of ids)."""

    def __init__(self, aset: AnnotationSet):
        self.entity = {e.id: ("T", e.start, e.end, e.label) for e in aset.entities}
        self.event = {e.id: ("V", e.start, e.end, e.label) for e in aset.events}
        self.stance = {s.id: ("S", s.start, s.end, s.polarity, self.ref(s.holder_id), self.ref(s.target_id)) for s in aset.stances}
        self.arguments = {e.id: frozenset((a.role, self.entity[a.entity_id]) for a in e.arguments) for e in aset.events}
        self.modality = {e.id: e.attributes.get("modality") for e in aset.events}
        self.kind = {e.id: e.attributes.get("kind") for e in aset.entities}

    def ref(self, item_id: str) -> Key:
        return self.entity.get(item_id) or self.event[item_id]


# ---------------------------------------------------------------------------------------------- merging


def _span(document: Document, key: Key) -> tuple[int, int, str]:
    start, end = int(key[1]), int(key[2])  # type: ignore[call-overload]
    return start, end, document.text[start:end]


def _merge_by_votes(document: Document, sets: Mapping[str, AnnotationSet], required: int) -> tuple[list[Entity], list[Event], list[Stance]]:
    """Items that at least ``required`` annotators have, renumbered in text order."""
    keys = {name: _Keys(aset) for name, aset in sets.items()}
    votes: Counter[Key] = Counter()
    for name in sets:
        votes.update(set(keys[name].entity.values()) | set(keys[name].event.values()) | set(keys[name].stance.values()))
    chosen = sorted((k for k, v in votes.items() if v >= required), key=lambda k: (k[0], *_span(document, k), str(k[3:])))
    attributes: dict[Key, Mapping[str, Any]] = {}
    for name, aset in sets.items():
        for e in aset.entities:
            attributes.setdefault(keys[name].entity[e.id], e.attributes)
    new_id: dict[Key, str] = {}
    entities: list[Entity] = []
    for key in (k for k in chosen if k[0] == "T"):
        new_id[key] = f"T{len(entities) + 1}"
        entities.append(Entity(new_id[key], *_span(document, key), str(key[3]), dict(attributes[key])))
    events: list[Event] = []
    for key in (k for k in chosen if k[0] == "V"):
        new_id[key] = f"V{len(events) + 1}"
        argument_votes: Counter[tuple[str, Key]] = Counter()
        modalities: Counter[Any] = Counter()
        for name in sets:
            event_id = next((i for i, k in keys[name].event.items() if k == key), None)
            if event_id is not None:
                argument_votes.update(keys[name].arguments[event_id])
                modalities[keys[name].modality[event_id]] += 1
        agreed = sorted((pair for pair, v in argument_votes.items() if v >= required), key=lambda pair: (new_id[pair[1]], pair[0]))
        modality = modalities.most_common(1)[0][0]
        arguments = tuple(Argument(role, new_id[entity]) for role, entity in agreed)
        attributes_ = {"modality": modality} if modality is not None else {}
        events.append(Event(new_id[key], *_span(document, key), str(key[3]), arguments, attributes_))
    stances: list[Stance] = []
    for key in (k for k in chosen if k[0] == "S"):
        holder, target = key[4], key[5]
        assert isinstance(holder, tuple) and isinstance(target, tuple)
        stances.append(Stance(f"S{len(stances) + 1}", *_span(document, key), str(key[3]), new_id[holder], new_id[target]))
    return entities, events, stances


def _provenance(policy: Policy, sets: Mapping[str, AnnotationSet], schema: Schema, extra: Mapping[str, Any]) -> Provenance:
    versions = sorted({a.provenance.guideline_version for a in sets.values() if a.provenance.guideline_version})
    return Provenance(
        annotator=ADJUDICATOR,
        source_tool=SOURCE_TOOL,
        status="gold",
        schema_version=schema.version,
        guideline_version=versions[-1] if versions else "",
        extra={"ground_truth": True, "policy": str(policy), "annotators": sorted(sets), **extra},
    )


def adjudicate_document(document: Document, policy: Policy, schema: Schema | None = None) -> Adjudication | None:
    """Merge one document under ``policy``; None for a document with fewer than two independent annotators."""
    schema = schema or load_schema()
    sets = independent_sets(document)
    if len(sets) < 2:
        return None
    disagreements = tuple(find_disagreements(document, sets))
    names = tuple(sets)
    merged: AnnotationSet | None = None
    skipped = ""
    extra: dict[str, Any] = {"disagreements": len(disagreements)}
    if policy.name in ("agreed", "majority"):
        required = len(sets) if policy.name == "agreed" else len(sets) // 2 + 1
        entities, events, stances = _merge_by_votes(document, sets, required)
        merged = AnnotationSet(_provenance(policy, sets, schema, extra), tuple(entities), tuple(events), tuple(stances))
    elif policy.name == "prefer":
        if policy.annotator in sets:
            chosen = sets[policy.annotator]
            merged = replace(chosen, provenance=_provenance(policy, sets, schema, {**extra, "from": policy.annotator}))
        else:
            skipped = f"{policy.annotator} did not annotate it (annotators: {', '.join(names)})"
    else:
        truths = [a for a in document.annotations if is_ground_truth(a) and a.provenance.status != "prediction"
                  and a.provenance.annotator != ADJUDICATOR]
        if len(truths) == 1:
            merged = replace(truths[0], provenance=_provenance(policy, sets, schema, {**extra, "from": truths[0].provenance.annotator}))
        else:
            skipped = "no set is marked ground truth" if not truths else f"{len(truths)} sets are marked ground truth"
    return Adjudication(document.id, names, merged, tuple(mark_kept(d, merged) for d in disagreements), skipped)


def with_adjudication(document: Document, adjudication: Adjudication) -> Document:
    """The document with the merged set added (replacing an earlier adjudicator set; earlier ground truth superseded)."""
    if adjudication.merged is None:
        return document
    kept = []
    for aset in document.annotations:
        if aset.provenance.annotator == ADJUDICATOR and aset.provenance.source_tool == SOURCE_TOOL:
            continue
        if is_ground_truth(aset):
            extra = {**aset.provenance.extra, "ground_truth": False, "superseded_ground_truth": True}
            aset = replace(aset, provenance=replace(aset.provenance, extra=extra))
        kept.append(aset)
    return replace(document, annotations=(*kept, adjudication.merged))


# ---------------------------------------------------------------------------------------------- disagreements


def _view(document: Document, aset: AnnotationSet, item: Entity | Event | Stance, kept: bool) -> dict[str, Any]:
    """An item as a person reads it (draft anchor, offsets, label, links by text) with whether the merge kept it."""
    try:
        anchor = anchor_of(document, item.start, item.end)
    except DraftAnchorError:
        anchor = {"s": sentence_of(document, item.start), "text": item.text}
    view: dict[str, Any] = {"id": item.id, **anchor, "start": item.start, "end": item.end}
    entity = {e.id: e for e in aset.entities}
    if isinstance(item, Stance):
        view |= {"polarity": item.polarity, "holder": _ref(aset, item.holder_id), "target": _ref(aset, item.target_id)}
    else:
        view["label"] = item.label
    if isinstance(item, Entity) and "kind" in item.attributes:
        view["kind"] = item.attributes["kind"]
    if isinstance(item, Event):
        view["modality"] = item.attributes.get("modality")
        view["args"] = [[a.role, entity[a.entity_id].text, entity[a.entity_id].label] for a in item.arguments]
    view["kept"] = kept
    return view


def _kind(layer: str, members: Sequence[tuple[str, Entity | Event | Stance]], n_annotators: int) -> str:
    if len({name for name, _ in members}) < n_annotators:
        return "missing"
    spans = {(item.start, item.end) for _, item in members}
    labels = {item.polarity if isinstance(item, Stance) else item.label for _, item in members}
    if len(spans) > 1:
        return "boundary+label" if len(labels) > 1 else "boundary"
    if len(labels) > 1:
        return "polarity" if layer == "stance" else "label"
    return "links"


def find_disagreements(document: Document, sets: Mapping[str, AnnotationSet]) -> list[Disagreement]:
    """Every disagreement among ``sets`` (see the module docstring), in text order."""
    keys = {name: _Keys(aset) for name, aset in sets.items()}
    n = len(sets)
    found: list[Disagreement] = []
    layers: dict[str, list[tuple[str, Entity | Event | Stance]]] = {"entities": [], "events": [], "stance": []}
    votes: Counter[Key] = Counter()
    for name in sets:
        votes.update(set(keys[name].entity.values()) | set(keys[name].event.values()) | set(keys[name].stance.values()))

    def key_of(name: str, item: Entity | Event | Stance) -> Key:
        k = keys[name]
        return k.entity[item.id] if isinstance(item, Entity) else k.event[item.id] if isinstance(item, Event) else k.stance[item.id]

    for name, aset in sets.items():
        layers["entities"] += [(name, e) for e in aset.entities if votes[key_of(name, e)] < n]
        layers["events"] += [(name, e) for e in aset.events if votes[key_of(name, e)] < n]
        layers["stance"] += [(name, s) for s in aset.stances if votes[key_of(name, s)] < n]
    for layer, items in layers.items():
        for members in _clusters(items):
            versions: dict[str, list[dict[str, Any]]] = {name: [] for name in sets}
            for name, item in members:
                versions[name].append(_view(document, sets[name], item, kept=False))
            start, end = min(i.start for _, i in members), max(i.end for _, i in members)
            found.append(Disagreement(document.id, layer, _kind(layer, members, n), sentence_of(document, start), start, end,
                                      {a: tuple(v) for a, v in versions.items()}))
    # a trigger every annotator has, with different arguments or modality
    for event_key in sorted((k for k, v in votes.items() if v == n and k[0] == "V"), key=str):
        having = {name: next(e for e in sets[name].events if keys[name].event[e.id] == event_key) for name in sets}
        arguments = {keys[name].arguments[e.id] for name, e in having.items()}
        modalities = {keys[name].modality[e.id] for name, e in having.items()}
        first = next(iter(having.values()))
        for layer, kind, differs in (("arguments", "arguments", len(arguments) > 1), ("events", "modality", len(modalities) > 1)):
            if differs:
                versions_ = {name: (_view(document, sets[name], e, kept=False),) for name, e in having.items()}
                found.append(Disagreement(document.id, layer, kind, sentence_of(document, first.start), first.start, first.end, versions_))
    # an entity every annotator has, with a different mention kind
    for entity_key in sorted((k for k, v in votes.items() if v == n and k[0] == "T"), key=str):
        having_entity = {name: next(e for e in sets[name].entities if keys[name].entity[e.id] == entity_key) for name in sets}
        if len({keys[name].kind[e.id] for name, e in having_entity.items()}) > 1:
            first_entity = next(iter(having_entity.values()))
            versions_ = {name: (_view(document, sets[name], e, kept=False),) for name, e in having_entity.items()}
            found.append(Disagreement(document.id, "entities", "mention kind", sentence_of(document, first_entity.start),
                                      first_entity.start, first_entity.end, versions_))
    return sorted(found, key=lambda d: (d.start, d.end, d.layer))


def _clusters(items: Sequence[tuple[str, Entity | Event | Stance]]) -> list[list[tuple[str, Entity | Event | Stance]]]:
    """Items grouped into connected runs of overlapping spans."""
    ordered = sorted(items, key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    groups: list[list[tuple[str, Entity | Event | Stance]]] = []
    reach = -1
    for pair in ordered:
        if groups and pair[1].start < reach:
            groups[-1].append(pair)
            reach = max(reach, pair[1].end)
        else:
            groups.append([pair])
            reach = pair[1].end
    return groups


def _ref(aset: AnnotationSet, item_id: str) -> list[Any]:
    items: list[Entity | Event] = [*aset.entities, *aset.events]
    item = next(e for e in items if e.id == item_id)
    return [item.text, item.label, item.start, item.end]


def _merged_views(merged: AnnotationSet) -> dict[Key, dict[str, Any]]:
    """What each merged item looks like in a disagreement view, by (layer prefix, start, end, label)."""
    entity = {e.id: e for e in merged.entities}
    views: dict[Key, dict[str, Any]] = {}
    for e in merged.events:
        arguments = sorted([a.role, entity[a.entity_id].text, entity[a.entity_id].label] for a in e.arguments)
        views[("V", e.start, e.end, e.label)] = {"modality": e.attributes.get("modality"), "args": arguments}
    for s in merged.stances:
        views[("S", s.start, s.end, s.polarity)] = {"holder": _ref(merged, s.holder_id), "target": _ref(merged, s.target_id)}
    for t in merged.entities:
        views[("T", t.start, t.end, t.label)] = {"kind": t.attributes.get("kind")}
    return views


def mark_kept(disagreement: Disagreement, merged: AnnotationSet | None) -> Disagreement:
    """The disagreement with each version's ``kept`` saying whether the merged set has exactly that item."""
    if merged is None:
        return disagreement
    have = _merged_views(merged)
    prefix = {"entities": "T", "events": "V", "arguments": "V", "stance": "S"}[disagreement.layer]

    def kept(view: Mapping[str, Any]) -> bool:
        found = have.get((prefix, view["start"], view["end"], view.get("label", view.get("polarity"))))
        if found is None:
            return False
        if disagreement.kind == "modality":
            return bool(found["modality"] == view["modality"])
        if disagreement.kind == "mention kind":
            return bool(found["kind"] == view.get("kind"))
        if prefix == "V":
            return bool(found["args"] == sorted(view["args"]))
        if prefix == "S":
            return bool(found["holder"] == view["holder"] and found["target"] == view["target"])
        return True

    versions = {name: tuple({**view, "kept": kept(view)} for view in views) for name, views in disagreement.versions.items()}
    return replace(disagreement, versions=versions)


# ---------------------------------------------------------------------------------------------- outputs


def adjudication_draft(document: Document, adjudication: Adjudication) -> dict[str, Any]:
    """The merged set as an annotator's draft (``flashpoint draft build`` reads it) with the disagreements to resolve.

    ``ground_truth: true`` makes the built set the gold one; ``disagreements`` is ignored by the draft builder: it is
    the adjudicator's to-do list (each annotator's version, anchored like draft items, and whether the merge kept it).
    """
    from annotation.draft_writer import draft_from_set

    if adjudication.merged is None:
        raise ValueError(f"{document.id}: nothing merged ({adjudication.skipped})")
    draft = draft_from_set(document, adjudication.merged)
    draft["ground_truth"] = True
    draft["policy"] = adjudication.merged.provenance.extra.get("policy", "")
    draft["disagreements"] = [d.to_json() for d in adjudication.disagreements]
    return draft


def review_sets(adjudication: Adjudication, document: Document) -> list[AnnotationSet]:
    """Each annotator's version and the merged one as prediction sets (``model_version`` = who), for a review project."""
    sets = [*independent_sets(document).values(), *([adjudication.merged] if adjudication.merged else [])]
    result = []
    for aset in sets:
        name = aset.provenance.annotator
        if aset is adjudication.merged:
            name = f"{ADJUDICATOR} ({aset.provenance.extra.get('policy', '')})"
        result.append(replace(aset, provenance=replace(aset.provenance, annotator=name, status="prediction", extra={})))
    return result


def disagreements_markdown(adjudications: Sequence[Adjudication]) -> str:
    """A readable list of every disagreement, document by document."""
    lines = ["# Disagreements", ""]
    for adjudication in adjudications:
        if not adjudication.disagreements:
            continue
        lines += [f"## `{adjudication.doc_id}` ({', '.join(adjudication.annotators)})", ""]
        for d in adjudication.disagreements:
            lines.append(f"- **{d.layer}**, {d.kind}, sentence {d.sentence} [{d.start}, {d.end})")
            for name, views in d.versions.items():
                shown = "; ".join(_describe(v) for v in views) or "(nothing)"
                lines.append(f"  - {name}: {shown}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _describe(view: Mapping[str, Any]) -> str:
    parts = [f"\"{view['text']}\" [{view['start']}, {view['end']})", str(view.get("label", view.get("polarity", "")))]
    if "args" in view:
        parts.append("args " + (", ".join(f"{r}={t}" for r, t, _ in view["args"]) or "none"))
    if view.get("modality"):
        parts.append(str(view["modality"]))
    if "holder" in view:
        parts.append(f"holder \"{view['holder'][0]}\", target \"{view['target'][0]}\"")
    return " ".join(parts) + (" (kept)" if view.get("kept") else "")
