"""A person confirms, rejects or parts repeated claims; every decision is audited and undoable
(SQLite, then PostgreSQL)."""

import pytest
from sqlalchemy import delete, func, select

from workbench.errors import NotFoundError, WorkbenchError
from workbench.ingest.readers import read_pasted
from workbench.services import Verdict
from workbench.store.models import Article, Claim, ClaimGroup, Match, MatchState
from workbench.store.queries import ClaimFilter, DeskQuery, DeskSort

JOBS = "Unemployment in Riverton fell to 3.1 percent in 2023, according to the state labour office."
WHEAT = "Exports of wheat rose by 14 percent last year, the ministry said."
REWORDED_WHEAT = "Last year wheat exports rose by 14 percent, said the ministry."


@pytest.fixture
def desk(desk_on_each_backend):
    return desk_on_each_backend


def article(*sentences: str, title: str):
    return read_pasted(" ".join(sentences), title=title)


def claim_of(desk, article_id, fragment):
    return next(
        row for row in desk.claims(ClaimFilter(article_id=article_id)) if fragment in row.text
    )


def import_one(desk, *sentences, title):
    return desk.import_documents([article(*sentences, title=title)]).imported[0]


def no_empty_fact_checks(desk) -> bool:
    with desk.store.reading() as session:
        groups = session.scalar(select(func.count(ClaimGroup.id)))
        used = session.scalar(select(func.count(func.distinct(Claim.group_id))))
    return groups == used


@pytest.fixture
def suggested(desk):
    """A rated wheat claim and a reworded copy in another article, suggested as the same."""
    first = import_one(desk, WHEAT, title="Wire")
    original = claim_of(desk, first.article_id, "wheat")
    desk.rate(original.id, Verdict(status="checked", rating="Mostly True", conclusion="Close."))
    second = import_one(desk, REWORDED_WHEAT, title="Daily")
    assert second.suggested == 1
    (pair,) = desk.suggestions()
    return original, claim_of(desk, second.article_id, "wheat"), pair


def test_confirming_a_suggestion_reuses_the_earlier_verdict(desk, suggested):
    original, copy, pair = suggested
    assert pair.other_than(copy.id).claim_id == original.id
    assert pair.other_than(copy.id).rating == "Mostly True"
    assert [row.match_id for row in desk.claim(copy.id).suggested] == [pair.match_id]
    desk.confirm(pair.match_id)
    joined = desk.claim(copy.id)
    assert joined.group_id == original.group_id
    assert (joined.rating, joined.conclusion) == ("Mostly True", "Close.")
    assert [seen.claim_id for seen in joined.elsewhere] == [original.id]
    assert desk.suggestions() == [] and joined.suggested == []
    assert no_empty_fact_checks(desk)
    changes = {(event.entity, event.field, event.new_value) for event in desk.history(copy.id)}
    assert ("match", "state", "confirmed") in changes
    assert ("claim", "group", str(original.group_id)) in changes


def test_undoing_a_confirmation_parts_the_claims_and_asks_again(desk, suggested):
    original, copy, pair = suggested
    change = desk.confirm(pair.match_id)
    desk.revert(change)
    parted = desk.claim(copy.id)
    assert parted.group_id != original.group_id
    assert (parted.rating, parted.status.value, parted.conclusion) == (None, "unchecked", "")
    assert [row.match_id for row in desk.suggestions()] == [pair.match_id]
    assert no_empty_fact_checks(desk)
    desk.confirm(pair.match_id)
    assert desk.claim(copy.id).group_id == original.group_id


def test_a_rejected_suggestion_is_not_suggested_again_until_undone(desk, suggested):
    _, copy, pair = suggested
    change = desk.reject(pair.match_id)
    assert desk.suggestions() == []
    again = desk.find_repeats(copy.article_id)
    assert (again.suggested, again.linked, again.altered) == (0, 0, 0)
    assert any(event.new_value == "rejected" for event in desk.history(copy.id))
    desk.revert(change)
    assert [row.state for row in desk.suggestions()] == [MatchState.SUGGESTED]


def test_the_fact_check_with_work_in_it_is_the_one_kept(desk):
    first = import_one(desk, WHEAT, title="Wire")
    second = import_one(desk, REWORDED_WHEAT, title="Daily")
    new = claim_of(desk, second.article_id, "wheat")
    desk.rate(new.id, Verdict(rating="False"))
    (pair,) = desk.suggestions()
    desk.confirm(pair.match_id)
    earlier = claim_of(desk, first.article_id, "wheat")
    assert earlier.group_id == new.group_id
    assert earlier.rating == "False"


def test_two_fact_checks_with_work_are_never_merged(desk, suggested):
    _, copy, pair = suggested
    desk.rate(copy.id, Verdict(rating="False"))
    with pytest.raises(WorkbenchError, match="both have a fact-check with work"):
        desk.confirm(pair.match_id)
    assert desk.claim(copy.id).rating == "False"
    assert [row.state for row in desk.suggestions()] == [MatchState.SUGGESTED]


