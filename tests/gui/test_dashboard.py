"""The dashboard, offscreen, on figures the real service reads from a real SQLite desk."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRect, QSize
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from sqlalchemy import update

from workbench.gui.app import dark_palette
from workbench.gui.colors import STATUS_COLORS, STATUS_LABELS
from workbench.gui.dashboard import WEEKLY_COLOR, Dashboard
from workbench.services import Verdict
from workbench.store.models import AuditEvent, Status
from workbench.store.queries import DeskQuery, DeskSort

SIZE = QSize(1100, 700)


@pytest.fixture
def dashboard(qtbot):
    widget = Dashboard()
    qtbot.addWidget(widget)
    widget.resize(SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def worked(desk, two_articles):
    """Four claims: one checked five weeks ago, one published and one checked now, one left."""
    desk.import_documents(two_articles)
    rows = desk.desk_page(DeskQuery(sort=DeskSort.ID, descending=False), 0, 100)
    assert len(rows) == 4
    desk.rate(rows[0].id, Verdict(status="checked", rating="False"))
    with desk.store.transaction() as session:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.field == "status")
            .values(at=datetime.now(UTC) - timedelta(weeks=5))
        )
    desk.rate(rows[1].id, Verdict(status="published", rating="False"))
    desk.rate(rows[2].id, Verdict(status="checked", rating="Mostly True"))
    return desk


def shown(dashboard: Dashboard, desk) -> None:
    """The overview read by the real service, shown and laid out."""
    dashboard.show_overview(desk.overview())
    QApplication.processEvents()


def pixel(widget: QWidget, point: QPoint, image: QImage) -> QColor:
    """The colour at `point` of `widget` in `image`, a grab of the widget's window."""
    return image.pixelColor(widget.mapTo(widget.window(), point))


def colors_in(image: QImage) -> set[str]:
    return {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }


def test_tiles_show_the_totals_and_every_status(dashboard, worked):
    shown(dashboard, worked)
    totals = {key: tile.value.text() for key, tile in dashboard.totals.items()}
    assert totals == {"claims": "4", "fact_checks": "4", "rated": "3", "unrated": "1"}
    statuses = {status: tile.value.text() for status, tile in dashboard.status_tiles.items()}
    assert statuses == {
        Status.UNCHECKED: "1",
        Status.IN_PROGRESS: "0",
        Status.NEEDS_REVIEW: "0",
        Status.CHECKED: "2",
        Status.PUBLISHED: "1",
        Status.DISMISSED: "0",
    }
    for status, tile in dashboard.status_tiles.items():
        assert tile.caption.text() == STATUS_LABELS[status]
        assert tile.marker.color == STATUS_COLORS[status]
    assert dashboard.totals["claims"].marker is None


def test_rating_chart_has_a_bar_per_label_in_scale_order_coloured_worst_to_best(dashboard, worked):
    shown(dashboard, worked)
    chart = dashboard.ratings
    assert [name for name, _, _ in chart.bars] == [label.name for label in worked.scale().labels]
    counts = {name: count for name, count, _ in chart.bars}
    assert counts == {
        "True": 0,
        "Mostly True": 1,
        "Half True": 0,
        "Mostly False": 0,
        "False": 2,
        "Pants on Fire": 0,
    }
    colors = {name: color for name, _, color in chart.bars}
    worst, best = colors["Pants on Fire"], colors["True"]
    assert worst.red() > 2 * worst.green() and worst.red() > 2 * worst.blue()
    assert best.green() > 2 * best.red() and best.green() > best.blue()
    assert dashboard.ratings_title.text() == "Ratings — 3 of 4 fact-checks rated"
    assert not chart.empty


def test_rating_bars_are_as_long_as_their_counts_and_painted_in_their_colour(dashboard, worked):
    shown(dashboard, worked)
    chart = dashboard.ratings
    rects = dict(zip([name for name, _, _ in chart.bars], chart.bar_rects(), strict=True))
    assert rects["False"].width() == pytest.approx(2 * rects["Mostly True"].width())
    assert rects["True"].width() == 0
    assert rects["False"].right() < chart.width()
    image = dashboard.grab().toImage()
    for name, count, color in chart.bars:
        if count:
            assert pixel(chart, rects[name].center().toPoint(), image) == color


def test_weekly_chart_counts_this_weeks_checks_in_its_last_bar(dashboard, worked):
    shown(dashboard, worked)
    chart = dashboard.weekly
    counts = [week.count for week in chart.weeks]
    assert len(counts) == 26
    assert counts[-1] == 2 and counts[-6] == 1 and sum(counts) == 3
    assert dashboard.weekly_title.text() == ("Checked or published per week — 3 in 26 weeks")
    assert chart.ticks == [0, 1, 2]
    rects = chart.bar_rects()
    assert rects[-1].height() == pytest.approx(2 * rects[-6].height())
    assert [index for index, rect in enumerate(rects) if rect.height()] == [20, 25]
    assert all(earlier.right() < later.left() for earlier, later in pairwise(rects))
    image = dashboard.grab().toImage()
    assert pixel(chart, rects[-1].center().toPoint(), image) == WEEKLY_COLOR
    assert pixel(chart, rects[0].adjusted(0, -20, 0, 0).center().toPoint(), image) != WEEKLY_COLOR


