"""Bytes to clean text: refuse empty, binary and non-UTF-8 input, repair encoding damage with ftfy.

ftfy undoes mojibake it can prove (``manâ€™s`` -> ``man’s``). A line it cannot repair, such as a site name that was
decoded with the wrong code page twice, is recognised by words that mix letters of several scripts
(``Â鶹ӰÊÓ``: Latin, CJK and Cyrillic in one word), which no real word does.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import ftfy

from annotation.ingest.errors import IngestError

# share of control characters (other than tab, newline, carriage return, form feed) that makes a file binary
_BINARY_CONTROL_SHARE = 0.05
_SCRIPT_OF_LETTER = re.compile(r"^(LATIN|CYRILLIC|GREEK|ARABIC|HEBREW|CJK|HIRAGANA|KATAKANA|HANGUL|DEVANAGARI|THAI|ARMENIAN|GEORGIAN)")


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The decoded, ftfy-repaired text and how many characters ftfy changed."""

    text: str
    repaired: bool


def decode(data: bytes, path: Path | str) -> DecodedText:
    """UTF-8 text of a file's bytes, repaired with ftfy; :class:`IngestError` for empty, binary or non-UTF-8 input."""
    if not data.strip():
        raise IngestError(path, "empty file (no text to ingest)")
    if b"\x00" in data[:8192]:
        raise IngestError(path, "binary file (contains NUL bytes), not a text or HTML article")
    try:
        text = data.decode("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    except UnicodeDecodeError as error:
        raise IngestError(
            path,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); convert it to UTF-8 first, "
            "e.g. iconv -f latin1 -t utf-8",
        ) from error
    controls = sum(1 for char in text[:8192] if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    if controls > _BINARY_CONTROL_SHARE * min(len(text), 8192):
        raise IngestError(path, "binary file (mostly control characters), not a text or HTML article")
    # keep curly quotes: they are the article's typography, not damage
    fixed = ftfy.fix_text(text.replace("\r\n", "\n").replace("\r", "\n"), uncurl_quotes=False)
    return DecodedText(fixed, fixed != text)


def is_garbled(line: str) -> bool:
    """True when a word of the line mixes letters of two or more scripts: encoding damage ftfy could not undo."""
    for word in line.split():
        scripts = {_script(char) for char in word if char.isalpha()}
        scripts.discard("")
        if len(scripts) > 1:
            return True
    return False


def _script(char: str) -> str:
    match = _SCRIPT_OF_LETTER.match(unicodedata.name(char, ""))
    return match.group(1) if match else ""
