"""Colours and names that carry meaning, shared by the reader, the tables and the charts.

A verdict's colour runs from red (the worst rating on the desk's scale) through
amber to green (the best), so it reads the same on any scale. Status colours
are muted, so that a verdict stands out against work still in progress.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from workbench.store.models import Status

STATUS_COLORS: dict[Status, QColor] = {
    Status.UNCHECKED: QColor("#8a94a6"),
    Status.IN_PROGRESS: QColor("#3b82f6"),
    Status.NEEDS_REVIEW: QColor("#a855f7"),
    Status.CHECKED: QColor("#0f766e"),
    Status.PUBLISHED: QColor("#15803d"),
    Status.DISMISSED: QColor("#c0c4cc"),
}
STATUS_LABELS: dict[Status, str] = {
    Status.UNCHECKED: "Unchecked",
    Status.IN_PROGRESS: "In progress",
    Status.NEEDS_REVIEW: "Needs review",
    Status.CHECKED: "Checked",
    Status.PUBLISHED: "Published",
    Status.DISMISSED: "Not check-worthy",
}
#: Highlight of a claim nobody has rated yet.
UNRATED = QColor("#f5c542")
_WORST, _MIDDLE, _BEST = QColor("#dc2626"), QColor("#f59e0b"), QColor("#16a34a")


def rating_color(value: int, worst: int, best: int) -> QColor:
    """Red for the worst rating, green for the best, amber between.

    A label of a former scale may lie outside the desk's scale: it takes the
    nearest end.
    """
    if best == worst:
        return QColor(_MIDDLE)
    share = min(1.0, max(0.0, (value - worst) / (best - worst)))
    if share < 0.5:
        return _blend(_WORST, _MIDDLE, share * 2)
    return _blend(_MIDDLE, _BEST, (share - 0.5) * 2)


def highlight(color: QColor, strength: float) -> QColor:
    """A translucent fill: stronger for more check-worthy claims (strength 0–1)."""
    fill = QColor(color)
    fill.setAlphaF(0.18 + 0.5 * max(0.0, min(1.0, strength)))
    return fill


def _blend(start: QColor, end: QColor, share: float) -> QColor:
    return QColor(
        round(start.red() + (end.red() - start.red()) * share),
        round(start.green() + (end.green() - start.green()) * share),
        round(start.blue() + (end.blue() - start.blue()) * share),
    )
