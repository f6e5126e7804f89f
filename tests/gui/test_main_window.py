"""The real main window, offscreen: reading, selecting, rating, undo, sources, import."""

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from workbench.config import Preferences
from workbench.gui.app import create_window
from workbench.gui.article_view import SEEN_MARK
from workbench.gui.claim_panel import SourceDialog
from workbench.gui.settings_dialog import SettingsDialog
from workbench.ingest.readers import read_pasted
from workbench.services import Verdict
from workbench.store.models import Status
from workbench.store.queries import ClaimFilter

REPO = Path(__file__).resolve().parents[2]
JETS = "Russian jets used an air base in Iran"
WAIT = 15_000


def claim_in_reader(window, fragment):
    return next(claim for claim in window.reader.content.claims if fragment in claim.text)


def click_claim(qtbot, window, claim):
    text = window.reader.text
    cursor = text.textCursor()
    cursor.setPosition(claim.start + 5)
    point = text.cursorRect(cursor).center()
    with qtbot.waitSignal(window.claimShown, timeout=WAIT, check_params_cb=lambda i: i == claim.id):
        qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)


def button(group, prop, value) -> QPushButton:
    return next(b for b in group.buttons() if b.property(prop) == value)


def wait_for(qtbot, predicate):
    qtbot.waitUntil(predicate, timeout=WAIT)


def test_opens_the_first_article_with_its_top_claim_selected(window):
    content = window.reader.content
    assert content.title.startswith("Iran says Russia")
    top = max(window.reader.visible_claims(), key=lambda claim: claim.score)
    assert window.panel.claim.id == top.id
    assert window.panel.text.text() == top.text
    assert window.articles.current_id() == content.article_id


def test_highlights_cover_the_visible_claims_and_the_threshold_hides_low_scores(window):
    visible = window.reader.visible_claims()
    spans = sum(len(claim.spans) for claim in visible)
    marks = window.reader.text.extraSelections()
    assert len(marks) >= spans
    window.reader.threshold.setValue(65)
    fewer = window.reader.visible_claims()
    assert len(fewer) < len(visible)
    assert all(c.score >= 0.65 or c.id == window.reader.selected_id for c in fewer)


def test_clicking_a_highlight_selects_that_claim(qtbot, window):
    jets = claim_in_reader(window, JETS)
    click_claim(qtbot, window, jets)
    assert window.panel.claim.id == jets.id
    assert window.reader.selected_id == jets.id


def test_rating_status_undo_and_redo_reach_the_database(qtbot, window, desk):
    jets = claim_in_reader(window, JETS)
    click_claim(qtbot, window, jets)
    button(window.panel.rating_buttons, "rating", "Mostly True").click()
    wait_for(qtbot, lambda: desk.claim(jets.id).rating == "Mostly True")
    wait_for(qtbot, lambda: window.panel.claim.rating == "Mostly True")
    button(window.panel.status_buttons, "status", "checked").click()
    wait_for(qtbot, lambda: desk.claim(jets.id).status is Status.CHECKED)

    window.undo_stack.undo()
    wait_for(qtbot, lambda: desk.claim(jets.id).status is Status.UNCHECKED)
    window.undo_stack.undo()
    wait_for(qtbot, lambda: desk.claim(jets.id).rating is None)
    window.undo_stack.redo()
    window.undo_stack.redo()
    wait_for(qtbot, lambda: desk.claim(jets.id).status is Status.CHECKED)
    assert desk.claim(jets.id).rating == "Mostly True"
    fields = [(e.field, e.new_value) for e in desk.history(jets.id) if e.field]
    assert fields == [
        ("rating", "Mostly True"),
        ("status", "checked"),
        ("status", "unchecked"),
        ("rating", None),
        ("rating", "Mostly True"),
        ("status", "checked"),
    ]


def test_checked_without_a_verdict_is_refused_before_anything_is_written(qtbot, window, desk):
    warnings = []
    window.show_error = warnings.append
    claim_id = window.panel.claim.id
    button(window.panel.status_buttons, "status", "checked").click()
    assert warnings and "Rate the claim or write a conclusion" in warnings[0]
    assert window.undo_stack.count() == 0
    assert desk.claim(claim_id).status is Status.UNCHECKED
    assert button(window.panel.status_buttons, "status", "unchecked").isChecked()


def test_number_keys_rate_and_j_k_move_between_claims(qtbot, window, desk):
    window.activateWindow()
    window.reader.text.setFocus()
    first = window.panel.claim.id
    qtbot.keyClick(window.reader.text, Qt.Key.Key_5)
    wait_for(qtbot, lambda: desk.claim(first).rating == "False")
    ordered = sorted(window.reader.visible_claims(), key=lambda claim: claim.start)
    following = ordered[[c.id for c in ordered].index(first) + 1 :] or ordered
    with qtbot.waitSignal(window.claimShown, timeout=WAIT):
        qtbot.keyClick(window.reader.text, Qt.Key.Key_J)
    assert window.panel.claim.id == following[0].id
    with qtbot.waitSignal(window.claimShown, timeout=WAIT):
        qtbot.keyClick(window.reader.text, Qt.Key.Key_K)
    assert window.panel.claim.id == first


