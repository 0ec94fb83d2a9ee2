"""Python's cyclic garbage collection, on the UI thread only.

Owns :func:`install` (idempotent), :func:`collect_due` and :func:`hold` /
:func:`release` (no collection while Inicio is being shown after unlocking). Python runs its cyclic
collector in whichever thread happens to allocate when a generation's threshold is
crossed. In a thread of the worker pool (building the backend, loading a page) that
collection may free Qt wrappers that belong to the UI thread, and Qt then destroys them
from the wrong thread: the project's CI died of exactly that ("Fatal Python error:
Segmentation fault ... Garbage-collecting" in a pool thread, under ``Backend.__init__``).
So automatic collection is switched off, and a timer on the UI thread collects generation
by generation once the counts pass the thresholds automatic collection would have used
(the approach of qutebrowser's and calibre's Qt applications). Reference counting, which
frees almost everything, is unaffected; only cycles wait for the UI thread.

Unlocking builds the backend and Inicio while the imports of the pages may still be
settling: collections due then (up to 0.6 s of the UI thread under load, when every
object of the imports was still young) waited in front of Inicio's first paint. ``hold``
puts them off until ``release`` (Inicio shown) or, at the latest, its deadline.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

_INTERVAL_MS = 500  # how often the UI thread looks at the counts (a look costs ~1 µs)
_NAME = "chasqui-gc-guard"


class _Collector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName(_NAME)
        self.thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(collect_due)
        self._timer.start(_INTERVAL_MS)


def install() -> bool:
    """Move cyclic collection to the UI thread of the running QCoreApplication (called
    by whoever starts worker threads; idempotent). False when there is no application or
    the caller is not on its thread, so nothing changed."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return False
    if app.findChild(_Collector, _NAME) is None:
        _Collector(app)
    gc.disable()
    return True


_held_until = 0.0  # time.monotonic() before which nothing is collected (``hold``)


def hold(seconds: float) -> None:
    """Put collections off for at most ``seconds`` (or until ``release``)."""
    global _held_until
    _held_until = time.monotonic() + seconds


def release() -> None:
    """Collections are due again (the next look of the timer collects what is due)."""
    global _held_until
    _held_until = 0.0


def collect_due() -> int:
    """Collect on this (the UI) thread the generations whose counts passed their
    thresholds, as automatic collection would have (not while held); the number of
    objects freed."""
    if _held_until and time.monotonic() < _held_until:
        return 0
    thresholds = gc.get_threshold()
    count0, count1, count2 = gc.get_count()
    if count0 <= thresholds[0]:
        return 0
    if count2 > thresholds[2]:
        return gc.collect(2)
    if count1 > thresholds[1]:
        return gc.collect(1)
    return gc.collect(0)
