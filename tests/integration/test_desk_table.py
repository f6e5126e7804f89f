"""The desk table's and the dashboard's reads on a real SQLite desk."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import update

from workbench.services import Verdict
from workbench.store.models import AuditEvent, Status
from workbench.store.queries import DeskQuery, DeskSort


@pytest.fixture
def filled(desk, two_articles):
    """Two pasted articles with outlets and dates, and one verdict on each."""
    desk.import_documents(two_articles)
    rows = desk.desk_page(DeskQuery(sort=DeskSort.ID, descending=False), 0, 100)
    assert len(rows) == 4
    desk.rate(rows[0].id, Verdict(status="checked", rating="Mostly True"))
    desk.rate(rows[2].id, Verdict(status="in_progress", rating="False"))
    return desk


def ids(desk, query: DeskQuery) -> list[int]:
    rows = desk.desk_page(query, 0, 100)
    assert desk.desk_count(query) == len(rows)
    return [row.id for row in rows]


def test_every_claim_of_every_article_with_its_verdict_and_article(filled):
    rows = filled.desk_page(DeskQuery(sort=DeskSort.ID, descending=False), 0, 100)
    first = rows[0]
    assert first.text.startswith("The city council approved")
    assert (first.status, first.rating, first.article_title) == (
        Status.CHECKED,
        "Mostly True",
        "Budget passes",
    )
    assert first.published == date(2024, 3, 4)
    assert first.speaker == "Mayor Ana Ruiz"
    assert [row.rating for row in rows] == ["Mostly True", None, "False", None]


def test_filters_narrow_the_table_and_the_count_agrees(filled):
    every = ids(filled, DeskQuery(sort=DeskSort.ID, descending=False))
    assert ids(filled, DeskQuery(search="PERCENT rose")) == [every[2]]
    assert ids(filled, DeskQuery(status=Status.CHECKED)) == [every[0]]
    assert ids(filled, DeskQuery(rating="False")) == [every[2]]
    assert sorted(ids(filled, DeskQuery(unrated=True))) == [every[1], every[3]]
    assert sorted(ids(filled, DeskQuery(article="example wire"))) == every[2:]
    assert sorted(ids(filled, DeskQuery(speaker="ruiz"))) == [every[0]]
    assert sorted(ids(filled, DeskQuery(published_from=date(2024, 1, 1)))) == every[:2]
    assert sorted(ids(filled, DeskQuery(published_to=date(2023, 1, 9)))) == every[2:]
    scores = [row.score for row in filled.desk_page(DeskQuery(), 0, 100)]
    cut = sorted(scores)[1]
    assert len(ids(filled, DeskQuery(min_score=cut))) == 3


def test_search_words_are_taken_literally(filled):
    assert ids(filled, DeskQuery(search="%")) == []
    assert ids(filled, DeskQuery(search="3.1_percent")) == []


@pytest.mark.parametrize("sort", list(DeskSort))
def test_every_sort_orders_both_ways_with_a_stable_tiebreak(filled, sort):
    up = ids(filled, DeskQuery(sort=sort, descending=False))
    down = ids(filled, DeskQuery(sort=sort, descending=True))
    assert sorted(up) == sorted(down)
    assert len(set(up)) == 4
    if sort is DeskSort.SCORE:
        scores = [row.score for row in filled.desk_page(DeskQuery(sort=sort), 0, 100)]
        assert scores == sorted(scores, reverse=True)
    if sort is DeskSort.RATING:
        ratings = [
            row.rating
            for row in filled.desk_page(replace(DeskQuery(), sort=sort, descending=False), 0, 100)
        ]
        assert ratings[:2] == ["False", "Mostly True"] and ratings[2:] == [None, None]


def test_pages_are_consecutive_slices(filled):
    query = DeskQuery(sort=DeskSort.TEXT, descending=False)
    whole = ids(filled, query)
    paged = [row.id for offset in (0, 2) for row in filled.desk_page(query, offset, 2)]
    assert paged == whole


def test_overview_counts_statuses_ratings_and_checks_per_week(filled):
    overview = filled.overview()
    assert overview.claims == overview.fact_checks == 4
    assert overview.statuses[Status.CHECKED] == 1
    assert overview.statuses[Status.IN_PROGRESS] == 1
    assert overview.statuses[Status.UNCHECKED] == 2
    counts = {rating.name: rating.count for rating in overview.ratings}
    assert counts["Mostly True"] == 1 and counts["False"] == 1 and counts["Pants on Fire"] == 0
    assert [rating.name for rating in overview.ratings] == [
        label.name for label in filled.scale().labels
    ]
    assert (overview.rated, overview.unrated) == (2, 2)
    weekly = overview.checked_weekly
    assert len(weekly) == 26 and weekly[-1].count == 1 and sum(w.count for w in weekly) == 1
    assert all(
        later.week - earlier.week == timedelta(weeks=1) for earlier, later in pairwise(weekly)
    )


def test_checks_are_counted_in_the_week_they_happened(filled):
    three_weeks_ago = datetime.now(UTC) - timedelta(weeks=3)
    with filled.store.transaction() as session:
        session.execute(
            update(AuditEvent).where(AuditEvent.field == "status").values(at=three_weeks_ago)
        )
    weekly = filled.overview().checked_weekly
    assert [w.count for w in weekly[-4:]] == [1, 0, 0, 0]


def test_ratings_of_a_former_scale_still_count(filled):
    filled.use_scale("Three-step scale")
    names = [rating.name for rating in filled.overview().ratings]
    assert names[:3] == ["True", "Misleading", "False"]
    assert "Mostly True" in names[3:]
