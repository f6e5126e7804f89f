"""Repeated claims found at import: linked, suggested or flagged as altered, on a real desk
(SQLite, then PostgreSQL)."""

import pytest
from sqlalchemy import func, select, update

from workbench.ingest.readers import read_pasted
from workbench.services import ImportItem, Verdict
from workbench.store.models import Claim, ClaimGroup, Match, MatchKind, MatchState
from workbench.store.queries import ClaimFilter

JOBS = "Unemployment in Riverton fell to 3.1 percent in 2023, according to the state labour office."
WHEAT = "Exports of wheat rose by 14 percent last year, the ministry said."


@pytest.fixture
def desk(desk_on_each_backend):
    return desk_on_each_backend


def article(*sentences: str, title: str = "Report"):
    return read_pasted(" ".join(sentences), title=title)


def claim_of(desk, article_id, fragment):
    return next(
        row for row in desk.claims(ClaimFilter(article_id=article_id)) if fragment in row.text
    )


def matches(desk):
    with desk.store.reading() as session:
        return session.scalars(select(Match).order_by(Match.id)).all()


def test_a_copied_claim_joins_the_earlier_fact_check_and_shows_its_verdict(desk):
    first = desk.import_documents([article(JOBS, WHEAT, title="Ledger")]).imported[0]
    original = claim_of(desk, first.article_id, "Unemployment")
    desk.rate(original.id, Verdict(status="checked", rating="Mostly True"))
    report = desk.import_documents([article("The mayor spoke on Monday.", JOBS, title="Wire")])
    second = report.imported[0]
    assert second.linked == 1
    assert "1 seen before" in second.describe()
    copy = claim_of(desk, second.article_id, "Unemployment")
    assert copy.group_id == original.group_id
    assert (copy.rating, copy.status.value) == ("Mostly True", "checked")
    (match,) = matches(desk)
    assert (match.kind, match.state) == (MatchKind.SAME, MatchState.CONFIRMED)
    assert any(event.field == "group" for event in desk.history(copy.id))
    with desk.store.reading() as session:
        groups = session.scalar(select(func.count(ClaimGroup.id)))
        used = session.scalar(select(func.count(func.distinct(Claim.group_id))))
    assert groups == used, "the copy's own fact-check is removed, not left empty"


def test_an_altered_copy_is_flagged_and_never_merged(desk):
    desk.import_documents([article(JOBS, title="Ledger")])
    changed = JOBS.replace("3.1 percent", "13.1 percent")
    outcome = desk.import_documents([article(changed, title="Post")]).imported[0]
    assert (outcome.altered, outcome.linked) == (1, 0)
    (match,) = matches(desk)
    assert (match.kind, match.state) == (MatchKind.ALTERED, MatchState.SUGGESTED)
    assert match.reason == "13.1 percent vs 3.1 percent"
    original = claim_of(desk, 1, "Unemployment")
    altered = claim_of(desk, outcome.article_id, "Unemployment")
    assert altered.group_id != original.group_id


def test_short_or_reworded_repeats_wait_for_a_person(desk):
    desk.import_documents([article(WHEAT, title="Wire")])
    reworded = "Last year wheat exports rose by 14 percent, said the ministry."
    outcome = desk.import_documents([article(reworded, title="Daily")]).imported[0]
    assert (outcome.suggested, outcome.linked) == (1, 0)
    (match,) = matches(desk)
    assert (match.kind, match.state) == (MatchKind.SAME, MatchState.SUGGESTED)


def test_unrelated_claims_are_left_alone(desk):
    desk.import_documents([article(JOBS, title="Ledger")])
    outcome = desk.import_documents([article(WHEAT, title="Wire")]).imported[0]
    assert (outcome.linked, outcome.suggested, outcome.altered) == (0, 0, 0)
    assert matches(desk) == []


def test_a_rejected_pair_is_never_suggested_again(desk):
    desk.import_documents([article(WHEAT, title="Wire")])
    reworded = "Last year wheat exports rose by 14 percent, said the ministry."
    second = desk.import_documents([article(reworded, title="Daily")]).imported[0]
    with desk.store.transaction() as session:
        session.execute(update(Match).values(state=MatchState.REJECTED))
    again = desk.find_repeats(second.article_id)
    assert (again.suggested, again.linked, again.altered) == (0, 0, 0)
    assert [match.state for match in matches(desk)] == [MatchState.REJECTED]


def test_a_claim_someone_worked_on_is_suggested_not_moved(desk):
    desk.import_documents([article("The mayor spoke on Monday.", JOBS, title="Ledger")])
    items = [ImportItem("wire", lambda: article(JOBS, "Rain fell.", title="Wire"))]
    second = desk.import_items(items, find_repeats=False).imported[0]
    worked = claim_of(desk, second.article_id, "Unemployment")
    desk.rate(worked.id, Verdict(rating="False"))
    again = desk.find_repeats(second.article_id)
    assert (again.linked, again.suggested) == (0, 1)
    assert claim_of(desk, second.article_id, "Unemployment").rating == "False"
