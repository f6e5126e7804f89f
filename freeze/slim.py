"""What goes into the app folder: PyInstaller's table of contents, less what is not used.

A TOC entry is `(destination, source, kind)`, the destination relative to the
folder. These functions only read and filter such lists (and write stripped or
rebuilt copies of libraries under the build folder), so build.spec stays a
declaration of what the app holds.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from freeze import icu
from freeze.elf import readelf

Entry = tuple[str, str, str]
#: Kinds of entry that are shared libraries or extension modules.
LIBRARIES = ("BINARY", "EXTENSION")


def destination(entry: Entry) -> str:
    return entry[0].replace("\\", "/")


def matches(entry: Entry, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(destination(entry), pattern) for pattern in patterns)


def without(toc: list[Entry], dropped: Iterable[str], kept: Iterable[str] = ()) -> list[Entry]:
    """The entries whose destination matches no pattern of `dropped` (or one of `kept`)."""
    dropped, kept = list(dropped), list(kept)
    return [entry for entry in toc if matches(entry, kept) or not matches(entry, dropped)]


def is_test_package(entry: Entry) -> bool:
    """A library's own test suite (spacy.tests, numpy._core.tests), not a module that
    happens to be called `tests` (jinja2.tests holds Jinja's template tests)."""
    name, source = entry[0], entry[1] or ""
    return ".tests." in name or (name.endswith(".tests") and source.endswith("__init__.py"))


def can_rework_libraries() -> bool:
    """Linux with binutils: libraries can be read, stripped and linked here."""
    tools = ("readelf", "strip", "cc")
    return sys.platform.startswith("linux") and all(shutil.which(tool) for tool in tools)


def reworked_libraries(toc: list[Entry], work: Path) -> list[Entry]:
    """Debug information stripped, ICU's data cut to English, and the system libraries
    that only dropped files needed left out (see each function)."""
    toc = [without_debug_info(entry, work / "stripped") for entry in toc]
    toc = [english_icu_data(entry, work / "icu") for entry in toc]
    return without_orphans(toc)


# --- debug information ----------------------------------------------------------------------


def has_debug_info(path: str) -> bool:
    """Whether an ELF file carries DWARF sections."""
    with Path(path).open("rb") as file:
        if file.read(4) != b"\x7fELF":
            return False
    return ".debug_info" in readelf("-S", path)


def without_debug_info(entry: Entry, folder: Path) -> Entry:
    """The entry pointing at a copy of its library without debug information.

    Some wheels ship their libraries unstripped (spaCy's are 7 times their code);
    only the DWARF sections go, the symbols stay. Libraries that a wheel vendors
    under `*.libs/` are left alone: stripping those (as PyInstaller's strip=True
    does) breaks their page alignment.
    """
    dest, source, kind = entry
    if kind not in LIBRARIES or ".libs/" in destination(entry) or not has_debug_info(source):
        return entry
    stripped = _fresh_copy(Path(source), folder / dest)
    if stripped is not None:
        subprocess.run(["strip", "--strip-debug", str(stripped)], check=True)
    return (dest, str(folder / dest), kind)


def english_icu_data(entry: Entry, folder: Path) -> Entry:
    """ICU's data library rebuilt with root and English only (see `freeze.icu`)."""
    dest, source, kind = entry
    if kind not in LIBRARIES or not re.fullmatch(r"libicudata\.so\.\d+", Path(dest).name):
        return entry
    rebuilt = _fresh_copy(Path(source), folder / dest)
    if rebuilt is not None:
        icu.trimmed_library(Path(source), rebuilt)
    return (dest, str(folder / dest), kind)


def _fresh_copy(source: Path, target: Path) -> Path | None:
    """`target` made a copy of `source` when it is missing or older; None when it is current."""
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target


# --- libraries nothing needs ----------------------------------------------------------------


def needed_libraries(path: str) -> set[str]:
    """The shared libraries an ELF file names as NEEDED."""
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("-d", path)))


def without_orphans(toc: list[Entry]) -> list[Entry]:
    """The TOC less the system libraries that only dropped files needed.

    The analysis copies the build machine's libraries for every plugin (the GTK
    theme brings cairo, pango, gdk-pixbuf and some thirty more); once a plugin is
    dropped, a top-level library is kept only if something kept still needs it,
    and a symbolic link only if what it points to is kept. The Python library
    stays: the program's loader opens it by name.
    """
    top = {
        entry[0]: entry
        for entry in toc
        if entry[2] == "BINARY" and "/" not in destination(entry)
        if not entry[0].startswith("libpython")
    }
    rest = [entry for entry in toc if entry[0] not in top]
    queue = [entry[1] for entry in rest if entry[2] in LIBRARIES]
    kept: set[str] = set()
    while queue:
        for name in needed_libraries(queue.pop()) - kept:
            if name in top:
                kept.add(name)
                queue.append(top[name][1])
    toc = rest + [top[name] for name in sorted(kept)]
    present = {entry[0] for entry in toc}
    return [
        entry
        for entry in toc
        if entry[2] != "SYMLINK" or os.path.normpath(f"{entry[0]}/../{entry[1]}") in present
    ]


# --- the icon -------------------------------------------------------------------------------


def rendered_icon(svg: Path, size: int, folder: Path) -> Path:
    """The SVG icon as a PNG, for the desktop entry and for the Windows and macOS icons
    (PyInstaller turns a PNG into .ico or .icns with Pillow)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _application = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    path = folder / f"{svg.stem}-{size}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):
        raise SystemExit(f"could not render {svg} to {path}")
    return path
