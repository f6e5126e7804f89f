"""Application-wide look: the palette follows the system's light or dark scheme."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from workbench.gui.app import apply_color_scheme


def test_dark_scheme_gets_a_dark_palette_and_light_the_style_default(qapp):
    apply_color_scheme(qapp, Qt.ColorScheme.Dark)
    dark = qapp.palette()
    assert dark.color(QPalette.ColorRole.Window).lightness() < 60
    assert dark.color(QPalette.ColorRole.Text).lightness() > 200
    apply_color_scheme(qapp, Qt.ColorScheme.Light)
    assert qapp.palette().color(QPalette.ColorRole.Window) == qapp.style().standardPalette().color(
        QPalette.ColorRole.Window
    )
