"""The right pane: one claim, its score's reasons, and its fact-check to work on.

The panel only shows and asks: every edit leaves it as a request signal, which
the main window turns into an undoable command run in the background.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.gui.colors import STATUS_LABELS
from workbench.gui.repeats_box import RepeatsBox
from workbench.services import SourceInput
from workbench.store.models import Status
from workbench.store.queries import ClaimRow, EventRow, ScaleRow, SourceRow


class ClaimPanel(QScrollArea):
    statusRequested = Signal(str)
    ratingRequested = Signal(str)
    conclusionRequested = Signal(str)
    tagsRequested = Signal(tuple)
    sourceAddRequested = Signal(object)
    sourceEditRequested = Signal(int, object)
    sourceRemoveRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim: ClaimRow | None = None
        self.setWidgetResizable(True)
        self.setMinimumWidth(340)
        body = QWidget()
        self.setWidget(body)
        self.empty = QLabel("Select a claim in the article to work on it.")
        self.empty.setWordWrap(True)
        self.text = _selectable_label(object_name="claimText")
        self.meta = _selectable_label()
        self.reasons = _selectable_label(object_name="reasons")
        self.status_buttons = QButtonGroup(self)
        self.rating_buttons = QButtonGroup(self)
        self.rating_box = QGroupBox("Rating")
        self.rating_grid = QGridLayout(self.rating_box)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setPlaceholderText("What the evidence shows, in a few sentences.")
        self.conclusion.setFixedHeight(110)
        self.save_conclusion = QPushButton("Save conclusion")
        self.sources = QListWidget()
        self.sources.setFixedHeight(110)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Tags, separated by commas")
        self.repeats = RepeatsBox()
        self.history = QListWidget()
        self.history.setFixedHeight(130)
        self._build(body)
        self._connect()
        self.show_claim(None)

    # --- building ----------------------------------------------------------------------

    def _build(self, body: QWidget) -> None:
        layout = QVBoxLayout(body)
        layout.addWidget(self.empty)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.text)
        details.addWidget(self.meta)
        details.addWidget(self.reasons)
        details.addWidget(self._status_box())
        details.addWidget(self.rating_box)
        details.addWidget(self._conclusion_box())
        details.addWidget(self._sources_box())
        tags_box = QGroupBox("Tags")
        QVBoxLayout(tags_box).addWidget(self.tags)
        details.addWidget(tags_box)
        details.addWidget(_boxed("Seen elsewhere", self.repeats))
        details.addWidget(_boxed("History", self.history))
        layout.addWidget(self.details)
        layout.addStretch(1)

    def _status_box(self) -> QGroupBox:
        box = QGroupBox("Status")
        grid = QGridLayout(box)
        for index, status in enumerate(Status):
            button = QPushButton(STATUS_LABELS[status])
            button.setCheckable(True)
            button.setProperty("status", status.value)
            button.setToolTip(f"Set the status to {STATUS_LABELS[status].lower()}")
            self.status_buttons.addButton(button)
            grid.addWidget(button, index // 3, index % 3)
        return box

    def _conclusion_box(self) -> QGroupBox:
        box = QGroupBox("Conclusion")
        layout = QVBoxLayout(box)
        layout.addWidget(self.conclusion)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_conclusion.setToolTip("Save the conclusion (Ctrl+Return)")
        row.addWidget(self.save_conclusion)
        layout.addLayout(row)
        return box

    def _sources_box(self) -> QGroupBox:
        box = QGroupBox("Sources")
        layout = QVBoxLayout(box)
        layout.addWidget(self.sources)
        row = QHBoxLayout()
        self.add_source = QPushButton("Add…")
        self.edit_source = QPushButton("Edit…")
        self.remove_source = QPushButton("Remove")
        for button in (self.add_source, self.edit_source, self.remove_source):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _connect(self) -> None:
        self.status_buttons.buttonClicked.connect(self._status_clicked)
        self.rating_buttons.buttonClicked.connect(self._rating_clicked)
        self.save_conclusion.clicked.connect(self._conclusion_done)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.conclusion)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self._conclusion_done)
        self.conclusion.textChanged.connect(self._conclusion_edited)
        self.tags.editingFinished.connect(self._tags_done)
        self.add_source.clicked.connect(self._add_source)
        self.edit_source.clicked.connect(self._edit_source)
        self.remove_source.clicked.connect(self._remove_source)
        self.sources.itemDoubleClicked.connect(lambda _item: self._edit_source())
        self.sources.currentRowChanged.connect(self._source_selection_changed)

    # --- showing -----------------------------------------------------------------------

    def set_scale(self, scale: ScaleRow) -> None:
        """One button per label of the desk's scale, with its number key."""
        for button in self.rating_buttons.buttons():
            self.rating_buttons.removeButton(button)
            button.deleteLater()
        for index, label in enumerate(scale.labels):
            button = QPushButton(f"{index + 1}  {label.name}")
            button.setCheckable(True)
            button.setProperty("rating", label.name)
            button.setToolTip(f"{label.description} (key {index + 1})")
            self.rating_buttons.addButton(button)
            self.rating_grid.addWidget(button, index // 2, index % 2)
        clear = QPushButton("0  No rating")
        clear.setCheckable(True)
        clear.setProperty("rating", "")
        clear.setToolTip("Clear the rating (key 0)")
        self.rating_buttons.addButton(clear)
        count = len(scale.labels)
        self.rating_grid.addWidget(clear, count // 2, count % 2)

    def show_claim(self, claim: ClaimRow | None, history: list[EventRow] | None = None) -> None:
        self.claim = claim
        self.empty.setVisible(claim is None)
        self.details.setVisible(claim is not None)
        if claim is None:
            return
        self.text.setText(claim.text)
        speaker = claim.speaker or "no speaker found"
        self.meta.setText(
            f"<b>{escape(speaker)}</b> · {claim.kind} · score {claim.score:.2f}<br>"
            f"<span style='color:#6b7280'>{escape(claim.article_title)}</span>"
        )
        self.reasons.setText(_reasons_html(claim))
        _check(self.status_buttons, "status", claim.status.value)
        _check(self.rating_buttons, "rating", claim.rating or "")
        self.conclusion.blockSignals(True)
        self.conclusion.setPlainText(claim.conclusion)
        self.conclusion.blockSignals(False)
        self.save_conclusion.setEnabled(False)
        self.tags.setText(", ".join(claim.tags))
        self._show_sources(claim.sources)
        self.repeats.show_claim(claim)
        self.history.clear()
        for event in reversed(history or []):
            self.history.addItem(_event_text(event))

    def _show_sources(self, sources: list[SourceRow]) -> None:
        self.sources.clear()
        for source in sources:
            item = QListWidgetItem(f"{source.title or source.url}\n{source.url}")
            item.setData(Qt.ItemDataRole.UserRole, source)
            item.setToolTip(source.quote or source.url)
            self.sources.addItem(item)
        self._source_selection_changed(self.sources.currentRow())

    # --- requests ----------------------------------------------------------------------

    def request_rating_by_number(self, number: int) -> None:
        """Number keys: 1..N pick the N labels of the scale, 0 clears."""
        buttons = self.rating_buttons.buttons()
        if self.claim is None or not buttons:
            return
        if number == 0:
            self.ratingRequested.emit("")
        elif number <= len(buttons) - 1:
            self.ratingRequested.emit(buttons[number - 1].property("rating"))

    def _status_clicked(self, button: QAbstractButton) -> None:
        if self.claim is not None:
            _check(self.status_buttons, "status", self.claim.status.value)
            self.statusRequested.emit(button.property("status"))

    def _rating_clicked(self, button: QAbstractButton) -> None:
        if self.claim is not None:
            _check(self.rating_buttons, "rating", self.claim.rating or "")
            self.ratingRequested.emit(button.property("rating"))

    def _conclusion_edited(self) -> None:
        current = self.claim.conclusion if self.claim else ""
        self.save_conclusion.setEnabled(self.conclusion.toPlainText() != current)

    def _conclusion_done(self) -> None:
        text = self.conclusion.toPlainText()
        if self.claim is not None and text != self.claim.conclusion:
            self.save_conclusion.setEnabled(False)
            self.conclusionRequested.emit(text)

    def _tags_done(self) -> None:
        tags = tuple(tag.strip() for tag in self.tags.text().split(",") if tag.strip())
        if self.claim is not None and sorted(tags) != sorted(self.claim.tags):
            self.tagsRequested.emit(tags)

    def _selected_source(self) -> SourceRow | None:
        item = self.sources.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _source_selection_changed(self, row: int) -> None:
        self.edit_source.setEnabled(row >= 0)
        self.remove_source.setEnabled(row >= 0)

    def _add_source(self) -> None:
        dialog = SourceDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.sourceAddRequested.emit(dialog.value())

    def _edit_source(self) -> None:
        source = self._selected_source()
        if source is None:
            return
        dialog = SourceDialog(self, source)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.sourceEditRequested.emit(source.id, dialog.value())

    def _remove_source(self) -> None:
        source = self._selected_source()
        if source is not None:
            self.sourceRemoveRequested.emit(source.id)


class SourceDialog(QDialog):
    """Add or edit a source; the address must be a web address before it is accepted."""

    def __init__(self, parent: QWidget | None = None, source: SourceRow | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit source" if source else "Add source")
        self.url = QLineEdit(source.url if source else "")
        self.url.setPlaceholderText("https://…")
        self.title = QLineEdit(source.title if source else "")
        self.publisher = QLineEdit(source.publisher if source else "")
        self.quote = QPlainTextEdit(source.quote if source else "")
        self.quote.setFixedHeight(70)
        self.has_date = QCheckBox("Accessed on")
        self.accessed = QDateEdit(QDate.currentDate())
        self.accessed.setCalendarPopup(True)
        self.accessed.setDisplayFormat("yyyy-MM-dd")
        if source is None or source.accessed is not None:
            self.has_date.setChecked(True)
        if source is not None and source.accessed is not None:
            self.accessed.setDate(QDate(source.accessed))
        self.note = QLineEdit(source.note if source else "")
        self.error = QLabel()
        self.error.setObjectName("error")
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout(self)
        form.addRow("Address", self.url)
        form.addRow("Title", self.title)
        form.addRow("Publisher", self.publisher)
        form.addRow("Quote", self.quote)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.accessed, 1)
        form.addRow("", date_row)
        form.addRow("Note", self.note)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def value(self) -> SourceInput:
        return SourceInput(
            url=self.url.text().strip(),
            title=self.title.text().strip(),
            publisher=self.publisher.text().strip(),
            quote=self.quote.toPlainText().strip(),
            accessed=self.accessed.date().toPython() if self.has_date.isChecked() else None,
            note=self.note.text().strip(),
        )

    def accept(self) -> None:
        try:
            self.value().checked()
        except WorkbenchError as exc:
            self.error.setText(str(exc))
            self.url.setFocus()
            return
        super().accept()


def _selectable_label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box


def _check(group: QButtonGroup, prop: str, value: str) -> None:
    for button in group.buttons():
        button.setChecked(button.property(prop) == value)


def _reasons_html(claim: ClaimRow) -> str:
    lines = []
    for reason in claim.reasons:
        sign_color = "#15803d" if reason["weight"] > 0 else "#b91c1c"
        lines.append(
            f"<span style='color:{sign_color}'>{reason['weight']:+.2f}</span> "
            f"{escape(reason['label'])}: <i>{escape(str(reason['detail']))}</i>"
        )
    return "<br>".join(lines) or "<i>No signals: a plain statement.</i>"


def _event_text(event: EventRow) -> str:
    when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
    if event.entity == "match":
        change = f"repeat {event.entity_id}: {event.old_value or 'new'} → {event.new_value or '–'}"
    elif event.field == "group":
        change = f"{event.action}: fact-check {event.old_value} → {event.new_value}"
    elif event.field:
        change = f"{event.field}: {event.old_value or '–'} → {event.new_value or '–'}"
    else:
        change = f"{event.action} {event.new_value or ''}".strip()
    return f"{when}  {event.actor}  {change}"
