"""Re-ranking repeated-claim candidates: reading posts, features, the shipped model, search."""

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from workbench.ingest.readers import read_pasted
from workbench.matching import rerank
from workbench.matching.rerank import FEATURES, WORD_FEATURES, Post, RerankerError, Stored

TWEET = (
    "Wow: @BarackObama shaking hands with Rouhani?! #IranDeal pic.twitter.com/AbC123 "
    "— Jane Roe (@JaneRoe_77) May 3, 2019"
)
OBAMA = Stored(
    7,
    4.0,
    "A photograph shows Barack Obama shaking hands with Iranian President Hassan Rouhani in 2019.",
    "Did Obama Shake Hands with Rouhani?",
)
HURRICANE = Stored(
    9,
    12.0,
    "A hurricane hit Florida in 2017, and officials said the hands of the clock stopped.",
    "Hurricane Clock",
)


def named(row: list[float]) -> dict[str, float]:
    assert len(row) == len(FEATURES)
    return dict(zip(FEATURES, row, strict=True))


def test_a_post_is_read_with_its_signature_apart_and_handles_spelled():
    post = rerank.read_post(TWEET)
    assert post.body.startswith("Wow: Barack Obama shaking hands with Rouhani")
    assert post.author == "Jane Roe Jane Roe 77"
    assert (post.month, post.year) == ("May", "2019")
    assert rerank.search_text(post).endswith("Jane Roe Jane Roe 77 May 2019")


def test_a_text_without_signature_is_all_body_and_a_two_digit_year_is_this_century():
    assert rerank.read_post("Unemployment fell to 3%.") == Post("Unemployment fell to 3%.")
    post = rerank.read_post("It happened. — Ann Lee (@annlee) October 03, 19")
    assert (post.body, post.year) == ("It happened.", "2019")


def test_features_measure_what_the_candidates_share_with_the_post():
    post = rerank.read_post(TWEET)
    hurricane, obama = map(named, rerank.features(post, [HURRICANE, OBAMA]))
    assert hurricane["relevance_share"] == 1.0
    assert obama["relevance_share"] == pytest.approx(4.0 / 12.0)
    assert (hurricane["reciprocal_rank"], obama["reciprocal_rank"]) == (1.0, 0.5)
    assert (obama["year_same"], obama["year_other"]) == (1.0, 0.0)
    assert (hurricane["year_same"], hurricane["year_other"]) == (0.0, 1.0)
    assert obama["month_year"] == 0.0
    assert obama["title_covered_plain"] == pytest.approx(3 / 4)
    assert obama["claim_covered"] > hurricane["claim_covered"] > 0
    assert obama["post_covered"] > hurricane["post_covered"]
    assert obama["token_set"] > hurricane["token_set"]
    assert obama["author_named"] == hurricane["author_named"] == 0.0
    assert obama["claim_meaning"] > hurricane["claim_meaning"]
    rows = (obama, hurricane)
    assert all(0.0 <= row[name] <= 1.0 for row in rows for name in FEATURES[:-1])
    assert all(-1.0 <= row["claim_meaning"] <= 1.0 for row in rows)


def test_the_meaning_feature_sees_a_paraphrase_the_words_miss():
    post = rerank.read_post("This photo of the senator was photoshopped!")
    altered = Stored(1, 1.0, "An image of the senator has been digitally altered.", "")
    voted = Stored(2, 1.0, "The senator voted against the farm bill on Tuesday.", "")
    altered_row, voted_row = map(named, rerank.features(post, [altered, voted]))
    assert altered_row["claim_meaning"] > voted_row["claim_meaning"] + 0.2


def test_the_author_month_and_year_count_only_when_the_post_is_signed():
    signed = rerank.read_post("The mayor lied. — Ann Lee (@annlee) May 3, 2019")
    about_her = Stored(1, 1.0, "In May 2019 Ann Lee said the mayor lied.", "Ann Lee")
    row = named(rerank.features(signed, [about_her])[0])
    assert (row["author_named"], row["year_same"], row["month_year"]) == (1.0, 1.0, 1.0)
    unsigned = named(rerank.features(rerank.read_post("The mayor lied in May."), [about_her])[0])
    assert (unsigned["author_named"], unsigned["year_same"], unsigned["month_year"]) == (0, 0, 0)


def test_features_of_no_candidates_are_no_rows():
    assert rerank.features(rerank.read_post(TWEET), []) == []


def test_the_shipped_model_loads_and_scores_between_0_and_1():
    model = rerank.default_model()
    assert len(model.full.weights) == len(FEATURES)
    assert len(model.words.weights) == len(WORD_FEATURES)
    rows = rerank.features(rerank.read_post(TWEET), [HURRICANE, OBAMA])
    assert all(0.0 < model.full.score(row) < 1.0 for row in rows)
    assert all(0.0 < model.words.score(row[: len(WORD_FEATURES)]) < 1.0 for row in rows)


