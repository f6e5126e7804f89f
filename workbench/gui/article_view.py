"""The reader: an article's text with its claims highlighted where they stand.

Highlights are extra selections over a read-only document, so the text itself
is never altered: colour tells a claim's verdict (or status while unrated),
opacity its check-worthiness, and the selected claim gets an outline. Named
entities are underlined with dots, numbers and dates with dashes. A claim whose
fact-check was seen in other articles gets a mark in the margin: a dot in its
verdict's colour when it already has one, a ring while it has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.colors import STATUS_COLORS, UNRATED, highlight, rating_color
from workbench.store.models import Status
from workbench.store.queries import ClaimRow, ScaleRow

ENTITY_UNDERLINE = QColor("#6b7280")
NUMBER_UNDERLINE = QColor("#2563eb")
#: Diameter of the margin mark of a claim seen in other articles, in pixels.
SEEN_MARK = 9


@dataclass(frozen=True)
class ArticleContent:
    """Everything the reader shows for one article."""

    article_id: int
    title: str
    text: str
    claims: tuple[ClaimRow, ...]


def claim_color(claim: ClaimRow, scale: ScaleRow) -> QColor:
    """The verdict's colour when rated, else the workflow status's, else 'unrated'."""
    value = scale.value_of(claim.rating)
    if value is not None:
        return rating_color(value, scale.worst, scale.best)
    if claim.status is Status.UNCHECKED:
        return UNRATED
    return STATUS_COLORS[claim.status]


def _claim_tip(claim: ClaimRow) -> str:
    tip = f"{claim.kind} · score {claim.score:.2f} · {claim.status.value}"
    if claim.seen_in > 1:
        verdict = f", rated {claim.rating}" if claim.rating else ", not rated yet"
        tip += f"\nSeen in {claim.seen_in} articles{verdict}"
    return tip


class ClaimText(QPlainTextEdit):
    """Read-only text that paints claim highlights and reports clicks on them."""

    claimClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDocumentMargin(18)
        self._visible: tuple[ClaimRow, ...] = ()
        self._selected: ClaimRow | None = None
        self._seen_marks: list[tuple[ClaimRow, QColor | None]] = []
        self._press: QPoint | None = None

    def show_claims(
        self, claims: tuple[ClaimRow, ...], scale: ScaleRow, selected: ClaimRow | None
    ) -> None:
        self._visible = claims
        self._selected = selected
        selections = [
            self._span_selection(start, end, self._claim_format(claim, scale))
            for claim in claims
            for start, end in claim.spans
        ]
        selections += self._mark_selections(claims)
        self.setExtraSelections(selections)
        self._seen_marks = [
            (claim, claim_color(claim, scale) if claim.rating else None)
            for claim in claims
            if claim.seen_in > 1
        ]
        self.viewport().update()

    def claim_at(self, position: int) -> ClaimRow | None:
        return next(
            (
                claim
                for claim in self._visible
                for start, end in claim.spans
                if start <= position < end
            ),
            None,
        )

    def scroll_to(self, claim: ClaimRow) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(claim.start)
        self.setTextCursor(cursor)
        self.centerCursor()

    def _claim_format(self, claim: ClaimRow, scale: ScaleRow) -> QTextCharFormat:
        claim_format = QTextCharFormat()
        claim_format.setBackground(highlight(claim_color(claim, scale), claim.score))
        claim_format.setToolTip(_claim_tip(claim))
        return claim_format

    def _span_selection(
        self, start: int, end: int, text_format: QTextCharFormat
    ) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = text_format
        return selection

    def _mark_selections(self, claims: tuple[ClaimRow, ...]) -> list[QTextEdit.ExtraSelection]:
        marks = []
        for claim in claims:
            for entity in claim.entities:
                if entity["label"] not in (
                    "DATE",
                    "TIME",
                    "CARDINAL",
                    "PERCENT",
                    "MONEY",
                    "QUANTITY",
                ):
                    marks.append(
                        self._underline(
                            entity["start"], entity["end"], ENTITY_UNDERLINE, dotted=True
                        )
                    )
            for quantity in (*claim.numbers, *claim.dates):
                marks.append(self._underline(quantity["start"], quantity["end"], NUMBER_UNDERLINE))
        return marks

    def _underline(
        self, start: int, end: int, color: QColor, *, dotted: bool = False
    ) -> QTextEdit.ExtraSelection:
        mark = QTextCharFormat()
        mark.setUnderlineStyle(
            QTextCharFormat.UnderlineStyle.DotLine
            if dotted
            else QTextCharFormat.UnderlineStyle.DashUnderline
        )
        mark.setUnderlineColor(color)
        return self._span_selection(start, end, mark)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_seen_marks(painter)
        if self._selected is not None:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for start, end in self._selected.spans:
                for rect in self._span_rects(start, end):
                    painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
        painter.end()

    def _paint_seen_marks(self, painter: QPainter) -> None:
        """In the left margin, level with each occurrence: the claim was seen elsewhere."""
        ink = self.palette().color(QPalette.ColorRole.Text)
        height = self.viewport().height()
        for claim, verdict in self._seen_marks:
            painter.setPen(QPen(ink if verdict is None else verdict.darker(130), 1.4))
            painter.setBrush(Qt.BrushStyle.NoBrush if verdict is None else verdict)
            for start, end in claim.spans:
                rects = self._span_rects(start, min(end, start + 1))
                if rects and -SEEN_MARK < rects[0].top() < height:
                    middle = rects[0].center().y()
                    painter.drawEllipse(QRectF(3, middle - SEEN_MARK / 2, SEEN_MARK, SEEN_MARK))

    def _span_rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per laid-out line that the span covers, in viewport coordinates."""
        rects = []
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            layout = block.layout()
            top_left = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                line_start = block.position() + line.textStart()
                line_end = line_start + line.textLength()
                if line_end <= start or line_start >= end:
                    continue
                x1, _ = line.cursorToX(max(start, line_start) - block.position())
                x2, _ = line.cursorToX(min(end, line_end) - block.position())
                rects.append(
                    QRectF(top_left.x() + x1, top_left.y() + line.y(), x2 - x1, line.height())
                )
            block = block.next()
        return rects

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        dragged = self._press is not None and (point - self._press).manhattanLength() > 4
        if event.button() is Qt.MouseButton.LeftButton and not dragged:
            claim = self.claim_at(self.cursorForPosition(point).position())
            if claim is not None:
                self.claimClicked.emit(claim.id)


