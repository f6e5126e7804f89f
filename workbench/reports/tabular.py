"""CSV (one row per claim occurrence) and JSON (everything) reports.

The CSV file is UTF-8 with a byte order mark and CRLF line ends: without the
mark, Excel reads a CSV file in the computer's ANSI code page and garbles every
accented letter, while LibreOffice, Numbers, Google Sheets and Python's
`utf-8-sig` codec all read the mark and drop it. Text cells that a spreadsheet
would run as a formula are defused with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from workbench.reports.html import GENERATOR
from workbench.reports.model import Entry, Report, Tally
from workbench.store.queries import as_json

#: Bumped when a field changes meaning or goes; new fields may appear in any version.
JSON_VERSION = 1
CSV_COLUMNS = (
    "claim_id",
    "fact_check_id",
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "published",
    "speaker",
    "claim",
    "score",
    "kind",
    "status",
    "rating",
    "rating_value",
    "best_rating",
    "worst_rating",
    "conclusion",
    "reviewer",
    "verdict_date",
    "sources",
    "tags",
    "seen_in_articles",
)
#: What makes a spreadsheet read a cell as a formula (or hide one behind a control).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_report(report: Report) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in report.entries:
        writer.writerow(_csv_cell(value) for value in _csv_row(entry))
    return buffer.getvalue().encode("utf-8-sig")


def _csv_row(entry: Entry) -> tuple[object, ...]:
    claim, article, rating = entry.claim, entry.article, entry.rating
    return (
        claim.id,
        claim.group_id,
        article.id,
        article.title,
        article.outlet,
        article.url,
        article.published.isoformat() if article.published else None,
        claim.speaker,
        claim.text,
        round(claim.score, 3),
        claim.kind,
        entry.status_label,
        rating.name if rating else None,
        rating.value if rating else None,
        rating.best if rating else None,
        rating.worst if rating else None,
        claim.conclusion,
        claim.reviewer,
        entry.verdict_date.isoformat() if entry.verdict_date else None,
        "\n".join(source.url for source in claim.sources),
        ", ".join(claim.tags),
        claim.seen_in,
    )


def _csv_cell(value: object) -> object:
    """Numbers as they are; text defused when a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def json_report(report: Report) -> str:
    data = {
        "version": JSON_VERSION,
        "generator": GENERATOR,
        "created": report.masthead.created.isoformat(),
        "organisation": {
            "name": report.masthead.organisation,
            "url": report.masthead.organisation_url,
        },
        "reviewer": report.masthead.reviewer,
        "scope": {**as_json(report.scope), "description": report.scope_text},
        "scale": as_json(report.scale),
        "summary": _summary(report),
        "articles": [as_json(section.article) for section in report.sections],
        "claims": [_json_claim(entry) for entry in report.entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _summary(report: Report) -> dict[str, Any]:
    return {
        "claims": len(report.entries),
        "articles": report.article_count,
        "fact_checks": len(report.fact_checks),
        "rated": sum(1 for entry in report.fact_checks if entry.rating),
        "statuses": _tallies(report.status_tallies),
        "ratings": _tallies(report.rating_tallies),
    }


def _tallies(tallies: list[Tally]) -> list[dict[str, Any]]:
    return [{"label": tally.label, "count": tally.count} for tally in tallies]


def _json_claim(entry: Entry) -> dict[str, Any]:
    return {
        **as_json(entry.claim),
        "context": {"before": entry.before, "after": entry.after},
        "rating_detail": as_json(entry.rating) if entry.rating else None,
        "verdict_date": entry.verdict_date.isoformat() if entry.verdict_date else None,
        "audit": as_json(entry.audit),
    }
