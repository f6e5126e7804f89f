"""What a verdict report holds, whatever its format: one typed model, read once.

`gather.py` fills a `Report` from the store; each renderer turns it into one
format. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from workbench.palette import STATUS_COLORS, STATUS_LABELS, rating_color
from workbench.store.models import Status
from workbench.store.queries import (
    ArticleRow,
    AuditSummary,
    ClaimRow,
    LabelRow,
    Occurrence,
    ScaleRow,
)


class ExportCancelledError(Exception):
    """The person cancelled the export; nothing is written."""


class ReportFormat(enum.StrEnum):
    HTML = "html"
    PDF = "pdf"
    MARKDOWN = "md"
    CSV = "csv"
    JSON = "json"
    CLAIMREVIEW = "claimreview"

    @property
    def suffix(self) -> str:
        return ".jsonld" if self is ReportFormat.CLAIMREVIEW else f".{self.value}"

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self]


FORMAT_LABELS = {
    ReportFormat.HTML: "HTML page",
    ReportFormat.PDF: "PDF document",
    ReportFormat.MARKDOWN: "Markdown",
    ReportFormat.CSV: "CSV spreadsheet",
    ReportFormat.JSON: "JSON (everything)",
    ReportFormat.CLAIMREVIEW: "ClaimReview JSON-LD",
}


class PageSize(enum.StrEnum):
    A4 = "a4"
    LETTER = "letter"


#: The workflow from least to most done. A dismissed claim was judged not worth
#: checking, so it ranks below unchecked: any minimum status leaves it out.
STATUS_LADDER = (
    Status.DISMISSED,
    Status.UNCHECKED,
    Status.IN_PROGRESS,
    Status.NEEDS_REVIEW,
    Status.CHECKED,
    Status.PUBLISHED,
)
#: Claims without a rating take the colour of work not started.
UNRATED_COLOR = STATUS_COLORS[Status.UNCHECKED]


def statuses_from(minimum: Status | None) -> tuple[Status, ...]:
    """The statuses at or after `minimum` on the ladder; none means every status."""
    if minimum is None:
        return ()
    return STATUS_LADDER[STATUS_LADDER.index(minimum) :]


@dataclass(frozen=True)
class ReportScope:
    """Which claims a report covers.

    `article_id` and `claim_ids` narrow to one article or to chosen claims
    (both: the chosen claims of that article); neither means the whole desk.
    `since` and `until` bound the publication date of the claim's article, both
    days included (an article without a date is then left out): it is the date
    every claim has, and the one a reader of the report sees. `min_score` leaves
    out claims scoring lower whose fact-check nobody has worked on; chosen
    claims are always in. `None` means the desk's score threshold.
    """

    article_id: int | None = None
    claim_ids: tuple[int, ...] = ()
    min_status: Status | None = None
    since: date | None = None
    until: date | None = None
    min_score: float | None = None

    def describe(self, article_title: str | None = None) -> str:
        """The scope in words, for the report's header and for error messages."""
        if self.claim_ids:
            what = plural(len(self.claim_ids), "selected claim")
            if self.article_id is not None:
                what += f" of article {self.article_id}"
        elif self.article_id is not None:
            what = f"Article {self.article_id}" + (f": {article_title}" if article_title else "")
        else:
            what = "The whole desk"
        return "; ".join([what, *self._limits()])

    def _limits(self) -> Iterator[str]:
        if self.min_status is not None:
            yield f"status {STATUS_LABELS[self.min_status].lower()} or further"
        if self.since and self.until:
            yield f"articles published {self.since.isoformat()} to {self.until.isoformat()}"
        elif self.since:
            yield f"articles published on or after {self.since.isoformat()}"
        elif self.until:
            yield f"articles published on or before {self.until.isoformat()}"


@dataclass(frozen=True)
class ReportOptions:
    format: ReportFormat
    output: Path
    scope: ReportScope = field(default_factory=ReportScope)
    page_size: PageSize = PageSize.A4


@dataclass(frozen=True)
class Masthead:
    """Who issues the report, and when."""

    organisation: str
    organisation_url: str | None
    reviewer: str
    created: datetime


@dataclass(frozen=True)
class Entry:
    """One claim occurrence with everything a report says about it."""

    claim: ClaimRow
    article: ArticleRow
    #: The article's text just before and after the claim, in its paragraph.
    before: str
    after: str
    rating: LabelRow | None
    audit: AuditSummary

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.claim.status]

    @property
    def status_color(self) -> str:
        return STATUS_COLORS[self.claim.status]

    @property
    def color(self) -> str:
        """The verdict's colour, or the status's while there is no rating."""
        if self.rating is None:
            return UNRATED_COLOR if self.claim.status is Status.UNCHECKED else self.status_color
        return rating_color(self.rating.value, self.rating.worst, self.rating.best)

    @property
    def text_color(self) -> str:
        return readable_on(self.color)

    @property
    def reviewed(self) -> bool:
        """Checked or published with a rating: a verdict the desk stands behind."""
        return self.claim.status.needs_verdict and self.rating is not None

    @property
    def verdict_date(self) -> date | None:
        return self.audit.verdict_at.date() if self.audit.verdict_at else None