def test_unlinking_an_automatic_link_parts_the_claim_for_good(desk):
    first = import_one(desk, "The mayor spoke on Monday.", JOBS, title="Ledger")
    original = claim_of(desk, first.article_id, "Unemployment")
    desk.rate(original.id, Verdict(rating="Mostly True"))
    second = import_one(desk, JOBS, "Rain fell on Tuesday in the north.", title="Wire")
    assert second.linked == 1
    copy = claim_of(desk, second.article_id, "Unemployment")
    assert copy.rating == "Mostly True"
    change = desk.unlink(copy.id)
    parted = desk.claim(copy.id)
    assert parted.group_id != original.group_id and parted.rating is None
    assert desk.claim(original.id).rating == "Mostly True"
    again = desk.find_repeats(second.article_id)
    assert (again.linked, again.suggested) == (0, 0)
    desk.revert(change)
    assert desk.claim(copy.id).group_id == original.group_id
    assert no_empty_fact_checks(desk)


def test_rejecting_a_confirmed_link_parts_the_claims(desk):
    first = import_one(desk, "The mayor spoke on Monday.", JOBS, title="Ledger")
    second = import_one(desk, JOBS, "Rain fell on Tuesday in the north.", title="Wire")
    original = claim_of(desk, first.article_id, "Unemployment")
    copy = claim_of(desk, second.article_id, "Unemployment")
    with desk.store.reading() as session:
        (link,) = session.execute(select(Match.id, Match.state)).all()
    assert link.state is MatchState.CONFIRMED
    desk.reject(link.id)
    assert desk.claim(copy.id).group_id != desk.claim(original.id).group_id
    with desk.store.reading() as session:
        assert session.scalar(select(Match.state)) is MatchState.REJECTED


def test_an_altered_copy_can_be_dismissed_and_brought_back(desk):
    first = import_one(desk, JOBS, title="Ledger")
    second = import_one(desk, JOBS.replace("3.1 percent", "13.1 percent"), title="Post")
    altered = claim_of(desk, second.article_id, "Unemployment")
    (pair,) = desk.claim(altered.id).altered
    change = desk.reject(pair.match_id)
    assert desk.claim(altered.id).altered == []
    assert desk.claim(claim_of(desk, first.article_id, "Unemployment").id).altered == []
    desk.revert(change)
    assert [row.match_id for row in desk.claim(altered.id).altered] == [pair.match_id]


def test_mistakes_get_clear_messages(desk, suggested):
    _, copy, _ = suggested
    with pytest.raises(NotFoundError, match="no suggested repeat 999"):
        desk.confirm(999)
    with pytest.raises(WorkbenchError, match=f"claim {copy.id} is alone"):
        desk.unlink(copy.id)


def test_the_desk_table_counts_and_groups_repeats(desk):
    import_one(desk, "The mayor spoke on Monday.", JOBS, title="Ledger")
    import_one(desk, JOBS, "Rain fell on Tuesday in the north.", title="Wire")
    import_one(desk, WHEAT, title="Trade")
    every = desk.desk_page(DeskQuery(min_score=0.0), 0, 50)
    seen = {row.text: row.seen for row in every}
    assert seen[JOBS] == 2 and seen[WHEAT] == 1
    repeated = desk.desk_page(DeskQuery(repeated_only=True), 0, 50)
    assert [row.text for row in repeated] == [JOBS, JOBS]
    assert desk.desk_count(DeskQuery(repeated_only=True)) == 2
    once = DeskQuery(repeated_only=True, one_per_fact_check=True)
    assert [row.text for row in desk.desk_page(once, 0, 50)] == [JOBS]
    assert desk.desk_count(once) == 1
    by_seen = desk.desk_page(DeskQuery(sort=DeskSort.SEEN), 0, 50)
    assert [row.seen for row in by_seen] == sorted((row.seen for row in every), reverse=True)


def test_the_fact_check_figures_follow_claims_that_come_and_go(desk):
    import_one(desk, "The mayor spoke on Monday.", JOBS, title="Ledger")
    second = import_one(desk, JOBS, "Rain fell on Tuesday in the north.", title="Wire")
    copy = claim_of(desk, second.article_id, "Unemployment")
    first_id = desk.claim(copy.id).elsewhere[0].claim_id

    def figures():
        with desk.store.reading() as session:
            group = session.get_one(ClaimGroup, desk.claim(first_id).group_id)
            return group.seen_in, group.first_claim_id

    assert figures() == (2, first_id)
    with desk.store.transaction() as session:
        session.execute(delete(Article).where(Article.id == second.article_id))
    assert figures() == (1, first_id)
