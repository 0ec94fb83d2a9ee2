"""Sync client scenarios against the real server app and real encrypted stores.

Each test is one scenario of the issue: lost answers, cut links, out-of-order arrival,
concurrent offline edits, edit against delete, wrong device clocks, a server restored
from a backup, a rejected change in a batch, a full disk, revoked and outdated clients,
cancellation and backoff.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sync.client import CancelToken
from sync.client import report as rs
from sync.client.errors import LinkError
from sync.server.bundles import renew_epoch
from tests.sync.conftest import Replica, SyncWorld, visible_rows
from tests.sync.faults import FaultyTransport

DAY = 86_400_000


def person(rep: Replica, n: int = 0, **extra: Any) -> str:
    fields = {
        "office_id": rep.store.office_id,
        "given_names": f"Rosa {n}",
        "paternal_surname": "Quispe",
        "maternal_surname": "Mamani",
        "doc_type": "DNI",
        "doc_number": f"{40000000 + n}",
    }
    fields.update(extra)
    return rep.store.insert("person", fields)


def legal_case(rep: Replica, pid: str) -> str:
    return rep.store.insert(
        "case",
        {
            "office_id": rep.store.office_id,
            "person_id": pid,
            "matter": "alimentos",
            "status": "open",
            "summary": "Demanda de alimentos",
            "internal_number": "LIMA-2026-010001",
        },
    )


class Clock:
    """A device wall clock that tests move (ms)."""

    def __init__(self, offset: int = 0) -> None:
        from sync.client.ports import system_wall

        self.base = system_wall
        self.offset = offset

    def __call__(self) -> int:
        return self.base() + self.offset


def server_changes(world: SyncWorld) -> int:
    return world.server.count("SELECT count(*) FROM change_log")


def test_nothing_to_sync_is_one_small_round_trip(world: SyncWorld) -> None:
    a = world.replica()
    assert a.sync().complete
    report = a.sync()
    assert report.complete
    assert report.requests == 1
    assert report.bytes_up + report.bytes_down < 1024


def test_lost_response_after_the_server_stored_the_batch(world: SyncWorld) -> None:
    lost = {"done": False}

    def plan(n: int, path: str, doc: Any) -> str:
        if path == "/v1/sync" and doc.get("changes") and not lost["done"]:
            lost["done"] = True
            return "drop_response"
        return "pass"

    a = world.replica(wrap=lambda t: FaultyTransport(t, plan))
    a.sync()  # enrollment-era changes first
    ids = [person(a, i) for i in range(30)]
    lost["done"] = False
    a.waits.clear()
    before = server_changes(world)
    report = a.sync()
    assert report.complete, report.errors
    assert report.retries == 1 and len(a.waits) == 1
    assert report.duplicates == 30  # the retry found everything already stored
    assert server_changes(world) == before + 30  # nothing stored twice
    b = world.replica()
    b.sync()
    assert all(b.store.get("person", pid) is not None for pid in ids)


def test_round_survives_duplicated_requests(world: SyncWorld) -> None:
    a = world.replica(wrap=lambda t: FaultyTransport(t, lambda n, p, d: "duplicate"))
    for i in range(10):
        person(a, i)
    before = server_changes(world)
    assert a.sync().complete
    assert server_changes(world) == before + 11  # 10 people + the vault's user record


@pytest.mark.slow
def test_cut_at_a_random_point_of_a_large_first_sync_resumes(world: SyncWorld) -> None:
    rng = random.Random(7)
    n = 10_000
    a = world.replica()
    with a.store.transaction() as tx:
        for i in range(n):
            tx.insert(
                "person",
                {
                    "office_id": a.store.office_id,
                    "given_names": f"Nombre {i}",
                    "paternal_surname": "Huaman",
                    "doc_type": "DNI",
                    "doc_number": f"{10000000 + i}",
                },
            )
    # upload direction: the link is cut once after the server stored a batch
    cut_at = rng.randint(2, 8)
    up = FaultyTransport(a.transport, lambda k, p, d: "cut_after" if k == cut_at else "pass")
    a.engine.transport = up
    first = a.sync()
    assert first.status == rs.OFFLINE and first.pending > 0
    up.heal()
    second = a.sync()
    assert second.complete, second.errors
    assert world.server.count("SELECT count(*) FROM change_log WHERE entity = 'person'") == n
    resent = up.pushed_changes - (n + 1)  # everything delivered minus what was needed
    # at most one batch went twice; usually none: the round asks the server what it
    # holds of what was unanswered (``sync.client.resume``) before sending it again
    assert 0 <= resent <= a.engine.link.push.maximum
    # download direction: a new device's snapshot is cut at a random page
    b = world.replica()
    cut_page = rng.randint(2, 6)
    pages = {"n": 0}

    def plan(k: int, path: str, doc: Any) -> str:
        if path == "/v1/snapshot":
            pages["n"] += 1
            if pages["n"] == cut_page:
                return "cut"
        return "pass"

    down = FaultyTransport(b.transport, plan)
    b.engine.transport = down
    assert b.sync().status == rs.OFFLINE
    partial = b.store.query("SELECT count(*) AS c FROM person")[0]["c"]
    assert 0 < partial < n
    down.heal()
    done = b.sync()
    assert done.complete, done.errors
    assert b.store.query("SELECT count(*) AS c FROM person")[0]["c"] == n
    # resumed where it stopped: only the records not yet held came again (<= one page)
    assert done.snapshot_records <= n - partial + b.engine.link.pull.maximum
    assert world.server.count("SELECT count(*) FROM change_log WHERE entity = 'person'") == n


def test_update_reaches_the_server_before_its_create(world: SyncWorld) -> None:
    a = world.replica()
    a.sync()
    pid = person(a, 1)
    a.store.update("person", pid, {"phone": "987654321"})
    _create, update = a.store.replica.pending_changes(10)
    # deliver the update alone first (as if the create's request were delayed)
    srv = world.server.client
    token = a.replica.get_sync_state("device_token")
    from sync import compression, protocol

    body, headers = compression.encode(
        {
            "device_id": a.store.device_id,
            "protocol_version": 2,
            "client_version": "0.1.0",
            "changes": protocol.ChangeBlock.of([update]).to_dict(),
            "cursor": 0,
        }
    )
    r = srv.post("/v1/sync", content=body, headers={**headers, "Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert a.sync().complete
    b = world.replica()
    b.sync()
    got = b.store.get("person", pid)
    assert got is not None and got["phone"] == "987654321" and got["given_names"] == "Rosa 1"
    assert world.server.records()[("person", pid)]["values"]["phone"] == "987654321"


def test_same_case_edited_on_two_devices_for_days_offline(world: SyncWorld) -> None:
    # the days are in the past (the server refuses stamps ahead of its clock + MAX_SKEW_MS)
    clock_a, clock_b = Clock(-4 * DAY), Clock(-4 * DAY)
    a = world.replica(wall=clock_a)
    b = world.replica(wall=clock_b)
    pid = person(a)
    cid = legal_case(a, pid)
    a.sync()
    b.sync()
    for day in range(1, 4):  # three days offline, each edits
        clock_a.offset = clock_b.offset = (day - 4) * DAY
        a.store.update("case", cid, {"summary": f"A día {day}", "status": "open"})
        b.store.update(
            "case",
            cid,
            {"summary": f"B día {day}", "court_file_number": "00123-2021-0-1801-JP-FC-01"},
        )
    a.sync()
    b.sync()
    a.sync()
    ra, rb = a.store.get("case", cid), b.store.get("case", cid)
    assert ra == rb
    assert ra is not None and ra["court_file_number"] == "00123-2021-0-1801-JP-FC-01"
    assert ra["summary"] in ("A día 3", "B día 3")
    server_values = world.server.records()[("case", cid)]["values"]
    assert server_values["summary"] == ra["summary"]
    finals = {"A día 3", "B día 3"}
    found = {}
    for rep in (a, b):
        both = [
            c
            for c in rep.store.replica.list_conflicts()
            if c["field"] == "summary" and {c["winner_value"], c["loser_value"]} == finals
        ]
        assert len(both) == 1, rep.name  # both values kept for a person to review
        assert both[0]["winner_value"] == ra["summary"]  # the same winner everywhere
        found[rep.name] = both[0]["conflict_id"]
    assert found[a.name] == found[b.name]


def test_edit_against_delete_keeps_the_record_and_flags_it(world: SyncWorld) -> None:
    a = world.replica()
    b = world.replica()
    pid = person(a)
    a.sync()
    b.sync()
    a.store.delete("person", pid)
    b.store.update("person", pid, {"phone": "912345678"})
    a.sync()
    b.sync()
    a.sync()
    for rep in (a, b):
        kept = rep.store.get("person", pid)
        assert kept is not None and kept["phone"] == "912345678", rep.name
        kinds = [c["kind"] for c in rep.store.replica.list_conflicts() if c["entity_id"] == pid]
        assert "edit_delete" in kinds, rep.name
    assert not world.server.records()[("person", pid)]["deleted"]


def test_wrong_device_clocks_give_the_same_result_and_report_skew(world: SyncWorld) -> None:
    # ahead only within the server's allowance (sync.hlc.MAX_SKEW_MS): further ahead, the
    # server refuses the stamps (clock_ahead, tests/server/test_clock_poisoning.py)
    offsets = {"plus5m": 5 * 60_000, "minus2h": -2 * 3_600_000}
    clocks = {name: Clock(off) for name, off in offsets.items()}
    clocks["y2001"] = Clock(0)
    clocks["y2001"].base = lambda: 978_307_200_000 + (Clock().base() % 10_000_000)
    reps = {name: world.replica(name, wall=clock) for name, clock in clocks.items()}
    pid = person(reps["plus5m"])
    for rep in reps.values():
        rep.sync()
    for i, rep in enumerate(reps.values()):
        rep.store.update("person", pid, {"phone": f"90000000{i}"})
        person(rep, 100 + i)
    for _ in range(2):
        for rep in reps.values():
            rep.sync()
    states = [visible_rows(rep.store) for rep in reps.values()]
    assert states[0]["person"] == states[1]["person"] == states[2]["person"]
    reports = {name: rep.sync() for name, rep in reps.items()}
    assert abs(reports["plus5m"].skew_ms + offsets["plus5m"]) < 60_000
    assert abs(reports["minus2h"].skew_ms + offsets["minus2h"]) < 60_000
    assert reports["y2001"].skew_ms > 20 * 365 * DAY
    assert reps["y2001"].replica.get_sync_state("clock_skew_ms") == reports["y2001"].skew_ms


def test_server_restored_from_an_older_backup_loses_nothing(world: SyncWorld) -> None:
    a = world.replica()
    b = world.replica()
    early = person(a, 1)
    a.sync()
    b.sync()
    backup = world.tmp / "backup.sqlite3"
    live, copy = sqlite3.connect(world.server.path), sqlite3.connect(backup)
    live.backup(copy)  # an online backup, as an administrator would take it
    live.close()
    copy.close()
    late_a = person(a, 2)
    a.sync()
    late_b = person(b, 3)
    b.sync()  # b has a's late record too
    # disaster: the server goes back to the backup; the admin renews the epoch
    world.server.client.close()
    world.server.db.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{world.server.path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, world.server.path)
    world.restart_server()
    renew_epoch(world.server.db)
    assert ("person", late_a) not in world.server.records()
    ra = a.sync()
    rb = b.sync()
    assert ra.epoch_changed and ra.requeued > 0 and ra.complete, ra
    assert rb.epoch_changed and rb.complete
    a.sync()
    held = world.server.records()
    for pid in (early, late_a, late_b):
        assert ("person", pid) in held
        assert a.store.get("person", pid) is not None and b.store.get("person", pid) is not None


def test_one_invalid_change_among_500_is_quarantined(world: SyncWorld) -> None:
    a = world.replica()
    a.sync()
    bad_at = 237
    for i in range(500):
        if i == bad_at:
            bad = person(a, i, office_id="otra-oficina")  # the server refuses another office
        else:
            person(a, i)
    report = a.sync()
    assert report.pushed == 499 and report.quarantined == 1
    assert report.pending == 0 and report.status == rs.OK
    q = a.store.replica.list_quarantine()
    assert [row["entity_id"] for row in q] == [bad]
    assert q[0]["code"] == "forbidden_scope" and "office" in q[0]["reason"]
    assert world.server.count("SELECT count(*) FROM change_log WHERE entity='person'") == 499
    person(a, 1000)  # the queue keeps moving
    assert a.sync().pushed == 1


def test_disk_full_during_a_pull_keeps_the_store_consistent(world: SyncWorld) -> None:
    """Simulated honestly: ``PRAGMA max_page_count`` makes SQLite itself answer
    "database or disk is full" on the replica's writer connection."""
    a = world.replica()
    b = world.replica()
    b.sync()
    with a.store.transaction() as tx:
        for i in range(400):
            tx.insert("person", {"office_id": a.store.office_id, "given_names": f"P {i}" * 20})
    a.sync()
    conn = b.store._writer.conn  # type: ignore[union-attr]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    cursor_before = b.replica.get_sync_state("cursor")
    report = b.sync()
    assert report.status == rs.LOCAL_ERROR
    assert any("full" in e.lower() or "storage" in e.lower() for e in report.errors), report.errors
    assert b.replica.get_sync_state("cursor") == cursor_before  # no half page
    assert b.store.query("SELECT count(*) AS c FROM person")[0]["c"] == 0
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert b.sync().complete
    assert b.store.query("SELECT count(*) AS c FROM person")[0]["c"] == 400
    assert b.store.verify_audit().ok


