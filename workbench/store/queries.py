"""Reads shared by every front end: the CLI listing and the window's tables run these.

Each read returns plain frozen rows, never live ORM objects, so a caller can keep
them after the session closes and hand them to another thread.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    Text,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session

from workbench.errors import StoreError
from workbench.store.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimGroup,
    Match,
    MatchKind,
    MatchState,
    RatingLabel,
    RatingScale,
    Source,
    Status,
    Tag,
    group_tag,
)


def as_json(row: object) -> dict[str, Any]:
    """A row as JSON-ready data: dates as ISO 8601 text, nested rows as objects."""
    return _jsonable(asdict(row))  # type: ignore[call-overload]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ArticleRow:
    id: int
    title: str
    outlet: str | None
    byline: str | None
    url: str | None
    published: date | None
    imported_at: datetime
    origin: str
    word_count: int
    claim_count: int
    checked_count: int
    unrated_count: int


@dataclass(frozen=True)
class SourceRow:
    id: int
    url: str
    title: str
    publisher: str
    quote: str
    accessed: date | None
    note: str


@dataclass(frozen=True)
class ClaimRow:
    id: int
    article_id: int
    article_title: str
    text: str
    start: int
    end: int
    spans: list[list[int]]
    score: float
    reasons: list[dict[str, Any]]
    speaker: str | None
    kind: str
    entities: list[dict[str, Any]]
    numbers: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    group_id: int
    status: Status
    rating: str | None
    conclusion: str
    reviewer: str | None
    sources: list[SourceRow] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    #: The other occurrences of its fact-check, in other articles or the same one.
    elsewhere: list[Occurrence] = field(default_factory=list)
    #: Claims found to copy it, or that it copies, with a fact changed.
    altered: list[MatchPair] = field(default_factory=list)
    #: Claims that may be the same claim, waiting for a person to decide.
    suggested: list[MatchPair] = field(default_factory=list)
    #: How many articles its fact-check was seen in, this one included.
    seen_in: int = 1


@dataclass(frozen=True)
class EventRow:
    id: int
    at: datetime
    actor: str
    entity: str
    entity_id: int
    action: str
    field: str | None
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class ClaimFilter:
    article_id: int | None = None
    ids: tuple[int, ...] = ()
    min_score: float | None = None
    statuses: tuple[Status, ...] = ()
    limit: int | None = None
    offset: int = 0


def list_articles(session: Session, min_score: float = 0.0) -> list[ArticleRow]:
    """Every article with counts of its claims scoring at least `min_score`."""
    done = ClaimGroup.status.in_([Status.CHECKED, Status.PUBLISHED])
    open_work = ClaimGroup.rating_id.is_(None) & (ClaimGroup.status != Status.DISMISSED)
    statement = (
        select(
            Article,
            func.count(Claim.id),
            func.coalesce(func.sum(case((done, 1), else_=0)), 0),
            func.coalesce(func.sum(case((open_work, 1), else_=0)), 0),
        )
        .outerjoin(Claim, (Claim.article_id == Article.id) & (Claim.score >= min_score))
        .outerjoin(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .group_by(Article.id)
        .order_by(Article.id)
    )
    return [
        ArticleRow(
            id=article.id,
            title=article.title,
            outlet=article.outlet,
            byline=article.byline,
            url=article.url,
            published=article.published,
            imported_at=article.imported_at,
            origin=article.origin,
            word_count=article.word_count,
            claim_count=count,
            checked_count=int(checked),
            unrated_count=int(unrated),
        )
        for article, count, checked, unrated in session.execute(statement)
    ]


def claims_statement(claim_filter: ClaimFilter) -> Select[Any]:
    statement = (
        select(Claim, ClaimGroup, RatingLabel.name, Article.title)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(RatingLabel, RatingLabel.id == ClaimGroup.rating_id)
        .order_by(Claim.article_id, Claim.start)
    )
    if claim_filter.article_id is not None:
        statement = statement.where(Claim.article_id == claim_filter.article_id)
    if claim_filter.ids:
        statement = statement.where(Claim.id.in_(claim_filter.ids))
    if claim_filter.min_score is not None:
        statement = statement.where(Claim.score >= claim_filter.min_score)
    if claim_filter.statuses:
        statement = statement.where(ClaimGroup.status.in_(claim_filter.statuses))
    if claim_filter.limit is not None:
        statement = statement.limit(claim_filter.limit)
    return statement.offset(claim_filter.offset)


def list_claims(session: Session, claim_filter: ClaimFilter) -> list[ClaimRow]:
    return [
        _claim_row(claim, group, rating, title)
        for claim, group, rating, title in session.execute(claims_statement(claim_filter))
    ]


def claim_detail(session: Session, claim_id: int) -> ClaimRow | None:
    statement = claims_statement(ClaimFilter()).where(Claim.id == claim_id)
    row = session.execute(statement).first()
    if row is None:
        return None
    claim, group, rating, title = row
    return _claim_row(
        claim,
        group,
        rating,
        title,
        sources=[_source_row(source) for source in group.sources],
        tags=[tag.name for tag in group.tags],
        elsewhere=[
            seen
            for _, seen in _occurrences(
                session, (Claim.group_id == group.id) & (Claim.id != claim_id)
            )
        ],
        altered=altered_pairs(session, claim_id),
        suggested=suggested_pairs(session, claim_id),
    )


def history(
    session: Session, claim_id: int | None = None, limit: int | None = None
) -> list[EventRow]:
    """The audit trail: everything, or what touched one claim, its fact-check, its article
    and the decisions on its repeats."""
    statement = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)
    if claim_id is not None:
        claim = session.get(Claim, claim_id)
        if claim is None:
            return []
        statement = statement.where(
            or_(
                (AuditEvent.entity == "claim") & (AuditEvent.entity_id == claim.id),
                (AuditEvent.entity == "group") & (AuditEvent.entity_id == claim.group_id),
                (AuditEvent.entity == "article") & (AuditEvent.entity_id == claim.article_id),
                (AuditEvent.entity == "match") & AuditEvent.entity_id.in_(_match_ids(claim.id)),
            )
        )
    if limit is not None:
        statement = statement.limit(limit)
    return [_event_row(event) for event in session.scalars(statement)]


@dataclass(frozen=True)
class RatingRow:
    name: str
    value: int
    description: str


@dataclass(frozen=True)
class ScaleRow:
    name: str
    labels: tuple[RatingRow, ...]

    @property
    def best(self) -> int:
        return max(label.value for label in self.labels)

    @property
    def worst(self) -> int:
        return min(label.value for label in self.labels)

    def value_of(self, name: str | None) -> int | None:
        return next((label.value for label in self.labels if label.name == name), None)


def active_scale(session: Session) -> ScaleRow:
    scale = session.scalar(select(RatingScale).where(RatingScale.active))
    if scale is None:
        raise StoreError("the database has no active rating scale")
    labels = tuple(RatingRow(label.name, label.value, label.description) for label in scale.labels)
    return ScaleRow(scale.name, labels)


def article_text(session: Session, article_id: int) -> str | None:
    return session.scalar(select(Article.text).where(Article.id == article_id))


def existing_hashes(session: Session, hashes: list[str]) -> dict[str, int]:
    """Which of these content hashes are stored already, with their article ids."""
    if not hashes:
        return {}
    statement = select(Article.content_hash, Article.id).where(Article.content_hash.in_(hashes))
    return {digest: article_id for digest, article_id in session.execute(statement)}


def count_articles(session: Session) -> int:
    return session.scalar(select(func.count(Article.id))) or 0


def _claim_row(
    claim: Claim,
    group: ClaimGroup,
    rating: str | None,
    article_title: str,
    sources: list[SourceRow] | None = None,
    tags: list[str] | None = None,
    elsewhere: list[Occurrence] | None = None,
    altered: list[MatchPair] | None = None,
    suggested: list[MatchPair] | None = None,
) -> ClaimRow:
    return ClaimRow(
        id=claim.id,
        article_id=claim.article_id,
        article_title=article_title,
        text=claim.text,
        start=claim.start,
        end=claim.end,
        spans=[list(span) for span in claim.spans],
        score=claim.score,
        reasons=list(claim.reasons),
        speaker=claim.speaker,
        kind=claim.kind.value,
        entities=list(claim.entities),
        numbers=list(claim.numbers),
        dates=list(claim.dates),
        group_id=group.id,
        status=group.status,
        rating=rating,
        conclusion=group.conclusion,
        reviewer=group.reviewer,
        sources=sources or [],
        tags=tags or [],
        elsewhere=elsewhere or [],
        altered=altered or [],
        suggested=suggested or [],
        seen_in=group.seen_in,
    )


def _source_row(source: Source) -> SourceRow:
    return SourceRow(
        id=source.id,
        url=source.url,
        title=source.title,
        publisher=source.publisher,
        quote=source.quote,
        accessed=source.accessed,
        note=source.note,
    )


def _event_row(event: AuditEvent) -> EventRow:
    return EventRow(
        id=event.id,
        at=event.at,
        actor=event.actor,
        entity=event.entity,
        entity_id=event.entity_id,
        action=event.action,
        field=event.field,
        old_value=event.old_value,
        new_value=event.new_value,
    )


# --- desk table and dashboard ---------------------------------------------------------


class DeskSort(enum.StrEnum):
    """The orders the desk table offers; each is an ORDER BY with the claim id as tiebreak."""

    ID = "id"
    SCORE = "score"
    STATUS = "status"
    RATING = "rating"
    SPEAKER = "speaker"
    ARTICLE = "article"
    PUBLISHED = "published"
    TEXT = "text"
    SEEN = "seen"


@dataclass(frozen=True)
class DeskQuery:
    """Which claims the desk table shows, and in what order.

    `search` keeps claims whose text contains every word of it, `speaker` and
    `article` those whose speaker, or article title or outlet, contain the text,
    in any case; `rating` is a label name, and `unrated` keeps only claims
    without a rating; `published_from` and `published_to` bound the article's
    date, both days included. `repeated_only` keeps claims whose fact-check was
    seen in more than one article; `one_per_fact_check` shows each fact-check
    once, by its first occurrence.
    """

    search: str = ""
    status: Status | None = None
    rating: str | None = None
    unrated: bool = False
    min_score: float = 0.0
    speaker: str = ""
    article: str = ""
    article_id: int | None = None
    published_from: date | None = None
    published_to: date | None = None
    repeated_only: bool = False
    one_per_fact_check: bool = False
    sort: DeskSort = DeskSort.SCORE
    descending: bool = True


@dataclass(frozen=True)
class DeskRow:
    """One line of the desk table."""

    id: int
    score: float
    status: Status
    rating: str | None
    rating_value: int | None
    speaker: str | None
    article_id: int
    article_title: str
    published: date | None
    text: str
    #: How many articles its fact-check was seen in, this one included.
    seen: int


@dataclass(frozen=True)
class RatingCount:
    name: str
    value: int
    count: int


@dataclass(frozen=True)
class WeekCount:
    #: The Monday that starts the week.
    week: date
    count: int


@dataclass(frozen=True)
class DeskOverview:
    """The dashboard's figures; counts are of fact-checks, which hold the verdicts."""

    claims: int
    fact_checks: int
    statuses: dict[Status, int]
    #: The active scale's labels in scale order, then labels of other scales still in use.
    ratings: list[RatingCount]
    unrated: int
    scale: ScaleRow
    #: Status changes to checked or published, per week, oldest first.
    checked_weekly: list[WeekCount]

    @property
    def rated(self) -> int:
        return sum(rating.count for rating in self.ratings)


