"""Small synthetic documents for the baseline tests: tokens, sentences, entities, events with arguments, stances."""

from __future__ import annotations

import random

from annotation.model import AnnotationSet, Argument, Document, Entity, Event, Provenance, Span, Stance
from annotation.schema import load_schema

PLACES = ["Tavush", "Yerevan", "Baku", "Ganja", "Lachin", "Shusha"]
ACTORS = ["Armenia", "Azerbaijan", "Russia", "Turkey", "Iran"]
PEOPLE = ["Pashinyan", "Aliyev", "Putin", "Erdogan"]
VERBS = ["shelled", "attacked", "bombed"]


class _Builder:
    def __init__(self) -> None:
        self.text = ""
        self.tokens: list[Span] = []
        self.sentences: list[Span] = []
        self.entities: list[Entity] = []
        self.events: list[Event] = []
        self.stances: list[Stance] = []
        self._sentence_start = 0

    def word(self, word: str, label: str | None = None) -> tuple[int, int]:
        if self.text and not self.text.endswith(" "):
            self.text += " "
        start = len(self.text)
        self.text += word
        for offset, part in _parts(word):
            self.tokens.append(Span(start + offset, start + offset + len(part)))
        if label:
            self.entities.append(Entity(f"T{len(self.entities) + 1}", start, len(self.text), word, label))
        return start, len(self.text)

    def end_sentence(self) -> None:
        self.word(".")
        self.sentences.append(Span(self._sentence_start, len(self.text)))
        self.text += " "
        self._sentence_start = len(self.text)

    def document(self, doc_id: str) -> Document:
        gold = AnnotationSet(
            provenance=Provenance("gold", "tests", "gold", load_schema().version),
            entities=tuple(self.entities),
            events=tuple(self.events),
            stances=tuple(self.stances),
        )
        return Document(
            id=doc_id, text=self.text, sentences=tuple(self.sentences), tokens=tuple(self.tokens), annotations=(gold,)
        )


def _parts(word: str) -> list[tuple[int, str]]:
    return [(0, word)] if " " not in word else [(i, p) for i, p in _split(word)]


def _split(word: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for part in word.split(" "):
        out.append((offset, part))
        offset += len(part) + 1
    return out


def synthetic_corpus(n: int = 40, seed: int = 0, *, distinct: int = 0) -> list[Document]:
    """``n`` documents of three sentences: an attack with arguments, a statement (stance), filler.

    ``distinct`` > 0 adds a sentence of that many words of the document's own, so that documents are not all one
    story to the dataset's splitter.
    """
    rng = random.Random(seed)
    documents = []
    for d in range(n):
        b = _Builder()
        actor, place, verb = rng.choice(ACTORS), rng.choice(PLACES), rng.choice(VERBS)
        b.word(actor, "GPE")
        attacker = b.entities[-1]
        b.word("forces")
        start, end = b.word(verb)
        b.word("villages")
        b.word("near")
        b.word(place, "GPE")
        target_place = b.entities[-1]
        b.word("on")
        b.word("Friday", "TIME")
        b.events.append(
            Event(
                f"E{d}", start, end, verb, "Conflict.Attack",
                arguments=(Argument("Attacker", attacker.id), Argument("Place", target_place.id)),
            )
        )
        b.end_sentence()
        person = rng.choice(PEOPLE)
        b.word(person, "PER")
        holder = b.entities[-1]
        positive = rng.random() < 0.5
        cue = "praised" if positive else "condemned"
        cue_start, cue_end = b.word(cue)
        b.word("the")
        b.word("attack" if not positive else "deal")
        b.word("by")
        other = rng.choice([a for a in ACTORS if a != actor])
        b.word(other, "GPE")
        target = b.entities[-1]
        b.stances.append(
            Stance(f"S{d}", cue_start, cue_end, cue, "FAVOR" if positive else "AGAINST", holder.id, target.id)
        )
        b.end_sentence()
        b.word("Talks")
        b.word("resumed")
        b.word("in")
        b.word(rng.choice(PLACES), "GPE")
        b.end_sentence()
        if distinct:
            for w in range(distinct):
                b.word(f"w{d}x{w}")
            b.end_sentence()
        documents.append(b.document(f"doc{d:03d}"))
    return documents
