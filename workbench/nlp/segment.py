"""Paragraph-aware segmentation: which stretches of an article may hold claims.

An article is split at blank lines, then each paragraph into units: a short line
without closing punctuation (a headline, a subheading, a credit line such as
"TRT World and Agencies") is a unit of its own and never merges with the
sentence after it, while hard-wrapped lines of one paragraph are joined. Only
body units are handed to the sentence splitter.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_CLOSING = "\"'”’»)]"
_TERMINAL = (".", "!", "?", ":", ";", "…")
#: A line shorter than this share of the paragraph's longest line ends where it ends.
_SHORT_LINE_SHARE = 0.6
_MAX_HEADING_WORDS = 8
_MAX_TITLE_CASE_HEADING_WORDS = 25

_BYLINE = re.compile(
    r"""^(?:by|from|reporting\s+by|written\s+by|edited\s+by|additional\s+reporting\s+by)\s+\S
      | \band\s+agencies$
      | ^(?:staff|agencies|reuters|ap|afp|associated\s+press)$
      | \bcontributed\s+to\s+this\s+report\b
      | ^[-—–]\s*\w+$""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE = re.compile(
    r"""^(?:advertisement|sponsored|share\s+this|share\s+on|read\s+more|related\s*:|see\s+also
         |click\s+here|subscribe|sign\s+up|follow\s+us|copyright|©|\(c\)|all\s+rights\s+reserved
         |image\s*:|photo\s*:|getty\s+images|listen\s+to\s+this\s+article|\d+\s+min(?:ute)?s?\s+read
         |updated\s*:|published\s*:|last\s+modified)""",
    re.IGNORECASE | re.VERBOSE,
)


class BlockKind(enum.StrEnum):
    HEADING = "heading"
    BYLINE = "byline"
    BOILERPLATE = "boilerplate"
    BODY = "body"


@dataclass(frozen=True)
class Block:
    """A unit of the article: `text` is `article[start:end]` with line breaks as spaces."""

    start: int
    end: int
    text: str
    kind: BlockKind


def split_blocks(article: str) -> list[Block]:
    blocks: list[Block] = []
    for start, end in _paragraph_spans(article):
        for unit_start, unit_end in _units(article, start, end):
            text = article[unit_start:unit_end].replace("\n", " ")
            blocks.append(Block(unit_start, unit_end, text, _classify(text, first=not blocks)))
    return blocks


def body_blocks(article: str) -> list[Block]:
    return [block for block in split_blocks(article) if block.kind is BlockKind.BODY]


def _paragraph_spans(article: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(article):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(article)))
    return [_strip_span(article, start, end) for start, end in spans if article[start:end].strip()]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(line: str) -> bool:
    return line.rstrip().rstrip(_CLOSING).endswith(_TERMINAL)


def _units(article: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one paragraph into units: stand-alone short lines, and joined wrapped lines."""
    lines, position = [], start
    for line in article[start:end].split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    longest = max(line_end - line_start for line_start, line_end in lines)
    units: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for index, (line_start, line_end) in enumerate(lines):
        line = article[line_start:line_end]
        previous_closed = index == 0 or _ends_sentence(article[slice(*lines[index - 1])])
        is_last = index == len(lines) - 1
        short = len(line) < _SHORT_LINE_SHARE * longest
        if not _ends_sentence(line) and previous_closed and (is_last or short):
            if current:
                units.append(current)
                current = None
            units.append((line_start, line_end))
        else:
            current = (current[0], line_end) if current else (line_start, line_end)
    if current:
        units.append(current)
    return [_strip_span(article, unit_start, unit_end) for unit_start, unit_end in units]


def _classify(text: str, *, first: bool) -> BlockKind:
    stripped = text.strip()
    if _BOILERPLATE.match(stripped):
        return BlockKind.BOILERPLATE
    if _BYLINE.search(stripped) and len(stripped.split()) <= 12:
        return BlockKind.BYLINE
    if _ends_sentence(stripped):
        return BlockKind.BODY
    words = stripped.split()
    if first or len(words) <= _MAX_HEADING_WORDS:
        return BlockKind.HEADING
    if len(words) <= _MAX_TITLE_CASE_HEADING_WORDS and _mostly_capitalised(words):
        return BlockKind.HEADING
    return BlockKind.BODY


def _mostly_capitalised(words: list[str]) -> bool:
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised / len(words) > 0.6
