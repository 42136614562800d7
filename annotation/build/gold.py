"""Pick the gold annotation set of each document, by a rule written down once.

1. An annotation set marked ground truth in Label Studio (``provenance.extra["ground_truth"]``) is the gold: it is the
   adjudicated version of a doubly annotated document, or a revision of the gold to a newer guideline. When several
   are marked, the one made to the newest guideline version wins (a revision supersedes what it revised); two
   marked sets of the same newest version are an error.
2. Otherwise, a document with exactly one annotator's set (any set that is not a model prediction) takes that set
   as gold ("single annotation").
3. A document with several annotators' sets and no ground-truth one is not adjudicated yet: that is an error, never a guess.

Predictions (status ``prediction``) never become gold.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotation.errors import FlashpointError
from annotation.model import AnnotationSet, Document


class NotAdjudicated(FlashpointError):
    """A document has several annotators and no adjudicated (ground-truth) set."""


@dataclass(frozen=True, slots=True)
class GoldChoice:
    gold: AnnotationSet
    how: str  # "adjudicated" | "revised" (to a newer guideline) | "single annotation"
    raw: tuple[AnnotationSet, ...]  # every annotator's set (not predictions), the adjudicated one included


def annotator_sets(document: Document) -> tuple[AnnotationSet, ...]:
    return tuple(a for a in document.annotations if a.provenance.status != "prediction")


def is_ground_truth(annotation_set: AnnotationSet) -> bool:
    return bool(annotation_set.provenance.extra.get("ground_truth"))


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return ()


def choose_gold(document: Document) -> GoldChoice:
    annotated = annotator_sets(document)
    adjudicated = [a for a in annotated if is_ground_truth(a)]
    if len(adjudicated) > 1:
        newest = max(_version(a.provenance.guideline_version) for a in adjudicated)
        adjudicated = [a for a in adjudicated if _version(a.provenance.guideline_version) == newest]
    if len(adjudicated) > 1:
        names = ", ".join(a.provenance.annotator for a in adjudicated)
        raise NotAdjudicated(f"document {document.id} has {len(adjudicated)} ground-truth annotations of the same guideline "
                             f"version ({names}); keep one")
    if adjudicated:
        chosen = adjudicated[0]
        how = "revised" if str(chosen.provenance.extra.get("policy", "")).startswith("revised-") else "adjudicated"
    elif len(annotated) == 1:
        chosen, how = annotated[0], "single annotation"
    elif not annotated:
        raise NotAdjudicated(f"document {document.id} has no annotation (only model predictions, if anything)")
    else:
        names = ", ".join(a.provenance.annotator for a in annotated)
        raise NotAdjudicated(f"document {document.id} has {len(annotated)} annotations ({names}) and no adjudicated one; "
                             "run flashpoint adjudicate and mark the result ground truth")
    gold = replace(chosen, provenance=replace(chosen.provenance, status="gold"))
    return GoldChoice(gold, how, annotated)
