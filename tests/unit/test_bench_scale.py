"""The scale benchmark's generator and agreement: a reused desk needs the same copies
from the same seed, and ties in the top 5 must not count as misses."""

import sys
from pathlib import Path
from random import Random

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from bench_scale import Scored, acted_on, overlap, top_kept  # noqa: E402
from synthetic import Perturber, plan, split_sentences  # noqa: E402

from workbench.matching.compare import Outcome  # noqa: E402

SENTENCES = [
    "Unemployment fell to 4.1 percent in 2019, the lowest rate since Obama took office.",
    "The Senate did not pass the bill that Clinton sent to Congress in March.",
    "Mr. Smith said 3,000 jobs were lost in Texas last year.",
]


def variants(seed: int) -> list[str]:
    perturber = Perturber(Random(seed), ["Trump", "Sanders"], SENTENCES)
    return [perturber.variant(sentence) for sentence in SENTENCES * 20]


def test_the_same_seed_gives_the_same_copies_and_the_same_plan():
    assert variants(7) == variants(7)
    assert variants(7) != variants(8)
    assert set(variants(7)) - set(SENTENCES)
    assert plan(100, 1_000, 7) == plan(100, 1_000, 7)


def test_held_out_sentences_are_never_stored():
    chosen = plan(100, 1_000, 7)
    assert chosen.held_out
    assert not chosen.held_out & set(chosen.picks)


def test_abbreviations_do_not_end_a_sentence():
    assert split_sentences("Mr. Smith met the U.S. envoy. He left.") == [
        "Mr. Smith met the U.S. envoy.",
        "He left.",
    ]


def scored(*similarities: float, outcome: Outcome = Outcome.SAME) -> list[Scored]:
    return [Scored(i, similarity, outcome) for i, similarity in enumerate(similarities)]


def test_a_claim_tied_with_the_fifth_is_as_good_as_any_other():
    best = scored(1.0, 0.9, 0.5, 0.5, 0.5, 0.5, 0.5)
    assert overlap(top_kept(scored(1.0, 0.9, 0.5, 0.5, 0.5), lambda _: True), best[:5]) == 5
    assert overlap(scored(1.0, 0.5, 0.5, 0.5, 0.5), best[:5]) == 4


def test_only_actionable_claims_count_when_asked():
    best = scored(0.9, 0.8) + scored(0.7, 0.6, 0.5, outcome=Outcome.NONE)
    found = scored(0.9) + scored(0.7, outcome=Outcome.NONE)
    wanted = top_kept(best, acted_on)
    assert [s.similarity for s in wanted] == [0.9, 0.8]
    assert overlap(top_kept(found, acted_on), wanted) == 1
