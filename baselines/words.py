"""Word forms the taggers and lexicons share: a short word shape and a crude stem."""

from __future__ import annotations

import re

_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"[0-9]")
_REPEAT = re.compile(r"(.)\1+")


def word_shape(token: str) -> str:
    """Short word shape: ``Xx`` for ``Yerevan``, ``X`` for ``NATO``, ``d/d`` for ``3/4``; repeats collapsed."""
    shape = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", token)))
    return _REPEAT.sub(r"\1", shape)


_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude lemma: the first of a few inflection suffixes stripped (``attacks``, ``attacked``, ``attacking`` -> ``attack``)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
