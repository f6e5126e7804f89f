"""The claim columns the repeat search reads, each derived from the claim's text.

Written wherever claims are stored (the import, the benchmarks' bulk insert),
so that a column added here is filled everywhere; a migration that adds one
fills the claims already stored (`workbench.store.backfill`).
"""

from __future__ import annotations

from workbench.matching.compare import masked
from workbench.matching.index import word_pairs
from workbench.matching.normalize import normalize


def matching_columns(text: str) -> dict[str, str]:
    """`Claim.match_text`, `masked_text` and `word_pairs` for a claim's text."""
    return {
        "match_text": normalize(text),
        "masked_text": masked(text),
        "word_pairs": word_pairs(text),
    }
