"""The background worker facility: results, errors and progress reach the UI thread."""

import gc
import sys
import threading
import weakref

from PySide6.QtCore import QThread

from workbench.errors import WorkbenchError
from workbench.gui.workers import Workers


def test_result_and_progress_arrive_on_the_ui_thread(qtbot):
    workers = Workers()
    ui_thread = QThread.currentThread()
    seen = {}

    def work(job):
        seen["worker_thread"] = threading.get_ident()
        job.progress(1, 2, "half")
        return 42

    def done(result):
        seen["result"] = result
        seen["done_on_ui"] = QThread.currentThread() is ui_thread

    progress = []
    job = workers.run(work, on_done=done, label="answer")
    job.progressed.connect(lambda d, t, text: progress.append((d, t, text)))
    with qtbot.waitSignal(workers.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["done_on_ui"]
    assert seen["worker_thread"] != threading.get_ident()
    assert progress == [(1, 2, "half")]
    assert not workers.busy()


def test_user_errors_are_reported_once_through_failed(qtbot):
    workers = Workers()

    def work(job):
        raise WorkbenchError("that file is empty")

    with qtbot.waitSignal(workers.failed, timeout=5000) as failed:
        workers.run(work, label="import")
    assert failed.args == ["that file is empty"]


def test_unexpected_errors_name_the_job(qtbot):
    workers = Workers()
    with qtbot.waitSignal(workers.failed, timeout=5000) as failed:
        workers.run(lambda job: 1 / 0, label="Export")
    assert failed.args[0].startswith("Export failed: ZeroDivisionError")


def test_cancel_is_seen_by_the_work(qtbot):
    workers = Workers()
    release = threading.Event()
    results = []

    def work(job):
        release.wait(5)
        return "stopped" if job.cancelled() else "ran"

    job = workers.run(work, on_done=results.append)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=5000)


def test_writes_run_one_at_a_time_in_order(qtbot):
    workers = Workers()
    order = []

    def write(index):
        def work(job):
            order.append(("start", index))
            threading.Event().wait(0.01 * (3 - index))
            order.append(("end", index))

        return work

    for index in range(3):
        workers.run(write(index), write=True)
    qtbot.waitUntil(lambda: len(order) == 6, timeout=5000)
    assert order == [(step, i) for i in range(3) for step in ("start", "end")]


def test_cycles_are_collected_by_the_ui_thread_timer(qtbot):
    class Node:
        pass

    assert not gc.isenabled(), "the automatic collector could run on a worker thread"
    node = Node()
    node.itself = node
    gone = weakref.ref(node)
    del node
    cycles = [Node() for _ in range(gc.get_threshold()[0] + 1)]
    for item in cycles:
        item.itself = item
    del cycles, item
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)


def test_hundreds_of_jobs_leave_the_interpreter_sound(qtbot):
    """Each job emits several signals; a Qt binding that loses a reference per
    emission (PySide6 6.12.0 lost one to True or False) aborts the workbench."""
    workers = Workers()

    def bools() -> int:
        return sys.getrefcount(True) + sys.getrefcount(False)

    before = bools()
    for _ in range(300):
        workers.run(lambda job: job.progress(1, 1, "done") or True)
    qtbot.waitUntil(lambda: not workers.busy(), timeout=15_000)
    assert bools() >= before - 50
