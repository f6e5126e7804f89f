"""Finding where new claims repeat stored ones: candidates from the index, then a judgement.

For each new claim the index proposes the stored claims of other articles that
share its rarest words; the closest in wording, one per fact-check, go to
`judge`, which decides same, altered or unrelated. A pair
already recorded is not proposed again (so a pair someone rejected never comes
back), and claims already in one group are not proposed to each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.matching import index
from workbench.matching.compare import Judgement, Outcome, judge, masked
from workbench.matching.normalize import content_words, normalize
from workbench.store.models import Claim, Match

#: How the links are made, as `Match.method` records it.
METHOD = "bm25+judge"
#: Candidates the index proposes for each claim: as many as the copies of a sentence
#: that went round (hundreds on a desk of a million claims), since the index's order
#: does not tell the closest of them apart...
POOL = 600
#: ...of which the closest in plain wording are masked as `judge` masks them (a cheap
#: measure first, since masking costs more than the rest of choosing)...
MASKED = 200
#: ...and the closest in masked wording, one per fact-check, are judged.
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
    masked), so that the claims judged are the ones it rates highest; the
    index's order is about shared rare words. Only the `MASKED` closest in plain
    wording are masked, from their stored normalised text.
    """
    rows = session.execute(
        select(Claim.id, Claim.text, Claim.group_id, Claim.match_text).where(
            Claim.id.in_([candidate.claim_id for candidate in found]),
            Claim.score >= min_score,
            *where,
        )
    ).all()
    if len(rows) > MASKED:
        plain = process.extract(
            normalize(text),
            [row.match_text for row in rows],
            scorer=fuzz.token_sort_ratio,
            processor=None,
            limit=MASKED,
        )
        rows = [rows[position] for _, _, position in plain]
    wording = masked(text)
    closeness = {
        row.id: fuzz.token_sort_ratio(wording, masked(row.text, row.match_text.split() or None))
        for row in rows
    }
    ranked = sorted(rows, key=lambda row: (-closeness[row.id], row.id))
    firsts: dict[int, Stored] = {}
    for row in ranked:
        firsts.setdefault(row.group_id, Stored(row.id, row.text, row.group_id))
    return list(firsts.values())


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
