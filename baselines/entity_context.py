"""What a document's entity annotation says about its tokens: the context event triggers are tagged in.

Event models work on documents whose entity mentions are known: the gold set, or the first annotation set (e.g. the
predictions of ``flashpoint predict`` with an entity model, run first). Arguments are chosen among those mentions,
and the trigger tagger may read them too: :func:`entity_sentences` turns each sentence into a
:class:`TokenSentence`, a tuple of token strings (what every tagger takes) that also carries the entity type over
each token, which :class:`~baselines.features.TokenFeatures` turns into features.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from annotation.model import AnnotationSet, Document, Span

OUTSIDE_ENTITY = "-"


def context_set(document: Document) -> AnnotationSet | None:
    """The annotation set whose entities (and events) arguments and stance links may point to."""
    return document.gold() or (document.annotations[0] if document.annotations else None)


class TokenSentence(tuple[str, ...]):
    """A sentence's token strings with ``entity_types``: the type of the entity mention over each token, or ``-``."""

    entity_types: tuple[str, ...]

    def __new__(cls, tokens: Sequence[str], entity_types: Sequence[str]) -> TokenSentence:
        if len(tokens) != len(entity_types):
            raise ValueError(f"{len(tokens)} tokens but {len(entity_types)} entity types")
        sentence = super().__new__(cls, tokens)
        sentence.entity_types = tuple(entity_types)
        return sentence


def entity_sentences(document: Document, sequences: Sequence[Sequence[Span]]) -> list[TokenSentence]:
    """Each token sequence as a :class:`TokenSentence`; a token inside nested mentions gets the longest one's type."""
    tokens = [token for sequence in sequences for token in sequence]
    starts = [token.start for token in tokens]
    types = [OUTSIDE_ENTITY] * len(tokens)
    context = context_set(document)
    mentions = sorted(context.entities, key=lambda e: (e.end - e.start, e.start)) if context else []
    for mention in mentions:  # shortest first: the longer mention over a token wins
        i = bisect.bisect_left(starts, mention.start)
        while i < len(tokens) and tokens[i].end <= mention.end:
            types[i] = mention.label
            i += 1
    sentences, offset = [], 0
    for sequence in sequences:
        words = [document.text[token.start : token.end] for token in sequence]
        sentences.append(TokenSentence(words, types[offset : offset + len(sequence)]))
        offset += len(sequence)
    return sentences
