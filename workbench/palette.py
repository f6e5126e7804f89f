"""Colours and names that carry meaning, shared by the window and the reports.

A verdict's colour runs from red (the worst rating on the desk's scale) through
amber to green (the best), so it reads the same on any scale. Status colours
are muted, so that a verdict stands out against work still in progress. Colours
are CSS hex strings: the reports use them as they are, the window as QColors.
"""

from __future__ import annotations

from workbench.store.models import Status

STATUS_COLORS: dict[Status, str] = {
    Status.UNCHECKED: "#8a94a6",
    Status.IN_PROGRESS: "#3b82f6",
    Status.NEEDS_REVIEW: "#a855f7",
    Status.CHECKED: "#0f766e",
    Status.PUBLISHED: "#15803d",
    Status.DISMISSED: "#c0c4cc",
}
STATUS_LABELS: dict[Status, str] = {
    Status.UNCHECKED: "Unchecked",
    Status.IN_PROGRESS: "In progress",
    Status.NEEDS_REVIEW: "Needs review",
    Status.CHECKED: "Checked",
    Status.PUBLISHED: "Published",
    Status.DISMISSED: "Not check-worthy",
}
_WORST, _MIDDLE, _BEST = (0xDC, 0x26, 0x26), (0xF5, 0x9E, 0x0B), (0x16, 0xA3, 0x4A)

RGB = tuple[int, int, int]


def rating_color(value: int, worst: int, best: int) -> str:
    """Red for the worst rating, green for the best, amber between.

    A label of a former scale may lie outside the desk's scale: it takes the
    nearest end.
    """
    if best == worst:
        return _hex(_MIDDLE)
    share = min(1.0, max(0.0, (value - worst) / (best - worst)))
    if share < 0.5:
        return _hex(_blend(_WORST, _MIDDLE, share * 2))
    return _hex(_blend(_MIDDLE, _BEST, (share - 0.5) * 2))


def _blend(start: RGB, end: RGB, share: float) -> RGB:
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(start, end, strict=True))
    return red, green, blue


def _hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)