#: SQLite's trigram index of claim texts, made by migration 0002 (not a mapped table).
CLAIM_TEXT_INDEX = table("claim_text_index", column("rowid", Integer), column("text", Text))
TRIGRAM = 3
_STATUS_ORDER = case(
    {status.value: index for index, status in enumerate(Status)}, value=ClaimGroup.status
)
_SORT_KEYS: dict[DeskSort, Any] = {
    DeskSort.ID: Claim.id,
    DeskSort.SCORE: Claim.score,
    DeskSort.STATUS: _STATUS_ORDER,
    DeskSort.RATING: RatingLabel.value,
    DeskSort.SPEAKER: Claim.speaker,
    DeskSort.ARTICLE: Article.title,
    DeskSort.PUBLISHED: Article.published,
    DeskSort.TEXT: Claim.text,
    DeskSort.SEEN: ClaimGroup.seen_in,
}
#: Keys that may be missing: claims without them go last in ascending order.
_NULLABLE_SORTS = {DeskSort.RATING, DeskSort.SPEAKER, DeskSort.PUBLISHED}


def desk_page(session: Session, query: DeskQuery, offset: int, limit: int) -> list[DeskRow]:
    """Rows `offset` to `offset + limit` of the desk table, filtered and sorted in SQL.

    The slice is first taken over claim ids alone, joining only what the filter
    and the order need, so that skipping far into a large desk walks an index
    instead of building every skipped row; then the page's rows are read whole.
    """
    dialect = _dialect(session)
    order = _desk_order(query)
    ids = _desk_where(_needed_joins(select(Claim.id), query), query, dialect)
    statement = (
        select(
            Claim.id,
            Claim.score,
            ClaimGroup.status,
            RatingLabel.name,
            RatingLabel.value,
            Claim.speaker,
            Claim.article_id,
            Article.title,
            Article.published,
            Claim.text,
            ClaimGroup.seen_in,
        )
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(RatingLabel, RatingLabel.id == ClaimGroup.rating_id)
        .where(Claim.id.in_(ids.order_by(*order).offset(offset).limit(limit)))
        .order_by(*order)
    )
    return [DeskRow(*row) for row in session.execute(statement)]