def test_conclusion_and_tags_are_saved(qtbot, window, desk):
    claim_id = window.panel.claim.id
    window.panel.conclusion.setPlainText("Hamedan was used in August 2016.")
    window.panel.save_conclusion.click()
    wait_for(qtbot, lambda: desk.claim(claim_id).conclusion == "Hamedan was used in August 2016.")
    window.panel.tags.setText("military, Iran")
    window.panel.tags.editingFinished.emit()
    wait_for(qtbot, lambda: desk.claim(claim_id).tags == ["Iran", "military"])


def fill_source_dialog(url, title="", accept=True, seen=None):
    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SourceDialog)
        dialog.url.setText(url)
        dialog.title.setText(title)
        dialog.accept()
        if seen is not None:
            seen.append(dialog.error.text())
        if not accept:
            dialog.reject()

    QTimer.singleShot(0, fill)


def test_add_and_remove_a_source_with_undo(qtbot, window, desk):
    claim_id = window.panel.claim.id
    fill_source_dialog("https://example.org/hamedan", "Hamedan air base")
    qtbot.mouseClick(window.panel.add_source, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: len(desk.claim(claim_id).sources) == 1)
    wait_for(qtbot, lambda: window.panel.sources.count() == 1)
    assert "Hamedan air base" in window.panel.sources.item(0).text()

    window.panel.sources.setCurrentRow(0)
    qtbot.mouseClick(window.panel.remove_source, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: desk.claim(claim_id).sources == [])
    window.undo_stack.undo()
    wait_for(qtbot, lambda: [s.title for s in desk.claim(claim_id).sources] == ["Hamedan air base"])


def test_source_dialog_refuses_a_non_web_address(qtbot, window, desk):
    claim_id = window.panel.claim.id
    errors = []
    fill_source_dialog("javascript:alert(1)", accept=False, seen=errors)
    qtbot.mouseClick(window.panel.add_source, Qt.MouseButton.LeftButton)
    assert "is not a web address" in errors[0]
    assert desk.claim(claim_id).sources == []


def test_import_runs_in_the_background_while_the_window_keeps_working(qtbot, window, desk):
    ticks, messages = [], []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    window.statusBar().messageChanged.connect(messages.append)
    with qtbot.waitSignal(window.importFinished, timeout=WAIT) as finished:
        window.import_targets([str(REPO / "seeds")])
    timer.stop()
    report = finished.args[0]
    assert len(report.imported) == 2 and len(report.duplicates) == 1
    assert len(ticks) > 3
    assert any(message.startswith("Imported 3 of 3") for message in messages)
    assert any(message.startswith("Looked for repeats in 2 of 2") for message in messages)
    wait_for(qtbot, lambda: window.articles.model.rowCount() == 3)
    assert len(desk.articles()) == 3
    assert not window.progress.isVisible()


def test_failed_import_is_reported_once_and_names_the_file(qtbot, window, tmp_path):
    warnings = []
    window.show_error = warnings.append
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with qtbot.waitSignal(window.importFinished, timeout=WAIT):
        window.import_targets([str(broken)])
    assert len(warnings) == 1
    assert f"{broken}: not a readable PDF" in warnings[0]


def test_layout_and_last_article_are_remembered(qtbot, desk, tmp_path, window):
    window.splitter.setSizes([200, 700, 380])
    state = window.splitter.saveState()
    window.close()
    again = create_window(desk, tmp_path / "window.ini")
    qtbot.addWidget(again)
    assert again.splitter.saveState() == state
    assert again.settings.value("lastArticle", type=int) == window.reader.content.article_id


def test_selected_claim_is_outlined_and_found_under_the_mouse(window):
    selected = window.panel.claim
    text = window.reader.text
    rects = [rect for start, end in selected.spans for rect in text._span_rects(start, end)]
    assert rects and all(rect.width() > 0 and rect.height() > 0 for rect in rects)
    assert text.claim_at(selected.start).id == selected.id
    assert text.claim_at(0) is None
    assert not text.viewport().grab().isNull()


def test_settings_are_saved_and_take_effect(qtbot, window, desk, tmp_path, monkeypatch):
    for name in ("WORKBENCH_REVIEWER", "WORKBENCH_SCORE_THRESHOLD"):
        monkeypatch.delenv(name, raising=False)

    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialog.reviewer.setText("Ana Checker")
        dialog.organisation.setText("Ledger Checks")
        dialog.organisation_url.setText("https://example.org/checks")
        dialog.threshold.setValue(0.5)
        dialog.scale.setCurrentText("Three-step scale")
        dialog.accept()

    QTimer.singleShot(0, fill)
    window.edit_settings()
    saved = Preferences.load(tmp_path / "settings.json")
    assert (saved.reviewer, saved.organisation, saved.score_threshold) == (
        "Ana Checker",
        "Ledger Checks",
        0.5,
    )
    assert desk.settings.reviewer == "Ana Checker"
    assert desk.settings.organisation_url == "https://example.org/checks"
    assert window.reader.threshold.value() == 50
    wait_for(qtbot, lambda: desk.scale().name == "Three-step scale")
    wait_for(qtbot, lambda: len(window.panel.rating_buttons.buttons()) == 4)
    assert [a.text() for a in window.rate_menu.actions()] == [
        "No rating",
        "True",
        "Misleading",
        "False",
    ]


