"""The one way the window runs database and NLP work: off the UI thread.

`Workers.run(fn, on_done=...)` runs `fn(job)` on a thread pool. The function
reports progress through `job.progress(done, total, text)` and checks
`job.cancelled()`; its result comes back to `on_done` on the UI thread. Errors
a user caused (`WorkbenchError`) and unexpected ones are reported once, through
the `failed` signal the main window shows, unless the caller handles them.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from workbench.errors import WorkbenchError

log = logging.getLogger(__name__)


class Job(QObject):
    """One piece of background work: its progress, its cancel flag, its outcome.

    The worker thread emits the private signals; the `Job` lives on the UI
    thread, so Qt queues them to its slots there, which re-emit the public
    signals. Callbacks connected to the public signals therefore always run
    on the UI thread, whatever kind of callable they are.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    errored = Signal(str)
    ended = Signal()
    #: `ended`, carrying the job: what `Workers` listens to, through a slot of its
    #: own, so that a job ending after its `Workers` is gone calls nothing.
    over = Signal(object)

    _progress_from_worker = Signal(int, int, str)
    _result_from_worker = Signal(object)
    _error_from_worker = Signal(str)
    _end_from_worker = Signal()

    def __init__(self, label: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self._cancel = threading.Event()
        self._progress_from_worker.connect(self._relay_progress)
        self._result_from_worker.connect(self._relay_result)
        self._error_from_worker.connect(self._relay_error)
        self._end_from_worker.connect(self._relay_end)

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress; safe to call from the worker thread."""
        self._progress_from_worker.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot(int, int, str)
    def _relay_progress(self, done: int, total: int, text: str) -> None:
        self.progressed.emit(done, total, text)

    @Slot(object)
    def _relay_result(self, result: object) -> None:
        self.succeeded.emit(result)

    @Slot(str)
    def _relay_error(self, message: str) -> None:
        self.errored.emit(message)

    @Slot()
    def _relay_end(self) -> None:
        self.ended.emit()
        self.over.emit(self)


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[Job], Any]) -> None:
        super().__init__()
        self.job = job
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn(self.job)
        except WorkbenchError as exc:
            self.job._error_from_worker.emit(str(exc))
        except Exception as exc:
            log.exception("background job %r failed", self.job.label)
            self.job._error_from_worker.emit(f"{self.job.label} failed: {exc!r}")
        else:
            self.job._result_from_worker.emit(result)
        finally:
            self.job._end_from_worker.emit()


class Workers(QObject):
    """Runs jobs on a thread pool and tells the window what is under way."""

    started = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        #: Writes run one at a time, in the order they were asked for, so that an
        #: edit and its undo can never overtake each other.
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._jobs: set[Job] = set()

    def run(
        self,
        fn: Callable[[Job], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        label: str = "Working",
        write: bool = False,
    ) -> Job:
        """Run `fn(job)` in the background; `write=True` queues it behind earlier writes."""
        job = Job(label, self)
        self._jobs.add(job)
        if on_done is not None:
            job.succeeded.connect(on_done)
        job.errored.connect(on_error if on_error is not None else self.failed.emit)
        job.over.connect(self._end)
        self.started.emit(job)
        (self.write_pool if write else self.pool).start(_Runnable(job, fn))
        return job

    @Slot(object)
    def _end(self, job: Job) -> None:
        self._jobs.discard(job)
        self.finished.emit(job)
        job.deleteLater()

    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job is done; for shutdown and tests only."""
        return self.write_pool.waitForDone(msecs) and self.pool.waitForDone(msecs)


class UiThreadGarbageCollector(QObject):
    """Runs Python's cycle collector on the UI thread only, while it is installed.

    Left alone, the collector runs on whichever thread happens to allocate. When
    that is a worker and the garbage holds a Qt object of the UI thread, the
    object is deleted off its thread and Qt crashes. So automatic collection is
    switched off, and a timer on the UI thread collects each generation when the
    allocation counts pass the thresholds the automatic collector would use.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)

    def install(self) -> None:
        gc.disable()
        self.timer.start()

    def uninstall(self) -> None:
        self.timer.stop()
        gc.enable()

    @Slot()
    def collect_due(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