def desk_count(session: Session, query: DeskQuery) -> int:
    """How many claims the desk table holds under `query`."""
    statement = _needed_joins(select(func.count(Claim.id)), query, sorting=False)
    return session.scalar(_desk_where(statement, query, _dialect(session))) or 0


def _needed_joins(statement: Select[Any], query: DeskQuery, *, sorting: bool = True) -> Select[Any]:
    """Join to a claim only the tables that `query` filters on (or, with `sorting`, orders by)."""
    sort = query.sort if sorting else None
    rating = (query.rating is not None and not query.unrated) or sort is DeskSort.RATING
    group = (
        query.status is not None
        or query.unrated
        or rating
        or query.repeated_only
        or query.one_per_fact_check
        or sort in (DeskSort.STATUS, DeskSort.SEEN)
    )
    article = bool(query.article.strip()) or sort in (DeskSort.ARTICLE, DeskSort.PUBLISHED)
    if group:
        statement = statement.join(ClaimGroup, ClaimGroup.id == Claim.group_id)
    if rating:
        statement = statement.outerjoin(RatingLabel, RatingLabel.id == ClaimGroup.rating_id)
    if article or query.published_from or query.published_to:
        statement = statement.join(Article, Article.id == Claim.article_id)
    return statement


def _desk_where(statement: Select[Any], query: DeskQuery, dialect: str) -> Select[Any]:
    statement = _text_contains(statement, query.search.split(), dialect)
    if query.status is not None:
        statement = statement.where(ClaimGroup.status == query.status)
    if query.unrated:
        statement = statement.where(ClaimGroup.rating_id.is_(None))
    elif query.rating is not None:
        statement = statement.where(RatingLabel.name == query.rating)
    if query.min_score > 0:
        statement = statement.where(Claim.score >= query.min_score)
    if query.speaker.strip():
        statement = statement.where(Claim.speaker.icontains(query.speaker.strip(), autoescape=True))
    if query.article.strip():
        words = query.article.strip()
        statement = statement.where(
            or_(
                Article.title.icontains(words, autoescape=True),
                Article.outlet.icontains(words, autoescape=True),
            )
        )
    if query.article_id is not None:
        statement = statement.where(Claim.article_id == query.article_id)
    if query.published_from is not None:
        statement = statement.where(Article.published >= query.published_from)
    if query.published_to is not None:
        statement = statement.where(Article.published <= query.published_to)
    if query.repeated_only:
        statement = statement.where(ClaimGroup.seen_in > 1)
    if query.one_per_fact_check:
        statement = statement.where(Claim.id == ClaimGroup.first_claim_id)
    return statement


