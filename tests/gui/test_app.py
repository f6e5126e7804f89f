"""Application-wide look: the palette follows the system's light or dark scheme; the icon."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPalette

from workbench import config
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


def test_the_application_icon_renders_at_every_size_a_desktop_asks_for(qapp):
    icon = QIcon(str(config.icon_file()))

    assert not icon.isNull()
    for size in (16, 48, 256):
        image = icon.pixmap(size, size).toImage()
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
