"""Repeated-claim search on real SQLite and PostgreSQL desks: the index follows the store."""

from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from workbench.matching import index
from workbench.store.models import Article, Claim
from workbench.store.queries import ClaimFilter

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO / "seeds" / "000_0a75df98240e711f.txt"
JETS = "Russian jets used an air base in Iran"
PARAPHRASE = "Russian warplanes used an Iranian air base last summer to strike targets in Syria"


@pytest.fixture
def desk(desk_on_each_backend):
    """Every test here runs on a SQLite desk, then on a PostgreSQL one."""
    return desk_on_each_backend


def top_texts(desk, text, top=3):
    return [row.claim.text for row in desk.match(text, top)]


def test_a_reworded_claim_finds_the_stored_one_first(desk):
    desk.import_paths([SEED_ARTICLE])
    found = desk.match(PARAPHRASE)
    assert found[0].claim.text.startswith(JETS)
    assert 0.4 < found[0].similarity < 1
    assert [row.relevance for row in found] == sorted(
        (row.relevance for row in found), reverse=True
    )


def test_texts_without_content_words_or_with_query_syntax_find_nothing_or_work(desk):
    desk.import_paths([SEED_ARTICLE])
    assert desk.match("the of and") == []
    assert desk.match("zzzz") == []
    hostile_texts = (
        'NEAR(jets base) "Iran',
        "jets* OR AND NOT",
        "Iran's ^base -jets (col):x",
        "jets & !base | 'Iran':* <-> \\ %_",
    )
    for hostile in hostile_texts:
        assert desk.match(hostile, 1), hostile


def test_the_index_follows_inserts_deletes_and_title_changes(desk, two_articles):
    desk.import_documents(two_articles)
    assert top_texts(desk, "wheat exports rose 14 percent")[0].startswith("Exports of wheat")
    with desk.store.transaction() as session:
        session.execute(
            update(Article).where(Article.title == "Trade figures").values(title="Grain")
        )
    with desk.store.reading() as session:
        hits = index.candidates(session, "grain", limit=5)
        wheat = session.scalar(select(Claim.id).where(Claim.text.startswith("Exports of wheat")))
    assert wheat in [hit.claim_id for hit in hits]
    with desk.store.transaction() as session:
        session.delete(session.scalar(select(Article).where(Article.title == "Grain")))
    assert not any(text.startswith("Exports") for text in top_texts(desk, "wheat exports"))


def test_rebuilding_the_index_gives_the_same_answers(desk):
    desk.import_paths([REPO / "seeds"])
    before = top_texts(desk, PARAPHRASE, 5)
    with desk.store.transaction() as session:
        session.execute(delete(index.MATCH_INDEX))
    assert desk.match(PARAPHRASE) == []
    with desk.store.transaction() as session:
        held = index.rebuild(session)
        claims = session.query(Claim).count()
    assert held == claims
    assert top_texts(desk, PARAPHRASE, 5) == before


@pytest.mark.parametrize("top", [1, 3])
def test_top_limits_the_answers(desk, top):
    desk.import_paths([SEED_ARTICLE])
    assert len(desk.match("Iran Russia", top)) == top


def test_a_link_query_keeps_the_rarest_words_and_leaves_out_common_ones(desk, monkeypatch):
    desk.import_paths([SEED_ARTICLE])
    link_words = index.link_words("That's not what Obama's team said about wheat")
    assert link_words == ["obama", "team", "wheat"]
    claim = next(row for row in desk.claims(ClaimFilter()) if row.text.startswith(JETS))
    monkeypatch.setattr(index, "COMMON_FLOOR", 1)
    with desk.store.reading() as session:
        rarity = index.WordRarity(session)
        words = index.link_words(claim.text)
        counts = {word: rarity.count(session, word) for word in words}
        kept = rarity.rarest(session, words)
        found = index.link_candidates(session, claim.text, 5, rarity)
    assert counts["iran"] > rarity.cap and "iran" not in kept
    assert len(kept) >= 2 and all(counts[word] <= rarity.cap for word in kept)
    assert kept == sorted(kept, key=counts.__getitem__)
    assert found[0].claim_id == claim.id
