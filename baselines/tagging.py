"""BIO tags -> labelled character spans over a document's tokens, and the document's token sequences.

No tagging scheme is written here: spans are encoded by :func:`annotation.alignment.spans_to_tags` (which owns the
``strict`` / ``expand`` / ``contract`` alignment and reports spans it cannot place) and decoded by the evaluation
package's one decoder (:func:`eval.bio.decode`, conlleval chunking, seqeval's default mode: an ``I-X`` after ``O`` or
after another type opens a new chunk).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from annotation.alignment import LabelledSpan
from annotation.ingest.segment import segment
from annotation.model import Document, Span
from eval.bio import decode

Chunk = tuple[int, int, str]  # (first token, end token exclusive, label)


def chunks(sentences: Sequence[Sequence[str]]) -> list[list[Chunk]]:
    """The chunks of each tag sequence, as ``(first, end, label)`` token ranges, decoded by :func:`eval.bio.decode`."""
    found: list[list[Chunk]] = [[] for _ in sentences]
    if not found:
        return found
    decoded = decode([[str(tag) for tag in tags] for tags in sentences])
    spans = decoded.spans
    for sentence, first, end, label in zip(spans.doc.tolist(), spans.start.tolist(), spans.end.tolist(), spans.label.tolist(), strict=True):
        found[sentence].append((first, end, decoded.types[label]))
    for sentence_chunks in found:
        sentence_chunks.sort()
    return found


def tags_to_spans(tokens: Sequence[Span], tags: Sequence[str]) -> list[LabelledSpan]:
    """Decode one sentence's tags into character spans over ``tokens`` (see :func:`chunks`)."""
    return sequences_to_spans([tokens], [tags])[0]


def sequences_to_spans(sequences: Sequence[Sequence[Span]], tagged: Sequence[Sequence[str]]) -> list[list[LabelledSpan]]:
    """Decode several sentences at once (one :func:`eval.bio.decode` call) into character spans per sentence."""
    for tokens, tags in zip(sequences, tagged, strict=True):
        if len(tokens) != len(tags):
            raise ValueError(f"{len(tokens)} tokens but {len(tags)} tags")
    return [
        [LabelledSpan(tokens[first].start, tokens[last - 1].end, label) for first, last, label in found]
        for tokens, found in zip(sequences, chunks(tagged), strict=True)
    ]


# ---------------------------------------------------------------- token sequences of a document


def token_sequences(document: Document) -> list[tuple[Span, ...]]:
    """The document's tokens grouped by sentence (one sequence when it has tokens but no sentences).

    A document without token boundaries is segmented with the ingest tokenizer (:mod:`annotation.ingest.segment`).
    """
    sentences, tokens = document.sentences, document.tokens
    if not tokens:
        segmentation = segment(document.text)
        sentences, tokens = segmentation.sentences, segmentation.tokens
    if not sentences:
        return [tuple(tokens)] if tokens else []
    ordered = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    sequences: list[list[Span]] = [[] for _ in ordered]
    stray: list[Span] = []
    for token in sorted(tokens, key=lambda t: t.start):
        index = bisect.bisect_right(starts, token.start) - 1
        if index >= 0 and token.end <= ordered[index].end:
            sequences[index].append(token)
        else:
            stray.append(token)
    grouped = [tuple(sequence) for sequence in sequences if sequence]
    return sorted([*grouped, *((tuple(stray),) if stray else ())], key=lambda sequence: sequence[0].start)


def token_texts(document: Document, tokens: Sequence[Span]) -> tuple[str, ...]:
    return tuple(document.text[token.start : token.end] for token in tokens)