def _text_contains(statement: Select[Any], words: list[str], dialect: str) -> Select[Any]:
    """Claims whose text contains every word, in any case.

    On SQLite, words of three characters or more are looked up in the trigram
    index of claim texts, as one phrase query each, which matches substrings;
    shorter words, and other databases, compare the text itself. The index's
    hits are joined rather than tested with IN: as a join they drive the query,
    while an IN list can be probed once per row of another table's index.
    """
    indexed = [word for word in words if len(word) >= TRIGRAM] if dialect == "sqlite" else []
    if indexed:
        phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in indexed)
        hits = (
            select(CLAIM_TEXT_INDEX.c.rowid)
            .where(literal_column(CLAIM_TEXT_INDEX.name).op("MATCH")(phrases))
            .subquery("text_hits")
        )
        statement = statement.join(hits, hits.c.rowid == Claim.id)
    for word in words:
        if word not in indexed:
            statement = statement.where(Claim.text.icontains(word, autoescape=True))
    return statement


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _desk_order(query: DeskQuery) -> list[Any]:
    key = _SORT_KEYS[query.sort]
    if query.sort in _NULLABLE_SORTS:
        ordered = key.desc().nulls_first() if query.descending else key.asc().nulls_last()
    else:
        ordered = key.desc() if query.descending else key.asc()
    if query.sort is DeskSort.ID:
        return [ordered]
    return [ordered, Claim.id.desc() if query.descending else Claim.id.asc()]


