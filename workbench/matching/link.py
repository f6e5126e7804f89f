"""Finding where new claims repeat stored ones: candidates from the index, then a judgement.

For each new claim the index proposes the stored claims of other articles that
share its rarest words; the closest in wording, one per fact-check, go to
`judge`, which decides same, altered or unrelated. A pair
already recorded is not proposed again (so a pair someone rejected never comes
back), and claims already in one group are not proposed to each other.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from sqlalchemy import ARRAY, ColumnElement, Integer, any_, bindparam, column, func, or_, select
from sqlalchemy.orm import Session

from workbench.matching import index
from workbench.matching.compare import Judgement, Outcome, judge, masked
from workbench.matching.normalize import content_words
from workbench.store.models import Claim, Match

#: How the links are made, as `Match.method` records it.
METHOD = "bm25+judge"
#: Candidates the index proposes for each claim: as many as the copies of a sentence
#: that went round (hundreds on a desk of a million claims), since the index's order
#: does not tell the closest of them apart...
POOL = 600
#: ...and the closest of them in masked wording, one per fact-check, are judged.
JUDGED = 32
#: Wording (facts masked) at least this close links a same claim without asking...
AUTO_LINK_SIMILARITY = 0.9
#: ...if the claim has at least this many words: short texts match too easily.
AUTO_LINK_MIN_WORDS = 8
#: Claims with fewer content words ("That is not true.") are not matched at all.
MIN_CONTENT_WORDS = 4


class Stored(NamedTuple):
    id: int
    text: str
    group_id: int


@dataclass(frozen=True)
class Repeat:
    """A new claim found again in a stored one, and how alike they are."""

    claim_id: int
    other_claim_id: int
    other_group_id: int
    judgement: Judgement
    #: Same claim, close enough and long enough to link without asking.
    automatic: bool


def find_repeats(
    session: Session, claim_ids: Sequence[int], min_score: float = 0.0
) -> Iterator[Repeat]:
    """For each claim, its same-claim match (the best) and its altered copies.

    Only claims scoring at least `min_score` are matched, on both sides: a desk
    follows the claims worth checking, and the rest would cost time for nothing.
    A desk without the match index (neither SQLite nor PostgreSQL) finds none, and imports
    as before.
    """
    if not index.available(session):
        return
    known = _recorded_pairs(session, claim_ids)
    rows = session.execute(
        select(Claim.id, Claim.text, Claim.article_id, Claim.group_id).where(
            Claim.id.in_(claim_ids), Claim.score >= min_score
        )
    ).all()
    rarity = index.WordRarity(session)
    for claim_id, text, article_id, group_id in rows:
        if len(content_words(text)) < MIN_CONTENT_WORDS:
            continue
        found = index.link_candidates(session, text, POOL, rarity)
        others = closest(session, text, found, min_score, Claim.article_id != article_id)
        others = [other for other in others if other.group_id != group_id]
        yield from _judged(claim_id, text, others[:JUDGED], known)


def closest(
    session: Session, text: str, found: Sequence[index.Candidate], min_score: float, *where: Any
) -> list[Stored]:
    """The candidates scoring at least `min_score` (and meeting `where`), one per
    fact-check, the closest in wording first.

    Closeness is `judge`'s own wording similarity (numbers, names and negations
    masked, words in alphabetical order), read from each claim's stored
    `masked_text`, so that the claims judged are the ones it rates highest; the
    index's order is about shared rare words.
    """
    rows = session.execute(
        select(Claim.id, Claim.text, Claim.group_id, Claim.masked_text).where(
            _among(session, [candidate.claim_id for candidate in found]),
            Claim.score >= min_score,
            *where,
        )
    ).all()
    scored = process.extract(
        masked(text),
        [row.masked_text for row in rows],
        scorer=fuzz.ratio,
        processor=None,
        limit=None,
    )
    ranked = sorted(scored, key=lambda hit: (-hit[1], rows[hit[2]].id))
    firsts: dict[int, Stored] = {}
    for _, _, position in ranked:
        row = rows[position]
        firsts.setdefault(row.group_id, Stored(row.id, row.text, row.group_id))
    return list(firsts.values())


def _among(session: Session, claim_ids: list[int]) -> ColumnElement[bool]:
    """`Claim.id` among `claim_ids`, bound as one value: binding several hundred
    parameters one by one took longer than reading their rows."""
    if session.get_bind().dialect.name == "postgresql":
        return Claim.id == any_(bindparam("claim_ids", claim_ids, type_=ARRAY(Integer)))
    listed = select(column("value", Integer)).select_from(func.json_each(json.dumps(claim_ids)))
    return Claim.id.in_(listed)


def _judged(
    claim_id: int, text: str, others: Sequence[Stored], known: set[frozenset[int]]
) -> Iterator[Repeat]:
    same_found, groups_judged = False, set[int]()
    for other in others:
        if frozenset((claim_id, other.id)) in known or other.group_id in groups_judged:
            continue
        groups_judged.add(other.group_id)
        judgement = judge(text, other.text)
        if judgement.outcome is Outcome.NONE or (judgement.outcome is Outcome.SAME and same_found):
            continue
        same_found = same_found or judgement.outcome is Outcome.SAME
        automatic = (
            judgement.outcome is Outcome.SAME
            and judgement.similarity >= AUTO_LINK_SIMILARITY
            and len(text.split()) >= AUTO_LINK_MIN_WORDS
        )
        yield Repeat(claim_id, other.id, other.group_id, judgement, automatic)


def _recorded_pairs(session: Session, claim_ids: Sequence[int]) -> set[frozenset[int]]:
    """Pairs with a match already recorded, in any state, in either direction."""
    statement = select(Match.claim_id, Match.other_claim_id).where(
        or_(Match.claim_id.in_(claim_ids), Match.other_claim_id.in_(claim_ids))
    )
    return {frozenset(pair) for pair in session.execute(statement)}
