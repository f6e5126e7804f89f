"""Claim extraction on the original seed article and on small made-up texts."""

import pytest

from workbench.nlp.claims import ClaimExtractor, ExtractedClaim
from workbench.nlp.pipeline import blank_pipeline
from workbench.store.models import ClaimKind

HEADLINE = "Iran says Russia can use its military bases for strikes in Syria"
DUPLICATE_PARAGRAPH = (
    "During his trip, Rouhani is also expected to sign several economic cooperation "
    "agreements with Russia."
)


@pytest.fixture(scope="module")
def seed_claims(extractor: ClaimExtractor, seed_text: str) -> list[ExtractedClaim]:
    return extractor.extract(seed_text)


def find(claims: list[ExtractedClaim], fragment: str) -> ExtractedClaim:
    matching = [claim for claim in claims if fragment in claim.text]
    assert len(matching) == 1, f"expected one claim containing {fragment!r}, got {matching}"
    return matching[0]


def test_every_span_points_at_the_claim_text(seed_claims, seed_text):
    for claim in seed_claims:
        for start, end in claim.spans:
            assert seed_text[start:end] == claim.text


def test_headline_is_not_merged_with_the_first_sentence(seed_claims):
    assert all(HEADLINE not in claim.text for claim in seed_claims)
    first = seed_claims[0]
    assert first.text.startswith("The statement comes as Iranian President Hassan Rouhani")


@pytest.mark.parametrize("line", ["TRT World and Agencies", "New turning point", "Route 6"])
def test_bylines_subheadings_and_boilerplate_are_not_claims(seed_claims, line):
    assert all(line not in claim.text for claim in seed_claims)


def test_repeated_paragraph_is_one_claim_with_two_spans(seed_claims, seed_text):
    claim = find(seed_claims, "During his trip, Rouhani is also expected")
    assert claim.text == DUPLICATE_PARAGRAPH
    assert len(claim.spans) == 2
    assert claim.spans[0][0] < claim.spans[1][0]
    assert seed_text.count(DUPLICATE_PARAGRAPH) == 2


def test_zarif_statement_is_attributed_to_him_by_full_name(seed_claims):
    statement = find(seed_claims, "Zarif on Tuesday said Russia could use")
    assert statement.speaker == "Mohammad Javad Zarif"
    assert any(reason.signal == "attribution" for reason in statement.reasons)


def test_short_name_resolves_to_the_full_name_seen_earlier(seed_claims):
    quote = find(seed_claims, "Zarif told Reuters")
    assert quote.speaker == "Mohammad Javad Zarif"


def test_pronoun_speaker_resolves_to_the_last_organisation(seed_claims):
    follow_up = find(seed_claims, "It said that a")
    assert follow_up.speaker == "Kremlin"


def test_according_to_names_the_source(seed_claims):
    claim = find(seed_claims, "according to Iranian state media")
    assert claim.speaker == "Iranian state media"


def test_russian_jets_claim_scores_high_with_its_date_marked(seed_claims, seed_text):
    jets = find(seed_claims, "Russian jets used an air base in Iran")
    assert jets.score >= 0.6
    assert [date["text"] for date in jets.dates] == ["last summer"]
    date = jets.dates[0]
    assert seed_text[date["start"] : date["end"]] == "last summer"
    assert jets.kind is ClaimKind.EVENT


def test_factual_claims_rank_above_forward_looking_filler(seed_claims):
    jets = find(seed_claims, "Russian jets used an air base")
    zarif = find(seed_claims, "Zarif on Tuesday said")
    filler = find(seed_claims, "Rouhani and Putin are expected to discuss")
    assert filler.kind is ClaimKind.PREDICTION
    assert jets.score > filler.score
    assert zarif.score > filler.score


def test_reasons_explain_the_score_strongest_first(seed_claims):
    jets = find(seed_claims, "Russian jets used an air base")
    weights = [abs(reason.weight) for reason in jets.reasons]
    assert weights == sorted(weights, reverse=True)
    assert {"past_event", "date", "entities"} <= {reason.signal for reason in jets.reasons}


def test_entities_carry_article_offsets(seed_claims, seed_text):
    statement = find(seed_claims, "Zarif on Tuesday said")
    labels = {entity["text"]: entity["label"] for entity in statement.entities}
    assert labels["Mohammad Javad Zarif"] == "PERSON"
    for entity in statement.entities:
        assert seed_text[entity["start"] : entity["end"]] == entity["text"]


def test_numbers_carry_article_offsets(extractor):
    text = "Budget passes\n\nThe council approved a budget of $412 million, up 14% on last year."
    (claim,) = extractor.extract(text)
    assert [text[n["start"] : n["end"]] for n in claim.numbers] == ["$412 million", "14%"]


def test_numbers_are_recorded_with_values(extractor):
    text = "City spending rose by 14% to $4.2 billion last year, the mayor said."
    (claim,) = extractor.extract(text)
    values = {(number["value"], number["unit"]) for number in claim.numbers}
    assert (14.0, "%") in values
    assert (4.2e9, "$") in values
    assert claim.kind is ClaimKind.STATISTIC
    assert claim.speaker == "the mayor"


def test_letters_that_only_unicode_folds_to_a_number_word_are_no_number(extractor):
    """Turkish dotless i and the kelvin sign: "SIX" and "k" to a Unicode-blind reader."""
    text = "Bu yıl altı sıx kişi geldi ve 40 \u212a derece ölçüldü, the ministry said in 2023."
    (claim,) = extractor.extract(text)
    assert [(number["text"], number["value"]) for number in claim.numbers] == [("40", 40.0)]


def test_questions_and_fragments_score_low(extractor):
    claims = extractor.extract(
        "Will the new spending pay off?\n\n"
        "The council approved a budget of $412 million on Monday, the largest in its history."
    )
    question, statistic = claims
    assert question.score < 0.2
    assert statistic.score > 0.6


def test_batch_keeps_each_article_apart(extractor, seed_text):
    other = "Unemployment fell to 3.5% in May, the lowest rate since 1969, officials said."
    seed_alone = extractor.extract(seed_text)
    batch = extractor.extract_batch([seed_text, "Route 6", other])
    assert [c.text for c in batch[0]] == [c.text for c in seed_alone]
    assert batch[1] == []
    assert [c.text for c in batch[2]] == [other]


def test_blank_pipeline_still_finds_claims_dates_and_speakers(seed_text):
    claims = ClaimExtractor(blank_pipeline()).extract(seed_text)
    jets = find(claims, "Russian jets used an air base")
    assert [date["text"] for date in jets.dates] == ["last summer"]
    quote = find(claims, "Zarif told Reuters")
    assert quote.speaker is not None and "Zarif" in quote.speaker
    assert all("TRT World and Agencies" not in claim.text for claim in claims)


def test_a_described_speaker_reads_as_written(extractor):
    text = "Iran's foreign minister said on Tuesday that exports rose by 40 percent in 2016."
    (claim,) = extractor.extract(text)
    assert claim.speaker == "Iran's foreign minister"
