"""Figures kept while the records they count are unchanged: a data version and a cache.

Owns ``DataVersion`` (a counter of one store's commits that changed records of the
entities a computation reads: it listens to ``Store.on_change``, which every commit calls —
local writes, sync pages, USB bundles, conflict resolutions — after it committed) and
``VersionedCache`` (the last few results of a computation, each kept under the data
version read BEFORE it started, so a result computed while a write committed is filed
under the older version and never served once that write is announced).

The "Tiempos" page keeps its figures and charts here (``app.ui.timeliness_page``): going
back to it, changing the ceiling back, or a change notice about records it does not count
costs nothing; any write of a counted entity makes the next load compute afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable
from typing import Any, Generic, TypeVar

from sync.changes import Changed

T = TypeVar("T")


class DataVersion:
    """How many commits changed records of ``entities`` in ``store`` since this was made
    (``value``); ``close()`` stops listening."""

    def __init__(self, store: Any, entities: Collection[str]) -> None:
        self.value = 0
        self._entities = frozenset(entities)
        self.close: Callable[[], None] = store.on_change(self._changed)

    def _changed(self, changed: Changed) -> None:
        if any(entity in changed for entity in self._entities):
            self.value += 1  # one writer thread calls this; readers only compare


class VersionedCache(Generic[T]):
    """At most ``size`` results of ``compute``, by (data version, key)."""

    def __init__(self, version: DataVersion, size: int = 4) -> None:
        self.version = version
        self.size = size
        self.hits = 0
        self.misses = 0
        self._kept: OrderedDict[tuple[int, Hashable], T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept for ``key`` at the current data version, else ``compute()``'s
        (kept under the version read before it ran)."""
        stamp = (self.version.value, key)
        with self._lock:
            found = self._kept.get(stamp)
            if found is not None:
                self._kept.move_to_end(stamp)
                self.hits += 1
                return found
            self.misses += 1
        result = compute()
        with self._lock:
            now = self.version.value
            for old in [k for k in self._kept if k[0] != now]:  # no older version is asked again
                del self._kept[old]
            if stamp[0] != now:  # a write committed meanwhile: this result may predate it
                return result
            self._kept[stamp] = result
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return result
