"""The Desk tab: every claim of every article in one table, filtered and sorted in SQL.

The model never holds the whole desk. It knows the row count of the current
query and keeps a bounded cache of pages; a row the view asks for that is not
cached yet shows as loading while a background job reads its page. Each new
query starts a new generation, and pages of an older one are dropped when they
arrive, so fast typing in the search box never shows stale rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.colors import STATUS_COLORS, STATUS_LABELS, rating_color
from workbench.gui.workers import Job, Workers
from workbench.services import Desk
from workbench.store.models import Status
from workbench.store.queries import DeskQuery, DeskRow, DeskSort, ScaleRow

PAGE_SIZE = 200
#: Pages kept in memory: enough for a long scroll back and forth, bounded for 1M claims.
CACHED_PAGES = 50
#: Typing pause before the search fields query the desk.
TYPING_PAUSE_MS = 250
LOADING = "…"
_ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    sort: DeskSort


COLUMNS = (
    Column("Score", DeskSort.SCORE),
    Column("Status", DeskSort.STATUS),
    Column("Rating", DeskSort.RATING),
    Column("Claim", DeskSort.TEXT),
    Column("Speaker", DeskSort.SPEAKER),
    Column("Article", DeskSort.ARTICLE),
    Column("Published", DeskSort.PUBLISHED),
    Column("Seen in", DeskSort.SEEN),
)
SCORE, STATUS, RATING, CLAIM, SPEAKER, ARTICLE, PUBLISHED, SEEN = range(len(COLUMNS))


#: The roles `data` answers; the view asks for a dozen per cell, so the rest return at once.
_ROLES_SHOWN = frozenset(
    role.value
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.TextAlignmentRole,
    )
)


@dataclass(frozen=True)
class _Read:
    """What one background read brought back for one generation of the model."""

    generation: int
    total: int | None
    pages: dict[int, list[DeskRow]]


class DeskTableModel(QAbstractTableModel):
    """Rows of `Desk.desk_page`, read a page at a time in the background."""

    #: A query's first page and row count are in the model.
    queryApplied = Signal(int)
    pageLoaded = Signal(int)

    def __init__(self, desk: Desk, workers: Workers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.workers = workers
        self.query = DeskQuery()
        self.scale: ScaleRow | None = None
        self.total = 0
        self.generation = 0
        self._pages: OrderedDict[int, list[DeskRow]] = OrderedDict()
        self._loading: set[int] = set()

    # --- reading -----------------------------------------------------------------------

    def set_query(self, query: DeskQuery) -> None:
        """Show the claims `query` selects; the first page and count come in one read."""
        self.query = query
        self._read(self._next_generation(), count=True, pages=[0], apply=self._apply_query)

    def refresh(self) -> None:
        """Read the count and the latest cached pages again, keeping the scroll position."""
        pages = list(self._pages)[-3:] or [0]
        self._read(self._next_generation(), count=True, pages=pages, apply=self._apply_refresh)

    def _next_generation(self) -> int:
        self.generation += 1
        self._loading.clear()
        return self.generation

    def _read(
        self, generation: int, *, count: bool, pages: list[int], apply: Callable[[_Read], None]
    ) -> None:
        query, desk = self.query, self.desk

        def read(job: Job) -> _Read:
            total = desk.desk_count(query) if count else None
            rows = {page: desk.desk_page(query, page * PAGE_SIZE, PAGE_SIZE) for page in pages}
            return _Read(generation, total, rows)

        self.workers.run(read, on_done=apply, label="Read the desk")

    def _apply_query(self, read: _Read) -> None:
        if read.generation != self.generation:
            return
        self.beginResetModel()
        self.total = read.total or 0
        self._pages = OrderedDict(read.pages)
        self.endResetModel()
        self.queryApplied.emit(self.total)

    def _apply_refresh(self, read: _Read) -> None:
        if read.generation != self.generation:
            return
        self._resize(read.total or 0)
        self._pages = OrderedDict(read.pages)
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, len(COLUMNS) - 1))
        self.queryApplied.emit(self.total)

    def _resize(self, total: int) -> None:
        """Insert or remove rows at the end, so the view keeps its place and selection."""
        if total > self.total:
            self.beginInsertRows(QModelIndex(), self.total, total - 1)
            self.total = total
            self.endInsertRows()
        elif total < self.total:
            self.beginRemoveRows(QModelIndex(), total, self.total - 1)
            self.total = total
            self.endRemoveRows()

    def _request(self, page: int) -> None:
        if page not in self._loading:
            self._loading.add(page)
            self._read(self.generation, count=False, pages=[page], apply=self._apply_page)

    def _apply_page(self, read: _Read) -> None:
        if read.generation != self.generation:
            return
        for page, rows in read.pages.items():
            self._loading.discard(page)
            self._pages[page] = rows
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            first = page * PAGE_SIZE
            last = min(first + PAGE_SIZE, self.total) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.pageLoaded.emit(page)

    def row_at(self, row: int) -> DeskRow | None:
        """The claim on `row`, or None while its page is being read (which this starts)."""
        page, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    # --- the model interface -------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES_SHOWN or not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return LOADING if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (CLAIM, ARTICLE):
            return row.text if index.column() == CLAIM else row.article_title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._marker(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (SCORE, SEEN):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _marker(self, row: DeskRow, column: int) -> QColor | None:
        if column == STATUS:
            return STATUS_COLORS[row.status]
        if column == RATING and row.rating_value is not None and self.scale is not None:
            return rating_color(row.rating_value, self.scale.worst, self.scale.best)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by a column in SQL; the view calls this once on its own, which changes nothing."""
        ordered = replace(
            self.query, sort=COLUMNS[column].sort, descending=order is Qt.SortOrder.DescendingOrder
        )
        if ordered != self.query:
            self.set_query(ordered)


