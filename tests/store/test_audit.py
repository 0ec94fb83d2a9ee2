"""The hash-chained audit trail: verification and detection of edits, removal, reordering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.store import Store


def _raw(store: Store, sql: str, params: tuple = ()) -> None:
    """Tamper below the store's logic, as someone holding the key could."""
    assert store._writer is not None
    store._writer.conn.execute(sql, params)


def _raw_many(store: Store, *statements: str) -> None:
    for sql in statements:
        _raw(store, sql)


def _fill(store: Store) -> None:
    pid = store.insert("person", {"given_names": "Ana"})
    store.audit("view", "person", pid)
    store.update("person", pid, {"given_names": "Ana Rosa"})
    store.audit("export", detail={"format": "pdf", "records": 1})
    store.delete("person", pid)


def test_chain_verifies_and_records_actions(store: Store) -> None:
    _fill(store)
    report = store.verify_audit()
    assert report.ok and report.events >= 7 and not report.problems
    actions = [r["action"] for r in store.query("SELECT action FROM audit_event ORDER BY seq")]
    assert actions[-5:] == ["create", "view", "update", "export", "delete"]
    details = store.query("SELECT detail FROM audit_event WHERE action = 'update'")
    assert "Ana Rosa" not in details[-1]["detail"]  # field names, never values


TAMPERS: dict[str, Callable[[Store], Any]] = {
    "edited": lambda s: _raw(s, "UPDATE audit_event SET action = 'view' WHERE seq = 3"),
    "removed": lambda s: _raw(s, "DELETE FROM audit_event WHERE seq = 4"),
    "reordered": lambda s: _raw_many(
        s,
        "UPDATE audit_event SET seq = -1 WHERE seq = 3",
        "UPDATE audit_event SET seq = 3 WHERE seq = 4",
        "UPDATE audit_event SET seq = 4 WHERE seq = -1",
    ),
    "truncated": lambda s: _raw(
        s, "DELETE FROM audit_event WHERE seq > (SELECT max(seq) - 2 FROM audit_event)"
    ),
    "head removed": lambda s: _raw(s, "DELETE FROM meta WHERE key = 'audit_head'"),
    "rehashed edit": lambda s: _raw(
        s, "UPDATE audit_event SET detail = '{}', hash = prev_hash WHERE seq = 2"
    ),
}


@pytest.mark.parametrize("how", list(TAMPERS))
def test_tampering_is_detected(store: Store, how: str) -> None:
    _fill(store)
    assert store.verify_audit().ok
    TAMPERS[how](store)
    report = store.verify_audit()
    assert not report.ok and report.problems


def test_chain_continues_after_reopen(store: Store, vault_dir) -> None:
    from app.store import Vault
    from tests.conftest import PASS

    _fill(store)
    store.lock()
    again = Vault.unlock(vault_dir, "ana", PASS)
    again.audit("view", "person", "x")
    assert again.verify_audit().ok
    again.lock()
