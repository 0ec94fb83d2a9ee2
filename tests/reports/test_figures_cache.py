"""Figures kept by data version (``app.reports.figures_cache``) on a real vault: served
again while nothing they count changed, computed afresh after a write of a counted
entity, and never kept when a write commits while they are being computed."""

from __future__ import annotations

from typing import Any

from app.core.queries.caseload import READS
from app.reports.figures_cache import DataVersion, VersionedCache


def _person(store: Any, name: str) -> str:
    return str(store.insert("person", {"office_id": store.office_id, "given_names": name}))


def _case(store: Any) -> str:
    return str(store.insert("case", {"office_id": store.office_id, "matter": "alimentos",
                                     "status": "open", "internal_number": "X-1"}))  # fmt: skip


def test_kept_until_a_counted_record_changes(store: Any) -> None:
    cache: VersionedCache[int] = VersionedCache(DataVersion(store, READS))
    computed: list[int] = []

    def count() -> int:
        computed.append(1)
        return int(store.query("SELECT count(*) AS n FROM legal_case")[0]["n"])

    assert cache.get("period", count) == 0
    assert cache.get("period", count) == 0 and len(computed) == 1  # kept
    assert cache.get("other period", count) == 0 and len(computed) == 2  # its own key
    _person(store, "Rosa")  # a record the figures do not read: still kept
    assert cache.get("period", count) == 0 and len(computed) == 2
    _case(store)  # a counted record: computed afresh, with it
    assert cache.get("period", count) == 1 and len(computed) == 3
    assert cache.get("period", count) == 1 and len(computed) == 3
    assert (cache.hits, cache.misses) == (3, 3)


def test_a_write_committed_during_the_computation_is_never_hidden(store: Any) -> None:
    cache: VersionedCache[int] = VersionedCache(DataVersion(store, READS))
    first = True

    def count() -> int:
        nonlocal first
        n = int(store.query("SELECT count(*) AS n FROM legal_case")[0]["n"])
        if first:  # a sync page commits a case after the figures were read
            first = False
            _case(store)
        return n

    assert cache.get("period", count) == 0  # what was read before the write
    assert cache.get("period", count) == 1  # not kept under the old version: recomputed


def test_at_most_size_results_are_kept(store: Any) -> None:
    cache: VersionedCache[str] = VersionedCache(DataVersion(store, READS), size=2)
    for key in ("a", "b", "c"):
        cache.get(key, lambda key=key: key)
    assert cache.get("a", lambda: "again") == "again"  # the oldest went
    assert cache.get("c", lambda: "again") == "c"