def test_the_model_puts_a_clearly_better_candidate_first_over_the_index_order():
    post = rerank.read_post(TWEET)
    ranked = rerank.rerank(post, [HURRICANE, OBAMA], rerank.default_model())
    assert [candidate.claim_id for candidate in ranked] == [OBAMA.claim_id, HURRICANE.claim_id]
    assert ranked[0].relevance > ranked[1].relevance


def test_only_the_shortlist_has_its_meaning_measured(monkeypatch: pytest.MonkeyPatch):
    embedded: list[str] = []
    encode = rerank.embed.encode

    def recorded(texts: Sequence[str]) -> NDArray[np.float32]:
        embedded.extend(texts)
        return encode(texts)

    monkeypatch.setattr(rerank.embed, "encode", recorded)
    model = replace(rerank.default_model(), shortlist_size=1)
    post = rerank.read_post(TWEET)
    ranked = rerank.rerank(post, [HURRICANE, OBAMA], model, top=1)
    assert [candidate.claim_id for candidate in ranked] == [OBAMA.claim_id]
    assert embedded == [post.body, OBAMA.text]
    assert len(rerank.rerank(post, [HURRICANE, OBAMA], model, top=2)) == 2


def uniform(features: tuple[str, ...]) -> rerank.Model:
    return rerank.Model(
        tuple(0.5 for _ in features), tuple(2.0 for _ in features), tuple(1.0 for _ in features)
    )


def test_a_written_model_reads_back_the_same(tmp_path: Path):
    model = rerank.Ranker(uniform(WORD_FEATURES), uniform(FEATURES), shortlist_size=7)
    path = tmp_path / "model.json"
    path.write_text(model.as_json(trained_on="a test"), encoding="utf-8")
    assert rerank.load_model(path) == model
    assert model.full.score([0.5] * len(FEATURES)) == 0.5


def test_a_missing_model_file_is_named_in_the_error(tmp_path: Path):
    missing = tmp_path / "reranker.json"
    with pytest.raises(RerankerError, match=f"{missing} is missing"):
        rerank.load_model(missing)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "cannot be read"),
        ("[1, 2]", "not a workbench-reranker file"),
        ('{"format": "workbench-reranker", "version": 99}', "version 99"),
        ('{"format": "workbench-reranker", "version": 1}', "version 1, this release reads 2"),
        ('{"format": "workbench-reranker", "version": 2}', "not valid: 'shortlist'"),
    ],
)
def test_a_corrupt_model_file_gives_a_clear_error(tmp_path: Path, content: str, reason: str):
    path = tmp_path / "reranker.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RerankerError, match=reason):
        rerank.load_model(path)


def test_a_model_for_other_features_or_with_bad_weights_is_refused(tmp_path: Path):
    shipped = json.loads(rerank.MODEL_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "reranker.json"
    for change, reason in (
        ({"features": ["relevance_share"]}, "other features"),
        ({"weights": shipped["weights"][:-1]}, "number of weights"),
        ({"scale": [0.0] * len(FEATURES)}, "not a finite number"),
        ({"weights": ["heavy"] * len(FEATURES)}, "not valid"),
        ({"shortlist": {**shipped["shortlist"], "size": 0}}, "a shortlist of 0"),
        ({"shortlist": {**shipped["shortlist"], "features": list(FEATURES)}}, "other features"),
    ):
        path.write_text(json.dumps({**shipped, **change}), encoding="utf-8")
        with pytest.raises(RerankerError, match=reason):
            rerank.load_model(path)


def test_search_on_a_desk_finds_the_claim_a_post_repeats(desk):
    desk.import_documents(
        [
            read_pasted(
                "Exports of wheat rose by 14 percent in 2019, the ministry said. "
                "The port of Riverton handled 2 million containers in 2022.",
                title="Trade figures",
            ),
            read_pasted(
                "Wheat prices doubled at the Riverton market, traders said on Monday. "
                "The harvest of wheat was the largest since 1990.",
                title="Wheat market",
            ),
        ]
    )
    post = "Wheat exports up 14% this year! @RivertonMinistry — Ann Lee (@annlee) May 3, 2019"
    with desk.store.reading() as session:
        found = rerank.search(session, post, top=2)
        assert rerank.search(session, "the of and", top=2) == []
    texts = {row.claim.id: row.claim.text for row in desk.match("wheat", 10)}
    assert len(found) == 2
    assert texts[found[0].claim_id].startswith("Exports of wheat")
    assert 0 < found[1].relevance < found[0].relevance < 1
