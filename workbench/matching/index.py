"""Candidates for a repeated claim: the stored claims that share most words with a text.

Both backends keep a table `claim_match_index` beside `claim`, filled and kept
in step by triggers on claim and article, with each claim's normalised text,
its article's title and its word pairs (`word_pairs`: each two neighbouring
content words as one token). A query asks for any of the text's longest content
words, and the claims holding them are ranked by BM25: the words a claim shares
with the text, weighted by how rare they are on the desk, a word of the title
counting less than one of the claim, a long claim gaining less from each word.

- SQLite (migration 0003): an FTS5 table with Porter stemming; FTS5 computes BM25.
- PostgreSQL (migration 0004): one `tsvector` per claim ('english' stemming; the
  claim's words labelled A, the title's B) under a GIN index, and BM25 computed
  in SQL the way FTS5 does it. PostgreSQL keeps no word frequencies for this,
  but every claim holding a query word is among the claims found, so each
  word's frequency on the desk is counted exactly there. Its own ranking
  functions (`ts_rank`, `ts_rank_cd`) ignore how rare a word is: on the CLEF
  2020 claim-retrieval data they found the right claim first markedly less
  often, and `ts_rank_cd` was several times slower on these OR queries.

Nothing here scans the stored claims; re-ranking and judging the few
candidates is the caller's work.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Any, ClassVar

from sqlalchemy import Float, Integer, Select, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from workbench.errors import StoreError
from workbench.matching.normalize import STOPWORDS, content_words

#: The index on SQLite: an FTS5 table whose rowid is the claim's id.
MATCH_INDEX = table("claim_match_index", column("rowid", Integer))
#: Rank weights of the claim's own words, its article's title, and its word pairs.
TEXT_WEIGHT, CONTEXT_WEIGHT, PAIR_WEIGHT = 1.0, 0.7, 1.0
#: BM25's parameters, FTS5's values: how fast repeats of a word stop counting, and
#: how much a claim's length discounts its words.
BM25_K1, BM25_B = 1.2, 0.75
#: Words a person's search keeps (a whole post, say), the longest first: long words
#: are the rarer ones that find a claim, and each costs the time of reading its claims.
SEARCH_QUERY_WORDS = 64
#: Words that more than this share of the claims hold (and more than the floor, so
#: that a small desk keeps its words) are common: a link query pairs them only with
#: rarer words.
COMMON_SHARE, COMMON_FLOOR = 0.02, 500
#: The rarest words a link query keeps, and how many of them a claim must share.
LINK_RARE_WORDS, LINK_SHARED_WORDS = 4, 2
#: A claim with fewer rare words than this keeps common ones too, up to
#: `LINK_RARE_WORDS`: on a desk of a million claims, pairing every claim's rare words
#: with common ones would read twice the claims for a few more look-alikes found.
FEW_RARE_WORDS = 3
#: The rarest word pairs a link query asks for beside its words, among the pairs held by
#: at most this share of the claims (and the floor): a copy keeps neighbouring words
#: together even when each of them is common ("going to vote"), and a pair held by
#: more claims than the copies of one sentence tells little and costs much to rank.
LINK_PAIRS, COMMON_PAIR_SHARE = 12, 0.002
#: Word counts remembered before the memory starts again.
_REMEMBERED_WORDS = 200_000
_HIGHEST_CLAIM = {
    "sqlite": "SELECT max(rowid) FROM claim_match_index",
    "postgresql": "SELECT max(claim_id) FROM claim_match_index",
}
#: How many claims hold a word, counting no further than `cap`.
_BOUNDED_COUNT = {
    "sqlite": "SELECT count(*) FROM (SELECT 1 FROM claim_match_index "
    "WHERE claim_match_index MATCH :word LIMIT :cap) AS held",
    "postgresql": "SELECT count(*) FROM (SELECT 1 FROM claim_match_index "
    "WHERE vector @@ plainto_tsquery('english', :word) LIMIT :cap) AS held",
}
#: How each database with a match index fills it from the stored claims.
_FILL_FROM_CLAIMS = {
    "sqlite": "INSERT INTO claim_match_index(rowid, match_text, context, word_pairs) "
    "SELECT claim.id, claim.match_text, article.title, claim.word_pairs "
    "FROM claim JOIN article ON article.id = claim.article_id",
    "postgresql": "INSERT INTO claim_match_index (claim_id, vector) "
    "SELECT claim.id, claim_match_vector(claim.match_text, article.title, claim.word_pairs) "
    "FROM claim JOIN article ON article.id = claim.article_id",
}
#: BM25 on PostgreSQL, as FTS5 computes it. The words come as one array, and the
#: queries that find the claims as another (a word, or words a claim must all hold,
#: separated by spaces); each is read by `plainto_tsquery` as plain text, so nothing
#: in them is query syntax. The GIN index finds the claims matching any query
#: (`@@ ANY` runs one bitmap index scan per query); a word's weighted frequency in a
#: claim counts each place of it in the claim as `text_weight`, in the title as
#: `context_weight` and among the word pairs as `pair_weight`. The highest claim id
#: stands for the number of claims (an index lookup, not a count; exact until claims
#: are deleted) and the mean size of the claims found for the mean of all. The text
#: search configuration is the one migrations 0004 and 0007 index with.
POSTGRESQL_BM25 = text("""
WITH hits AS MATERIALIZED (
    SELECT claim_id, vector, length(vector) AS size
    FROM claim_match_index
    WHERE vector @@ ANY (ARRAY(
        SELECT plainto_tsquery('english', query) FROM unnest(CAST(:queries AS text[])) AS query
    ))
),
occurrences AS (
    SELECT hits.claim_id, hits.size, entry.lexeme,
        :text_weight * cardinality(array_positions(entry.weights, 'A'))
        + :context_weight * cardinality(array_positions(entry.weights, 'B'))
        + :pair_weight * cardinality(array_positions(entry.weights, 'C')) AS frequency
    FROM hits CROSS JOIN LATERAL unnest(hits.vector) AS entry
    WHERE entry.lexeme IN (
        SELECT unnest(tsvector_to_array(to_tsvector('english', word)))
        FROM unnest(CAST(:words AS text[])) AS word
    )
),
totals AS (
    SELECT (SELECT max(claim_id) FROM claim_match_index) AS claims,
        (SELECT avg(size) FROM hits) AS mean_size
),
rarity AS (
    SELECT lexeme, greatest(ln((totals.claims - count(*) + 0.5) / (count(*) + 0.5)), 1e-6) AS idf
    FROM occurrences CROSS JOIN totals
    GROUP BY lexeme, totals.claims
)
SELECT claim_id,
    sum(idf * frequency * (:k1 + 1)
        / (frequency + :k1 * (1 - :b + :b * size / totals.mean_size))) AS relevance
