"""How alike two claims read, once normalised: the figure shown beside every match."""

from __future__ import annotations

from rapidfuzz import fuzz

from workbench.matching.normalize import normalize


def similarity(one: str, other: str) -> float:
    """0 to 1: the share of the two normalised texts that line up, word order aside."""
    return fuzz.token_sort_ratio(normalize(one), normalize(other)) / 100