def test_revoked_device_is_told_and_keeps_its_data(world: SyncWorld) -> None:
    told: list[bool] = []
    a = world.replica(on_revoked=lambda: told.append(True))
    pid = person(a)
    world.server.admin.revoke_device(a.store.device_id)
    report = a.sync()
    assert report.status == rs.REVOKED and told == [True]
    assert a.store.get("person", pid) is not None  # the engine never wipes; the app does


def test_update_required_stops_the_round_without_losing_data(world: SyncWorld) -> None:
    a = world.replica(client_version="0.0.1")
    person(a)
    report = a.sync()
    assert report.status == rs.UPDATE_REQUIRED
    assert report.pending == 2 and report.retries == 0


def test_cancel_between_steps_leaves_a_consistent_store(world: SyncWorld) -> None:
    from sync.client.link import Aimd, LinkEstimator

    # batches of 200: the round is cancelled after its first, with more left
    a = world.replica(link=LinkEstimator(push=Aimd(size=200, minimum=5, maximum=1000, step=200)))
    with a.store.transaction() as tx:
        for i in range(600):
            tx.insert("person", {"office_id": a.store.office_id, "given_names": f"N {i}"})
    token = CancelToken()

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "push" and done > 0:
            token.cancel()

    report = a.sync(progress=progress, cancel=token)
    assert report.status == rs.CANCELLED
    assert 0 < report.pushed < 601 and report.pending == 601 - report.pushed
    assert a.sync().complete