@dataclass(frozen=True)
class Section:
    """An article and its claims in the report."""

    article: ArticleRow
    entries: tuple[Entry, ...]

    @property
    def link(self) -> str | None:
        return safe_url(self.article.url)


@dataclass(frozen=True)
class Tally:
    """One line of a summary: a status or a rating, how many fact-checks, its colour."""

    label: str
    count: int
    color: str
    share: float = 0.0

    @property
    def text_color(self) -> str:
        return readable_on(self.color)


@dataclass(frozen=True)
class Report:
    masthead: Masthead
    scope: ReportScope
    scope_text: str
    scale: ScaleRow
    sections: tuple[Section, ...]
    #: Every occurrence of each fact-check in the report, across the whole desk.
    appearances: dict[int, list[Occurrence]] = field(default_factory=dict)
    #: The articles of the report's claims and of their appearances elsewhere.
    articles: dict[int, ArticleRow] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return "Verdict report"

    @cached_property
    def entries(self) -> list[Entry]:
        return [entry for section in self.sections for entry in section.entries]

    @cached_property
    def fact_checks(self) -> list[Entry]:
        """The first entry of each fact-check: counts are of fact-checks, as on the dashboard."""
        first: dict[int, Entry] = {}
        for entry in self.entries:
            first.setdefault(entry.claim.group_id, entry)
        return list(first.values())

    @cached_property
    def reviewed(self) -> list[Entry]:
        """The fact-checks the desk stands behind: checked or published, with a rating."""
        return [entry for entry in self.fact_checks if entry.reviewed]

    @cached_property
    def claim_ids(self) -> frozenset[int]:
        return frozenset(entry.claim.id for entry in self.entries)

    @cached_property
    def anchor_ids(self) -> frozenset[int]:
        """The claims that carry their fact-check's anchor (`#fact-check-ID`)."""
        return frozenset(entry.claim.id for entry in self.fact_checks)

    @cached_property
    def status_tallies(self) -> list[Tally]:
        counts = {status: 0 for status in reversed(STATUS_LADDER)}
        for entry in self.fact_checks:
            counts[entry.claim.status] += 1
        return _with_shares(
            [
                Tally(STATUS_LABELS[status], count, STATUS_COLORS[status])
                for status, count in counts.items()
            ]
        )

    @cached_property
    def rating_tallies(self) -> list[Tally]:
        """Every label of the desk's scale, best first; then labels of former scales still
        used; then the fact-checks without a rating."""
        scale = self.scale
        counts = {label.name: 0 for label in sorted(scale.labels, key=lambda lab: -lab.value)}
        colors = {
            label.name: rating_color(label.value, scale.worst, scale.best) for label in scale.labels
        }
        unrated = 0
        for entry in self.fact_checks:
            if entry.rating is None:
                unrated += 1
                continue
            counts[entry.rating.name] = counts.get(entry.rating.name, 0) + 1
            colors.setdefault(entry.rating.name, entry.color)
        tallies = [Tally(name, count, colors[name]) for name, count in counts.items()]
        return _with_shares([*tallies, Tally("Not rated", unrated, UNRATED_COLOR)])

    @property
    def article_count(self) -> int:
        return len(self.sections)


def readable_on(color: str) -> str:
    """Dark text on light colours (amber), white on dark ones (red, green)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#1d232b" if luminance > 150 else "#ffffff"


def safe_url(url: str | None) -> str | None:
    """The address if it may become a link: http(s) with a host, nothing else
    (`javascript:`, `data:`, `file:` and relative addresses stay plain text)."""
    if not url:
        return None
    url = url.strip()
    if any(ord(char) <= 0x20 or char in "\"'<>\\`" for char in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: The word a cut may have split, at the start or the end of a piece of context.
_FIRST_WORD = re.compile(r"^\S*\s+")
_LAST_WORD = re.compile(r"\s+\S*$")


def context(text: str, start: int, end: int, room: int = 220) -> tuple[str, str]:
    """The article's text just before and after a claim, within its paragraph: at most
    `room` characters each side, cut at a word with an ellipsis, on one line."""
    before = _PARAGRAPH_BREAK.split(text[max(0, start - room) : start])[-1]
    if len(before) == room and start > room:
        before = "… " + _FIRST_WORD.sub("", before, count=1)
    after = _PARAGRAPH_BREAK.split(text[end : end + room])[0]
    if len(after) == room and end + room < len(text):
        after = _LAST_WORD.sub("", after, count=1) + " …"
    return _one_line(before), _one_line(after)


def _one_line(text: str) -> str:
    """Line breaks and runs of spaces become one space; a space at either end stays,
    since it parts the text from the claim."""
    words = " ".join(text.split())
    if not words:
        return ""
    return (" " if text[0].isspace() else "") + words + (" " if text[-1].isspace() else "")


def _with_shares(tallies: list[Tally]) -> list[Tally]:
    most = max((tally.count for tally in tallies), default=0) or 1
    return [Tally(t.label, t.count, t.color, t.count / most) for t in tallies]


def plural(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
