"""Candidates for a repeated claim: the stored claims that share most words with a text.

On SQLite the candidates come from the FTS5 table `claim_match_index` (made by
migration 0003 and kept in step with `claim` by triggers), ranked by BM25 over
each claim's normalised text and, with less weight, its article's title: the
words a claim shares with the text, weighted by how rare they are. Nothing
here scans the stored claims; re-ranking and judging the few candidates is the
caller's work.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, Integer, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from workbench.errors import StoreError
from workbench.matching.normalize import content_words

MATCH_INDEX = table("claim_match_index", column("rowid", Integer))
#: BM25 weights of the index's columns: the claim's own words, then its article's title.
TEXT_WEIGHT, CONTEXT_WEIGHT = 1.0, 0.7
#: Words a query keeps, the longest first: long words are the rare ones that find a
#: claim, and every word costs the time of reading its list of claims. Linking at
#: import asks with few words, a person's search (a whole post) with many.
LINK_QUERY_WORDS = 12
SEARCH_QUERY_WORDS = 64


@dataclass(frozen=True)
class Candidate:
    claim_id: int
    #: BM25 relevance, higher is better (FTS5 reports it negated).
    relevance: float


def candidates(
    session: Session, claim_text: str, limit: int = 50, words: int = SEARCH_QUERY_WORDS
) -> list[Candidate]:
    """Up to `limit` stored claims sharing words with `claim_text`, most relevant first;
    the query keeps the `words` longest content words."""
    query = match_query(claim_text, words)
    if not query:
        return []
    _require_index(session)
    rank = func.bm25(literal_column(MATCH_INDEX.name), TEXT_WEIGHT, CONTEXT_WEIGHT, type_=Float)
    statement = (
        select(MATCH_INDEX.c.rowid, rank)
        .where(literal_column(MATCH_INDEX.name).op("MATCH")(query))
        .order_by(rank)
        .limit(limit)
    )
    return [Candidate(claim_id, -score) for claim_id, score in session.execute(statement)]


def match_query(claim_text: str, words: int = SEARCH_QUERY_WORDS) -> str:
    """An FTS5 query matching any of the text's longest content words, each quoted."""
    kept = sorted(dict.fromkeys(content_words(claim_text)), key=len, reverse=True)[:words]
    return " OR ".join('"' + word.replace('"', '""') + '"' for word in kept)


def rebuild(session: Session) -> int:
    """Fill the index again from the claims; how many it holds. For repair and upgrades."""
    _require_index(session)
    session.execute(text("DELETE FROM claim_match_index"))
    session.execute(
        text(
            "INSERT INTO claim_match_index(rowid, match_text, context) "
            "SELECT claim.id, claim.match_text, article.title "
            "FROM claim JOIN article ON article.id = claim.article_id"
        )
    )
    return session.scalar(select(func.count()).select_from(MATCH_INDEX)) or 0


def available(session: Session) -> bool:
    """Whether this desk has the match index (SQLite desks do; server desks not yet)."""
    return session.get_bind().dialect.name == "sqlite"


def _require_index(session: Session) -> None:
    if not available(session):
        dialect = session.get_bind().dialect.name
        raise StoreError(
            f"finding repeated claims needs a SQLite desk for now; this desk is on {dialect}"
        )
