"""The dashboard tab: the desk's counts as tiles, its ratings and its weekly output as charts.

The widget only shows a `DeskOverview` that a worker has read; it never touches
the database. The charts are painted by hand (QtCharts is not part of
pyside6-essentials) in the palette's colours, so they follow the light and dark
schemes.
"""

from __future__ import annotations

import itertools
from datetime import date
from math import ceil
from typing import NamedTuple

from PySide6.QtCore import QDate, QEvent, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.colors import STATUS_COLORS, STATUS_LABELS, rating_color
from workbench.store.models import Status
from workbench.store.queries import DeskOverview, RatingCount, ScaleRow, WeekCount

#: One bar of the ratings chart: the label's name, its count and its colour.
Bar = tuple[str, int, QColor]


class WeekName(NamedTuple):
    """A week's name under the weekly chart: the week's index, its text and where it goes."""

    index: int
    text: str
    rect: QRectF


WEEKLY_COLOR = STATUS_COLORS[Status.CHECKED]
#: The weekly chart names every fourth week, counted back from the latest.
LABEL_EVERY = 4
#: Space between a chart's labels and its bars, in pixels.
GAP = 8
TOTALS = {
    "claims": ("Claims", "Every claim in every article; a repeated claim counts each time."),
    "fact_checks": ("Fact-checks", "The verdicts: repeats of a claim share one fact-check."),
    "rated": ("Rated", "Fact-checks with a rating."),
    "unrated": ("Unrated", "Fact-checks without a rating yet."),
}


class Dashboard(QWidget):
    """The desk's figures at a glance: totals, fact-checks per status, ratings, weekly checks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.totals = {key: FigureTile(*TOTALS[key]) for key in TOTALS}
        self.status_tiles = {
            status: FigureTile(STATUS_LABELS[status], marker=STATUS_COLORS[status])
            for status in Status
        }
        self.ratings = RatingChart()
        self.weekly = WeeklyChart()
        self.ratings_title = _heading("Ratings")
        self.weekly_title = _heading("Checked or published per week")
        self._layout()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addLayout(_tile_row(list(self.totals.values())))
        layout.addWidget(_caption("Fact-checks by status"))
        layout.addLayout(_tile_row(list(self.status_tiles.values())))
        layout.addSpacing(8)
        charts = QHBoxLayout()
        charts.setSpacing(10)
        charts.addWidget(_chart_card(self.ratings_title, self.ratings), 2)
        charts.addWidget(_chart_card(self.weekly_title, self.weekly), 3)
        layout.addLayout(charts)
        layout.addStretch(1)

    def show_overview(self, overview: DeskOverview) -> None:
        """Fill every tile and chart from `overview`."""
        figures = {
            "claims": overview.claims,
            "fact_checks": overview.fact_checks,
            "rated": overview.rated,
            "unrated": overview.unrated,
        }
        for key, tile in self.totals.items():
            tile.set_value(figures[key])
        for status, tile in self.status_tiles.items():
            tile.set_value(overview.statuses.get(status, 0))
        self.ratings.set_ratings(overview.ratings, overview.scale)
        self.ratings_title.setText(
            f"Ratings — {_number(overview.rated)} of {_number(overview.fact_checks)} "
            "fact-checks rated"
        )
        self.weekly.set_weeks(overview.checked_weekly)
        self.weekly_title.setText(
            f"Checked or published per week — {_number(self.weekly.total)} "
            f"in {len(overview.checked_weekly)} weeks"
        )


class Card(QWidget):
    """A rounded panel in the base colour: the surface tiles and charts sit on."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_gridline(self.palette()), 1))
        painter.setBrush(self.palette().base())
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)


class FigureTile(Card):
    """One count under its caption; a status tile has its status's colour as a marker."""

    def __init__(
        self,
        caption: str,
        tooltip: str = "",
        marker: QColor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caption = _caption(caption)
        self.value = QLabel("0")
        self.value.setFont(_scaled(self.value.font(), 1.8, QFont.Weight.DemiBold))
        self.marker = Marker(marker) if marker is not None else None
        self.setToolTip(tooltip)
        top = QHBoxLayout()
        top.setSpacing(6)
        if self.marker is not None:
            top.addWidget(self.marker)
        top.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.value)

    def set_value(self, value: int) -> None:
        self.value.setText(_number(value))


class Marker(QWidget):
    """A small dot in a status's colour."""

    def __init__(self, color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = QColor(color)
        self.setFixedSize(10, 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.color)
        painter.drawEllipse(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))


