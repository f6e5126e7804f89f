"""Window tests run the way the workbench does: cycles are collected on the UI thread."""

import pytest

from workbench.gui.workers import UiThreadGarbageCollector


@pytest.fixture(autouse=True)
def collect_garbage_on_the_ui_thread(qapp):
    collector = UiThreadGarbageCollector()
    collector.install()
    yield
    collector.uninstall()
    collector.deleteLater()
