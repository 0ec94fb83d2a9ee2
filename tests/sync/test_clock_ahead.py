"""Issue 12: a laptop whose clock runs two days ahead loses nothing.

The server refuses stamps more than ``sync.hlc.MAX_SKEW_MS`` ahead of its clock
(``clock_ahead``) — that is what stops clock poisoning. A genuine laptop with a wrong
clock must not pay for it: the engine measures the skew against the server's clock, the
store corrects its HLC and re-stamps the refused changes (bodies, bases and the rows'
versions), and they are sent again in the same round. Nothing is quarantined, the other
laptop receives every record, later writes are stamped right at once, and edits made
afterwards elsewhere still win as they should.
"""

from __future__ import annotations

import json

from app.store import Vault
from sync.hlc import Timestamp, wall_clock_ms
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld, visible_rows
from tests.sync.test_scenarios import DAY, Clock


def _newest_stamp_ms(store: object) -> int:
    rows = store.query("SELECT _versions FROM person")  # type: ignore[attr-defined]
    stamps = [v[0] for r in rows for v in json.loads(r["_versions"]).values()]
    return max(Timestamp.parse(s).ms for s in stamps)


def _shared(store: object) -> dict[str, object]:
    rows = visible_rows(store)  # type: ignore[arg-type]
    return {k: rows.get(k) for k in ("person", "case", "note")}


def test_a_laptop_two_days_ahead_loses_nothing(world: SyncWorld) -> None:
    ahead = world.replica("ahead", wall=Clock(2 * DAY))
    other = world.replica("other")
    store = ahead.store
    office = store.office_id
    rosa = store.insert("person", {"office_id": office, "given_names": "Rosa"})
    store.update("person", rosa, {"given_names": "Rosa Elena"})
    gone = store.insert("person", {"office_id": office, "given_names": "Borrar"})
    store.delete("person", gone)
    case = store.insert("case", {"office_id": office, "person_id": rosa, "matter": "alimentos"})
    note = store.insert("note", {"case_id": case, "text": "Primera entrevista"})
    assert _newest_stamp_ms(store) > wall_clock_ms() + DAY  # stamped two days ahead

    report = ahead.sync()
    assert report.status == "ok", report.errors
    assert report.restamped >= 6 and report.quarantined == 0 and report.pending == 0
    assert ahead.replica.list_quarantine() == []
    assert report.skew_ms is not None and report.skew_ms < -DAY
    # the rows carry the new stamps (near the server's clock), the server has them all
    assert _newest_stamp_ms(store) < wall_clock_ms() + 60_000
    records = world.server.records()
    assert records[("person", rosa)]["values"]["given_names"] == "Rosa Elena"
    assert records[("person", gone)]["deleted"]
    assert records[("note", note)]["values"]["text"] == "Primera entrevista"
    # the server's quarantine logs the first refusals only (the stamps, not the records)
    assert world.server.count("SELECT count(*) FROM quarantine WHERE code != 'clock_ahead'") == 0
    assert world.server.count("SELECT count(*) FROM quarantine") >= 6
    # and none is pending any more: each re-stamped change was accepted (the admin's
    # figure says so too)
    assert world.server.count("SELECT count(*) FROM quarantine WHERE resolved_at IS NULL") == 0
    from sync.server.admin import Admin

    assert {s["quarantine_pending"] for s in Admin(world.server.db).stats()} == {0}

    assert other.sync().status == "ok"
    assert _shared(other.store) == _shared(store)

    # later writes are stamped with the corrected clock at once (nothing refused)
    store.update("person", rosa, {"given_names": "Rosa E."})
    again = ahead.sync()
    assert again.status == "ok" and again.restamped == 0 and again.pending == 0
    # an edit made afterwards on the other laptop wins, as it is the later one
    assert other.sync().status == "ok"
    other.store.update("person", rosa, {"given_names": "Rosa Elena Quispe"})
    assert other.sync().status == "ok" and ahead.sync().status == "ok"
    assert store.get("person", rosa)["given_names"] == "Rosa Elena Quispe"  # type: ignore[index]
    assert _shared(other.store) == _shared(store)

    # the correction is kept across a restart of the app
    store.lock()
    reopened = Vault.unlock(world.tmp / "ahead", "ana", PASS, wall=Clock(2 * DAY))
    try:
        pid = reopened.insert("person", {"office_id": office, "given_names": "Luz"})
        stamp = reopened.replica.pending_changes(10)[-1].hlc
        assert Timestamp.parse(stamp).ms < wall_clock_ms() + 60_000, pid
        assert reopened.verify_audit().ok
    finally:
        reopened.lock()


def test_a_laptop_two_days_ahead_loses_nothing_by_usb(world: SyncWorld) -> None:
    """The same laptop with no link: its stamps are refused in the server's reply, which
    proves the clock runs ahead (the server read the request before the laptop's clock
    says it was written); the import re-stamps them and the next bundle delivers them."""
    from sync.client import export_bundle, import_bundle
    from sync.server import bundles as server_bundles

    wall = Clock(2 * DAY)
    ahead = world.replica("ahead", wall=wall)
    store = ahead.store
    office = store.office_id
    rosa = store.insert("person", {"office_id": office, "given_names": "Rosa"})
    case = store.insert("case", {"office_id": office, "person_id": rosa, "matter": "alimentos"})
    note = store.insert("note", {"case_id": case, "text": "Entrevista en la brigada"})
    stick, reply = world.tmp / "pedido.bundle", world.tmp / "respuesta.bundle"

    export_bundle(ahead.replica, stick, wall=wall)
    first = server_bundles.import_bundle(world.server.db, stick, reply)
    assert first.rejected >= 3 and first.accepted == 0  # every stamp two days ahead
    done = import_bundle(ahead.replica, reply)
    assert done.restamped >= 3 and done.quarantined == 0
    assert ahead.replica.list_quarantine() == []
    assert _newest_stamp_ms(store) < wall_clock_ms() + 60_000  # stamped by the server's time

    export_bundle(ahead.replica, stick, wall=wall)
    second = server_bundles.import_bundle(world.server.db, stick, reply)
    assert second.rejected == 0 and second.accepted >= 3
    assert import_bundle(ahead.replica, reply).confirmed >= 3
    assert ahead.replica.pending_count() == 0
    assert world.server.count("SELECT count(*) FROM quarantine WHERE resolved_at IS NULL") == 0
    records = world.server.records()
    assert records[("note", note)]["values"]["text"] == "Entrevista en la brigada"
    other = world.replica("other")
    assert other.sync().status == "ok"
    assert _shared(other.store) == _shared(store)


def test_a_usb_reply_never_lessens_a_clock_correction(world: SyncWorld) -> None:
    """A reply carried back late proves less skew than an online round measured: the
    correction stays (a bound can deepen it, never undo it)."""
    wall = Clock(2 * DAY)
    ahead = world.replica("ahead", wall=wall)
    store = ahead.store
    store.insert("person", {"office_id": store.office_id, "given_names": "Luz"})
    assert ahead.sync().status == "ok"
    offset = store.context.clock_offset_ms
    assert offset < -DAY
    ahead.replica.restamp_changes([], -DAY // 2, bound=True)  # the stick took a day and a half
    assert store.context.clock_offset_ms == offset
    ahead.replica.restamp_changes([], -3 * DAY, bound=True)  # a proof of more: deepened
    assert store.context.clock_offset_ms == -3 * DAY