def test_dropping_files_on_the_window_imports_them(qtbot, window, desk, tmp_path):
    article = tmp_path / "dropped.md"
    article.write_text(
        "# Port deal\n\nThe port handled 4.1 million containers in 2023, a record.\n",
        encoding="utf-8",
    )
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(article))])
    center = window.rect().center()
    enter = QDragEnterEvent(
        center,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(center),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.importFinished, timeout=WAIT) as finished:
        QApplication.sendEvent(window, drop)
    assert [o.origin for o in finished.args[0].imported] == [str(article)]
    assert any(row.title == "Port deal" for row in desk.articles())


def test_the_claim_panel_lists_other_occurrences_and_altered_copies(qtbot, window, desk):
    jets = claim_in_reader(window, JETS)
    copy = f"Agencies reported on Tuesday. {jets.text}"
    altered = jets.text.replace("Russian", "Turkish")
    desk.import_documents(
        [read_pasted(copy, title="Wire copy"), read_pasted(altered, title="Altered post")]
    )
    click_claim(qtbot, window, jets)
    wait_for(qtbot, lambda: "Wire copy" in window.panel.repeats.texts())
    shown = window.panel.repeats.texts()
    assert "100% alike" in shown and "Same fact-check, same verdict" in shown
    assert "Altered copy" in shown and "Altered post" in shown
    assert "Differs: turkish vs russian" in shown


def repeat_button(window, text) -> QPushButton:
    return next(b for b in window.panel.repeats.findChildren(QPushButton) if b.text() == text)


def test_a_suggested_repeat_is_confirmed_from_the_panel_and_undone(qtbot, window, desk):
    jets = claim_in_reader(window, JETS)
    desk.rate(jets.id, Verdict(rating="Mostly True"))
    reworded = "Russian jets used an Iranian air base, to strike targets in Syria, it was reported."
    (outcome,) = desk.import_documents([read_pasted(reworded, title="Reworded")]).imported
    assert outcome.suggested == 1
    (pair,) = desk.suggestions()
    new_id = pair.claim.claim_id
    window.open_claim_in_article(new_id, outcome.article_id)
    wait_for(qtbot, lambda: window.panel.claim is not None and window.panel.claim.id == new_id)
    wait_for(qtbot, lambda: "May be the same claim" in window.panel.repeats.texts())
    assert "Verdict there: Mostly True" in window.panel.repeats.texts()
    repeat_button(window, "Same claim").click()
    wait_for(qtbot, lambda: desk.claim(new_id).rating == "Mostly True")
    wait_for(
        qtbot, lambda: "Same fact-check, same verdict: Mostly True" in window.panel.repeats.texts()
    )
    window.undo_stack.undo()
    wait_for(qtbot, lambda: desk.claim(new_id).rating is None)
    assert [row.match_id for row in desk.suggestions()] == [pair.match_id]
    wait_for(qtbot, lambda: "May be the same claim" in window.panel.repeats.texts())
    repeat_button(window, "Not the same").click()
    wait_for(qtbot, lambda: desk.suggestions() == [])
    assert desk.claim(new_id).rating is None


def test_the_reader_marks_claims_seen_in_other_articles(qtbot, window, desk):
    jets = claim_in_reader(window, JETS)
    desk.rate(jets.id, Verdict(rating="False"))
    (outcome,) = desk.import_documents(
        [read_pasted(f"Agencies reported on Tuesday. {jets.text}", title="Wire copy")]
    ).imported
    assert outcome.linked == 1
    copy = next(
        c for c in desk.claims(ClaimFilter(article_id=outcome.article_id)) if JETS in c.text
    )
    window.open_claim_in_article(copy.id, outcome.article_id)
    wait_for(qtbot, lambda: window.reader.content.article_id == outcome.article_id)
    (shown,) = [c for c in window.reader.content.claims if c.id == copy.id]
    assert shown.seen_in == 2 and shown.rating == "False"
    tips = [
        mark.format.toolTip()
        for mark in window.reader.text.extraSelections()
        if mark.cursor.selectionStart() == copy.start
    ]
    assert any("Seen in 2 articles, rated False" in tip for tip in tips)
    image = window.reader.text.viewport().grab().toImage()
    rect = window.reader.text._span_rects(copy.start, copy.start + 1)[0]
    mark = image.pixelColor(3 + SEEN_MARK // 2, int(rect.center().y()))
    assert mark.red() > 150 and mark.green() < 120, "a dot in the verdict's colour, in the margin"
