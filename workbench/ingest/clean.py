"""Text normalisation shared by every reader, so spans and hashes mean the same thing."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u205f\u3000\t"), " ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ ]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_BREAK_HYPHEN = re.compile(r"(\w)-\n(\w)")
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Unicode NFC, Unix line ends, no invisible or control characters, tidy blank lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n ")


def join_hyphenated_lines(text: str) -> str:
    """Undo words split across lines by a hyphen, as page layout does in PDFs."""
    return _LINE_BREAK_HYPHEN.sub(r"\1\2", text)


def blocks_to_text(blocks: list[str]) -> str:
    """One paragraph per block, separated by a blank line."""
    return "\n\n".join(block.strip() for block in blocks if block.strip())


def content_hash(text: str) -> str:
    """Identity of an article's text: the same words in the same order hash alike."""
    folded = _WHITESPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    return len(text.split())