class RatingChart(QWidget):
    """Horizontal bars, one per rating: the name on the left, the count at the bar's end."""

    EMPTY_TEXT = "No claim has a rating yet"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_ratings(self, ratings: list[RatingCount], scale: ScaleRow) -> None:
        """One bar per rating, in the given order, coloured on the desk's `scale`."""
        self.bars = [
            (rating.name, rating.count, rating_color(rating.value, scale.worst, scale.best))
            for rating in ratings
        ]
        self.setAccessibleDescription(
            "; ".join(f"{name}: {count}" for name, count, _color in self.bars)
        )
        self.updateGeometry()
        self.update()

    @property
    def empty(self) -> bool:
        return not any(count for _name, count, _color in self.bars)

    def sizeHint(self) -> QSize:
        return QSize(420, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self._height())

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 16

    def _height(self) -> int:
        """Room for every bar, or for the empty text while there are none."""
        return max(len(self.bars), 3) * self._row_height()

    def _name_width(self) -> int:
        """The widest name, but at most two fifths of the chart: longer names are elided."""
        widest = max((self.fontMetrics().horizontalAdvance(n) for n, _, _ in self.bars), default=0)
        return min(widest, self.width() * 2 // 5)

    def bar_rects(self) -> list[QRectF]:
        """Where each bar goes at the current width; a rating nobody has gets no width."""
        metrics = self.fontMetrics()
        left = self._name_width() + GAP
        count_width = max(
            (metrics.horizontalAdvance(_number(count)) for _, count, _ in self.bars), default=0
        )
        span = max(0, self.width() - left - GAP - count_width)
        most = max((count for _, count, _ in self.bars), default=0) or 1
        row = self._row_height()
        thickness = round(row * 0.6)
        return [
            QRectF(
                left,
                index * row + (row - thickness) / 2,
                max(2.0, span * count / most) if count else 0.0,
                thickness,
            )
            for index, (_, count, _) in enumerate(self.bars)
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        if self.empty:
            _paint_empty(painter, QRectF(self.rect()), self.EMPTY_TEXT, palette)
            return
        row = self._row_height()
        rects = self.bar_rects()
        names = self._name_width()
        painter.setPen(QPen(_gridline(palette), 1))
        axis = rects[0].left() - 0.5
        painter.drawLine(QPointF(axis, 0), QPointF(axis, len(rects) * row))
        for index, ((name, count, color), rect) in enumerate(zip(self.bars, rects, strict=True)):
            top = index * row
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(0, top, rect.left() - GAP, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, names),
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(palette.color(QPalette.ColorRole.Text) if count else _muted(palette))
            painter.drawText(
                QRectF(rect.right() + GAP, top, self.width(), row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                _number(count),
            )


class WeeklyChart(QWidget):
    """Vertical bars, one per week, oldest first, with a few weeks named under them."""

    EMPTY_TEXT = "No claim was checked or published in these weeks"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: list[WeekCount] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_weeks(self, weeks: list[WeekCount]) -> None:
        self.weeks = list(weeks)
        self.update()

    @property
    def total(self) -> int:
        return sum(week.count for week in self.weeks)

    @property
    def empty(self) -> bool:
        return self.total == 0

    def week_names(self) -> list[WeekName]:
        """The weeks named under the bars: every fourth back from the latest, fewer if cramped.

        Each name is centred under its bar but kept inside the widget, and no two overlap.
        """
        every = LABEL_EVERY
        names = self._names_every(every)
        while any(a.rect.right() + GAP > b.rect.left() for a, b in itertools.pairwise(names)):
            every += LABEL_EVERY
            names = self._names_every(every)
        return names

    def _names_every(self, every: int) -> list[WeekName]:
        rects = self.bar_rects()
        metrics = self.fontMetrics()
        top = self._plot().bottom() + GAP / 2
        names = []
        for index in reversed(range(len(self.weeks) - 1, -1, -every)):
            text = _day_month(self.weeks[index].week)
            width = metrics.horizontalAdvance(text) + 2
            left = min(max(0.0, rects[index].center().x() - width / 2), self.width() - width)
            names.append(WeekName(index, text, QRectF(left, top, width, metrics.height())))
        return names

    def sizeHint(self) -> QSize:
        return QSize(520, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 140)

    @property
    def ticks(self) -> list[int]:
        """The counts the y axis marks with a gridline, from 0 to the chart's top."""
        return _ticks(max((week.count for week in self.weeks), default=0))

    def _plot(self) -> QRectF:
        """The bars' area: left of it the y labels, under it the week names."""
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance(_number(self.ticks[-1])) + GAP
        top = metrics.height() / 2
        bottom = self.height() - metrics.height() - GAP
        return QRectF(left, top, max(0, self.width() - left - 2), max(0, bottom - top))

    def bar_rects(self) -> list[QRectF]:
        """Where each week's bar goes at the current size; an empty week gets no height."""
        if not self.weeks:
            return []
        plot = self._plot()
        slot = plot.width() / len(self.weeks)
        top = self.ticks[-1]
        rects = []
        for index, week in enumerate(self.weeks):
            height = plot.height() * week.count / top
            left = plot.left() + index * slot + slot * 0.15
            rects.append(QRectF(left, plot.bottom() - height, slot * 0.7, height))
        return rects

    def tooltip_at(self, x: float) -> str:
        """The week under `x` and its count, or "" beside the bars."""
        plot = self._plot()
        if not self.weeks or not plot.left() <= x < plot.right():
            return ""
        week = self.weeks[int((x - plot.left()) / plot.width() * len(self.weeks))]
        when = QLocale().toString(_qdate(week.week), "d MMM yyyy")
        return f"Week of {when}: {_number(week.count)} checked or published"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        if self.empty:
            _paint_empty(painter, QRectF(self.rect()), self.EMPTY_TEXT, palette)
            return
        self._paint_axis(painter, palette)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(WEEKLY_COLOR)
        for rect in self.bar_rects():
            if rect.height() > 0:
                painter.drawRoundedRect(rect, 1.5, 1.5)
        self._paint_week_names(painter, palette)

    def _paint_axis(self, painter: QPainter, palette: QPalette) -> None:
        """A gridline per tick, each with its count on the left."""
        plot = self._plot()
        ticks = self.ticks
        for count in ticks:
            y = plot.bottom() - plot.height() * count / ticks[-1]
            painter.setPen(QPen(_gridline(palette), 1))
            painter.drawLine(QPointF(plot.left(), y + 0.5), QPointF(plot.right(), y + 0.5))
            painter.setPen(_muted(palette))
            painter.drawText(
                QRectF(0, y - plot.top(), plot.left() - GAP, 2 * plot.top()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _number(count),
            )

    def _paint_week_names(self, painter: QPainter, palette: QPalette) -> None:
        painter.setPen(_muted(palette))
        for name in self.week_names():
            painter.drawText(name.rect, Qt.AlignmentFlag.AlignCenter, name.text)


def _ticks(most: int) -> list[int]:
    """0 and at most four round steps (1, 2 or 5 times a power of ten) reaching `most`."""
    steps = (factor * 10**power for power in itertools.count() for factor in (1, 2, 5))
    step = next(step for step in steps if most <= 4 * step)
    return list(range(0, max(1, ceil(most / step)) * step + 1, step))


def _tile_row(tiles: list[FigureTile]) -> QGridLayout:
    """Tiles side by side, all of one width."""
    row = QGridLayout()
    row.setSpacing(10)
    for column, tile in enumerate(tiles):
        row.addWidget(tile, 0, column)
        row.setColumnStretch(column, 1)
    return row


def _chart_card(title: QLabel, chart: QWidget) -> Card:
    card = Card()
    layout = QVBoxLayout(card)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.setSpacing(10)
    layout.addWidget(title)
    layout.addWidget(chart, 1)
    return card


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(_scaled(label.font(), 1.1, QFont.Weight.DemiBold))
    label.setWordWrap(True)
    return label


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _scaled(font: QFont, factor: float, weight: QFont.Weight) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    scaled.setWeight(weight)
    return scaled


def _paint_empty(painter: QPainter, rect: QRectF, text: str, palette: QPalette) -> None:
    painter.setPen(_muted(palette))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


def _muted(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.PlaceholderText)


def _gridline(palette: QPalette) -> QColor:
    """The text colour, faint: visible on light and dark backgrounds alike."""
    color = QColor(palette.color(QPalette.ColorRole.Text))
    color.setAlphaF(0.15)
    return color


def _number(value: int) -> str:
    """A count with the locale's digit grouping."""
    return QLocale().toString(value)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day_month(day: date) -> str:
    return QLocale().toString(_qdate(day), "d MMM")
