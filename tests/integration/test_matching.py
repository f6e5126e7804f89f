"""Repeated-claim search on real SQLite and PostgreSQL desks: the index follows the store."""

import sys
from pathlib import Path
from random import Random

import pytest
from alembic import command
from sqlalchemy import delete, inspect, select, update

from workbench.matching import index, link
from workbench.matching.compare import masked, similarity
from workbench.store.db import _alembic_config
from workbench.store.models import Article, Claim
from workbench.store.queries import ClaimFilter

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from synthetic import RowMaker, insert_articles  # noqa: E402

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
    assert counts["iran"] > rarity.cap and "iran" not in kept.words
    assert len(kept.rare) >= 2 and all(counts[word] <= rarity.cap for word in kept.rare)
    assert all(counts[word] > rarity.cap for word in kept.common)
    assert kept.words == sorted(kept.words, key=counts.__getitem__)
    if len(kept.rare) >= index.FEW_RARE_WORDS:
        assert kept.common == []
    else:
        assert len(kept.words) == min(len(words), index.LINK_RARE_WORDS)
    assert found[0].claim_id == claim.id


def test_a_link_pairs_common_words_only_with_rarer_ones():
    kept = index.LinkWords(["nun", "airport"], ["people", "know"])
    assert kept.pairs() == [
        ("nun", "airport"),
        ("nun", "people"),
        ("nun", "know"),
        ("airport", "people"),
        ("airport", "know"),
    ]
    assert index.LinkWords(["nun"], ["people", "know"]).pairs() == [
        ("nun", "people"),
        ("nun", "know"),
    ]
    assert index.LinkWords([], ["people", "know", "way"]).pairs() == [("people", "know")]
    assert index.LinkWords(["nun"], []).pairs() == []


def store_claims(desk, *articles: list[str]) -> None:
    """Articles of claims written straight into the desk, as the scale benchmark does."""
    rows = RowMaker(["Report"], Random(1), low_score=0.5)
    with desk.store.engine.begin() as connection:
        insert_articles(connection, [rows.article(texts) for texts in articles])


WHEREWITHAL = "We've got to give them the wherewithal to do it."


def test_a_copy_keeping_one_rare_word_is_found_through_its_common_ones(desk, monkeypatch):
    """The copy lost the query's other rare word ("Care", an attribution): the rare word
    it kept is asked for beside the claim's common words, never two common words alone."""
    common = ["They got a raise and give thanks.", "You've got to give it time."]
    store_claims(desk, [WHEREWITHAL, *common], ["We've got plenty to give away."])
    monkeypatch.setattr(index, "COMMON_FLOOR", 1)
    with desk.store.reading() as session:
        rarity = index.WordRarity(session)
        query = "Care said that we've got to give them wherewithal to do it."
        kept = rarity.rarest(session, index.link_words(query))
        found = index.link_candidates(session, query, 5, rarity)
    assert kept.rare == ["care", "wherewithal"]
    assert "got" in kept.common
    assert [candidate.claim_id for candidate in found] == [1]


def test_word_pair_tokens_are_neighbouring_words_in_either_order():
    tokens = index.pair_tokens("She's going to vote this November.")
    assert len(tokens) == 2
    assert index.pair_tokens("They vote going.") == tokens[:1]
    assert set(index.pair_tokens("Going home after the vote.")).isdisjoint(tokens)
    assert all(token.isalnum() and token.islower() for token in tokens)
    assert index.word_pairs("She's going to vote this November.") == " ".join(tokens)


VOTE = "She's going to vote this November."


def test_a_copy_keeping_only_common_words_is_found_through_its_word_pairs(desk, monkeypatch):
    """Every word the copy kept is common, so no pair of the query's rarest words finds
    it: the two it kept side by side do."""
    apart = [f"We are going home after the vote in {month}." for month in ("May", "June")]
    store_claims(desk, [VOTE], apart)
    monkeypatch.setattr(index, "COMMON_FLOOR", 1)
    query = "She's going to vote this Sheriff."

    def found() -> list[int]:
        with desk.store.reading() as session:
            rarity = index.WordRarity(session)
            assert rarity.rarest(session, index.link_words(query)).common == ["going", "vote"]
            return [hit.claim_id for hit in index.link_candidates(session, query, 5, rarity)]

    assert found() == [1]
    monkeypatch.setattr(index, "LINK_PAIRS", 0)
    assert found() == []


