"""Sentence and token boundaries with syntok (offline, rule-based), as half-open code-point spans of the text."""

from __future__ import annotations

from dataclasses import dataclass

import syntok.segmenter as segmenter

from annotation.model import Span


class TokenizeError(ValueError):
    """syntok reported a token whose offset does not point at its text."""


@dataclass(frozen=True, slots=True)
class Segmentation:
    sentences: tuple[Span, ...]
    tokens: tuple[Span, ...]


def segment(text: str) -> Segmentation:
    """Sentences and tokens of ``text``; every token span is checked to hold the token syntok saw."""
    sentences: list[Span] = []
    tokens: list[Span] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            spans = []
            for token in sentence:
                if not token.value:
                    continue
                end = token.offset + len(token.value)
                if text[token.offset : end] != token.value:
                    raise TokenizeError(
                        f"syntok token {token.value!r} at {token.offset} does not match the text {text[token.offset:end]!r}"
                    )
                spans.append(Span(token.offset, end))
            if spans:
                sentences.append(Span(spans[0].start, spans[-1].end))
                tokens.extend(spans)
    return Segmentation(tuple(sentences), tuple(tokens))
