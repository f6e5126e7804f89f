"""The Desk and Dashboard tabs offscreen: paged claims table, filters, sorting, figures."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from workbench.gui import desk_table
from workbench.gui.desk_table import (
    CLAIM,
    LOADING,
    RATING,
    SCORE,
    SEEN,
    SPEAKER,
    STATUS,
    DeskTableModel,
)
from workbench.gui.workers import Workers
from workbench.ingest.readers import read_pasted
from workbench.services import Verdict
from workbench.store.models import Status
from workbench.store.queries import DeskQuery, DeskSort

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WAIT = 15_000
JETS = "Russian jets used an air base in Iran"


def cell(model, row, column):
    return model.index(row, column).data()


def texts(model):
    return [cell(model, row, CLAIM) for row in range(model.rowCount())]


def show_desk(qtbot, window):
    table = window.desk_table
    with qtbot.waitSignal(table.model.queryApplied, timeout=WAIT):
        window.tabs.setCurrentWidget(table)
    return table


def filtered(qtbot, table, change):
    """Change a filter, wait for the query it starts, return the model."""
    with qtbot.waitSignal(table.model.queryApplied, timeout=WAIT):
        change()
    return table.model


@pytest.fixture
def model(qtbot, desk):
    desk.import_paths([SEEDS])
    workers = Workers()
    yield DeskTableModel(desk, workers)
    workers.wait(WAIT)


def test_the_model_pages_lazily_and_every_row_arrives(qtbot, model, desk, monkeypatch):
    monkeypatch.setattr(desk_table, "PAGE_SIZE", 3)
    query = DeskQuery(sort=DeskSort.ID, descending=False)
    with qtbot.waitSignal(model.queryApplied, timeout=WAIT) as applied:
        model.set_query(query)
    expected = [row.text for row in desk.desk_page(query, 0, 10_000)]
    assert applied.args == [len(expected)] and model.rowCount() == len(expected) > 6
    assert cell(model, 0, CLAIM) == expected[0]
    with qtbot.waitSignal(model.pageLoaded, timeout=WAIT, check_params_cb=lambda p: p == 2):
        assert cell(model, 7, SCORE) == LOADING
        assert cell(model, 7, CLAIM) is None
    assert cell(model, 7, CLAIM) == expected[7]
    qtbot.waitUntil(lambda: all(text is not None for text in texts(model)), timeout=WAIT)
    assert texts(model) == expected


def test_a_newer_query_wins_over_a_slower_older_one(qtbot, model):
    model.set_query(DeskQuery(search="Rouhani"))
    with qtbot.waitSignal(model.queryApplied, timeout=WAIT):
        model.set_query(DeskQuery(search="budget"))
    qtbot.wait(200)
    assert model.rowCount() > 0
    assert all("budget" in text.lower() for text in texts(model))


def test_cells_show_score_status_rating_with_colour_markers(qtbot, model, desk):
    top = desk.desk_page(DeskQuery(), 0, 1)[0]
    desk.rate(top.id, Verdict(status="checked", rating="Pants on Fire"))
    model.scale = desk.scale()
    with qtbot.waitSignal(model.queryApplied, timeout=WAIT):
        model.set_query(DeskQuery())
    assert cell(model, 0, SCORE) == f"{top.score:.2f}"
    assert (cell(model, 0, STATUS), cell(model, 0, RATING)) == ("Checked", "Pants on Fire")
    worst = model.index(0, RATING).data(Qt.ItemDataRole.DecorationRole)
    assert worst.red() > 200 and worst.green() < 80
    assert model.index(0, CLAIM).data(Qt.ItemDataRole.ToolTipRole) == top.text


def test_the_desk_tab_lists_every_claim_above_the_threshold(qtbot, window, desk):
    table = show_desk(qtbot, window)
    expected = desk.desk_count(DeskQuery(min_score=desk.settings.score_threshold))
    assert table.model.rowCount() == expected > 0
    assert table.count.text() == f"{expected} claims"
    scores = [float(cell(table.model, row, SCORE)) for row in range(expected)]
    assert scores == sorted(scores, reverse=True)


def test_filters_narrow_the_table(qtbot, window, desk):
    table = show_desk(qtbot, window)
    model = filtered(qtbot, table, lambda: table.search.setText("air base"))
    assert texts(model) and all("air" in text and "base" in text for text in texts(model))
    model = filtered(qtbot, table, table.search.clear)
    everything = model.rowCount()
    model = filtered(qtbot, table, lambda: table.min_score.setValue(0.0))
    assert model.rowCount() > everything
    desk.rate(desk.desk_page(DeskQuery(search=JETS), 0, 1)[0].id, Verdict(status="in_progress"))
    in_progress = table.status.findData(Status.IN_PROGRESS)
    model = filtered(qtbot, table, lambda: table.status.setCurrentIndex(in_progress))
    assert texts(model) == [next(t for t in texts(model) if JETS in t)]
    model = filtered(qtbot, table, lambda: table.status.setCurrentIndex(0))
    model = filtered(qtbot, table, lambda: table.speaker.setText("zarif"))
    assert model.rowCount() >= 1
    assert all("Zarif" in cell(model, row, SPEAKER) for row in range(model.rowCount()))
    model = filtered(qtbot, table, table.speaker.clear)
    model = filtered(qtbot, table, lambda: table.published_from.setDate(QDate(2100, 1, 1)))
    assert model.rowCount() == 0 and table.count.text() == "0 claims"


def test_clicking_a_header_sorts_in_sql(qtbot, window):
    table = show_desk(qtbot, window)
    header = table.view.horizontalHeader()
    model = filtered(
        qtbot, table, lambda: header.setSortIndicator(CLAIM, Qt.SortOrder.AscendingOrder)
    )
    assert model.query.sort is DeskSort.TEXT and not model.query.descending
    ordered = texts(model)
    assert ordered == sorted(ordered)
    model = filtered(
        qtbot, table, lambda: header.setSortIndicator(CLAIM, Qt.SortOrder.DescendingOrder)
    )
    assert texts(model) == ordered[::-1]


def test_activating_a_row_opens_the_claim_in_its_article(qtbot, window, desk):
    extra = read_pasted(
        "Exports of wheat rose by 14 percent last year, the ministry said.",
        title="Trade figures",
        published=date(2024, 5, 1),
    )
    desk.import_documents([extra])
    table = show_desk(qtbot, window)
    model = filtered(qtbot, table, lambda: table.search.setText("wheat"))
    assert model.rowCount() == 1
    wheat = desk.desk_page(DeskQuery(search="wheat"), 0, 1)[0]
    window.articles.search.setText("no such article")
    with qtbot.waitSignal(window.claimShown, timeout=WAIT, check_params_cb=lambda i: i == wheat.id):
        table.view.activated.emit(model.index(0, CLAIM))
    assert window.tabs.currentWidget() is window.splitter
    assert window.reader.content.article_id == wheat.article_id
    assert window.reader.selected_id == wheat.id
    assert window.articles.current_id() == wheat.article_id


def test_a_verdict_given_in_the_reader_shows_in_the_desk_table(qtbot, window, desk):
    table = show_desk(qtbot, window)
    window.tabs.setCurrentWidget(window.splitter)
    claim = window.panel.claim
    window.panel.request_rating_by_number(1)
    qtbot.waitUntil(lambda: desk.claim(claim.id).rating is not None, timeout=WAIT)
    rating = desk.claim(claim.id).rating
    with qtbot.waitSignal(table.model.queryApplied, timeout=WAIT):
        window.tabs.setCurrentWidget(table)
    row = next(
        r for r in range(table.model.rowCount()) if cell(table.model, r, CLAIM) == claim.text
    )
    assert cell(table.model, row, RATING) == rating


def test_claim_keys_do_nothing_while_the_desk_is_in_view(qtbot, window, desk):
    claim = window.panel.claim
    show_desk(qtbot, window)
    window.rate_menu.actions()[1].trigger()
    qtbot.wait(300)
    window.workers.wait(WAIT)
    assert desk.claim(claim.id).rating is None


def test_the_dashboard_tab_counts_the_desk_when_shown(qtbot, window, desk):
    claims = desk.desk_count(DeskQuery())
    window.tabs.setCurrentWidget(window.dashboard_tab)
    tiles = window.dashboard.totals
    qtbot.waitUntil(lambda: tiles["claims"].value.text() == str(claims), timeout=WAIT)
    assert tiles["rated"].value.text() == "0"
    window.tabs.setCurrentWidget(window.splitter)
    window.panel.request_rating_by_number(2)
    qtbot.waitUntil(lambda: desk.overview().rated == 1, timeout=WAIT)
    window.tabs.setCurrentWidget(window.dashboard_tab)
    qtbot.waitUntil(lambda: tiles["rated"].value.text() == "1", timeout=WAIT)


def test_repeated_claims_are_counted_and_shown_once_per_fact_check(qtbot, window, desk):
    jets = desk.desk_page(DeskQuery(search=JETS), 0, 1)[0]
    desk.import_documents([read_pasted(f"Agencies reported on Tuesday. {jets.text}", title="Wire")])
    table = show_desk(qtbot, window)
    model = filtered(qtbot, table, lambda: table.repeated_only.setChecked(True))
    assert texts(model) == [jets.text, jets.text]
    assert [cell(model, row, SEEN) for row in range(2)] == ["2 articles", "2 articles"]
    model = filtered(qtbot, table, lambda: table.one_per_fact_check.setChecked(True))
    assert texts(model) == [jets.text] and table.count.text() == "1 fact-check"
    model = filtered(qtbot, table, lambda: table.repeated_only.setChecked(False))
    assert model.rowCount() == desk.desk_count(table.current_query())
    assert cell(model, texts(model).index(jets.text), SEEN) == "2 articles"