FROM occurrences JOIN rarity USING (lexeme) CROSS JOIN totals
GROUP BY claim_id
ORDER BY relevance DESC, claim_id
LIMIT :limit
""")


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
    kept = query_words(claim_text, words)
    if not kept:
        return []
    if _require_index(session) == "postgresql":
        return _ranked_by_postgresql(session, kept, kept, limit)
    statement = _ranked_by_sqlite(_fts5_query(kept), limit)
    return [Candidate(claim_id, -score) for claim_id, score in session.execute(statement)]


def link_candidates(
    session: Session, claim_text: str, limit: int, rarity: WordRarity
) -> list[Candidate]:
    """Stored claims that hold at least two of the text's rarest words, or one of its
    rarest word pairs, most relevant first.

    Linking at import asks this for every new claim, so it must stay fast on a
    desk of a million claims. A word that a large share of the claims hold
    ("president", "people") tells little about which claim is repeated, and
    alone, or beside another such word, would make the index rank a large share
    of the desk: the query keeps the rarest words, and asks for pairs of them,
    which a copy or a reworded claim keeps and a claim on another subject seldom
    does. A claim with few rare words keeps common ones too, paired with its rare
    ones: a copy that kept one rare word and rewrote the rest still holds it with
    a common one. And a copy keeps words side by side, common or not: the query
    also asks for the rarest of the text's word pairs (`neighbour_pairs`), which the
    index holds as single tokens, so that finding them reads few claims.
    """
    kept = rarity.rarest(session, link_words(claim_text))
    adjacent = rarity.rarest_pairs(session, neighbour_pairs(claim_text))
    if not kept.words and not adjacent:
        return []
    if _require_index(session) == "postgresql":
        queries = [" ".join(pair) for pair in kept.pairs()] or kept.words
        return _ranked_by_postgresql(session, kept.words + adjacent, queries + adjacent, limit)
    statement = _ranked_by_sqlite(link_query(kept, adjacent), limit)
    return [Candidate(claim_id, -score) for claim_id, score in session.execute(statement)]


def link_words(claim_text: str) -> list[str]:
    """The words a link query may use: content words, without negations (which every
    other claim holds) or the function-word halves of contractions ("that's")."""
    return list(dict.fromkeys(_link_word_sequence(claim_text)))


def neighbour_pairs(claim_text: str) -> list[tuple[str, str]]:
    """Each two neighbouring link words of the text, in alphabetical order (so a pair
    said the other way round is the same pair), first seen first."""
    sequence = _link_word_sequence(claim_text)
    return list(
        dict.fromkeys(
            (min(one, other), max(one, other)) for one, other in pairwise(sequence) if one != other
        )
    )


def pair_tokens(claim_text: str) -> list[str]:
    """The text's `neighbour_pairs`, each as one token: a short hash in letters and
    digits, which both backends' text search keep whole and never take for a word."""
    return [pair_token(pair) for pair in neighbour_pairs(claim_text)]


