"""The left pane: every article, searchable by title and outlet, filterable by work left."""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLineEdit, QListView, QVBoxLayout, QWidget

from workbench.store.queries import ArticleRow

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class ArticleFilter(enum.Enum):
    ALL = "All articles"
    UNRATED = "With unrated claims"
    DONE = "Fully checked"
    UNTOUCHED = "Nothing checked yet"

    def accepts(self, row: ArticleRow) -> bool:
        if self is ArticleFilter.UNRATED:
            return row.unrated_count > 0
        if self is ArticleFilter.DONE:
            return row.claim_count > 0 and row.unrated_count == 0
        if self is ArticleFilter.UNTOUCHED:
            return row.checked_count == 0
        return True


class _ArticleProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.work = ArticleFilter.ALL

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        row: ArticleRow = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        haystack = f"{row.title} {row.outlet or ''} {row.byline or ''}".casefold()
        return self.search.casefold() in haystack and self.work.accepts(row)


class ArticleList(QWidget):
    articleSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and outlets")
        self.search.setClearButtonEnabled(True)
        self.work = QComboBox()
        for choice in ArticleFilter:
            self.work.addItem(choice.value, choice)
        self.model = QStandardItemModel(self)
        self.proxy = _ArticleProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.work)
        layout.addWidget(self.view, 1)
        self.search.textChanged.connect(self._search_changed)
        self.work.currentIndexChanged.connect(self._work_changed)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

    def set_articles(self, rows: list[ArticleRow]) -> None:
        current = self.current_id()
        self.model.clear()
        for row in rows:
            item = QStandardItem(_describe(row))
            item.setData(row, ROW_ROLE)
            item.setData(row.id, Qt.ItemDataRole.UserRole)
            item.setToolTip(row.origin)
            item.setEditable(False)
            self.model.appendRow(item)
        if current is not None:
            self.select(current, notify=False)

    def select_first(self) -> None:
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def row(self, article_id: int) -> ArticleRow | None:
        for index in range(self.model.rowCount()):
            row: ArticleRow = self.model.item(index).data(ROW_ROLE)
            if row.id == article_id:
                return row
        return None

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select(self, article_id: int, *, notify: bool = True) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) == article_id:
                selection = self.view.selectionModel()
                was_blocked = selection.blockSignals(not notify)
                self.view.setCurrentIndex(index)
                selection.blockSignals(was_blocked)
                return True
        return False

    def clear_filters(self) -> None:
        self.search.clear()
        self.work.setCurrentIndex(0)

    def _search_changed(self, text: str) -> None:
        self.proxy.beginFilterChange()
        self.proxy.search = text
        self.proxy.endFilterChange()

    def _work_changed(self, _index: int) -> None:
        self.proxy.beginFilterChange()
        self.proxy.work = self.work.currentData()
        self.proxy.endFilterChange()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.articleSelected.emit(current.data(Qt.ItemDataRole.UserRole))


def _describe(row: ArticleRow) -> str:
    details = [part for part in (row.outlet, row.published and row.published.isoformat()) if part]
    claims = "1 claim" if row.claim_count == 1 else f"{row.claim_count} claims"
    counts = f"{claims} · {row.checked_count} checked · {row.unrated_count} open"
    return "\n".join([row.title, " · ".join(details), counts] if details else [row.title, counts])
