"""Starting the window: the Qt application, first-start seeding, the screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from workbench import config
from workbench.gui.main_window import MainWindow
from workbench.gui.workers import UiThreadGarbageCollector
from workbench.services import Desk

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


def settings_file() -> Path:
    return config.data_dir() / "window.ini"


def create_window(
    desk: Desk, settings_path: Path | None = None, preferences_path: Path | None = None
) -> MainWindow:
    """The main window on `desk`, with the window's layout kept beside the data."""
    settings = QSettings(str(settings_path or settings_file()), QSettings.Format.IniFormat)
    return MainWindow(desk, settings, preferences_path)


def run(desk: Desk, screenshot: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Fact-check workbench")
    app.setStyle("Fusion")
    hints = app.styleHints()
    apply_color_scheme(app, hints.colorScheme())
    hints.colorSchemeChanged.connect(lambda scheme: apply_color_scheme(app, scheme))
    app.setStyleSheet(STYLE)
    UiThreadGarbageCollector(app).install()
    window = create_window(desk)
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

    window.claimShown.connect(save)
    window.articlesLoaded.connect(empty)


def _grab(window: MainWindow, path: Path) -> None:
    saved = window.grab().save(str(path))
    if not saved:
        print(f"workbench: could not save the screenshot to {path}", file=sys.stderr)
    QApplication.instance().exit(0 if saved else 1)
