"""The shared colours (`workbench.palette`) as QColors, and the reader's highlight fill."""

from __future__ import annotations

from PySide6.QtGui import QColor

from workbench import palette
from workbench.palette import STATUS_LABELS
from workbench.store.models import Status

__all__ = ["STATUS_COLORS", "STATUS_LABELS", "UNRATED", "highlight", "rating_color"]

STATUS_COLORS: dict[Status, QColor] = {
    status: QColor(color) for status, color in palette.STATUS_COLORS.items()
}
#: Highlight of a claim nobody has rated yet.
UNRATED = QColor("#f5c542")


def rating_color(value: int, worst: int, best: int) -> QColor:
    """See `workbench.palette.rating_color`."""
    return QColor(palette.rating_color(value, worst, best))


def highlight(color: QColor, strength: float) -> QColor:
    """A translucent fill: stronger for more check-worthy claims (strength 0–1)."""
    fill = QColor(color)
    fill.setAlphaF(0.18 + 0.5 * max(0.0, min(1.0, strength)))
    return fill
