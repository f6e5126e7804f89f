"""The evaluation's counting: the F1 a threshold gives, with the classes in their own
proportion or weighed equal, and the sweep that picks the shipped threshold."""

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from eval_checkworthiness import balancing_weight, best_threshold, classify  # noqa: E402

#: One positive in four, as in ClaimBuster: 2 positives, 6 negatives.
SCORES = [0.9, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05]
LABELS = [1, 0, 1, 0, 0, 0, 0, 0]


def test_precision_recall_and_f1_at_a_threshold():
    counts = classify(SCORES, LABELS, 0.5)
    assert (counts.precision, counts.recall) == pytest.approx((2 / 3, 1.0))
    assert counts.f1 == pytest.approx(0.8)


def test_weighing_the_classes_equal_counts_each_negative_as_a_third():
    weight = balancing_weight(LABELS)
    assert weight == pytest.approx(2 / 6)
    counts = classify(SCORES, LABELS, 0.5, weight)
    assert counts.precision == pytest.approx(2 / (2 + 1 / 3))
    assert counts.recall == 1.0


def test_the_sweep_finds_the_best_threshold_of_the_observed_scores():
    threshold, counts = best_threshold(SCORES, LABELS)
    assert threshold == 0.5
    assert counts.f1 == pytest.approx(0.8)


def test_weighing_the_classes_equal_lowers_the_best_threshold_when_recall_is_cheap():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    labels = [1, 1, 0, 0, 1, 0, 0, 0]
    assert best_threshold(scores, labels)[0] == 0.8
    assert best_threshold(scores, labels, balancing_weight(labels))[0] == 0.5


def test_sentences_with_the_same_score_are_cut_together():
    threshold, counts = best_threshold([0.7, 0.7, 0.2], [1, 0, 0])
    assert threshold == 0.7
    assert counts.precision == 0.5