def desk_overview(session: Session, until: date | None = None, weeks: int = 26) -> DeskOverview:
    """Counts per status and rating, and the weekly checked figures up to `until`'s week."""
    until = until or datetime.now(UTC).date()
    in_use = exists().where(Claim.group_id == ClaimGroup.id)
    statuses = dict.fromkeys(Status, 0)
    for status, count in session.execute(
        select(ClaimGroup.status, func.count()).where(in_use).group_by(ClaimGroup.status)
    ):
        statuses[status] = count
    by_label = dict(
        session.execute(
            select(ClaimGroup.rating_id, func.count()).where(in_use).group_by(ClaimGroup.rating_id)
        ).all()
    )
    return DeskOverview(
        claims=session.scalar(select(func.count(Claim.id))) or 0,
        fact_checks=sum(statuses.values()),
        statuses=statuses,
        ratings=_rating_counts(session, by_label),
        unrated=by_label.get(None, 0),
        scale=active_scale(session),
        checked_weekly=checked_per_week(session, until, weeks),
    )


def _rating_counts(session: Session, by_label: dict[int | None, int]) -> list[RatingCount]:
    """Every label of the active scale, then any label of another scale that is still used."""
    labels = session.execute(
        select(RatingLabel.id, RatingLabel.name, RatingLabel.value, RatingScale.active)
        .join(RatingScale, RatingScale.id == RatingLabel.scale_id)
        .order_by(RatingScale.active.desc(), RatingScale.id, RatingLabel.position)
    )
    return [
        RatingCount(name, value, by_label.get(label_id, 0))
        for label_id, name, value, active in labels
        if active or by_label.get(label_id)
    ]


def checked_per_week(session: Session, until: date, weeks: int = 26) -> list[WeekCount]:
    """Status changes to checked or published per week, for at most `weeks` weeks to `until`.

    Days are grouped in SQL and weeks in Python, which keeps the statement the
    same on SQLite and PostgreSQL. Weeks without changes count 0.
    """
    day = func.date(AuditEvent.at, type_=Date)
    statement = (
        select(day, func.count())
        .where(
            AuditEvent.entity == "group",
            AuditEvent.field == "status",
            AuditEvent.new_value.in_([Status.CHECKED.value, Status.PUBLISHED.value]),
            AuditEvent.at
            >= datetime.combine(_monday(until) - timedelta(weeks=weeks - 1), time.min, UTC),
        )
        .group_by(day)
    )
    counts: dict[date, int] = {}
    for when, count in session.execute(statement):
        counts[_monday(when)] = counts.get(_monday(when), 0) + count
    last = max([_monday(until), *counts])
    return [
        WeekCount(week, counts.get(week, 0))
        for week in (last - timedelta(weeks=back) for back in range(weeks - 1, -1, -1))
    ]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- repeated claims -------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    claim_id: int
    article_id: int
    article_title: str
    outlet: str | None
    published: date | None
    text: str
    #: Its fact-check's status and verdict.
    status: Status
    rating: str | None


@dataclass(frozen=True)
class RepeatedGroup:
    """A fact-check whose claim appears in more than one place."""

    group_id: int
    canonical_text: str
    status: Status
    rating: str | None
    occurrences: list[Occurrence]


