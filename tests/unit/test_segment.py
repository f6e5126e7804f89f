"""Paragraph segmentation: what may hold claims, and what never merges."""

import pytest

from workbench.nlp.segment import BlockKind, body_blocks, split_blocks


def kinds(text: str) -> list[tuple[BlockKind, str]]:
    return [(block.kind, block.text) for block in split_blocks(text)]


def test_headline_and_credit_line_are_units_of_their_own(seed_text):
    blocks = split_blocks(seed_text)
    assert (blocks[0].kind, blocks[0].text) == (
        BlockKind.HEADING,
        "Iran says Russia can use its military bases for strikes in Syria",
    )
    credit = next(block for block in blocks if block.text == "TRT World and Agencies")
    assert credit.kind is BlockKind.BYLINE
    assert blocks[-1].text == "Route 6"
    assert blocks[-1].kind is BlockKind.HEADING


def test_body_sentence_followed_by_credit_line_in_one_paragraph_is_split():
    text = "Headline here\n\nThe deal was signed on Monday.\nStaff and Agencies"
    assert kinds(text) == [
        (BlockKind.HEADING, "Headline here"),
        (BlockKind.BODY, "The deal was signed on Monday."),
        (BlockKind.BYLINE, "Staff and Agencies"),
    ]


def test_hard_wrapped_lines_join_into_one_unit_with_offsets_kept():
    text = (
        "The council approved a budget of 412 million dollars on Monday, the largest\n"
        "in the history of the city, after a debate that lasted late into the night.\n"
        "Residents were not consulted."
    )
    (block,) = split_blocks(text)
    assert block.kind is BlockKind.BODY
    assert block.text == text.replace("\n", " ")
    assert text[block.start : block.end].replace("\n", " ") == block.text


def test_subheading_at_the_top_of_a_paragraph_does_not_merge():
    text = "What the numbers show\nThe city employed 2,310 people last year, up from 2,050 in 2019."
    assert [kind for kind, _ in kinds(text)] == [BlockKind.HEADING, BlockKind.BODY]


@pytest.mark.parametrize(
    "line",
    ["Advertisement", "Share this article", "Read more: the full report", "© 2024 Example Wire"],
)
def test_boilerplate_lines_are_not_body(line):
    assert body_blocks(f"A first sentence that is body text.\n\n{line}") == body_blocks(
        "A first sentence that is body text."
    )


@pytest.mark.parametrize("line", ["By Jane Doe", "Reporting by Jane Doe; editing by John Roe"])
def test_bylines_are_recognised(line):
    assert kinds(f"Title\n\n{line}\n\nBody text goes here.")[1] == (BlockKind.BYLINE, line)


def test_long_unpunctuated_line_is_still_body():
    line = "Unemployment fell to three and a half percent in May according to the labour office"
    assert kinds(f"Jobs report\n\n{line}")[1] == (BlockKind.BODY, line)
