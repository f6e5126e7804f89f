"""Use cases on a real SQLite desk: import, duplicates, failures, verdicts, audit."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench import services
from workbench.errors import NotFoundError, WorkbenchError
from workbench.ingest.readers import read_pasted
from workbench.services import Desk, SourceInput, Verdict
from workbench.store.models import Article, Claim, ClaimGroup, Status
from workbench.store.queries import ClaimFilter

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO / "seeds" / "000_0a75df98240e711f.txt"
JETS = "Russian jets used an air base in Iran"


def claim_id(desk, fragment: str) -> int:
    return next(row.id for row in desk.claims(ClaimFilter()) if fragment in row.text)


def table_counts(desk) -> tuple[int, int, int]:
    with desk.store.reading() as session:
        return (
            session.scalar(select(func.count(Article.id))),
            session.scalar(select(func.count(Claim.id))),
            session.scalar(select(func.count(ClaimGroup.id))),
        )


def test_seeds_import_with_claims_and_metadata(desk):
    report = desk.import_paths([REPO / "seeds"])
    assert not report.failed
    assert len(report.imported) == 3
    by_origin = {row.origin.rsplit("/", 1)[-1]: row for row in desk.articles()}
    seed = by_origin["000_0a75df98240e711f.txt"]
    assert seed.title == "Iran says Russia can use its military bases for strikes in Syria"
    assert seed.claim_count == 15
    page = by_origin["001_example_wire_iran_bases.html"]
    assert (page.outlet, page.published.isoformat()) == ("Example Wire", "2017-03-28")
    assert page.url == "https://example.org/wire/2017/03/iran-bases-russia"
    ledger = by_origin["002_riverton_budget.md"]
    assert ledger.byline == "Sample Desk"


def test_stored_claims_keep_spans_scores_and_reasons(desk):
    desk.import_paths([SEED_ARTICLE])
    with desk.store.reading() as session:
        text = session.scalar(select(Article.text))
    jets = desk.claim(claim_id(desk, JETS))
    assert text[jets.start : jets.end] == jets.text
    assert jets.score >= 0.6
    assert jets.reasons[0]["label"]
    assert jets.status is Status.UNCHECKED and jets.rating is None


def test_same_text_twice_is_stored_once_and_says_so(desk, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED_ARTICLE, copy)
    first = desk.import_paths([SEED_ARTICLE])
    again = desk.import_paths([copy])
    assert again.imported == []
    assert again.duplicates[0].duplicate_of == first.imported[0].article_id
    assert "already stored as article" in again.duplicates[0].describe()
    assert table_counts(desk)[0] == 1


def test_duplicates_within_one_batch_are_stored_once(desk, tmp_path):
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED_ARTICLE, tmp_path / name)
    report = desk.import_paths([tmp_path])
    assert len(report.imported) == 1
    assert report.failed == []
    assert report.duplicates[0].duplicate_of == report.imported[0].article_id


def test_bad_files_are_reported_and_the_rest_imports(desk, tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    report = desk.import_paths([tmp_path, tmp_path / "missing.txt"])
    assert len(report.imported) == 1
    errors = sorted(outcome.error for outcome in report.failed)
    assert len(errors) == 3
    assert any("empty.txt: the file is empty" in error for error in errors)
    assert any("broken.pdf: not a readable PDF" in error for error in errors)
    assert any("missing.txt: no such file or folder" in error for error in errors)


def test_a_failure_while_storing_leaves_no_half_written_article(desk, monkeypatch):
    desk.import_documents([read_pasted("The council approved a budget of $412 million on Monday.")])
    before = table_counts(desk)

    def failing_claim(extracted):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_new_claim", failing_claim)
    with pytest.raises(RuntimeError):
        desk.import_paths([SEED_ARTICLE])
    assert table_counts(desk) == before


def test_progress_is_reported_and_cancel_stops_between_chunks(desk, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_CHUNK", 1)
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(
            f"Article {index} says that {index + 2} ministers resigned."
        )
    seen = []

    def progress(done, total, origin):
        seen.append((done, total))

    report = desk.import_paths([tmp_path], progress=progress, cancelled=lambda: len(seen) >= 2)
    assert report.cancelled
    assert seen == [(1, 3), (2, 3)]
    assert len(report.imported) == 2
    assert table_counts(desk)[0] == 2


def test_rating_a_claim_records_every_change_in_the_audit_trail(desk):
    desk.import_paths([SEED_ARTICLE])
    target = claim_id(desk, JETS)
    row = desk.rate(
        target,
        Verdict(
            status="checked",
            rating="mostly true",
            conclusion="The base at Hamedan was used in August 2016.",
            sources=("https://example.org/report",),
        ),
    )
    assert (row.status, row.rating, row.reviewer) == (Status.CHECKED, "Mostly True", "tester")
    assert [source.url for source in row.sources] == ["https://example.org/report"]
    events = [(e.field, e.old_value, e.new_value, e.actor) for e in desk.history(target)]
    assert events[0] == (None, None, str(SEED_ARTICLE), "tester")
    assert ("rating", None, "Mostly True", "tester") in events
    assert ("status", "unchecked", "checked", "tester") in events
    assert ("source", None, "https://example.org/report", "tester") in events
    assert any(field == "conclusion" for field, *_ in events)


def test_unchanged_fields_are_not_recorded_again(desk):
    desk.import_paths([SEED_ARTICLE])
    target = claim_id(desk, JETS)
    desk.rate(target, Verdict(rating="False"))
    desk.rate(target, Verdict(rating="false"))
    assert [e.field for e in desk.history(target)].count("rating") == 1


def test_history_of_one_claim_leaves_out_other_claims(desk):
    desk.import_paths([SEED_ARTICLE])
    first, second = (claim_id(desk, JETS), claim_id(desk, "Zarif told Reuters"))
    desk.rate(first, Verdict(status="in progress"))
    assert all(e.field != "status" for e in desk.history(second))
    assert len(desk.history()) == 2


@pytest.mark.parametrize(
    ("verdict", "message"),
    [
        (Verdict(status="checked"), "needs a rating or a written conclusion"),
        (Verdict(status="done"), "'done' is not a status"),
        (Verdict(rating="Sort of"), "'Sort of' is not a rating on the Six-step truth scale"),
        (Verdict(sources=("javascript:alert(1)",)), "is not a web address"),
        (Verdict(sources=("https://",)), "is not a web address"),
    ],
)
def test_invalid_verdicts_are_refused_and_nothing_changes(desk, verdict, message):
    desk.import_paths([SEED_ARTICLE])
    target = claim_id(desk, JETS)
    with pytest.raises(WorkbenchError, match=message):
        desk.rate(target, verdict)
    row = desk.claim(target)
    assert (row.status, row.rating, row.sources) == (Status.UNCHECKED, None, [])
    assert [e.action for e in desk.history(target)] == ["import"]


def test_a_conclusion_alone_is_enough_to_publish(desk):
    desk.import_paths([SEED_ARTICLE])
    target = claim_id(desk, JETS)
    row = desk.rate(
        target, Verdict(conclusion="Confirmed by both governments.", status="published")
    )
    assert row.status is Status.PUBLISHED


def test_unknown_claim_is_a_clear_error(desk):
    with pytest.raises(NotFoundError, match="there is no claim 42"):
        desk.rate(42, Verdict(status="checked"))


def test_claim_filters(desk):
    desk.import_paths([REPO / "seeds"])
    everything = desk.claims(ClaimFilter())
    high = desk.claims(ClaimFilter(min_score=0.6))
    assert 0 < len(high) < len(everything)
    assert all(row.score >= 0.6 for row in high)
    first_article = desk.claims(ClaimFilter(article_id=1))
    assert {row.article_id for row in first_article} == {1}
    desk.rate(first_article[0].id, Verdict(status="needs_review"))
    review = desk.claims(ClaimFilter(statuses=(Status.NEEDS_REVIEW,)))
    assert [row.id for row in review] == [first_article[0].id]
    assert len(desk.claims(ClaimFilter(limit=2))) == 2


def test_seeds_are_loaded_into_a_new_desk_only(desk):
    assert len(desk.import_seeds_if_new().imported) == 3
    assert desk.import_seeds_if_new() is None


def test_an_emptied_desk_is_not_seeded_again_on_reopening(desk):
    desk.close()
    reopened = Desk.open(desk.settings, desk.extractor)
    try:
        assert reopened.import_seeds_if_new() is None
        assert reopened.articles() == []
    finally:
        reopened.close()


def test_sources_are_added_edited_and_removed_with_audit(desk):
    desk.import_paths([SEED_ARTICLE])
    target = claim_id(desk, JETS)
    source = SourceInput(
        "https://example.org/hamedan", title="Hamedan base", accessed=date(2024, 3, 5)
    )
    source_id = desk.add_source(target, source)
    edited = SourceInput("https://example.org/hamedan", title="Hamedan air base", note="map")
    desk.update_source(source_id, edited)
    (stored,) = desk.claim(target).sources
    assert (stored.title, stored.note, stored.accessed) == ("Hamedan air base", "map", None)
    removed = desk.remove_source(source_id)
    assert removed == edited
    assert desk.claim(target).sources == []
    fields = [(e.action, e.field) for e in desk.history(target)][1:]
    assert fields == [
        ("add", "source"),
        ("update", "source.title"),
        ("update", "source.accessed"),
        ("update", "source.note"),
        ("remove", "source"),
    ]


def test_source_with_a_non_web_address_is_refused(desk):
    desk.import_paths([SEED_ARTICLE])
    with pytest.raises(WorkbenchError, match="is not a web address"):
        desk.add_source(claim_id(desk, JETS), SourceInput("data:text/html,<b>x</b>"))


def test_tags_are_shared_between_fact_checks_and_recorded(desk):
    desk.import_paths([SEED_ARTICLE])
    first, second = claim_id(desk, JETS), claim_id(desk, "Zarif told Reuters")
    desk.rate(first, Verdict(tags=("military", "Iran", "military")))
    desk.rate(second, Verdict(tags=("Iran",)))
    assert desk.claim(first).tags == ["Iran", "military"]
    assert desk.claim(second).tags == ["Iran"]
    assert [e.new_value for e in desk.history(first) if e.field == "tags"] == ["military, Iran"]


def test_an_empty_rating_clears_it(desk):
    desk.import_paths([SEED_ARTICLE])
    target = claim_id(desk, JETS)
    desk.rate(target, Verdict(rating="False"))
    assert desk.rate(target, Verdict(rating="")).rating is None
    changes = [(e.old_value, e.new_value) for e in desk.history(target) if e.field == "rating"]
    assert changes == [(None, "False"), ("False", None)]


def test_active_scale_and_article_text(desk):
    desk.import_paths([SEED_ARTICLE])
    scale = desk.scale()
    assert (scale.best, scale.worst, scale.value_of("Half True")) == (5, 0, 3)
    assert desk.article_text(1).startswith("Iran says Russia")
    with pytest.raises(NotFoundError):
        desk.article_text(99)


def test_the_desk_can_switch_rating_scale(desk):
    desk.import_paths([SEED_ARTICLE])
    target = claim_id(desk, JETS)
    assert desk.scale_names()[0] == desk.scale().name
    scale = desk.use_scale("Three-step scale")
    assert [label.name for label in scale.labels] == ["True", "Misleading", "False"]
    assert desk.rate(target, Verdict(rating="misleading")).rating == "Misleading"
    with pytest.raises(WorkbenchError, match="not a rating on the Three-step scale"):
        desk.rate(target, Verdict(rating="Pants on Fire"))
    with pytest.raises(NotFoundError):
        desk.use_scale("No such scale")
    assert [e.new_value for e in desk.history() if e.entity == "scale"] == ["Three-step scale"]
