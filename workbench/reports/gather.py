"""Read everything a report shows, for one scope, in one place and a few batched reads."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import NotFoundError, WorkbenchError
from workbench.reports.model import (
    Entry,
    Masthead,
    Report,
    ReportScope,
    Section,
    context,
    statuses_from,
)
from workbench.store import queries
from workbench.store.models import Article, Claim
from workbench.store.queries import (
    ArticleRow,
    AuditSummary,
    ClaimFilter,
    ClaimRow,
    LabelRow,
    MatchPair,
    Occurrence,
    SourceRow,
)

#: Ids per IN (...) list: well under the bound variables any database accepts.
BATCH = 500
T = TypeVar("T")


@dataclass(frozen=True)
class GroupDetails:
    """What the report adds to the claims' rows: by fact-check id, and the repeats found."""

    sources: dict[int, list[SourceRow]]
    tags: dict[int, list[str]]
    occurrences: dict[int, list[Occurrence]]
    labels: dict[int, LabelRow]
    audit: dict[int, AuditSummary]
    altered: list[MatchPair]
    suggested: list[MatchPair]


def gather(session: Session, scope: ReportScope, masthead: Masthead) -> Report:
    """The report of `scope`; an unknown article or claim, or an empty scope, is an error."""
    article_title = _check_scope(session, scope)
    scope_text = scope.describe(article_title)
    claims = queries.report_claims(
        session,
        ClaimFilter(
            article_id=scope.article_id,
            ids=scope.claim_ids,
            statuses=statuses_from(scope.min_status),
            min_score=None if scope.claim_ids else scope.min_score,
        ),
        since=scope.since,
        until=scope.until,
    )
    if not claims:
        raise WorkbenchError(f"nothing to export: no claim matches ({scope_text})")
    details = _group_details(session, {claim.group_id for claim in claims})
    seen_in = {seen.article_id for found in details.occurrences.values() for seen in found}
    articles = _articles(session, seen_in | {claim.article_id for claim in claims})
    sections = tuple(
        _section(session, articles[article_id], list(of_article), details)
        for article_id, of_article in groupby(claims, key=lambda claim: claim.article_id)
    )
    return Report(
        masthead=masthead,
        scope=scope,
        scope_text=scope_text,
        scale=queries.active_scale(session),
        sections=sections,
        appearances=details.occurrences,
        articles=articles,
    )


def _check_scope(session: Session, scope: ReportScope) -> str | None:
    """The article's title; unknown ids and an empty date range are named in the error."""
    if scope.since and scope.until and scope.since > scope.until:
        raise WorkbenchError(
            f"the date range is empty: {scope.since.isoformat()} is after {scope.until.isoformat()}"
        )
    title = None
    if scope.article_id is not None:
        title = session.scalar(select(Article.title).where(Article.id == scope.article_id))
        if title is None:
            raise NotFoundError(f"there is no article {scope.article_id}")
    if scope.claim_ids:
        known = set(session.scalars(select(Claim.id).where(Claim.id.in_(scope.claim_ids))))
        missing = sorted(set(scope.claim_ids) - known)
        if missing:
            names = ", ".join(str(claim_id) for claim_id in missing)
            raise NotFoundError(f"there is no claim {names}")
    return title


def _group_details(session: Session, group_ids: Collection[int]) -> GroupDetails:
    ids = sorted(group_ids)
    return GroupDetails(
        sources=_batched(ids, lambda part: queries.sources_by_group(session, part)),
        tags=_batched(ids, lambda part: queries.tags_by_group(session, part)),
        occurrences=_batched(ids, lambda part: queries.occurrences_by_group(session, part)),
        labels=_batched(ids, lambda part: queries.labels_by_group(session, part)),
        audit=_batched(ids, lambda part: queries.audit_by_group(session, part)),
        altered=queries.altered_pairs(session),
        suggested=queries.suggested_pairs(session),
    )


def _articles(session: Session, article_ids: Collection[int]) -> dict[int, ArticleRow]:
    return {row.id: row for row in queries.list_articles(session) if row.id in article_ids}


def _section(
    session: Session, article: ArticleRow, claims: list[ClaimRow], details: GroupDetails
) -> Section:
    text = queries.article_text(session, article.id) or ""
    return Section(article, tuple(_entry(claim, article, text, details) for claim in claims))


def _entry(claim: ClaimRow, article: ArticleRow, text: str, details: GroupDetails) -> Entry:
    group = claim.group_id
    before, after = context(text, claim.start, claim.end)
    full = replace(
        claim,
        sources=details.sources.get(group, []),
        tags=details.tags.get(group, []),
        elsewhere=[
            seen for seen in details.occurrences.get(group, []) if seen.claim_id != claim.id
        ],
    )
    return Entry(
        claim=full,
        article=article,
        before=before,
        after=after,
        rating=details.labels.get(group),
        audit=details.audit.get(group, AuditSummary()),
    )


def _pairs_of(claim_id: int, pairs: list[MatchPair]) -> list[MatchPair]:
    return [pair for pair in pairs if claim_id in (pair.claim.claim_id, pair.other.claim_id)]


def _batched(ids: Sequence[int], read: Callable[[Sequence[int]], dict[int, T]]) -> dict[int, T]:
    found: dict[int, T] = {}
    for start in range(0, len(ids), BATCH):
        found.update(read(ids[start : start + BATCH]))
    return found
