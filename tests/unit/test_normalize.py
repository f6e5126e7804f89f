"""Normalising claim text for matching: what must compare equal, and what must not."""

import pytest

from workbench.matching.normalize import content_words, normalize


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Unemployment fell to 14%.", "unemployment fell to 14 per cent"),
        ("“Jobs rose,” he said", '"jobs rose" he said'),
        ("Two million jobs", "2,000,000 jobs"),
        ("2.5 million people", "2,500,000 people"),
        ("one hundred and five people", "105 people"),
        ("twenty-one guns", "21 guns"),
        ("It cost $4.2 billion", "it cost 4.2 billion dollars"),
        ("Obama didn't sign it #fake https://t.co/xyz @someone", "obama did not sign it fake"),
        ("ＦＵＬＬ width", "full width"),
        ("They can't and won't pay", "they cannot and will not pay"),
        ("Koalas and the #AustralianFires", "koalas and the Australian fires"),
    ],
)
def test_differences_that_do_not_change_the_claim_disappear(one, other):
    assert normalize(one) == normalize(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Unemployment fell to 14%.", "Unemployment fell to 40%."),
        ("Crime rose in 2017", "Crime rose in 2019"),
        ("The bill passed", "The bill never passed"),
        ("in 2019 — one of the best years", "in 2020 of the best years"),
    ],
)
def test_differences_that_change_the_claim_remain(one, other):
    assert normalize(one) != normalize(other)


def test_a_lone_one_and_scale_words_alone_stay_words():
    assert normalize("one of the largest, hundreds of people") == (
        "one of the largest hundreds of people"
    )


def test_content_words_drop_function_words_but_keep_negations():
    assert content_words("The minister said the plan will not cut 14% of jobs") == [
        "minister",
        "plan",
        "not",
        "cut",
        "14",
        "percent",
        "jobs",
    ]