def _display(row: DeskRow, column: int) -> str:
    if column == SCORE:
        return f"{row.score:.2f}"
    if column == STATUS:
        return STATUS_LABELS[row.status]
    if column == RATING:
        return row.rating or ""
    if column == CLAIM:
        return row.text
    if column == SPEAKER:
        return row.speaker or ""
    if column == ARTICLE:
        return row.article_title
    if column == SEEN:
        return f"{row.seen} articles" if row.seen > 1 else ""
    return row.published.isoformat() if row.published else ""


class DeskTable(QWidget):
    """Filters above the table; activating a row asks to open the claim in its article."""

    claimActivated = Signal(int, int)

    def __init__(
        self, desk: Desk, workers: Workers, min_score: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = DeskTableModel(desk, workers, self)
        self.view = QTableView()
        self.search = _search_field("Search claim text")
        self.speaker = _search_field("Speaker")
        self.article = _search_field("Article or outlet")
        self.status = QComboBox()
        self.rating = QComboBox()
        self.min_score = QDoubleSpinBox()
        self.published_from = _date_field("from")
        self.published_to = _date_field("to")
        self.repeated_only = QCheckBox("Repeated")
        self.repeated_only.setToolTip("Only claims whose fact-check was seen in several articles")
        self.one_per_fact_check = QCheckBox("One row per fact-check")
        self.one_per_fact_check.setToolTip(
            "Show each fact-check once, by its first occurrence, instead of every occurrence"
        )
        self.count = QLabel()
        self.count.setObjectName("muted")
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._setup_filters(min_score)
        self._setup_view()
        self._layout()
        self._connect()

    def _setup_filters(self, min_score: float) -> None:
        self.status.addItem("Any status", None)
        for status in Status:
            self.status.addItem(STATUS_LABELS[status], status)
        self.min_score.setRange(0.0, 1.0)
        self.min_score.setSingleStep(0.05)
        self.min_score.setDecimals(2)
        self.min_score.setPrefix("score ≥ ")
        self.min_score.setValue(min_score)

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.horizontalHeader().setSortIndicator(SCORE, Qt.SortOrder.DescendingOrder)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setSectionResizeMode(CLAIM, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        for column, width in (
            (SCORE, 64),
            (STATUS, 128),
            (RATING, 130),
            (SPEAKER, 150),
            (ARTICLE, 220),
            (PUBLISHED, 96),
            (SEEN, 80),
        ):
            view.setColumnWidth(column, width)

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for widget, stretch in (
            (self.search, 3),
            (self.status, 0),
            (self.rating, 0),
            (self.min_score, 0),
            (self.speaker, 1),
            (self.article, 1),
            (QLabel("Published"), 0),
            (self.published_from, 0),
            (self.published_to, 0),
            (self.repeated_only, 0),
            (self.one_per_fact_check, 0),
        ):
            filters.addWidget(widget, stretch)
        footer = QHBoxLayout()
        footer.addWidget(self.count)
        footer.addStretch(1)
        footer.addWidget(_hint("Double-click or press Enter to open a claim in its article"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        for field in (self.search, self.speaker, self.article):
            field.textChanged.connect(self._typing.start)
        self._typing.timeout.connect(self.apply_filters)
        for combo in (self.status, self.rating):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.min_score.valueChanged.connect(self._typing.start)
        for edit in (self.published_from, self.published_to):
            edit.dateChanged.connect(self.apply_filters)
        for box in (self.repeated_only, self.one_per_fact_check):
            box.toggled.connect(self.apply_filters)
        self.view.activated.connect(self._activated)
        self.model.queryApplied.connect(self._show_count)

    def set_scale(self, scale: ScaleRow) -> None:
        """The rating filter offers the desk's scale; the model colours by it."""
        self.model.scale = scale
        chosen = self.rating.currentData()
        self.rating.blockSignals(True)
        self.rating.clear()
        self.rating.addItem("Any rating", None)
        self.rating.addItem("Not rated", "")
        for label in scale.labels:
            self.rating.addItem(label.name, label.name)
        found = self.rating.findData(chosen)
        self.rating.setCurrentIndex(max(found, 0))
        self.rating.blockSignals(False)

    def current_query(self) -> DeskQuery:
        rating = self.rating.currentData()
        return replace(
            self.model.query,
            search=self.search.text(),
            status=self.status.currentData(),
            rating=rating or None,
            unrated=rating == "",
            min_score=self.min_score.value(),
            speaker=self.speaker.text(),
            article=self.article.text(),
            published_from=_chosen_date(self.published_from),
            published_to=_chosen_date(self.published_to),
            repeated_only=self.repeated_only.isChecked(),
            one_per_fact_check=self.one_per_fact_check.isChecked(),
        )

    def apply_filters(self) -> None:
        self._typing.stop()
        self.model.set_query(self.current_query())

    def refresh(self) -> None:
        """Read the desk again; the first time, with the filters as they stand."""
        if self.model.generation == 0:
            self.apply_filters()
        else:
            self.model.refresh()

    def _show_count(self, total: int) -> None:
        noun = "fact-check" if self.model.query.one_per_fact_check else "claim"
        self.count.setText(f"{total:,} {noun}s" if total != 1 else f"1 {noun}")

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.claimActivated.emit(row.id, row.article_id)


def _search_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field


def _date_field(placeholder: str) -> QDateEdit:
    """A date field whose lowest value means "no bound", shown as `placeholder`."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(1900, 1, 1))
    edit.setSpecialValueText(placeholder)
    edit.setDate(edit.minimumDate())
    return edit


def _chosen_date(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    return None if chosen == edit.minimumDate() else chosen.toPython()


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    return label
