"""Change notices reach the screens through one signal; open views refresh themselves.

Owns: ``ChangeFeed`` — subscribed to the backend's change notices (``Backend.subscribe``,
over ``Store.on_change``: every committed write, whether local, from a sync round or
from a bundle import, reports the records it altered as a ``sync.changes.Changed``).
Notices arrive on the writing thread (the worker pool, the sync scheduler); the feed
carries them to the UI thread (in order with the worker's results: a view's own reload
and the notice's refresh both read after the commit), merges the notices already queued
(a sync round commits page by page) and emits ``changed(notice)`` once. The workspace
connects that one signal to every view it has built; each view decides from the entities
in the notice whether what it shows is affected (``shows(notice, entities)``) and
reloads through its ``Latest`` loader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from sync.changes import Changed


def shows(notice: Changed, entities: Iterable[str]) -> bool:
    """Whether the notice touches any of ``entities`` (what a view shows)."""
    return not notice.entities.isdisjoint(entities)


class ChangeFeed(QObject):
    """The one signal through which the UI learns that records changed."""

    changed = Signal(object)  # Changed, on the UI thread
    _arrived = Signal(object)  # from any thread; queued to the feed's thread
    _flush_soon = Signal()  # a posted event: runs after what is already queued

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending = Changed()
        self._scheduled = False
        self._arrived.connect(self._collect)
        self._flush_soon.connect(self._flush, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = None

    def attach(self, subscribe: Callable[[Callable[[Any], None]], Callable[[], None]]) -> None:
        """Listen to a source of notices (``Backend.subscribe``)."""
        self.detach()
        self._unsubscribe = subscribe(self.publish)

    def detach(self) -> None:
        """Stop listening (before the store locks); nothing is emitted afterwards."""
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()
        self._pending = Changed()

    def publish(self, changed: Changed) -> None:
        """A notice from any thread (the store's listener); it reaches ``changed`` on the
        UI thread."""
        if changed:
            copy = Changed()
            copy.update(changed)
            self._arrived.emit(copy)

    def _collect(self, notice: Changed) -> None:
        self._pending.update(notice)
        if not self._scheduled:  # one flush for the notices queued before it runs
            self._scheduled = True
            self._flush_soon.emit()

    def _flush(self) -> None:
        self._scheduled = False
        notice, self._pending = self._pending, Changed()
        if notice:
            self.changed.emit(notice)
