"""Issue 12, finding 1 on the client: a poisoned clock never makes a vault unusable.

A change stamped ``999999999999999-99990-…`` (as an unpatched or hostile server would
serve it) is set aside with its reason (``app.store.kept_aside``), never applied nor
observed, and the vault's clock stays within the wall clock plus ``MAX_SKEW_MS``: many
writes later the vault still lists, writes and reopens, the record still kept aside. A vault
whose stored clock was already poisoned before the fix recovers at unlock.
"""

from __future__ import annotations

from pathlib import Path

from app.store import Vault, kept_aside
from sync.hlc import MAX_SKEW_MS, Timestamp, wall_clock_ms
from tests.conftest import PASS, make_vault

POISON = "999999999999999-99990-evil"


def _poisoned_change() -> dict:
    return {
        "change_id": "c-poison",
        "entity": "person",
        "entity_id": "p-poison",
        "op": "upsert",
        "fields": {"given_names": "Veneno"},
        "base": {},
        "hlc": POISON,
        "device_id": "evil",
        "seq": 1,
        "user_id": None,
        "extra": {},
    }


def _outbox_bounded(store: object) -> None:
    limit = wall_clock_ms() + MAX_SKEW_MS
    stamps = [c.hlc for c in store.replica.pending_changes(limit=10_000)]  # type: ignore[attr-defined]
    assert stamps and all(Timestamp.parse(s).ms <= limit for s in stamps)


def test_a_poisoned_remote_clock_is_set_aside_not_adopted(tmp_path: Path) -> None:
    store = make_vault(tmp_path / "v")
    try:
        result = store.replica.apply_remote_changes([_poisoned_change()])
        assert result.kept_ids == ["c-poison"] and store.get("person", "p-poison") is None
        kept = kept_aside.list_kept_aside(store)
        assert [(k["change_id"], k["code"]) for k in kept] == [("c-poison", "clock_ahead")]
        ids = [store.insert("person", {"given_names": f"Ana {i}"}) for i in range(30)]
        for pid in ids:
            store.update("person", pid, {"given_names": "Ana editada"})
        people = store.query("SELECT count(*) AS n FROM person")
        assert people[0]["n"] == 30
        _outbox_bounded(store)
    finally:
        store.lock()
    store = Vault.unlock(tmp_path / "v", "ana", PASS)
    try:
        store.insert("person", {"given_names": "Luz"})
        _outbox_bounded(store)
        assert [k["change_id"] for k in kept_aside.list_kept_aside(store)] == ["c-poison"]
    finally:
        store.lock()


def test_a_vault_whose_stored_clock_was_poisoned_recovers(tmp_path: Path) -> None:
    store = make_vault(tmp_path / "v")
    store.set_meta("hlc_last", POISON)  # the damage an unpatched version left behind
    store.lock()
    store = Vault.unlock(tmp_path / "v", "ana", PASS)
    try:
        for i in range(20):
            store.insert("person", {"given_names": f"Eva {i}"})
        _outbox_bounded(store)
        assert store.query("SELECT count(*) AS n FROM person")[0]["n"] == 20
    finally:
        store.lock()
