"""The one way the window runs database and NLP work: off the UI thread.

`Workers.run(fn, on_done=...)` runs `fn(job)` on a thread pool. The function
reports progress through `job.progress(done, total, text)` and checks
`job.cancelled()`; its result comes back to `on_done` on the UI thread. Errors
a user caused (`WorkbenchError`) and unexpected ones are reported once, through
the `failed` signal the main window shows, unless the caller handles them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

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

    _progress_from_worker = Signal(int, int, str)
    _result_from_worker = Signal(object)
    _error_from_worker = Signal(str)
    _end_from_worker = Signal()

    def __init__(self, label: str) -> None:
        super().__init__()
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
        job = Job(label)
        self._jobs.add(job)
        if on_done is not None:
            job.succeeded.connect(on_done)
        job.errored.connect(on_error if on_error is not None else self.failed.emit)
        job.ended.connect(lambda: self._end(job))
        self.started.emit(job)
        (self.write_pool if write else self.pool).start(_Runnable(job, fn))
        return job

    @Slot()
    def _end(self, job: Job) -> None:
        self._jobs.discard(job)
        self.finished.emit(job)

    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job is done; for shutdown and tests only."""
        return self.write_pool.waitForDone(msecs) and self.pool.waitForDone(msecs)
