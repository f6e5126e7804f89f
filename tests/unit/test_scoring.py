"""The shipped check-worthiness model: loading, scores that are the sum of their
reasons, readable reasons, and clear errors for a broken model file."""

import json
import math
from pathlib import Path

import pytest

from workbench import config
from workbench.nlp.claims import ClaimExtractor
from workbench.nlp.scoring import (
    MODEL_FILE,
    Model,
    ModelError,
    describe,
    load_model,
    shipped_model,
)

STATISTIC = "Unemployment fell to 3.5% in May, the lowest rate since 1969, officials said."


def test_the_shipped_model_is_small_trained_and_measured():
    model = shipped_model()
    assert MODEL_FILE.stat().st_size < 20 * 1024 * 1024
    assert len(model.weights) > 1_000
    assert 0.0 < model.threshold < 1.0
    assert set(model.about["trained_on"]) >= {"train.json"}
    assert model.about["claimbuster_cross_validated"]["f1"] > 0.8
    assert model.about["claimbuster_cross_validated"]["natural_share_f1"] > 0.7
    assert model.about["clef2019_leave_one_debate_out"]["map"] > 0.2


def test_the_desk_default_threshold_is_the_models_own():
    """Retraining moves the model's best threshold: the desk's default must follow it."""
    assert round(shipped_model().threshold, 2) == config.DEFAULT_SCORE_THRESHOLD


def test_a_score_is_the_logistic_of_its_reasons(extractor: ClaimExtractor):
    (claim,) = extractor.extract(STATISTIC)
    total = shipped_model().baseline + sum(reason.weight for reason in claim.reasons)
    assert claim.score == pytest.approx(1 / (1 + math.exp(-total)), abs=2e-3)


def test_reasons_name_signals_with_learned_weights_and_the_words_behind_the_rest(
    extractor: ClaimExtractor,
):
    (claim,) = extractor.extract(STATISTIC)
    by_signal = {reason.signal: reason for reason in claim.reasons}
    assert {"number", "comparison", "wording", "structure"} <= set(by_signal)
    assert by_signal["number"].weight == shipped_model().weights["signal:number"]
    assert by_signal["number"].detail == "3.5%"
    assert by_signal["wording"].detail.startswith("“")
    assert by_signal["wording"].label == "wording (learned)"


def test_learned_reasons_weigh_from_a_typical_sentence(extractor: ClaimExtractor):
    """A learned reason is the part's share beyond a typical training sentence's."""
    model = shipped_model()
    text = "The mayor spoke to reporters at the town hall on Monday."
    (claim,) = extractor.extract(text)
    (features,) = extractor.features([text])
    shares = model.learned_shares(features)
    by_signal = {reason.signal: reason.weight for reason in claim.reasons}
    for part in ("wording", "structure"):
        assert by_signal[part] == pytest.approx(shares[part] - model.typical[part], abs=1e-3)
    assert model.baseline == pytest.approx(model.bias + sum(model.typical.values()))


def test_a_statistic_outranks_an_opinion_and_a_question(extractor: ClaimExtractor):
    statistic, opinion, question = (
        extractor.extract(text)[0]
        for text in (
            STATISTIC,
            "I think we need to keep fighting for the people of this great country.",
            "What are you going to do about it, Senator?",
        )
    )
    threshold = shipped_model().threshold
    assert statistic.score >= threshold > max(opinion.score, question.score)


@pytest.mark.parametrize(
    ("feature", "described"),
    [
        ("w:percent", "“percent”"),
        ("b:<num> percent", "“<num> percent”"),
        ("len:3", "15–19 words"),
        ("len:8", "40+ words"),
        ("p:VBD", "verb, past tense"),
        ("b:<s> we", "“we” first"),
        ("b:. </s>", "“.” last"),
        ("e:GPE", "names countries, cities, states"),
        ("dep:predet", "has a predet"),
    ],
)
def test_features_are_described_in_words(feature, described):
    assert describe(feature) == described


def test_a_model_round_trips_through_its_json(tmp_path: Path):
    model = Model(
        bias=-1.0,
        weights={"w:tax": 0.5},
        threshold=0.4,
        about={"seed": 0},
        typical={"wording": 0.2, "structure": 1.0},
    )
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.as_json()), encoding="utf-8")
    assert load_model(path) == model


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "is missing"),
        ("{not json", "cannot be read"),
        ("[1, 2]", "is not a check-worthiness model"),
        ('{"format": "other", "version": 1}', "make model"),
        ('{"format": "workbench-checkworthiness", "version": 1, "bias": 0}', "is damaged"),
    ],
)
def test_a_broken_model_file_is_named_with_its_problem(tmp_path: Path, content, problem):
    path = tmp_path / "checkworthiness.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=problem) as raised:
        load_model(path)
    assert str(path) in str(raised.value)
