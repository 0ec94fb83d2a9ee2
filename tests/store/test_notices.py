"""Change notices: every store write reports the records it altered as one ``Changed``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store import Changed, Store, Vault, errors
from tests.conftest import FAST, PASS


def listen(store: Store) -> list[Changed]:
    heard: list[Changed] = []
    store.on_change(heard.append)
    return heard


def test_local_writes_notify_after_commit(store: Store) -> None:
    heard = listen(store)
    pid = store.insert("person", {"given_names": "Ana"})
    assert heard == [Changed({"person": {pid}})]
    assert store.update("person", pid, {"given_names": "Ana"}) is False  # nothing changed
    store.audit("view", "person", pid)  # an audit event alters no record
    store.replica.set_sync_state("k", 1)
    assert len(heard) == 1
    with store.transaction() as tx:
        cid = tx.insert("case", {"person_id": pid, "matter": "family"})
        nid = tx.insert("note", {"case_id": cid, "text": "uno"})
        tx.update("person", pid, {"phone": "999888777"})
        tx.delete("note", nid)
        assert not heard[1:]  # nothing is announced before the commit
    assert tx.changed == Changed({"person": {pid}, "case": {cid}, "note": {nid}})
    assert heard[1] is tx.changed
    assert tx.changed.to_dict() == {"case": [cid], "note": [nid], "person": [pid]}
    assert len(tx.changed) == 3 and tx.changed.ids("note") == {nid}


def test_a_draft_written_or_deleted_is_announced(store: Store) -> None:
    """Inicio lists the drafts: a draft's write reaches the listeners like a record's
    (a page that read the drafts just before the write refreshes from it)."""
    heard = listen(store)
    store.save_draft("d1", "ficha_atencion", 2, {"nombres": "Killa"})
    store.delete_draft("d1")
    store.delete_draft("d1")  # nothing left to delete: nothing announced
    assert heard == [Changed({"draft": {"d1"}}), Changed({"draft": {"d1"}})]


def test_rolled_back_writes_notify_nothing(store: Store) -> None:
    heard = listen(store)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.insert("person", {"given_names": "Nadie"})
        raise RuntimeError("abort")
    with pytest.raises(errors.InvalidRecord):
        store.insert("person", {"no_such_field": 1})
    assert heard == []


def test_a_failing_listener_neither_fails_nor_undoes_the_write(store: Store) -> None:
    def broken(changed: Changed) -> None:
        raise ValueError("listener bug")

    store.on_change(broken)
    heard = listen(store)
    pid = store.insert("person", {"given_names": "Ana"})
    assert store.get("person", pid) is not None
    assert heard == [Changed({"person": {pid}})]


def test_remove_listener(store: Store) -> None:
    heard: list[Changed] = []
    remove = store.on_change(heard.append)
    store.insert("person", {"given_names": "Uno"})
    remove()
    remove()  # idempotent
    store.insert("person", {"given_names": "Dos"})
    assert len(heard) == 1


def test_remote_page_reports_what_it_changed(tmp_path: Path) -> None:
    a, _ = Vault.create(tmp_path / "a", "LIM01", "x", "ana", PASS, kdf=FAST)
    b, _ = Vault.create(tmp_path / "b", "LIM01", "x", "bea", PASS, kdf=FAST)
    try:
        pid = b.insert("person", {"given_names": "Remota"})
        cid = b.insert("case", {"person_id": pid, "matter": "family"})
        page = [c for c in b.replica.pending_changes(100) if c.entity in ("person", "case")]
        heard = listen(a)
        result = a.replica.apply_remote_changes(page, cursor=3)
        assert result.changed == Changed({"person": {pid}, "case": {cid}})
        assert heard == [result.changed]
        again = a.replica.apply_remote_changes(page, cursor=3)  # idempotent: no notice
        assert not again.changed and len(heard) == 1
    finally:
        a.lock()
        b.lock()


OPS = st.lists(
    st.tuples(st.sampled_from(["insert", "update", "delete"]), st.integers(0, 5)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS, phone=st.text("0123456789", min_size=1, max_size=9))
def test_notice_is_exactly_the_rows_that_differ(
    tmp_path_factory: Any, ops: Any, phone: str
) -> None:
    """Property: a transaction's notice names exactly the records whose stored row differs."""
    store, _ = Vault.create(tmp_path_factory.mktemp("v"), "LIM01", "x", "ana", PASS, kdf=FAST)
    try:
        ids = [store.insert("person", {"given_names": f"P{i}"}) for i in range(3)]
        before = {r["id"]: r for r in store.export_rows()["person"]}
        with store.transaction() as tx:
            for op, n in ops:
                live = [i for i in ids if tx.get("person", i) is not None]
                if op == "insert":
                    ids.append(tx.insert("person", {"given_names": f"N{n}"}))
                elif op == "update" and live:
                    tx.update("person", live[n % len(live)], {"phone": phone})
                elif op == "delete" and live:
                    tx.delete("person", live[n % len(live)])
        after = {r["id"]: r for r in store.export_rows()["person"]}
        differ = {i for i in after if before.get(i) != after[i]}
        assert tx.changed.ids("person") == differ
        assert tx.changed.entities <= {"person"}
    finally:
        store.lock()
