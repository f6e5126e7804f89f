"""Window tests run the way the workbench does: cycles are collected on the UI thread."""

from pathlib import Path

import pytest

from workbench.gui.app import create_window
from workbench.gui.workers import UiThreadGarbageCollector

REPO = Path(__file__).resolve().parents[2]
WAIT = 15_000


@pytest.fixture(autouse=True)
def collect_garbage_on_the_ui_thread(qapp):
    collector = UiThreadGarbageCollector()
    collector.install()
    yield
    collector.uninstall()
    collector.deleteLater()


@pytest.fixture
def window(qtbot, desk, tmp_path):
    desk.import_paths([REPO / "seeds" / "000_0a75df98240e711f.txt"])
    main = create_window(desk, tmp_path / "window.ini", tmp_path / "settings.json")
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.claimShown, timeout=WAIT):
        main.load_articles(then=main.open_first_article)
    yield main
    main.workers.wait(WAIT)