def pair_token(pair: tuple[str, str]) -> str:
    """One of `neighbour_pairs` as the token the index holds: 'p' and 40 bits of hash."""
    digest = hashlib.blake2b(" ".join(pair).encode(), digest_size=5).digest()
    return "p" + base64.b32encode(digest).decode("ascii").lower()


def word_pairs(claim_text: str) -> str:
    """What `claim.word_pairs` holds for the text: its `pair_tokens`, separated by spaces."""
    return " ".join(pair_tokens(claim_text))


def _link_word_sequence(claim_text: str) -> list[str]:
    return [
        part
        for word in content_words(claim_text)
        for part in word.split("'")
        if len(part) > 1 and part not in STOPWORDS
    ]


@dataclass(frozen=True)
class LinkWords:
    """The words of a link query, the rarest first."""

    #: Words held by at most the rarity's cap.
    rare: list[str]
    #: Commoner words, kept when the rare ones are fewer than `FEW_RARE_WORDS`.
    common: list[str]

    @property
    def words(self) -> list[str]:
        return self.rare + self.common

    def pairs(self) -> list[tuple[str, str]]:
        """The pairs a claim may hold to be found: none of two common words, apart from
        the two rarest words of a claim with fewer than two rare ones."""
        kept = self.words
        common = set(self.common)
        return [
            (one, other)
            for one, other in combinations(kept, 2)
            if one not in common or (one, other) == tuple(kept[:LINK_SHARED_WORDS])
        ]


class WordRarity:
    """How many claims hold each word, counted up to a cap and remembered.

    The counts are remembered for the whole process, per database: they only
    order words by rarity, and a count grown stale only makes a query slower.
    """

    _counts: ClassVar[dict[tuple[str, str], int]] = {}

    def __init__(self, session: Session) -> None:
        self.database = str(session.get_bind().url)
        total = session.scalar(text(_HIGHEST_CLAIM[_require_index(session)])) or 0
        self.cap = max(int(total * COMMON_SHARE), COMMON_FLOOR)
        self.pair_cap = max(int(total * COMMON_PAIR_SHARE), COMMON_FLOOR)

    @classmethod
    def forget(cls) -> None:
        """Forget every count remembered (for a cold start in a benchmark)."""
        cls._counts.clear()

    def rarest(self, session: Session, words: list[str]) -> LinkWords:
        """Up to `LINK_RARE_WORDS` of `words`, the rarest first: the rare ones (held by
        at most the cap), then, if they are fewer than `FEW_RARE_WORDS`, common ones."""
        counted = sorted(words, key=lambda word: self.count(session, word))[:LINK_RARE_WORDS]
        rare = [word for word in counted if self.count(session, word) <= self.cap]
        return LinkWords(rare, counted[len(rare) :] if len(rare) < FEW_RARE_WORDS else [])

    def rarest_pairs(self, session: Session, pairs: list[tuple[str, str]]) -> list[str]:
        """The tokens of up to `LINK_PAIRS` of `pairs` held by at most the pair cap, the
        rarest first.

        No more claims hold a pair than hold its rarer word, counted already: only
        a pair of two words each above the pair cap is counted itself.
        """
        held: dict[str, int] = {}
        for pair in pairs:
            token = pair_token(pair)
            bound = min(self.count(session, word) for word in pair)
            held[token] = (
                bound if bound <= self.pair_cap else self.count(session, token, self.pair_cap)
            )
        rarest = sorted(held, key=held.__getitem__)
        return [token for token in rarest if held[token] <= self.pair_cap][:LINK_PAIRS]

    def count(self, session: Session, word: str, cap: int | None = None) -> int:
        """How many claims hold `word` (or a pair token), counted up to one past `cap`
        (the word cap if none is given)."""
        cap = self.cap if cap is None else cap
        key = (self.database, word)
        if key not in self._counts:
            if len(self._counts) >= _REMEMBERED_WORDS:
                self._counts.clear()
            dialect = session.get_bind().dialect.name
            probe = _fts5_query([word]) if dialect == "sqlite" else word
            held = session.scalar(text(_BOUNDED_COUNT[dialect]), {"word": probe, "cap": cap + 1})
            self._counts[key] = held or 0
        return self._counts[key]


