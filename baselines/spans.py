"""Documents -> labelled character spans of one layer, through a token tagger run over each sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.base import BaseEstimator, clone

from annotation.alignment import Alignment, LabelledSpan, spans_to_tags
from annotation.model import Document, Span
from baselines.entity_context import entity_sentences
from baselines.persist import trust
from baselines.tagging import sequences_to_spans, token_sequences, token_texts


@trust
class SpanTagger(BaseEstimator):
    """Tag each sentence's tokens with ``tagger`` (sentences of strings -> BIO tags) and decode the tags into spans.

    ``alignment`` says what to do with training spans that do not sit on token boundaries (see
    :func:`~baselines.tagging.spans_to_tags`); ``entity_context``: hand the tagger each sentence as a
    :class:`~baselines.entity_context.TokenSentence` carrying the document's entity types (for event triggers).
    Learned: ``tagger_``, ``labels_``, and ``unplaced_``: how many training spans could not be put on the tokens
    (misaligned, crossing a sentence boundary, or overlapping another).
    """

    def __init__(self, tagger: Any = None, alignment: Alignment = "expand", entity_context: bool = False) -> None:
        self.tagger = tagger
        self.alignment = alignment
        self.entity_context = entity_context

    def _sentences(self, document: Document, sequences: Sequence[Sequence[Span]]) -> list[tuple[str, ...]]:
        if self.entity_context:
            return list(entity_sentences(document, sequences))
        return [token_texts(document, tokens) for tokens in sequences]

    def fit(self, X: Sequence[Document], y: Sequence[Sequence[LabelledSpan]]) -> SpanTagger:
        sentences: list[tuple[str, ...]] = []
        tags: list[tuple[str, ...]] = []
        unplaced = 0
        for document, spans in zip(X, y, strict=True):
            placed = 0
            sequences = token_sequences(document)
            sentences.extend(self._sentences(document, sequences))
            for tokens in sequences:
                inside = [s for s in spans if tokens[0].start <= s.start and s.end <= tokens[-1].end]
                encoded = spans_to_tags(tokens, inside, alignment=self.alignment, where=f"document {document.id}")
                placed += len(inside) - len(encoded.unplaced)
                tags.append(encoded.tags)
            unplaced += len(spans) - placed
        self.tagger_ = clone(self.tagger).fit(sentences, tags)
        self.labels_ = sorted({span.label for spans in y for span in spans})
        self.unplaced_ = unplaced
        return self

    def predict(self, X: Sequence[Document]) -> list[list[LabelledSpan]]:
        predictions = []
        for document in X:
            sequences = token_sequences(document)
            tagged = self.tagger_.predict(self._sentences(document, sequences))
            predictions.append([span for spans in sequences_to_spans(sequences, tagged) for span in spans])
        return predictions