def test_the_index_follows_a_claims_word_pairs(desk, monkeypatch):
    """Stored, changed and rebuilt, a claim's word pairs are what the index finds it by."""
    store_claims(desk, [VOTE, "Wheat exports rose by 14 percent last year."])
    monkeypatch.setattr(index, "LINK_RARE_WORDS", 0)

    def by_pairs(text: str) -> list[int]:
        with desk.store.reading() as session:
            rarity = index.WordRarity(session)
            return [hit.claim_id for hit in index.link_candidates(session, text, 5, rarity)]

    assert by_pairs(VOTE) == [1]
    with desk.store.transaction() as session:
        pairs = index.word_pairs("barley harvest")
        session.execute(update(Claim).where(Claim.id == 1).values(word_pairs=pairs))
    assert by_pairs(VOTE) == []
    assert by_pairs("the barley harvest") == [1]
    with desk.store.transaction() as session:
        index.rebuild(session)
    assert by_pairs("the barley harvest") == [1]


def test_a_desk_taken_back_before_the_stored_wordings_and_upgraded_again_links_the_same(
    desk, two_articles
):
    """Downgrading drops the masked wording and the word pairs (SQLite in place: its
    table copy would lose the claim's triggers), and upgrading fills them again."""
    desk.import_paths([SEED_ARTICLE])

    def candidates(text: str) -> list[int]:
        with desk.store.reading() as session:
            rarity = index.WordRarity(session)
            return [hit.claim_id for hit in index.link_candidates(session, text, 10, rarity)]

    expected = candidates(PARAPHRASE)
    engine = desk.store.engine
    command.downgrade(_alembic_config(engine), "0005")
    columns = {column["name"] for column in inspect(engine).get_columns("claim")}
    assert not columns & {"masked_text", "word_pairs"}
    command.upgrade(_alembic_config(engine), "head")
    index.WordRarity.forget()
    assert all(stored == masked(claim_text) for claim_text, stored in masked_texts(desk))
    assert candidates(PARAPHRASE) == expected
    desk.import_documents(two_articles)
    with desk.store.reading() as session:
        wheat = session.scalar(select(Claim.id).where(Claim.text.startswith("Exports of wheat")))
    assert candidates("Wheat exports rose by 14 percent last year.")[0] == wheat


def test_the_closest_candidates_are_the_ones_judge_rates_closest(desk):
    """A copy with its names and year changed is, to `judge`, closer than one with words
    added; the plain wording says the opposite."""
    query = "Obama signed the health bill in Chicago in 2010."
    store_claims(
        desk,
        [
            "Obama signed the health bill in Chicago in 2010 with friends.",
            "Trump signed the health bill in Denver in 2017.",
        ],
    )
    with desk.store.reading() as session:
        found = [index.Candidate(claim_id, 1.0) for claim_id in (1, 2)]
        ranked = link.closest(session, query, found, min_score=0.0)
    assert [stored.id for stored in ranked] == [2, 1]
    assert [similarity(query, stored.text) for stored in ranked] == sorted(
        similarity(query, stored.text) for stored in ranked
    )


def masked_texts(desk) -> list[tuple[str, str]]:
    with desk.store.reading() as session:
        return list(session.execute(select(Claim.text, Claim.masked_text).order_by(Claim.id)))


def test_an_import_stores_the_wording_judge_compares(desk):
    """`closest` ranks by each claim's stored masked wording: it must be `judge`'s."""
    desk.import_paths([SEED_ARTICLE])
    rows = masked_texts(desk)
    assert len(rows) > 10
    assert all(stored == masked(claim_text) for claim_text, stored in rows)


def test_the_benchmarks_bulk_insert_stores_the_wording_judge_compares(desk):
    store_claims(desk, ["Obama signed the health bill in Chicago in 2010, not 2012."])
    assert masked_texts(desk) == [
        (
            "Obama signed the health bill in Chicago in 2010, not 2012.",
            "# # @ @ bill health in in signed the",
        )
    ]