def test_hovering_a_week_tells_its_date_and_count(dashboard, worked):
    shown(dashboard, worked)
    chart = dashboard.weekly
    monday = chart.weeks[-6].week
    point = chart.bar_rects()[-6].center().toPoint()
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, point, chart.mapToGlobal(point)))
    when = QLocale().toString(QDate(monday.year, monday.month, monday.day), "d MMM yyyy")
    assert QToolTip.text() == f"Week of {when}: 1 checked or published"
    assert chart.tooltip_at(0) == ""


def test_every_fourth_week_is_named_back_from_the_latest_without_overlap(dashboard, worked):
    shown(dashboard, worked)
    chart = dashboard.weekly
    names = chart.week_names()
    assert [name.index for name in names] == list(range(1, 26, 4))
    monday = chart.weeks[-1].week
    assert monday.weekday() == 0
    assert names[-1].text == QLocale().toString(
        QDate(monday.year, monday.month, monday.day), "d MMM"
    )
    assert all(a.rect.right() < b.rect.left() for a, b in pairwise(names))
    assert names[-1].rect.right() <= chart.width()


def test_narrow_charts_name_fewer_weeks_and_bars_follow_the_width(qtbot, dashboard, worked):
    shown(dashboard, worked)
    chart = dashboard.weekly
    wide = dashboard.ratings.bar_rects()[4].width()
    dashboard.resize(dashboard.minimumSizeHint().width(), 600)
    qtbot.waitUntil(lambda: dashboard.ratings.bar_rects()[4].width() < wide)
    names = chart.week_names()
    assert names[-1].index == 25
    assert len(names) < 7
    assert all(a.rect.right() < b.rect.left() for a, b in pairwise(names))
    image = dashboard.grab().toImage()
    last = chart.bar_rects()[-1].center().toPoint()
    assert pixel(chart, last, image) == WEEKLY_COLOR


def test_a_fresh_desk_says_so_instead_of_drawing_bars(dashboard, desk):
    shown(dashboard, desk)
    assert {tile.value.text() for tile in dashboard.totals.values()} == {"0"}
    assert {tile.value.text() for tile in dashboard.status_tiles.values()} == {"0"}
    assert dashboard.ratings.empty and dashboard.weekly.empty
    assert [count for _, count, _ in dashboard.ratings.bars] == [0] * 6
    assert dashboard.weekly_title.text() == "Checked or published per week — 0 in 26 weeks"
    bar_colors = {color.name() for _, _, color in dashboard.ratings.bars} | {WEEKLY_COLOR.name()}
    for chart in (dashboard.ratings, dashboard.weekly):
        painted = colors_in(chart.grab().toImage())
        assert len(painted) > 2, "the empty state's text is painted"
        assert not painted & bar_colors


def test_grab_has_the_widget_size_and_charts_their_hints(dashboard, worked):
    shown(dashboard, worked)
    image = dashboard.grab()
    assert not image.isNull()
    assert image.size() == SIZE
    for chart in (dashboard.ratings, dashboard.weekly):
        assert chart.width() >= chart.minimumSizeHint().width()
        assert chart.height() >= chart.minimumSizeHint().height()
        assert chart.sizeHint().height() >= chart.minimumSizeHint().height()
    assert dashboard.ratings.minimumSizeHint().height() >= 6 * dashboard.fontMetrics().height()


def test_thedark_palette_paints_dark_surfaces_and_light_text(dashboard, worked):
    dark = dark_palette()
    dashboard.setPalette(dark)
    shown(dashboard, worked)
    image = dashboard.grab().toImage()
    assert image.pixelColor(2, 2) == dark.color(QPalette.ColorRole.Window)
    tile = dashboard.totals["claims"]
    assert pixel(tile, QPoint(tile.width() - 6, tile.height() // 2), image) == dark.color(
        QPalette.ColorRole.Base
    )
    value = tile.value
    region = QRect(value.mapTo(dashboard, QPoint(0, 0)), value.size())
    lightest = max(
        image.pixelColor(x, y).lightness()
        for x in range(region.left(), region.right())
        for y in range(region.top(), region.bottom())
    )
    assert lightest > 200
    chart = dashboard.ratings
    rect = chart.bar_rects()[4]
    assert pixel(chart, rect.center().toPoint(), image) == chart.bars[4][2]
    assert pixel(chart, QPoint(chart.width() - 2, 2), image) == dark.color(QPalette.ColorRole.Base)


def test_ratings_of_a_former_scale_get_a_valid_colour_at_the_end_of_the_new_one(dashboard, worked):
    worked.use_scale("Three-step scale")
    shown(dashboard, worked)
    bars = {name: (count, color) for name, count, color in dashboard.ratings.bars}
    assert [name for name, _, _ in dashboard.ratings.bars][:3] == ["True", "Misleading", "False"]
    count, color = bars["Mostly True"]
    assert count == 1
    assert color.isValid() and color == bars["True"][1]
