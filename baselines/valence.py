"""Prior word polarity from the VADER sentiment lexicon (vaderSentiment, MIT licence; the lexicon ships in the wheel).

Stance cues and their polarity are evaluative words (``condemned``, ``praised``, ``terrorists``, ``support``) that a
training split of a few hundred stances mostly never saw. VADER's 7,500 rated words and its rule-based sentence score
(negation, intensifiers, ``but``) give every word and span a prior valence the learned models can weigh, instead of a
word list we would write by hand. Nothing is downloaded: the lexicon is read from the installed package.
"""

from __future__ import annotations

import re
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from baselines.words import stem

_WORD = re.compile(r"\w+(?:['-]\w+)*")


@cache
def analyser() -> SentimentIntensityAnalyzer:
    """VADER's analyser (reads its lexicon once per process)."""
    return SentimentIntensityAnalyzer()


def word_valence(word: str) -> float | None:
    """VADER's mean rating of a word, -4 (most negative) to +4; the crude stem's rating when the word is not rated."""
    lexicon = analyser().lexicon
    lower = word.lower()
    rating = lexicon.get(lower, lexicon.get(stem(lower)))
    return None if rating is None else float(rating)


def valence_bucket(word: str) -> str:
    """``neg2`` (rating <= -2), ``neg1``, ``pos1``, ``pos2`` (>= 2) or ``none`` (not rated)."""
    rating = word_valence(word)
    if rating is None or rating == 0:
        return "none"
    return ("neg" if rating < 0 else "pos") + ("2" if abs(rating) >= 2 else "1")


def text_valence(text: str, prefix: str) -> dict[str, float]:
    """Valence features of a text, all in [-1, 1] (unscaled counts slow the logistic regression's solver down):
    how many negative and positive words (capped at 4, over 4), the extremes and VADER's compound sentence score."""
    ratings = [r for r in (word_valence(w) for w in _WORD.findall(text)) if r is not None]
    return {
        f"{prefix}:negative": min(sum(1 for r in ratings if r < 0), 4) / 4,
        f"{prefix}:positive": min(sum(1 for r in ratings if r > 0), 4) / 4,
        f"{prefix}:min": min(ratings, default=0.0) / 4,
        f"{prefix}:max": max(ratings, default=0.0) / 4,
        f"{prefix}:compound": float(analyser().polarity_scores(text)["compound"]),
    }
