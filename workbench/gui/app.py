"""Starting the window: the Qt application, first-start seeding, the screenshot mode."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from workbench import config
from workbench.gui.main_window import MainWindow
from workbench.gui.workers import UiThreadGarbageCollector
from workbench.services import Desk

log = logging.getLogger(__name__)

STYLE = """
QLabel#articleTitle { font-size: 17px; font-weight: 600; padding: 6px 4px; }
QLabel#claimText { font-size: 15px; font-weight: 500; padding: 2px 0 4px 0; }
QLabel#muted { color: palette(placeholder-text); }
QLabel#error { color: #b91c1c; }
QGroupBox { font-weight: 600; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 4px; padding: 0 3px; }
QPushButton:checked {
    font-weight: 600; border: 2px solid palette(highlight); border-radius: 3px; padding: 3px;
}
QPlainTextEdit { font-size: 14px; }
"""


def apply_color_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """A dark palette for a dark system scheme, the style's own palette otherwise."""
    dark = scheme is Qt.ColorScheme.Dark
    app.setPalette(dark_palette() if dark else app.style().standardPalette())


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1f2329",
        QPalette.ColorRole.WindowText: "#e6e8eb",
        QPalette.ColorRole.Base: "#16191d",
        QPalette.ColorRole.AlternateBase: "#23272e",
        QPalette.ColorRole.Text: "#e6e8eb",
        QPalette.ColorRole.Button: "#2a2f36",
        QPalette.ColorRole.ButtonText: "#e6e8eb",
        QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2a2f36",
        QPalette.ColorRole.ToolTipText: "#e6e8eb",
        QPalette.ColorRole.PlaceholderText: "#8b929c",
        QPalette.ColorRole.Link: "#60a5fa",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b7280"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7280"))
    return palette


#: How long the screenshot mode waits for the top claim before it gives up.
SCREENSHOT_WAIT_MS = 180_000


def settings_file() -> Path:
    return config.data_dir() / "window.ini"


def create_window(
    desk: Desk, settings_path: Path | None = None, preferences_path: Path | None = None
) -> MainWindow:
    """The main window on `desk`, with the window's layout kept beside the data."""
    settings = QSettings(str(settings_path or settings_file()), QSettings.Format.IniFormat)
    return MainWindow(desk, settings, preferences_path)


def application() -> QApplication:
    """The process's one Qt application, made on first use, with Qt's messages in the log."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qInstallMessageHandler(_log_qt_message)
    return QApplication(sys.argv[:1])


def _log_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    """Qt's own notes ("This plugin does not support propagateSizeHints()") go to the log,
    shown with --debug; only its critical errors reach the terminal."""
    serious = kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
    log.log(logging.ERROR if serious else logging.DEBUG, "Qt: %s", message)


def run(desk: Desk, screenshot: Path | None = None, window_files: Path | None = None) -> int:
    """Open the window on `desk` until it is closed (or, with `screenshot`, until the
    picture is saved). `window_files` is a folder for the window's layout and the
    preferences instead of the user's own (the self-test's)."""
    app = application()
    app.setApplicationName(config.PRODUCT_NAME)
    app.setDesktopFileName(config.APP_ID)
    app.setWindowIcon(QIcon(str(config.icon_file())))
    app.setStyle("Fusion")
    hints = app.styleHints()
    apply_color_scheme(app, hints.colorScheme())
    hints.colorSchemeChanged.connect(lambda scheme: apply_color_scheme(app, scheme))
    app.setStyleSheet(STYLE)
    UiThreadGarbageCollector(app).install()
    window = (
        create_window(desk, window_files / "window.ini", window_files / "settings.json")
        if window_files
        else create_window(desk)
    )
    if screenshot is not None:
        _save_when_ready(window, screenshot)
    window.show()
    start(window)
    return app.exec()


def start(window: MainWindow) -> None:
    """Load the seeds into a new desk (in the background), then the article list."""

    def seed(job: object) -> object:
        return window.desk.import_seeds_if_new()

    def seeded(_report: object) -> None:
        window.load_articles(then=window.open_first_article)

    window.statusBar().showMessage("Opening the desk…")
    window.workers.run(seed, on_done=seeded, label="Load sample articles")


def _save_when_ready(window: MainWindow, path: Path) -> None:
    """Save a picture once the top claim is shown (or the desk turns out empty), then quit."""

    def save(*_args: object) -> None:
        window.claimShown.disconnect(save)
        window.articlesLoaded.disconnect(empty)
        QTimer.singleShot(300, lambda: _grab(window, path))

    def empty(count: int) -> None:
        if count == 0:
            save()

    def give_up() -> None:
        print(
            f"workbench: the window showed no claim in {SCREENSHOT_WAIT_MS // 1000} s; "
            f"{path} was not saved",
            file=sys.stderr,
        )
        QApplication.instance().exit(1)

    window.claimShown.connect(save)
    window.articlesLoaded.connect(empty)
    QTimer.singleShot(SCREENSHOT_WAIT_MS, give_up)


def _grab(window: MainWindow, path: Path) -> None:
    saved = window.grab().save(str(path))
    if not saved:
        print(f"workbench: could not save the screenshot to {path}", file=sys.stderr)
    QApplication.instance().exit(0 if saved else 1)
