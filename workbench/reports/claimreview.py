"""schema.org ClaimReview JSON-LD: one review per fact-check the desk stands behind.

Follows schema.org and Google's fact-check markup guidance: `claimReviewed`,
`reviewRating` (with the desk's label as `alternateName` and the label's number
on its scale), `itemReviewed` as a `Claim` with its speaker, date and the
articles it appeared in, the organisation as `author`, `url` and
`datePublished`. Only fact-checks that are checked or published and rated are
written: anything else was not reviewed.

A desk publishes its fact-checks on its own site; the workbench does not know
those addresses, so each review's `url` is the organisation's address with the
fact-check's anchor (`#fact-check-ID`), the anchor the HTML report carries.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urldefrag

from workbench.errors import WorkbenchError
from workbench.reports.model import Entry, Report, plural, safe_url
from workbench.store.queries import ArticleRow, LabelRow, Occurrence

SCHEMA = "https://schema.org"
#: Words that make a speaker an organisation rather than a person.
ORGANISATION_WORDS = frozenset(
    """agency authority bank board committee company council court department figures
    government institute media ministry office officials organisation organization party
    police press service spokesperson statistics union university""".split()
)
ORGANISATION_ENTITIES = frozenset({"ORG", "NORP", "GPE", "FAC"})


def claimreview_report(report: Report) -> tuple[str, tuple[str, ...]]:
    """The JSON-LD text, and notes on fact-checks left out."""
    organisation = _organisation(report)
    reviewed = [(entry, entry.rating) for entry in report.reviewed if entry.rating]
    if not reviewed:
        raise WorkbenchError(
            f"nothing to publish: no fact-check is checked or published with a rating "
            f"({report.scope_text})"
        )
    reviews = [claim_review(entry, rating, report, organisation) for entry, rating in reviewed]
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n", _left_out(report)


def claim_review(
    entry: Entry, rating: LabelRow, report: Report, organisation: dict[str, str]
) -> dict[str, Any]:
    claim = entry.claim
    published = entry.verdict_date or report.masthead.created.date()
    review_rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": rating.best,
        "worstRating": rating.worst,
        "alternateName": rating.name,
    }
    if claim.conclusion.strip():
        review_rating["ratingExplanation"] = claim.conclusion.strip()
    return {
        "@context": SCHEMA,
        "@type": "ClaimReview",
        "url": f"{urldefrag(organisation['url']).url}#fact-check-{claim.group_id}",
        "claimReviewed": claim.text,
        "datePublished": published.isoformat(),
        "author": organisation,
        "reviewRating": review_rating,
        "itemReviewed": _claim(entry, report),
    }


def _claim(entry: Entry, report: Report) -> dict[str, Any]:
    appearances = [
        _creative_work(report.articles[seen.article_id], seen)
        for seen in report.appearances.get(entry.claim.group_id, [])
        if seen.article_id in report.articles
    ]
    item: dict[str, Any] = {"@type": "Claim"}
    if entry.claim.speaker:
        item["author"] = {"@type": speaker_type(entry), "name": entry.claim.speaker}
    dated = [work for work in appearances if "datePublished" in work]
    if dated:
        item["datePublished"] = dated[0]["datePublished"]
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = (dated or appearances)[0]
    return item


def _creative_work(article: ArticleRow, seen: Occurrence) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": seen.article_title}
    url = safe_url(article.url)
    if url:
        work["url"] = url
    if seen.published:
        work["datePublished"] = seen.published.isoformat()
    if seen.outlet:
        work["publisher"] = {"@type": "Organization", "name": seen.outlet}
    return work


def speaker_type(entry: Entry) -> str:
    """Person or Organization: from the speaker's named entity in the sentence when there
    is one, else from words like "ministry" or "officials"; a person otherwise."""
    speaker = entry.claim.speaker or ""
    for entity in entry.claim.entities:
        text = str(entity.get("text", ""))
        if text and (speaker == text or speaker.endswith(" " + text)):
            return "Organization" if entity.get("label") in ORGANISATION_ENTITIES else "Person"
    words = {word.strip(".,'’").removesuffix("'s").lower() for word in speaker.split()}
    return "Organization" if words & ORGANISATION_WORDS else "Person"


def _organisation(report: Report) -> dict[str, str]:
    name = report.masthead.organisation.strip()
    url = safe_url(report.masthead.organisation_url)
    if not name or not url:
        raise WorkbenchError(
            "ClaimReview needs the organisation's name and web address (http or https): "
            "set them in the window's Edit ▸ Settings"
        )
    return {"@type": "Organization", "name": name, "url": url}


def _left_out(report: Report) -> tuple[str, ...]:
    unrated = sum(
        1 for entry in report.fact_checks if entry.claim.status.needs_verdict and not entry.rating
    )
    others = sum(1 for entry in report.fact_checks if not entry.claim.status.needs_verdict)
    notes = []
    if unrated:
        notes.append(f"left out {plural(unrated, 'checked fact-check')} without a rating")
    if others:
        notes.append(f"left out {plural(others, 'fact-check')} not checked or published")
    return tuple(notes)
