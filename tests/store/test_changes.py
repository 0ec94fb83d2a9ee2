"""Change capture (outbox in the same transaction, HLC) and the sync-side interface."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.store import Store, Vault, errors, kept_aside
from app.store.changes import normalize_remote
from app.store.schema import ENTITIES
from sync.changes import Change
from sync.hlc import ZERO, Timestamp
from tests.conftest import FAST, PASS
from tests.store.conftest import row
from tests.store.helpers import assert_outbox_matches_rows, outbox_changes


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_every_mutation_has_its_change(store: Store) -> None:
    pid = store.insert("person", {"given_names": "Ana", "paternal_surname": "Quispe"})
    store.update("person", pid, {"given_names": "Ana María"})
    with store.transaction() as tx:
        cid = tx.insert("case", {"person_id": pid, "matter": "alimentos"})
        tx.insert("note", {"case_id": cid, "text": "primera"})
        tx.delete("person", pid)
    changes = outbox_changes(store)
    mine = [c for c in changes if c.entity in ("person", "case", "note")]
    assert [(c.entity, c.op) for c in mine] == [
        ("person", "upsert"),
        ("person", "upsert"),
        ("case", "upsert"),
        ("note", "upsert"),
        ("person", "delete"),
    ]
    update = mine[1]
    assert update.fields == {"given_names": "Ana María"}
    assert update.base == {"given_names": mine[0].hlc}
    assert mine[4].base == {"_record": update.hlc}
    assert all(c.device_id == store.device_id and c.user_id == store.user_id for c in changes)
    assert [c.seq for c in changes] == list(range(1, len(changes) + 1))
    hlcs = [c.hlc for c in changes]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
    assert_outbox_matches_rows(store)
    audited = store.query("SELECT count(*) AS n FROM audit_event WHERE entity IS NOT NULL")
    assert audited[0]["n"] == len(changes)


def test_failed_transaction_leaves_no_change(store: Store) -> None:
    before = len(outbox_changes(store))
    with pytest.raises(errors.InvalidRecord), store.transaction() as tx:
        tx.insert("person", {"given_names": "ok"})
        tx.insert("person", {"bogus": 1})
    assert len(outbox_changes(store)) == before
    assert_outbox_matches_rows(store)


def test_hlc_monotonic_across_restart_with_clock_back(vault_dir: Path) -> None:
    wall = FakeWall(1_800_000_000_000)
    store, _ = Vault.create(vault_dir, "LIM01", "x", "ana", PASS, kdf=FAST, wall=wall)
    store.insert("person", {"given_names": "antes"})
    last = outbox_changes(store)[-1].hlc
    store.lock()
    wall.ms -= 3_600_000  # the wall clock jumps back an hour
    again = Vault.unlock(vault_dir, "ana", PASS, wall=wall)
    again.insert("person", {"given_names": "después"})
    newer = outbox_changes(again)[-1].hlc
    assert newer > last
    assert Timestamp.parse(newer).ms >= Timestamp.parse(last).ms
    again.lock()


def _pair(tmp_path: Path) -> tuple[Store, Store]:
    a, _ = Vault.create(tmp_path / "a", "LIM01", "x", "ana", PASS, kdf=FAST)
    b, _ = Vault.create(tmp_path / "b", "LIM01", "x", "bea", PASS, kdf=FAST)
    return a, b


def test_apply_remote_is_idempotent_and_stores_cursor(tmp_path: Path) -> None:
    a, b = _pair(tmp_path)
    pid = b.insert("person", {"given_names": "Remota", "doc_number": "11112222"})
    b.update("person", pid, {"phone": "987654321"})
    page = b.replica.pending_changes(100)
    first = a.replica.apply_remote_changes(page, cursor=17)
    assert first.applied >= 2 and first.conflicts == 0
    assert row(a, "person", pid)["phone"] == "987654321"
    assert [h.entity_id for h in a.search("11112222")] == [pid]
    assert a.replica.get_sync_state("cursor") == 17
    snapshot = a.export_rows()
    audit_rows = a.query("SELECT count(*) AS n FROM audit_event")[0]["n"]
    second = a.replica.apply_remote_changes([c.to_dict() for c in page], cursor=17)
    assert second.applied == 0
    assert a.export_rows() == snapshot
    assert a.query("SELECT count(*) AS n FROM audit_event")[0]["n"] == audit_rows
    # the HLC moved past the remote changes: the next local change is stamped later
    a.insert("note", {"text": "después"})
    assert outbox_changes(a)[-1].hlc > page[-1].hlc
    # a's own changes echoed back are harmless
    own = a.replica.pending_changes(100)
    assert a.replica.apply_remote_changes(own).applied == 0
    a.lock()
    b.lock()


def test_page_and_cursor_are_one_transaction(tmp_path: Path) -> None:
    a, b = _pair(tmp_path)
    pid = b.insert("person", {"given_names": "X"})
    good = b.replica.pending_changes(100)
    a.replica.set_sync_state("cursor", 5)

    class Boom(Exception):
        pass

    def page():
        yield from good
        raise Boom

    with pytest.raises(Boom):
        a.replica.apply_remote_changes(page(), cursor=9)
    assert a.get("person", pid) is None
    assert a.replica.get_sync_state("cursor") == 5
    a.lock()
    b.lock()


def test_unknown_entity_and_field_do_not_crash(store: Store, caplog) -> None:
    hlc = "001700000000000-00000-remote"
    doc = {
        "change_id": "c-unknown-1",
        "entity": "spaceship",
        "entity_id": "s1",
        "op": "upsert",
        "fields": {"secret_name": "VALOR-SENSIBLE"},
        "base": {},
        "hlc": hlc,
        "device_id": "remote",
        "seq": 1,
    }
    extra = {
        **doc,
        "change_id": "c-unknown-2",
        "entity": "person",
        "entity_id": "p-remote",
        "fields": {"given_names": "Luz", "favourite_colour": "VALOR-SENSIBLE"},
    }
    malformed = {"entity": "person"}
    result = store.replica.apply_remote_changes([doc, extra, malformed])
    assert (result.unknown, result.applied, result.malformed) == (1, 1, 1)
    assert "VALOR-SENSIBLE" not in caplog.text
    assert row(store, "person", "p-remote")["given_names"] == "Luz"
    kept = store.query("SELECT _extra FROM person WHERE id = 'p-remote'")[0]["_extra"]
    assert json.loads(kept) == {"favourite_colour": "VALOR-SENSIBLE"}
    assert store.query("SELECT entity FROM unknown_change")[0]["entity"] == "spaceship"


def test_concurrent_edits_make_a_conflict_and_resolution(tmp_path: Path) -> None:
    a, b = _pair(tmp_path)
    pid = a.insert("person", {"given_names": "Ana", "phone": "911111111"})
    b.replica.apply_remote_changes(a.replica.pending_changes(100))
    a.update("person", pid, {"phone": "922222222"})
    b.update("person", pid, {"phone": "933333333"})
    from_a = [c for c in a.replica.pending_changes(100) if c.entity == "person"]
    from_b = [c for c in b.replica.pending_changes(100) if c.entity == "person"]
    a.replica.apply_remote_changes(from_b)
    b.replica.apply_remote_changes(from_a)
    assert row(a, "person", pid)["phone"] == row(b, "person", pid)["phone"]
    winner = row(a, "person", pid)["phone"]
    conflicts = a.replica.list_conflicts()
    assert len(conflicts) == 1 and conflicts[0]["field"] == "phone"
    assert {conflicts[0]["winner_value"], conflicts[0]["loser_value"]} == {
        "922222222",
        "933333333",
    }
    loser = conflicts[0]["loser_value"]
    a.replica.resolve_conflict(conflicts[0]["conflict_id"], keep="mine")
    assert row(a, "person", pid)["phone"] == loser != winner
    assert a.replica.list_conflicts() == []
    assert len(a.replica.list_conflicts(open_only=False)) == 1
    b_conflicts = b.replica.list_conflicts()
    b.replica.resolve_conflict(b_conflicts[0]["conflict_id"], keep="theirs")
    assert row(b, "person", pid)["phone"] == winner
    b.replica.apply_remote_changes(a.replica.pending_changes(100))
    assert row(b, "person", pid)["phone"] == loser
    with pytest.raises(errors.InvalidRecord):
        a.replica.resolve_conflict("nope", keep="both")
    with pytest.raises(errors.RecordNotFound):
        a.replica.resolve_conflict("nope", keep="mine")
    a.lock()
    b.lock()


def test_edit_versus_delete_keeps_record(tmp_path: Path) -> None:
    a, b = _pair(tmp_path)
    pid = a.insert("person", {"given_names": "Ana"})
    b.replica.apply_remote_changes(a.replica.pending_changes(100))
    a.delete("person", pid)
    b.update("person", pid, {"given_names": "Ana Rosa"})
    a.replica.apply_remote_changes(b.replica.pending_changes(100))
    b.replica.apply_remote_changes(a.replica.pending_changes(100))
    for s in (a, b):
        assert row(s, "person", pid)["given_names"] == "Ana Rosa"
        kinds = [c["kind"] for c in s.replica.list_conflicts()]
        assert kinds == ["edit_delete"]
        assert [h.entity_id for h in s.search("rosa")] == [pid]
    conflict = a.replica.list_conflicts()[0]
    a.replica.resolve_conflict(conflict["conflict_id"], keep="mine")
    assert a.get("person", pid) is None
    a.lock()
    b.lock()


def test_outbox_confirm_quarantine_requeue(store: Store) -> None:
    ids = [store.insert("person", {"given_names": f"p{i}"}) for i in range(5)]
    pending = store.replica.pending_changes(100)
    assert store.replica.pending_count() == len(pending)
    assert [c.entity_id for c in pending[-5:]] == ids
    store.replica.confirm_changes([c.change_id for c in pending[:-2]], "epoch-1")
    left = store.replica.pending_changes(100)
    assert [c.change_id for c in left] == [c.change_id for c in pending[-2:]]
    store.replica.quarantine_change(left[0].change_id, "invalid", "DNI inválido")
    assert [c.change_id for c in store.replica.pending_changes(100)] == [left[1].change_id]
    quarantined = store.replica.list_quarantine()
    assert quarantined[0]["change_id"] == left[0].change_id
    assert quarantined[0]["reason"] == "DNI inválido"
    # the server was restored from a backup with another epoch: re-send what it confirmed
    assert store.replica.requeue_for_epoch("epoch-2") == len(pending) - 2
    assert store.replica.requeue_for_epoch("epoch-2") == 0
    assert len(store.replica.pending_changes(100)) == len(pending) - 1
    store.replica.release_quarantine(left[0].change_id)
    assert len(store.replica.pending_changes(100)) == len(pending)
    with pytest.raises(errors.RecordNotFound):
        store.replica.quarantine_change("nope", "x", "y")


def test_drafts(store: Store) -> None:
    store.save_draft("d1", "ficha_atencion", 2, {"nombre": "Ana"}, person_id=None)
    store.save_draft("d1", "ficha_atencion", 2, {"nombre": "Ana María"})
    assert store.load_draft("d1")["answers"] == {"nombre": "Ana María"}  # type: ignore[index]
    assert [d["draft_id"] for d in store.list_drafts()] == ["d1"]
    store.delete_draft("d1")
    assert store.load_draft("d1") is None
    # drafts are local: they never reach the outbox
    assert all(c.entity != "draft" for c in store.replica.pending_changes(1000))


def test_sync_state_roundtrip(store: Store) -> None:
    assert store.replica.get_sync_state("epoch") is None
    store.replica.set_sync_state("epoch", "e1")
    store.replica.set_sync_state("last_sync", {"at": "2026-01-01", "ok": True})
    assert store.replica.get_sync_state("epoch") == "e1"
    assert store.replica.get_sync_state("last_sync") == {"at": "2026-01-01", "ok": True}


def test_remote_change_with_wrong_types_is_set_aside_not_crashing(store: Store) -> None:
    change = Change(
        "c-types",
        "intake",
        "i1",
        "upsert",
        {"answers": {"a": [1, 2]}, "form_version": True, "status": ["x"]},
        {},
        "001700000000000-00000-remote",
        "remote",
        1,
    )
    # issue 12: the client trusts no peer: a value against the specification is kept
    # aside with its reason (nothing written, the clock not moved); a sound one applies
    before = store.clock.last()
    result = store.replica.apply_remote_changes([change])
    assert (result.applied, result.set_aside, result.kept_ids) == (0, 1, ["c-types"])
    assert store.get("intake", "i1") is None and store.clock.last() == before
    kept = kept_aside.list_kept_aside(store)
    assert [(k["change_id"], k["code"]) for k in kept] == [("c-types", "invalid_field")]
    assert "status" in kept[0]["reason"]
    sound = Change(
        **{
            **change.to_dict(),
            "change_id": "c-ok",
            "fields": {"answers": {"a": [1, 2]}, "form_version": True},
        }
    )
    assert store.replica.apply_remote_changes([sound]).applied == 1
    got = row(store, "intake", "i1")
    assert json.loads(got["answers"]) == {"a": [1, 2]} and got["form_version"] == 1
    assert store.clock.last() > ZERO


def test_fast_canonical_matches_the_reference(store: Store) -> None:
    from app.store.changes import canonical

    store.insert("intake", {"form_id": "f", "answers": {"ñ": [1, "á"]}, "form_version": 2})
    for change in outbox_changes(store):
        assert canonical(change) == change.canonical()


def _normalize_before(ent: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """``normalize_remote`` as it was before its fast path (the reference)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        kind = ent.columns.get(name)
        if kind is None:
            out[name] = value
        elif kind == "json" and value is not None and not isinstance(value, str):
            out[name] = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        elif isinstance(value, bool):
            out[name] = int(value)
        elif isinstance(value, dict | list):
            out[name] = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        else:
            out[name] = value
    return out


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(
    entity=st.sampled_from(sorted(ENTITIES)),
    picks=st.lists(st.tuples(st.integers(0, 40), _VALUES), max_size=6),
)
def test_normalize_remote_stores_what_it_stored_before(
    entity: str, picks: list[tuple[int, Any]]
) -> None:
    """The fast path (values stored as they come: the same dict back) gives exactly the
    values the old loop gave, bools as ints and JSON as its canonical text included."""
    ent = ENTITIES[entity]
    names = [*ent.columns, "newer_field"]
    fields = {names[i % len(names)]: value for i, value in picks}
    got = normalize_remote(ent, fields)
    expected = _normalize_before(ent, fields)
    assert got == expected
    assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]
    if got is fields:  # nothing coerced: no bool or container, no number for JSON
        assert all(type(v) in (str, int, float, type(None)) for v in fields.values())
        assert all(
            type(v) in (str, type(None)) or ent.columns.get(k) != "json" for k, v in fields.items()
        )