@dataclass(frozen=True)
class MatchPair:
    """A claim found to repeat another: the same claim, or a copy with a fact changed
    (`reason` says which)."""

    match_id: int
    kind: MatchKind
    claim: Occurrence
    other: Occurrence
    similarity: float
    reason: str
    state: MatchState

    def other_than(self, claim_id: int) -> Occurrence:
        """The side of the pair that is not `claim_id`."""
        return self.other if self.claim.claim_id == claim_id else self.claim


def repeated_groups(session: Session) -> list[RepeatedGroup]:
    """Fact-checks with two or more occurrences, the most repeated first."""
    counts = (
        select(Claim.group_id, func.count(Claim.id).label("seen"))
        .group_by(Claim.group_id)
        .having(func.count(Claim.id) > 1)
        .subquery()
    )
    groups = session.execute(
        select(ClaimGroup, RatingLabel.name, counts.c.seen)
        .join(counts, counts.c.group_id == ClaimGroup.id)
        .outerjoin(RatingLabel, RatingLabel.id == ClaimGroup.rating_id)
        .order_by(counts.c.seen.desc(), ClaimGroup.id)
    ).all()
    by_group = occurrences_by_group(session, [group.id for group, _, _ in groups])
    return [
        RepeatedGroup(group.id, group.canonical_text, group.status, rating, by_group[group.id])
        for group, rating, _ in groups
    ]


def altered_pairs(session: Session, claim_id: int | None = None) -> list[MatchPair]:
    """Altered copies found and not rejected, newest first; of one claim if given."""
    states = (MatchState.SUGGESTED, MatchState.CONFIRMED)
    return _match_pairs(session, MatchKind.ALTERED, states, claim_id)


def suggested_pairs(session: Session, claim_id: int | None = None) -> list[MatchPair]:
    """Possible same claims nobody has decided on yet, newest first; of one claim if given."""
    return _match_pairs(session, MatchKind.SAME, (MatchState.SUGGESTED,), claim_id)


def _match_pairs(
    session: Session, kind: MatchKind, states: tuple[MatchState, ...], claim_id: int | None
) -> list[MatchPair]:
    statement = select(Match).where(Match.kind == kind, Match.state.in_(states))
    if claim_id is not None:
        statement = statement.where(
            (Match.claim_id == claim_id) | (Match.other_claim_id == claim_id)
        )
    matches = session.scalars(statement.order_by(Match.id.desc())).all()
    ids = {match.claim_id for match in matches} | {match.other_claim_id for match in matches}
    occurrences = dict(_occurrences(session, Claim.id.in_(ids), key=Claim.id))
    return [
        MatchPair(
            match.id,
            match.kind,
            occurrences[match.claim_id],
            occurrences[match.other_claim_id],
            match.score,
            match.reason,
            match.state,
        )
        for match in matches
        if match.other_claim_id in occurrences
    ]


def _match_ids(claim_id: int) -> Select[Any]:
    return select(Match.id).where((Match.claim_id == claim_id) | (Match.other_claim_id == claim_id))


def _occurrences(
    session: Session, where: Any, key: Any = Claim.group_id
) -> list[tuple[int, Occurrence]]:
    statement = (
        select(
            key,
            Claim.id,
            Claim.article_id,
            Article.title,
            Article.outlet,
            Article.published,
            Claim.text,
            ClaimGroup.status,
            RatingLabel.name,
        )
        .join(Article, Article.id == Claim.article_id)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .outerjoin(RatingLabel, RatingLabel.id == ClaimGroup.rating_id)
        .where(where)
        .order_by(Article.published.is_(None), Article.published, Claim.id)
    )
    return [(row[0], Occurrence(*row[1:])) for row in session.execute(statement)]


# --- reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelRow:
    """A fact-check's rating with the bounds of the scale it belongs to."""

    name: str
    value: int
    best: int
    worst: int


@dataclass(frozen=True)
class AuditSummary:
    """What the audit trail holds about one fact-check."""

    events: int = 0
    actors: tuple[str, ...] = ()
    first_at: datetime | None = None
    last_at: datetime | None = None
    #: The last time its status became checked or published.
    verdict_at: datetime | None = None


