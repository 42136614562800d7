"""Event scores in the ACE convention (Li et al. 2013 and the event-extraction papers since).

- trigger identification: the trigger's offsets match; trigger classification: offsets and event type match;
- argument identification: an argument's offsets match those of a gold argument of an event of the same type
  in the same document; argument classification: the role matches too.

Each event is ``(doc_id, start, end, event_type, ((role, arg_start, arg_end), ...))``. Identification and
classification are one-to-one exact matches of those keys (multisets); the per-type trigger table is a full span
report in every mode.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from eval.prf import PRF
from eval.spans import MODES, SpanReport, count_matches_by_doc, score_spans

Argument = tuple[str, int, int]
EventTuple = tuple[Hashable, int, int, str, tuple[Argument, ...]]
TASKS: tuple[str, ...] = ("trigger_identification", "trigger_classification", "argument_identification", "argument_classification")


@dataclass(frozen=True, slots=True)
class EventReport:
    """The four ACE scores, the per-type trigger report (every mode) and argument classification per role."""

    triggers: SpanReport
    tasks: Mapping[str, PRF]
    per_role: Mapping[str, PRF]
    tasks_by_doc: Mapping[str, Mapping[Hashable, PRF]]  # for the bootstrap


def _keys(events: Sequence[EventTuple]) -> dict[str, list[tuple[Hashable, ...]]]:
    keys: dict[str, list[tuple[Hashable, ...]]] = {task: [] for task in TASKS}
    for doc, start, end, kind, arguments in events:
        keys["trigger_identification"].append((doc, start, end))
        keys["trigger_classification"].append((doc, start, end, kind))
        for role, arg_start, arg_end in arguments:
            keys["argument_identification"].append((doc, kind, arg_start, arg_end))
            keys["argument_classification"].append((doc, kind, arg_start, arg_end, role))
    return keys


def _doc(key: Hashable) -> Hashable:
    assert isinstance(key, tuple)
    return key[0]


def score_events(
    gold: Iterable[EventTuple],
    pred: Iterable[EventTuple],
    *,
    labels: Sequence[str] | None = None,
    roles: Sequence[str] = (),
    modes: Sequence[str] = MODES,
) -> EventReport:
    """Score predicted events against gold events (see the module docstring)."""
    gold, pred = list(gold), list(pred)
    triggers = score_spans(
        [(e[0], e[1], e[2], e[3]) for e in gold], [(e[0], e[1], e[2], e[3]) for e in pred], labels=labels, modes=modes
    )
    gold_keys, pred_keys = _keys(gold), _keys(pred)
    by_doc = {task: count_matches_by_doc(gold_keys[task], pred_keys[task], doc_of=_doc) for task in TASKS}
    tasks = {task: PRF.total(by_doc[task].values()) for task in TASKS}
    found_roles = sorted({str(k[4]) for k in (*gold_keys["argument_classification"], *pred_keys["argument_classification"])} - set(roles))
    per_role: dict[str, PRF] = {}
    for role in (*roles, *found_roles):
        g = [k for k in gold_keys["argument_classification"] if k[4] == role]
        p = [k for k in pred_keys["argument_classification"] if k[4] == role]
        per_role[role] = PRF.total(count_matches_by_doc(g, p, doc_of=_doc).values())
    return EventReport(triggers=triggers, tasks=tasks, per_role=per_role, tasks_by_doc=by_doc)