def test_retries_back_off_exponentially(world: SyncWorld) -> None:
    fails = {"left": 3}

    def plan(n: int, path: str, doc: Any) -> str:
        if fails["left"]:
            fails["left"] -= 1
            return "drop_request"
        return "pass"

    a = world.replica(wrap=lambda t: FaultyTransport(t, plan))
    report = a.sync()
    assert report.complete and report.retries == 3
    assert len(a.waits) == 3 and a.waits[0] < a.waits[2]
    assert a.waits[2] >= 0.5 * 4 / 2  # base 0.5 s doubling; at least half of the ceiling


def test_link_down_for_good_reports_offline(world: SyncWorld) -> None:
    a = world.replica(wrap=lambda t: FaultyTransport(t, lambda n, p, d: "cut"))
    person(a)
    report = a.sync()
    assert report.status == rs.OFFLINE and report.pending == 2
    assert len(a.waits) == a.engine.backoff.attempts - 1


def test_not_enrolled(world: SyncWorld) -> None:
    a = world.replica(enrolled=False)
    assert a.sync().status == rs.NOT_ENROLLED


def test_batches_adapt_to_the_link(world: SyncWorld) -> None:
    from sync.client.link import Aimd, LinkEstimator

    link = LinkEstimator(push=Aimd(size=50, minimum=5, maximum=1000, step=50))
    a = world.replica(link=link)
    with a.store.transaction() as tx:
        for i in range(600):
            tx.insert("person", {"office_id": a.store.office_id, "given_names": f"N {i}"})
    assert a.sync().complete
    assert link.push.size > 50  # fast local link: batches grew
    link.failed(link.push)
    grown = link.push.size
    link.failed(link.push)
    assert link.push.size == max(5, grown // 2)
    assert link.rtt is not None and link.timeout_for(10_000_000) > link.timeout_for(1000)


def _flaky(rate: float, seed: int) -> Callable[[int, str, Any], str]:
    rng = random.Random(seed)
    return lambda n, p, d: (
        rng.choice(["drop_request", "drop_response"]) if rng.random() < rate else "pass"
    )


def test_flaky_link_converges(world: SyncWorld) -> None:
    a = world.replica(wrap=lambda t: FaultyTransport(t, _flaky(0.3, 1)))
    b = world.replica(wrap=lambda t: FaultyTransport(t, _flaky(0.3, 2)))
    for i in range(50):
        person(a, i)
        person(b, 100 + i)
    for _ in range(4):
        a.sync()
        b.sync()
    assert visible_rows(a.store)["person"] == visible_rows(b.store)["person"]
    assert a.store.replica.pending_count() == b.store.replica.pending_count() == 0
    assert world.server.count("SELECT count(*) FROM change_log WHERE entity='person'") == 100


def test_link_error_is_a_sync_error() -> None:
    from sync.client.errors import RETRYABLE

    assert issubclass(LinkError, RETRYABLE)


def test_enrollment_adopts_the_server_identity(world: SyncWorld) -> None:
    from app.store import Vault
    from tests.conftest import PASS

    first = world.replica("first")
    second = world.replica("second")
    assert (first.store.device_no, second.store.device_no) == (1, 2)
    assert second.store.office_id == world.server.office.office_id
    assert second.store.office_code == "LIMA"
    pid = person(second)
    assert all(
        c.device_id == second.store.device_id for c in second.store.replica.pending_changes(10)
    )
    assert second.store.clock.now().endswith(second.store.device_id)
    second.store.lock()
    again = Vault.unlock(world.tmp / "second", "ana", PASS)
    try:
        assert again.device_no == 2 and again.device_id == second.replica.device_id
        assert again.get("person", pid)["office_id"] == world.server.office.office_id  # type: ignore[index]
        assert again.verify_audit().ok
    finally:
        again.lock()
