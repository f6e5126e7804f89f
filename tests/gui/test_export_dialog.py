"""The Export dialog in the real window: it exports in the background, shows errors, and
opens the report when asked."""

from lxml import html as lxml_html
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from workbench.gui import export_dialog
from workbench.reports.model import PageSize, ReportFormat
from workbench.services import Verdict
from workbench.store.models import Status

WAIT = 15_000


def open_dialog(window) -> export_dialog.ExportDialog:
    action = next(
        action for action in window.findChildren(QAction) if action.text() == "&Export report…"
    )
    assert action.shortcut() == QKeySequence("Ctrl+E")
    action.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose(dialog, kind: ReportFormat, path) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(kind.value))
    dialog.path.setText(str(path))
    dialog.open_when_done.setChecked(False)


def test_exports_the_current_article_in_the_background(qtbot, window, tmp_path):
    claim = window.current_claim
    window.desk.rate(claim.id, Verdict(status="checked", rating="Mostly True", conclusion="Yes."))
    dialog = open_dialog(window)
    assert dialog.scope_article.isChecked()
    assert dialog.scope_article.toolTip() == window.reader.content.title
    assert dialog.scope().article_id == window.reader.content.article_id
    choose(dialog, ReportFormat.HTML, tmp_path / "article.html")
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.export_button.isEnabled()
    result = exported.args[0]
    assert result.path == tmp_path / "article.html"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    page = lxml_html.parse(str(result.path)).getroot()
    texts = [mark.text_content() for mark in page.find_class("claim-text")]
    assert claim.text in texts
    assert "Mostly True" in [badge.text_content() for badge in page.find_class("badge")]
    assert window.statusBar().currentMessage().startswith("wrote ")


def test_exports_a_pdf_of_the_selected_claim_on_letter_paper(qtbot, window, tmp_path):
    claim = window.current_claim
    dialog = open_dialog(window)
    dialog.scope_claim.setChecked(True)
    choose(dialog, ReportFormat.PDF, tmp_path / "claim.pdf")
    assert dialog.page_size.isEnabled()
    dialog.page_size.setCurrentIndex(dialog.page_size.findData(PageSize.LETTER.value))
    assert dialog.scope().claim_ids == (claim.id,)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        dialog.start()
    page = PdfReader(tmp_path / "claim.pdf").pages[0]
    assert float(page.mediabox.height) == 792
    text = " ".join(page.extract_text().split())
    assert " ".join(claim.text.split()[:5]) in text and "Page 1 of 1" in text


def test_a_failed_export_is_shown_and_the_dialog_stays(qtbot, window, tmp_path):
    dialog = open_dialog(window)
    dialog.scope_desk.setChecked(True)
    dialog.min_status.setCurrentIndex(dialog.min_status.findData(Status.PUBLISHED.value))
    choose(dialog, ReportFormat.CSV, tmp_path / "report.csv")
    dialog.start()
    qtbot.waitUntil(lambda: "nothing to export" in dialog.error.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=WAIT)
    assert dialog.isVisible() and "Traceback" not in dialog.error.text()
    assert not (tmp_path / "report.csv").exists()
    dialog.min_status.setCurrentIndex(0)
    dialog.path.setText(str(tmp_path / "missing" / "report.csv"))
    dialog.start()
    qtbot.waitUntil(lambda: "does not exist" in dialog.error.text(), timeout=WAIT)
    dialog.path.clear()
    dialog.start()
    assert dialog.error.text() == "Choose where to save the report."


def test_the_format_sets_the_suffix_and_the_page_size_only_counts_for_pdf(window, tmp_path):
    dialog = open_dialog(window)
    dialog.path.setText(str(tmp_path / "weekly.html"))
    for kind in ReportFormat:
        dialog.format.setCurrentIndex(dialog.format.findData(kind.value))
        assert dialog.path.text() == str(tmp_path / f"weekly{kind.suffix}")
        assert dialog.page_size.isEnabled() == (kind is ReportFormat.PDF)


def test_open_when_done_opens_the_written_report(qtbot, window, tmp_path, monkeypatch):
    opened = []

    class Desktop:
        @staticmethod
        def openUrl(url):  # noqa: N802 - Qt's name
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(export_dialog, "QDesktopServices", Desktop)
    dialog = open_dialog(window)
    choose(dialog, ReportFormat.MARKDOWN, tmp_path / "article.md")
    dialog.open_when_done.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        dialog.start()
    assert opened == [str(tmp_path / "article.md")]
    assert (tmp_path / "article.md").read_text(encoding="utf-8").startswith("# Verdict report")
