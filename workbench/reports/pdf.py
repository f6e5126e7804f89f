"""PDF output: the print template laid out by Qt's text engine on A4 or Letter pages.

The text stays text (selectable, searchable), with its fonts embedded. Qt lays
the document out on pages of the body's size; each page is then drawn here, so
that the footer (organisation, report, "Page N of M") is ours. Before drawing,
every claim (one table in the print template) that would straddle two pages
but fits on one starts a new page, with the heading lines that lead into it.

This is the one core module that uses Qt, and only QtGui: fonts need a
QGuiApplication, which the command line does not have, so one is made on the
offscreen platform when none exists.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
)

from workbench.errors import WorkbenchError
from workbench.reports.model import ExportCancelledError, PageSize

PAGE_SIZES = {PageSize.A4: QPageSize.PageSizeId.A4, PageSize.LETTER: QPageSize.PageSizeId.Letter}
#: Page margins in millimetres: left, top, right, bottom (the footer sits in the body's foot).
MARGINS_MM = QMarginsF(16, 15, 16, 12)
#: Dots per inch of the PDF's coordinates; text and lines are vectors whatever it is.
RESOLUTION = 600
#: Height of the footer band at the foot of each page, in points.
FOOTER_PT = 22
FOOTER_FAMILIES = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"]
#: A lead-in (headings before a claim) longer than this share of a page stays behind.
LEAD_IN_SHARE = 0.25

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

_application: QGuiApplication | None = None


@dataclass(frozen=True)
class PdfInfo:
    """What goes in the PDF's properties and on the foot of every page."""

    title: str
    author: str
    creator: str
    footer: str


def ensure_gui_application() -> None:
    """Qt's fonts need a QGuiApplication: make an offscreen one if there is none."""
    global _application
    if QGuiApplication.instance() is not None:
        return
    if threading.current_thread() is not threading.main_thread():
        raise WorkbenchError("PDF reports are written from the main thread when no window is open")
    _application = QGuiApplication(["workbench", "-platform", "offscreen"])


def write_pdf(
    html: str,
    path: Path,
    page_size: PageSize,
    info: PdfInfo,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write `html` as a PDF file at `path`; returns the number of pages."""
    ensure_gui_application()
    writer = _writer(path, page_size, info)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("Qt's PDF writer cannot open the file")
    try:
        body = _body(writer)
        document = _layout(html, writer, body.size())
        keep_claims_whole(document, body.height())
        pages = document.pageCount()
        for index in range(pages):
            if cancelled and cancelled():
                raise ExportCancelledError
            if index:
                writer.newPage()
            _draw_page(painter, document, body, index)
            _draw_footer(painter, body, info.footer, f"Page {index + 1} of {pages}")
            if progress:
                progress(index + 1, pages, f"page {index + 1} of {pages}")
    finally:
        painter.end()
    return pages


def _writer(path: Path, page_size: PageSize, info: PdfInfo) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    layout = QPageLayout(
        QPageSize(PAGE_SIZES[page_size]),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )
    if not writer.setPageLayout(layout):
        raise WorkbenchError(f"{path}: the page layout was refused")
    writer.setTitle(info.title)
    writer.setCreator(info.creator)
    writer.setAuthor(info.author)
    return writer


def _body(writer: QPdfWriter) -> QRectF:
    """Where the document goes on a page, in device pixels: the printable area less the
    footer band. The painter's origin is the printable area's top left."""
    paint = writer.pageLayout().paintRectPixels(writer.resolution())
    footer = FOOTER_PT * writer.resolution() / 72
    return QRectF(0, 0, paint.width(), paint.height() - footer)


def _layout(html: str, writer: QPdfWriter, size: QSizeF) -> QTextDocument:
    """The document laid out in the writer's pixels, on pages of `size`."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setHtml(html)
    document.setPageSize(size)
    return document


def keep_claims_whole(document: QTextDocument, page_height: float) -> None:
    """Start a new page before each top-level table that would straddle two pages but
    fits on one; its short lead-in of headings goes with it.

    Tables are visited in order, and each break shifts only what follows it, so
    one pass suffices.
    """
    layout = document.documentLayout()
    lead_in: list[QTextBlock] = []
    iterator = document.rootFrame().begin()
    while not iterator.atEnd():
        frame = iterator.currentFrame()
        if frame is None:
            block = iterator.currentBlock()
            if block.text().strip():
                lead_in.append(block)
        else:
            top = layout.frameBoundingRect(frame)
            if _straddles(top, page_height) and top.height() < page_height:
                _break_before(document, frame, _short_lead_in(document, lead_in, top, page_height))
            lead_in = []
        iterator += 1


def _straddles(rect: QRectF, page_height: float) -> bool:
    return int(rect.top() // page_height) != int((rect.bottom() - 1) // page_height)


def _short_lead_in(
    document: QTextDocument, lead_in: list[QTextBlock], table: QRectF, page_height: float
) -> QTextBlock | None:
    """The first heading line leading into a table, when they are short and on its page."""
    if not lead_in:
        return None
    first = document.documentLayout().blockBoundingRect(lead_in[0])
    if table.top() - first.top() > page_height * LEAD_IN_SHARE:
        return None
    return lead_in[0]


def _break_before(document: QTextDocument, frame: QTextFrame, block: QTextBlock | None) -> None:
    if block is not None:
        block_format = block.blockFormat()
        block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).setBlockFormat(block_format)
        return
    frame_format = frame.frameFormat()
    frame_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    frame.setFrameFormat(frame_format)


def _draw_page(painter: QPainter, document: QTextDocument, body: QRectF, index: int) -> None:
    """Page `index` of the laid-out document, drawn into `body`."""
    painter.save()
    page = QRectF(0, index * body.height(), body.width(), body.height())
    painter.translate(body.left(), body.top() - page.top())
    painter.setClipRect(page)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = page
    document.documentLayout().draw(painter, context)
    painter.restore()


def _draw_footer(painter: QPainter, body: QRectF, left: str, right: str) -> None:
    """A thin rule, then `left` and `right` on one line, at the foot of the page."""
    device = painter.device()
    points = device.logicalDpiY() / 72
    font = QFont()
    font.setFamilies(FOOTER_FAMILIES)
    font.setPointSizeF(7.5)
    painter.save()
    painter.setFont(font)
    painter.setPen(QPen(QColor("#dde1e6"), 0.75 * points))
    rule = body.bottom() + 8 * points
    painter.drawLine(QLineF(body.left(), rule, body.right(), rule))
    painter.setPen(QColor("#5b6472"))
    line = QRectF(body.left(), rule + 3 * points, body.width(), 11 * points)
    width = painter.fontMetrics().horizontalAdvance(right) + 12 * points
    text_rect = line.adjusted(0, 0, -width, 0)
    elided = painter.fontMetrics().elidedText(
        left, Qt.TextElideMode.ElideRight, int(text_rect.width())
    )
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
    painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
    painter.restore()
