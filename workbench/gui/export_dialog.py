"""The Export dialog: a verdict report of the current article, the selected claim or the
whole desk, written in the background with progress and Cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.workers import Job, Workers
from workbench.reports.model import (
    PageSize,
    ReportFormat,
    ReportOptions,
    ReportScope,
)
from workbench.services import Desk
from workbench.store.models import Status

if TYPE_CHECKING:
    from workbench.reports.export import ExportResult

#: The minimum statuses offered, with how the list names them.
MIN_STATUSES: tuple[tuple[str, Status | None], ...] = (
    ("Any status", None),
    ("Any but not check-worthy", Status.UNCHECKED),
    ("In progress or further", Status.IN_PROGRESS),
    ("Needs review or further", Status.NEEDS_REVIEW),
    ("Checked and published", Status.CHECKED),
    ("Published only", Status.PUBLISHED),
)
PAGE_SIZES = (("A4", PageSize.A4), ("Letter", PageSize.LETTER))
#: How long a claim's text may be in the scope's radio button.
SHORT = 60


@dataclass(frozen=True)
class Subject:
    """Something the report can be about: an article or a claim, by id, with its text."""

    id: int
    text: str


class ExportDialog(QDialog):
    """Chooses the format, scope, filters and file, then exports in the background."""

    exported = Signal(object)

    def __init__(
        self, desk: Desk, workers: Workers, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export report")
        self.desk = desk
        self.workers = workers
        self.settings = settings
        self.job: Job | None = None
        #: Set while a job runs: it wrote the report, or the person asked to close.
        self._written = False
        self._close_asked = False
        self.article: Subject | None = None
        self.claim: Subject | None = None
        self._build()
        self._restore()
        self._format_changed()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.format = QComboBox()
        for kind in ReportFormat:
            self.format.addItem(kind.label, kind.value)
        self.scope_article = QRadioButton("Current article")
        self.scope_claim = QRadioButton("Selected claim")
        self.scope_desk = QRadioButton("Whole desk")
        self.scopes = QButtonGroup(self)
        for button in (self.scope_article, self.scope_claim, self.scope_desk):
            self.scopes.addButton(button)
        self.min_status = QComboBox()
        for text, status in MIN_STATUSES:
            self.min_status.addItem(text, status.value if status else "")
        self.use_dates = QCheckBox("Only articles published from")
        self.since = _date_edit(QDate.currentDate().addMonths(-1))
        self.until = _date_edit(QDate.currentDate())
        self.page_size = QComboBox()
        for text, size in PAGE_SIZES:
            self.page_size.addItem(text, size.value)
        self.path = QLineEdit()
        self.browse = QPushButton("Browse…")
        self.open_when_done = QCheckBox("Open the report when it is written")
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        scope = QVBoxLayout()
        for button in (self.scope_article, self.scope_claim, self.scope_desk):
            scope.addWidget(button)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.since)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.until)
        dates.addStretch(1)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        self.choices = QWidget()
        form = QFormLayout(self.choices)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Format", self.format)
        form.addRow("Claims", scope)
        form.addRow("Minimum status", self.min_status)
        form.addRow("Dates", dates)
        form.addRow("PDF page size", self.page_size)
        form.addRow("Save as", where)
        form.addRow("", self.open_when_done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choices)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def _connect(self) -> None:
        self.format.currentIndexChanged.connect(self._format_changed)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        self.browse.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.since.setEnabled(False)
        self.until.setEnabled(False)

    def _restore(self) -> None:
        """The choices of the last export, kept in the window's settings."""
        self.format.setCurrentIndex(
            max(0, self.format.findData(self.settings.value("export/format")))
        )
        size = self.page_size.findData(self.settings.value("export/pageSize"))
        self.page_size.setCurrentIndex(max(0, size))
        self.open_when_done.setChecked(self.settings.value("export/openWhenDone", True, type=bool))
        folder = Path(self.settings.value("export/folder", str(Path.home())))
        name = f"verdict-report-{date.today().isoformat()}{self.chosen_format().suffix}"
        self.path.setText(str(folder / name))

    def _remember(self, options: ReportOptions) -> None:
        self.settings.setValue("export/format", options.format.value)
        self.settings.setValue("export/pageSize", options.page_size.value)
        self.settings.setValue("export/openWhenDone", self.open_when_done.isChecked())
        self.settings.setValue("export/folder", str(options.output.parent))

    # --- what to export ----------------------------------------------------------------

    def set_subjects(self, article: Subject | None, claim: Subject | None) -> None:
        """The reader's article and claim, which the scope may be; the desk otherwise."""
        self.article, self.claim = article, claim
        self.scope_article.setEnabled(article is not None)
        self.scope_claim.setEnabled(claim is not None)
        self.scope_article.setText(
            f"Current article: {_short(article.text)}" if article else "Current article (none open)"
        )
        self.scope_claim.setText(
            f"Selected claim: {_short(claim.text)}" if claim else "Selected claim (none selected)"
        )
        self.scope_article.setToolTip(article.text if article else "")
        self.scope_claim.setToolTip(claim.text if claim else "")
        checked = self.scopes.checkedButton()
        if checked is None or not checked.isEnabled():
            (self.scope_article if article else self.scope_desk).setChecked(True)
        self.error.clear()
        self.status.clear()

    def chosen_format(self) -> ReportFormat:
        return ReportFormat(self.format.currentData())

    def options(self) -> ReportOptions:
        return ReportOptions(
            format=self.chosen_format(),
            output=Path(self.path.text().strip()).expanduser(),
            scope=self.scope(),
            page_size=PageSize(self.page_size.currentData()),
        )

    def scope(self) -> ReportScope:
        article = self.article if self.scope_article.isChecked() else None
        claim = self.claim if self.scope_claim.isChecked() else None
        dated = self.use_dates.isChecked()
        return ReportScope(
            article_id=article.id if article else None,
            claim_ids=(claim.id,) if claim else (),
            min_status=Status(self.min_status.currentData())
            if self.min_status.currentData()
            else None,
            since=self.since.date().toPython() if dated else None,
            until=self.until.date().toPython() if dated else None,
        )

    def _format_changed(self) -> None:
        kind = self.chosen_format()
        self.page_size.setEnabled(kind is ReportFormat.PDF)
        text = self.path.text().strip()
        if text:
            self.path.setText(str(_with_suffix(Path(text), kind.suffix)))

    def _browse(self) -> None:
        kind = self.chosen_format()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export report", self.path.text(), f"{kind.label} (*{kind.suffix})"
        )
        if path:
            self.path.setText(path)

    # --- exporting ---------------------------------------------------------------------

    def start(self) -> None:
        """Export in the background; the dialog stays responsive, and Close cancels."""
        if self.job is not None:
            return
        if not self.path.text().strip():
            self.error.setText("Choose where to save the report.")
            return
        options = self.options()
        self.error.clear()
        self._running(True)
        self.job = self.workers.run(
            lambda job: self.desk.export(options, job.progress, job.cancelled),
            on_done=lambda result: self._finished(options, result),
            on_error=self._failed,
            label="Export report",
        )
        self.job.progressed.connect(self._progressed)
        self.job.ended.connect(self._ended)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Cancelling…")

    def reject(self) -> None:
        """Close, or while exporting, cancel and close once the export has stopped."""
        if self.job is not None:
            self._close_asked = True
            self.cancel()
            return
        super().reject()

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(text)

    def _finished(self, options: ReportOptions, result: ExportResult) -> None:
        if result.cancelled:
            self.status.setText("Cancelled: nothing was written.")
            return
        self._written = True
        self._remember(options)
        self.status.setText(result.describe())
        self.exported.emit(result)
        if self.open_when_done.isChecked() and not self._close_asked:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    def _failed(self, message: str) -> None:
        self.status.clear()
        self.error.setText(message)

    def _ended(self) -> None:
        """Close when the report is written or the person asked to; else stay to retry."""
        written, close_asked = self._written, self._close_asked
        self.job, self._written, self._close_asked = None, False, False
        self._running(False)
        if written:
            self.accept()
        elif close_asked:
            super().reject()

    def _running(self, running: bool) -> None:
        self.choices.setEnabled(not running)
        self.export_button.setEnabled(not running)
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)
        self.close_button.setText("Cancel" if running else "Close")


def _date_edit(day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SHORT else line[: SHORT - 1].rstrip() + "…"


def _with_suffix(path: Path, suffix: str) -> Path:
    """The path with the format's suffix, replacing the suffix of another report format."""
    known = {kind.suffix for kind in ReportFormat}
    return path.with_suffix(suffix) if path.suffix in known or not path.suffix else path
