"""Find the story in a plain-text article saved from a news page: title, body, and every region left out, with why.

No library does this for text that has already lost its markup, so these are rules, each general and each recording
what it removes (:class:`~annotation.model.Removed`):

- lines whose words mix scripts: encoding damage ftfy could not repair;
- page furniture: lines that are only a known navigation or sharing label ("Skip to main content", "Share", ...);
- photo captions: a line that is one text repeated (pages print a caption twice, once as alt text) or a short
  line that ends with a photo credit in parentheses ("(Name, AGENCY via AP)", "(AP Photo/...)", "(Reuters)");
- the title: the first remaining line before the body that reads as a heading (short, no closing full stop);
- the end of the story: a reporting credit ("(Reporting by ...)", "With files from ...", "-- The Associated Press")
  ends the body; after it, or failing a credit after the body, each short heading line of a known teaser kind
  ("Top Stories", "Local Spotlight", "Related", "Most Read", ...) starts a section of unrelated teasers.
  Everything after the end of the story is removed section by section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from annotation.ingest.encoding import is_garbled
from annotation.model import Removed

PAGE_FURNITURE = frozenset(
    label.casefold()
    for label in (
        "Skip to main content", "Skip to content", "Skip to navigation", "Share", "Share this", "Share this article",
        "Share on Facebook", "Share on Twitter", "Tweet", "Email", "Print", "Comments", "Comment", "Advertisement",
        "Ad", "Sponsored", "Subscribe", "Sign in", "Log in", "Login", "Register", "Menu", "Close", "Search",
        "Read more", "Read More", "Listen", "Listen to this article", "Watch", "Download", "Copy link", "Save",
        "Follow us", "Back to top", "Next", "Previous", "Open in app", "Accept cookies", "Newsletter",
        "Breaking News", "Trending", "Video", "Photos", "Gallery", "Image", "Loading...",
    )
)
_PHOTO_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:via AP|AP Photo|AFP|Reuters|Getty Images|Photo(?:graph)?\b|PHOTO|Courtesy|File)[^()]*)\)\s*$"
)
_REPORTING_CREDIT = re.compile(
    r"^\s*(?:\(\s*(?:Reporting|Writing|Additional reporting|Compiled) by\b.*\)|"
    r"(?:With files from|Reporting by|Written by|Edited by)\b.*|"
    r"(?:--|—|–)\s*(?:The Associated Press|The Canadian Press|Reuters|AFP|Bloomberg)\.?)\s*$"
)
_TEASER_HEADING = re.compile(
    r"\b(?:Top Stories|Spotlight|Related(?: Stories| Articles| Coverage)?|More (?:from|News|Stories)|Most (?:Read|Popular|Viewed)|"
    r"Trending(?: Now)?|Recommended(?: for you)?|You (?:may|might) also like|Latest (?:News|Stories)|Editor's Picks|"
    r"Don't miss|Also on)\b",
    re.IGNORECASE,
)
# a heading may end in "?" or "!" ("Will Arming Libya's Government Escalate Conflict?"), not in a full stop
# (closing quotes or brackets may follow the stop: 'he said."' ends a sentence, "in 'Information War'" does not)
_SENTENCE_END = re.compile(r"[.…:;,][\"”’')\]]*\s*$")
MAX_TITLE_WORDS = 25
MAX_HEADING_WORDS = 8
MAX_CAPTION_WORDS = 45  # a longer paragraph ending in a credit is body text with a caption glued on: kept
MIN_CAPTION_WORDS = 8  # shorter repeats ("No war. No war.") are kept: they are quoted chants, not captions


@dataclass(frozen=True, slots=True)
class Article:
    """The story found in a page's text."""

    title: str
    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...]


def extract_article(text: str, title: str = "") -> Article:
    """Title, body paragraphs and removed regions of a plain-text article (``title`` given, e.g. from HTML metadata)."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    removed: list[Removed] = []
    kept: list[str] = []
    for line in lines:
        reason = _junk_reason(line)
        if reason:
            removed.append(Removed(line, reason))
        else:
            kept.append(line)
    body_start = 0
    if title:
        if kept and _same(kept[0], title):
            body_start = 1
    else:
        for position, line in enumerate(kept):
            if looks_like_heading(line, MAX_TITLE_WORDS):
                title, body_start = line, position + 1
                break
            if position >= 2:  # the title is at the top: do not take a sub-heading deep in the body
                break
    for line in kept[:body_start]:
        if not _same(line, title):
            removed.append(Removed(line, "text above the title"))
    body, tail = _split_end_of_story(kept[body_start:])
    removed.extend(tail)
    return Article(title, tuple(body), tuple(removed))


def looks_like_heading(line: str, max_words: int) -> bool:
    """Short and not ending like a sentence."""
    return len(line.split()) <= max_words and not _SENTENCE_END.search(line)


def _junk_reason(line: str) -> str:
    if is_garbled(line):
        return "encoding damage ftfy could not repair (letters of several scripts in one word)"
    if line.casefold().rstrip(":") in PAGE_FURNITURE:
        return "page furniture (navigation or sharing label)"
    if _repeated_half(line):
        return "photo caption (the same text printed twice)"
    if _PHOTO_CREDIT.search(line) and len(line.split()) <= MAX_CAPTION_WORDS:
        return "photo caption (ends with a photo credit)"
    return ""


def _repeated_half(line: str) -> bool:
    """``X X``: the line is one text of at least ``MIN_CAPTION_WORDS`` words printed twice."""
    words = line.split()
    half = len(words) // 2
    return half >= MIN_CAPTION_WORDS and len(words) % 2 == 0 and words[:half] == words[half:]


def _split_end_of_story(lines: Sequence[str]) -> tuple[list[str], list[Removed]]:
    """The body up to the reporting credit (or the first teaser heading), and the removed sections after it."""
    end = next((i + 1 for i, line in enumerate(lines) if _REPORTING_CREDIT.match(line)), None)
    if end is None:
        end = next((i for i, line in enumerate(lines) if i and _is_teaser_heading(line)), len(lines))
    body, rest = list(lines[:end]), lines[end:]
    removed: list[Removed] = []
    section: list[str] = []
    heading = ""
    for line in rest:
        if looks_like_heading(line, MAX_HEADING_WORDS) and (not section or _is_teaser_heading(line)):
            if section:
                removed.append(_tail_section(heading, section))
            heading, section = line, [line]
        else:
            section.append(line)
    if section:
        removed.append(_tail_section(heading, section))
    return body, removed


def _is_teaser_heading(line: str) -> bool:
    return looks_like_heading(line, MAX_HEADING_WORDS) and bool(_TEASER_HEADING.search(line))


def _tail_section(heading: str, section: Sequence[str]) -> Removed:
    under = f"under the heading {heading!r} " if heading else ""
    return Removed("\n\n".join(section), f"unrelated teasers {under}after the end of the story")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
