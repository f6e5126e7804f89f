"""The claim panel's "Seen elsewhere": where the claim repeats, and the decisions to make.

Three kinds of entries: the other occurrences of the claim's fact-check (which
share its verdict), suggestions that another claim may be the same one (confirm
to reuse its fact-check and verdict, or reject), and altered copies, which
differ in a number, a name or a negation and so never share a verdict. Like the
rest of the panel, the box only asks: each button emits a request that the main
window turns into an undoable command.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.matching.compare import similarity
from workbench.store.models import MatchState
from workbench.store.queries import ClaimRow, MatchPair, Occurrence

WARNING_COLOR = "#b45309"
MUTED_COLOR = "#6b7280"


class RepeatsBox(QWidget):
    confirmRequested = Signal(int)
    rejectRequested = Signal(int)
    unlinkRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = QVBoxLayout(self)
        self.entries.setContentsMargins(0, 0, 0, 0)

    def show_claim(self, claim: ClaimRow) -> None:
        self._clear()
        if claim.elsewhere:
            self._add_occurrences(claim)
        for pair in claim.suggested:
            self._add_suggestion(claim, pair)
        for pair in claim.altered:
            self._add_altered(claim, pair)
        if not (claim.elsewhere or claim.suggested or claim.altered):
            self._add_label(f"<span style='color:{MUTED_COLOR}'>Not seen in other articles.</span>")

    def texts(self) -> str:
        """Everything the box says, for a quick look in tests and accessibility tools."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))

    def _clear(self) -> None:
        while self.entries.count():
            item = self.entries.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def _add_occurrences(self, claim: ClaimRow) -> None:
        lines = [
            f"{_where(seen)} · {similarity(claim.text, seen.text):.0%} alike"
            for seen in claim.elsewhere
        ]
        verdict = claim.rating or "no verdict yet"
        self._add_label(
            "<br>".join(lines)
            + f"<br><span style='color:{MUTED_COLOR}'>Same fact-check, same verdict: "
            f"{escape(verdict)}</span>"
        )
        self._add_buttons(
            (
                "Not the same claim",
                "Take this claim out of the shared fact-check",
                self.unlinkRequested.emit,
            ),
        )

    def _add_suggestion(self, claim: ClaimRow, pair: MatchPair) -> None:
        other = pair.other_than(claim.id)
        verdict = other.rating or f"no verdict yet ({other.status.value.replace('_', ' ')})"
        self._add_label(
            f"<b>May be the same claim</b> as in {_where(other)} · {pair.similarity:.0%} alike"
            f"<br>Verdict there: {escape(verdict)}<br><i>{escape(other.text)}</i>"
        )
        self._add_buttons(
            (
                "Same claim",
                "Join that fact-check and reuse its verdict",
                partial(self.confirmRequested.emit, pair.match_id),
            ),
            (
                "Not the same",
                "Never suggest this pair again",
                partial(self.rejectRequested.emit, pair.match_id),
            ),
        )

    def _add_altered(self, claim: ClaimRow, pair: MatchPair) -> None:
        other = pair.other_than(claim.id)
        verdict = f" · rated {escape(other.rating)} there" if other.rating else ""
        self._add_label(
            f"<span style='color:{WARNING_COLOR}'>⚠ <b>Altered copy</b></span> of a claim in "
            f"{_where(other)}{verdict}<br>Differs: {escape(pair.reason)}"
            f"<br><i>{escape(other.text)}</i>"
        )
        if pair.state is MatchState.SUGGESTED:
            self._add_buttons(
                (
                    "Not a copy",
                    "The two claims are unrelated: hide this warning",
                    partial(self.rejectRequested.emit, pair.match_id),
                ),
            )

    def _add_label(self, html: str) -> None:
        label = QLabel(html)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.entries.addWidget(label)

    def _add_buttons(self, *actions: tuple[str, str, Callable[[], object]]) -> None:
        """A row of buttons, each (text, tooltip, what a click does)."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 6)
        for text, tip, clicked in actions:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, clicked=clicked: clicked())
            layout.addWidget(button)
        layout.addStretch(1)
        self.entries.addWidget(row)


def _where(seen: Occurrence) -> str:
    date = f" · {seen.published.isoformat()}" if seen.published else ""
    outlet = f" ({escape(seen.outlet)})" if seen.outlet else ""
    return f"{escape(seen.article_title)}{outlet}{date}"
