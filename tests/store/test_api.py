"""The public record API: insert/update/get/delete, transactions, validation, search."""

from __future__ import annotations

import threading

import pytest

from app.store import Store, errors
from tests.store.conftest import row


def test_insert_get_update_delete(store: Store) -> None:
    pid = store.insert("person", {"given_names": "José", "paternal_surname": "Pérez"})
    assert row(store, "person", pid)["given_names"] == "José"
    assert store.update("person", pid, {"given_names": "Josué"}) is True
    assert row(store, "person", pid)["given_names"] == "Josué"
    store.delete("person", pid)
    assert store.get("person", pid) is None
    assert row(store, "person", pid, include_deleted=True)["_deleted"] is True
    with pytest.raises(errors.RecordNotFound):
        store.update("person", pid, {"given_names": "X"})


def test_json_columns_accept_dicts_and_return_json_text(store: Store) -> None:
    iid = store.insert("intake", {"form_id": "ficha", "form_version": 1, "answers": {"b": 2}})
    assert row(store, "intake", iid)["answers"] == '{"b":2}'


def test_unchanged_update_writes_nothing(store: Store) -> None:
    pid = store.insert("person", {"given_names": "Ana"})
    before = store.query("SELECT count(*) AS n FROM outbox")[0]["n"]
    audit_before = store.query("SELECT count(*) AS n FROM audit_event")[0]["n"]
    assert store.update("person", pid, {"given_names": "Ana"}) is False
    assert store.query("SELECT count(*) AS n FROM outbox")[0]["n"] == before
    assert store.query("SELECT count(*) AS n FROM audit_event")[0]["n"] == audit_before


@pytest.mark.parametrize(
    ("entity", "fields", "field"),
    [
        ("nonsense", {}, "entity"),
        ("person", {"colour": "red"}, "colour"),
        ("person", {"given_names": 5}, "given_names"),
        ("intake", {"form_version": "1"}, "form_version"),
        ("intake", {"answers": "{not json"}, "answers"),
        ("person", {"id": ""}, "id"),
    ],
)
def test_invalid_records_name_the_field(
    store: Store, entity: str, fields: dict, field: str
) -> None:
    with pytest.raises(errors.InvalidRecord) as info:
        store.insert(entity, fields)
    assert info.value.field == field


def test_transaction_is_atomic(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as tx:
        pid = tx.insert("person", {"given_names": "Rosa"})
        assert tx.get("person", pid) is not None
        raise RuntimeError("boom")
    assert store.query("SELECT count(*) AS n FROM person WHERE given_names = 'Rosa'")[0]["n"] == 0
    # the sequence and the audit chain recover from the rollback
    store.insert("person", {"given_names": "Luz"})
    assert store.verify_audit().ok
    seqs = [c.seq for c in store.replica.pending_changes(100)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_signed_note_is_immutable(store: Store) -> None:
    nid = store.insert("note", {"case_id": "c1", "text": "original", "signed_at": "2026-01-01"})
    with pytest.raises(errors.ImmutableRecord):
        store.update("note", nid, {"text": "changed"})
    with pytest.raises(errors.ImmutableRecord):
        store.delete("note", nid)
    fix = store.insert("note", {"case_id": "c1", "text": "corrected", "supersedes_id": nid})
    assert row(store, "note", fix)["supersedes_id"] == nid


def test_search_is_accent_insensitive_and_follows_changes(store: Store) -> None:
    pid = store.insert(
        "person",
        {"given_names": "María", "paternal_surname": "Quispe", "doc_number": "45781236"},
    )
    cid = store.insert(
        "case",
        {
            "internal_number": "LIM01-2026-010001",
            "court_file_number": "00123-2021-0-1801-JP-FC-01",
            "matter": "alimentos",
            "summary": "pensión de alimentos",
        },
    )
    nid = store.insert("note", {"case_id": cid, "text": "Audiencia única reprogramada"})
    assert [h.entity_id for h in store.search("maria quispe")] == [pid]
    assert [h.entity_id for h in store.search("45781236")] == [pid]
    assert [h.entity_id for h in store.search("pension")] == [cid]
    assert [h.entity_id for h in store.search("00123-2021-0-1801-JP-FC-01")] == [cid]
    assert [h.entity_id for h in store.search("unica")] == [nid]
    assert store.search("unica")[0].parent_id == cid
    store.update("person", pid, {"paternal_surname": "Mamani"})
    assert store.search("quispe") == []
    assert [h.entity_id for h in store.search("mamani")] == [pid]
    store.delete("note", nid)
    assert store.search("unica") == []
    assert store.search("") == []
    assert store.search('"*') == []


def test_counter_and_threads(store: Store) -> None:
    results: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(20):
            value = store.next_counter("case")
            with lock:
                results.append(value)
            store.insert("person", {"given_names": "hilo"})

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(1, 81))
    assert store.query("SELECT count(*) AS n FROM person")[0]["n"] == 80


def test_locked_store_refuses(store: Store) -> None:
    store.lock()
    with pytest.raises(errors.VaultLocked):
        store.get("person", "x")
    with pytest.raises(errors.VaultLocked):
        store.insert("person", {})


def test_two_store_instances_on_one_vault(store: Store, vault_dir) -> None:
    """A second app instance (same vault) interleaving writes keeps seq and audit sound."""
    from app.store import Vault
    from tests.conftest import PASS
    from tests.store.helpers import assert_outbox_matches_rows

    other = Vault.unlock(vault_dir, "ana", PASS)
    try:
        for i in range(5):
            store.insert("person", {"given_names": f"a{i}"})
            other.insert("person", {"given_names": f"b{i}"})
        seqs = [c.seq for c in store.replica.pending_changes(1000)]
        assert seqs == list(range(1, len(seqs) + 1))
        hlcs = [c.hlc for c in store.replica.pending_changes(1000)]
        assert hlcs == sorted(hlcs)
        assert store.verify_audit().ok
        assert_outbox_matches_rows(store)
    finally:
        other.lock()


def test_reader_connections_of_ended_threads_are_closed(store: Store) -> None:
    for _ in range(6):
        t = threading.Thread(target=lambda: store.get("person", "x"))
        t.start()
        t.join()
    store.get("person", "x")
    assert store._readers is not None and store._readers.open_count() <= 2