def query_words(claim_text: str, words: int = SEARCH_QUERY_WORDS) -> list[str]:
    """The text's distinct content words, the `words` longest (first seen first among equals)."""
    return sorted(dict.fromkeys(content_words(claim_text)), key=len, reverse=True)[:words]


def _fts5_query(words: list[str]) -> str:
    return " OR ".join(_quoted(word) for word in words)


def link_query(kept: LinkWords, adjacent: list[str]) -> str:
    """The FTS5 query of a link: claims holding any of `kept`'s pairs (its word, if it
    has one) or any of the `adjacent` word-pair tokens."""
    pairs = kept.pairs()
    words = " OR ".join(f"({_quoted(one)} AND {_quoted(other)})" for one, other in pairs)
    return " OR ".join(
        query for query in (words or _fts5_query(kept.words), _fts5_query(adjacent)) if query
    )


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _ranked_by_sqlite(query: str, limit: int) -> Select[Any]:
    """FTS5 matches by BM25, which FTS5 reports negated: lowest first."""
    rank = func.bm25(
        literal_column(MATCH_INDEX.name), TEXT_WEIGHT, CONTEXT_WEIGHT, PAIR_WEIGHT, type_=Float
    )
    return (
        select(MATCH_INDEX.c.rowid, rank)
        .where(literal_column(MATCH_INDEX.name).op("MATCH")(query))
        .order_by(rank)
        .limit(limit)
    )


def _ranked_by_postgresql(
    session: Session, words: list[str], queries: list[str], limit: int
) -> list[Candidate]:
    """BM25 over `words` of the claims matching any of `queries`."""
    parameters = {
        "words": words,
        "queries": queries,
        "limit": limit,
        "text_weight": TEXT_WEIGHT,
        "context_weight": CONTEXT_WEIGHT,
        "pair_weight": PAIR_WEIGHT,
        "k1": BM25_K1,
        "b": BM25_B,
    }
    return [Candidate(*row) for row in session.execute(POSTGRESQL_BM25, parameters)]


def rebuild(session: Session) -> int:
    """Fill the index again from the claims; how many it holds. For repair and upgrades."""
    dialect = _require_index(session)
    session.execute(text("DELETE FROM claim_match_index"))
    session.execute(text(_FILL_FROM_CLAIMS[dialect]))
    return session.scalar(select(func.count()).select_from(MATCH_INDEX)) or 0


def available(session: Session) -> bool:
    """Whether this desk has the match index (SQLite and PostgreSQL desks do)."""
    return session.get_bind().dialect.name in _FILL_FROM_CLAIMS


def _require_index(session: Session) -> str:
    """The desk's database dialect, when it has the match index."""
    dialect = session.get_bind().dialect.name
    if dialect not in _FILL_FROM_CLAIMS:
        raise StoreError(
            f"finding repeated claims needs a SQLite or PostgreSQL desk; this desk is on {dialect}"
        )
    return dialect
