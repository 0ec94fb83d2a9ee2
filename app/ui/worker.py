"""Running work off the UI thread: a callable in a QThreadPool, its result by signal.

Owns: ``Worker`` (one pool, results delivered on the UI thread through queued
signals to a relay object that lives there) and ``Latest``, the one stale-result rule of
the screens: of the loads a view submits through its ``Latest``, only the newest
delivers (an older answer arriving after a newer request is dropped). The UI thread never
waits on the database or the network; every widget that needs data calls
``worker.submit(fn, on_done, on_error)``, or ``latest.submit(...)`` for loads that a
newer one replaces. ``wait_all`` waits for every live worker's pool to drain: whoever
closes a store under windows that are still open (the tests' ``store`` fixture) calls
it first, so no connection is closed under a running query.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.ui import gc_guard

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Signals(QObject):
    finished = Signal(int, object, object)  # task id, result, error


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id = task_id
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the UI, never lost
            self._signals.finished.emit(self._id, None, exc)
        else:
            self._signals.finished.emit(self._id, result, None)


_LIVE: weakref.WeakSet[Worker] = weakref.WeakSet()  # every Worker not yet collected


def wait_all(msecs: int = 30000) -> bool:
    """Wait until no task of any live ``Worker`` runs (each pool drained, at most ``msecs``
    each); False if one is still running. For a store about to be closed while windows
    that read it are open (a window's own lock and close wait for its own worker)."""
    drained = True
    for worker in list(_LIVE):
        try:
            drained = worker.wait(msecs) and drained
        except RuntimeError:  # its Qt object is already deleted: its pool went with it
            continue
    return drained


class Worker(QObject):
    """Runs callables in a thread pool and calls back on the thread that owns it."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        gc_guard.install()  # no cyclic collection in the pool's threads: a Qt crash there
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._deliver)
        self._next = 0
        self._pending: dict[int, tuple[Done | None, Failed | None]] = {}
        self.on_unhandled: Failed | None = None
        _LIVE.add(self)

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> int:
        self._next += 1
        self._pending[self._next] = (on_done, on_error)
        self._pool.start(_Task(self._next, fn, self._signals))
        return self._next

    def pending(self) -> int:
        return len(self._pending)

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for the pool to drain (shutdown and tests only, never in a handler)."""
        return self._pool.waitForDone(msecs)

    def discard_pending(self) -> int:
        """Forget the callbacks of tasks not yet delivered (their widgets are going away,
        e.g. on lock); their results are dropped when they arrive. Returns how many."""
        count = len(self._pending)
        self._pending.clear()
        return count

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: object, error: object) -> None:
        if task_id not in self._pending:
            return  # discarded: its session was locked
        on_done, on_error = self._pending.pop(task_id)
        try:
            if error is not None:
                assert isinstance(error, BaseException)
                handler = on_error or self.on_unhandled
                if handler is None:
                    log.error("background task failed: %s", type(error).__name__)
                else:
                    handler(error)
            elif on_done is not None:
                on_done(result)
        except RuntimeError as exc:
            # The widget that asked was closed meanwhile (e.g. a page replaced): its answer
            # has nowhere to go. Anything else is a bug and propagates.
            # ("already deleted": a method of it; "has been deleted": one of its signals)
            if "already deleted" not in str(exc) and "has been deleted" not in str(exc):
                raise
            log.debug("result dropped: its widget was deleted")
        finally:
            if not self._pending:
                self.idle.emit()


class Latest:
    """Loads of one view where only the newest answer counts (lists, pages, search).

    ``submit`` runs ``fn`` in the worker like ``Worker.submit``, but ``on_done`` and
    ``on_error`` are called only if no newer ``submit`` (or ``drop``) happened meanwhile.
    """

    def __init__(self, worker: Worker) -> None:
        self._worker = worker
        self._serial = 0

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> int:
        self._serial += 1
        serial = self._serial

        def done(result: Any) -> None:
            if serial == self._serial and on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if serial == self._serial and on_error is not None:
                on_error(exc)

        return self._worker.submit(fn, done, failed if on_error is not None else None)

    def drop(self) -> None:
        """Forget whatever is in flight: its answer will not be delivered."""
        self._serial += 1

    @property
    def started(self) -> bool:
        """Whether anything was ever submitted (or dropped)."""
        return self._serial > 0