class ArticleView(QWidget):
    """The centre pane: a title, the score threshold slider and the highlighted text."""

    claimSelected = Signal(int)

    def __init__(self, threshold: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content: ArticleContent | None = None
        self.scale: ScaleRow | None = None
        self.selected_id: int | None = None
        self.title = QLabel("No article open")
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        self.threshold = QSlider(Qt.Orientation.Horizontal)
        self.threshold.setRange(0, 100)
        self.threshold.setValue(round(threshold * 100))
        self.threshold.setAccessibleName("Minimum claim score")
        self.threshold.setMinimumWidth(120)
        self.threshold_label = QLabel()
        self.text = ClaimText()
        self.text.claimClicked.connect(self.select)
        self.threshold.valueChanged.connect(self._threshold_changed)
        self._layout()
        self._threshold_changed(self.threshold.value())

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show claims scoring at least"))
        bar.addWidget(self.threshold, 1)
        bar.addWidget(self.threshold_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)

    def show_article(self, content: ArticleContent, scale: ScaleRow) -> None:
        self.content, self.scale = content, scale
        self.title.setText(content.title)
        self.text.setPlainText(content.text)
        self.selected_id = None
        self._refresh()

    def update_claims(self, claims: tuple[ClaimRow, ...]) -> None:
        """New verdicts for the open article: same text, new colours."""
        if self.content is not None:
            self.content = ArticleContent(
                self.content.article_id, self.content.title, self.content.text, claims
            )
            self._refresh()

    def visible_claims(self) -> tuple[ClaimRow, ...]:
        if self.content is None:
            return ()
        minimum = self.threshold.value() / 100
        return tuple(
            claim
            for claim in self.content.claims
            if claim.score >= minimum or claim.id == self.selected_id
        )

    def select(self, claim_id: int) -> None:
        self.selected_id = claim_id
        self._refresh()
        claim = self._claim(claim_id)
        if claim is not None:
            self.text.scroll_to(claim)
        self.claimSelected.emit(claim_id)

    def step(self, offset: int) -> None:
        """Select the next (+1) or previous (-1) visible claim in reading order."""
        claims = sorted(self.visible_claims(), key=lambda claim: claim.start)
        if not claims:
            return
        ids = [claim.id for claim in claims]
        if self.selected_id in ids:
            index = (ids.index(self.selected_id) + offset) % len(ids)
        else:
            index = 0 if offset > 0 else len(ids) - 1
        self.select(ids[index])

    def _claim(self, claim_id: int) -> ClaimRow | None:
        claims = self.content.claims if self.content else ()
        return next((claim for claim in claims if claim.id == claim_id), None)

    def _threshold_changed(self, value: int) -> None:
        self.threshold_label.setText(f"{value / 100:.2f}")
        self._refresh()

    def _refresh(self) -> None:
        if self.content is None or self.scale is None:
            return
        selected = self._claim(self.selected_id) if self.selected_id is not None else None
        self.text.show_claims(self.visible_claims(), self.scale, selected)