def report_claims(
    session: Session,
    claim_filter: ClaimFilter,
    since: date | None = None,
    until: date | None = None,
) -> list[ClaimRow]:
    """Claims for a report, in article order.

    As `list_claims`, except that a claim scoring under `min_score` is kept when
    its fact-check has been worked on (a status or a rating), and that `since`
    and `until` bound its article's publication date, both days included.
    """
    statement = claims_statement(replace(claim_filter, min_score=None))
    if claim_filter.min_score is not None:
        statement = statement.where(
            or_(
                Claim.score >= claim_filter.min_score,
                ClaimGroup.status != Status.UNCHECKED,
                ClaimGroup.rating_id.is_not(None),
            )
        )
    if since is not None:
        statement = statement.where(Article.published >= since)
    if until is not None:
        statement = statement.where(Article.published <= until)
    return [_claim_row(*row) for row in session.execute(statement)]


def sources_by_group(session: Session, group_ids: Collection[int]) -> dict[int, list[SourceRow]]:
    statement = select(Source).where(Source.group_id.in_(group_ids)).order_by(Source.id)
    found: dict[int, list[SourceRow]] = {}
    for source in session.scalars(statement):
        found.setdefault(source.group_id, []).append(_source_row(source))
    return found


def tags_by_group(session: Session, group_ids: Collection[int]) -> dict[int, list[str]]:
    statement = (
        select(group_tag.c.group_id, Tag.name)
        .join(Tag, Tag.id == group_tag.c.tag_id)
        .where(group_tag.c.group_id.in_(group_ids))
        .order_by(Tag.name)
    )
    found: dict[int, list[str]] = {}
    for group_id, name in session.execute(statement):
        found.setdefault(group_id, []).append(name)
    return found


def occurrences_by_group(
    session: Session, group_ids: Collection[int]
) -> dict[int, list[Occurrence]]:
    """Every claim of each fact-check, the earliest published article first."""
    found: dict[int, list[Occurrence]] = {}
    for group_id, occurrence in _occurrences(session, Claim.group_id.in_(group_ids)):
        found.setdefault(group_id, []).append(occurrence)
    return found


def labels_by_group(session: Session, group_ids: Collection[int]) -> dict[int, LabelRow]:
    bounds = (
        select(
            RatingLabel.scale_id,
            func.max(RatingLabel.value).label("best"),
            func.min(RatingLabel.value).label("worst"),
        )
        .group_by(RatingLabel.scale_id)
        .subquery()
    )
    statement = (
        select(ClaimGroup.id, RatingLabel.name, RatingLabel.value, bounds.c.best, bounds.c.worst)
        .join(RatingLabel, RatingLabel.id == ClaimGroup.rating_id)
        .join(bounds, bounds.c.scale_id == RatingLabel.scale_id)
        .where(ClaimGroup.id.in_(group_ids))
    )
    return {group_id: LabelRow(*label) for group_id, *label in session.execute(statement)}


def audit_by_group(session: Session, group_ids: Collection[int]) -> dict[int, AuditSummary]:
    """Each fact-check's events: how many, by whom, when, and when it was last checked."""
    of_groups = (AuditEvent.entity == "group") & AuditEvent.entity_id.in_(group_ids)
    actors: dict[int, list[str]] = {}
    for group_id, actor in session.execute(
        select(AuditEvent.entity_id, AuditEvent.actor)
        .where(of_groups)
        .distinct()
        .order_by(AuditEvent.entity_id, AuditEvent.actor)
    ):
        actors.setdefault(group_id, []).append(actor)
    checked = dict(
        session.execute(
            select(AuditEvent.entity_id, func.max(AuditEvent.at))
            .where(
                of_groups,
                AuditEvent.field == "status",
                AuditEvent.new_value.in_([Status.CHECKED.value, Status.PUBLISHED.value]),
            )
            .group_by(AuditEvent.entity_id)
        ).all()
    )
    totals = session.execute(
        select(AuditEvent.entity_id, func.count(), func.min(AuditEvent.at), func.max(AuditEvent.at))
        .where(of_groups)
        .group_by(AuditEvent.entity_id)
    )
    return {
        group_id: AuditSummary(
            count, tuple(actors.get(group_id, ())), first, last, checked.get(group_id)
        )
        for group_id, count, first, last in totals
    }
