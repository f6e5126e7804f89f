"""Judging two claims: same, altered (a fact changed) or unrelated."""

import csv
from pathlib import Path

import pytest

from workbench.matching.compare import (
    COPY_SIMILARITY,
    Outcome,
    _new_claim_facts,
    judge,
    masked,
)

PAIRS = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


@pytest.mark.parametrize(
    ("new", "old", "outcome", "differences"),
    [
        ("Jobs rose by 14% in 2019.", "Jobs rose by 14 per cent in 2019.", Outcome.SAME, []),
        (
            "Unemployment fell to 14% in 2019.",
            "Unemployment fell to 40% in 2019.",
            Outcome.ALTERED,
            ["14 percent vs 40 percent"],
        ),
        ("Crime rose in 2017.", "Crime rose in 2019.", Outcome.ALTERED, ["2017 vs 2019"]),
        (
            "Obama signed the bill in 2010.",
            "Trump signed the bill in 2010.",
            Outcome.ALTERED,
            ["obama vs trump"],
        ),
        (
            "The vaccine does not cause autism.",
            "The vaccine causes autism.",
            Outcome.ALTERED,
            ["negation: added"],
        ),
        (
            "Russia may use Iranian bases, Iran says.",
            "Iran says Russia may use its bases.",
            Outcome.SAME,
            [],
        ),
        ("The council approved the budget.", "Wheat exports rose by 14%.", Outcome.NONE, []),
    ],
)
def test_outcomes_and_what_differs(new, old, outcome, differences):
    judgement = judge(new, old)
    assert judgement.outcome is outcome
    assert judgement.differences == differences


def test_a_capitalised_first_word_is_not_a_changed_name():
    judgement = judge(
        "Violent crime in the city fell by a third since 2019.",
        "Since 2019 violent crime in the city has fallen by a third.",
    )
    assert judgement.outcome is Outcome.SAME


def test_a_name_said_another_way_is_not_a_changed_name():
    judgement = judge(
        "Iranian Foreign Minister Mohammad Javad Zarif said Russia could use Iranian bases.",
        "Iran's foreign minister said that Russia could use Iranian bases.",
    )
    assert judgement.outcome is Outcome.SAME


def test_extra_detail_is_not_an_alteration():
    judgement = judge("Exports rose 14% in 2019, the ministry said.", "Exports rose 14%.")
    assert judgement.outcome is Outcome.SAME


@pytest.mark.parametrize("name", ["claim_pairs.tsv", "claim_pairs_heldout.tsv"])
def test_the_written_pairs_flag_alterations_precisely(name):
    with (PAIRS / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    judged = [(row["label"], judge(row["new"], row["old"]).outcome.value) for row in rows]
    flagged = [label for label, got in judged if got == "altered"]
    actual = [got for label, got in judged if label == "altered"]
    assert len(rows) >= 20
    assert flagged.count("altered") / len(flagged) >= 0.9
    assert actual.count("altered") / len(actual) >= 0.9


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (
            "According to Jim, they left -- fired 4,202 people.",
            "According to Dole, five million people lost their homes.",
        ),
        (
            "They turned the keys over to the Governor people.",
            "They tried to convince people that I.",
        ),
    ],
)
def test_claims_alike_only_in_shape_are_other_claims(new, old):
    assert judge(new, old).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("I want to get something done.", "I want to get the bill done right."),
        (
            "Let me tell you what will really make the region dangerous.",
            "Let me tell you what my plan does.",
        ),
    ],
)
def test_claims_alike_only_in_everyday_words_are_other_claims(new, old):
    """Below a copy's likeness, only a number or name in common makes the same claim;
    a capitalised first word ("Let") is no name."""
    assert judge(new, old).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (
            "In 2023, unemployment fell to 3.1 percent.",
            "Unemployment dropped to 3.1 percent in 2023.",
        ),
        (
            "Obama signed the law that cut taxes for small firms.",
            "The law signed by Obama cut small business taxes.",
        ),
    ],
)
def test_a_reworded_claim_with_its_facts_is_the_same_claim(new, old):
    judgement = judge(new, old)
    assert judgement.similarity < COPY_SIMILARITY
    assert judgement.outcome is Outcome.SAME


def test_a_claim_judged_against_many_in_a_row_gets_each_verdict_as_if_alone():
    """`judge` remembers the new claim's facts between calls: never another claim's."""
    news = ["Unemployment fell to 14% in 2019.", "Obama did not sign the bill in 2010."]
    olds = ["Unemployment fell to 40% in 2019.", "Obama signed the bill in 2010.", *news]
    alone = {}
    for new in news:
        for old in olds:
            _new_claim_facts.cache_clear()
            alone[new, old] = judge(new, old)
    assert [judge(new, old) for new in news for old in olds] == list(alone.values())
    assert judge(news[0], olds[0]).outcome is Outcome.ALTERED
    assert masked(news[0]) == "# # @ fell in percent to"
