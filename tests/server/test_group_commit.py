"""Group commit: concurrent pushes share one write transaction, each stays its own.

A first job holds the writer (it waits on an event inside the transaction) while other
threads queue their pushes behind it; released, the queued pushes commit together in
one transaction (``Database.group.groups`` counts commits), numbered without a gap, a
failing job rolled back alone, a batch sent twice in the same group stored once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from sync import protocol
from sync.changes import Change
from sync.merge import merge
from sync.server import push as push_module
from sync.server import schema
from sync.server.push import DeviceContext
from tests.server.conftest import Device, Server


def person(dev: Device, n: int) -> dict[str, Any]:
    return dev.change(
        "person",
        {"given_names": f"Rosa {n}", "paternal_surname": "Quispe", "office_id": dev.office_id},
    )


def context(server: Server, dev: Device) -> DeviceContext:
    return DeviceContext(dev.device_id, dev.office_id, "LIMA", dev.number)


class Held:
    """Holds the writer inside its transaction until ``release``; runs the jobs queued
    behind it in threads and collects their answers (or exceptions)."""

    def __init__(self, server: Server) -> None:
        self.db = server.db
        self.gate = threading.Event()
        self.inside = threading.Event()
        self.threads: list[threading.Thread] = []
        self.answers: dict[int, Any] = {}

        def hold(conn: Connection) -> None:
            self.inside.set()
            assert self.gate.wait(30)

        self.holder = threading.Thread(target=self.db.grouped, args=(hold,))
        self.holder.start()
        assert self.inside.wait(30)

    def queue(self, fn: Callable[[], Any]) -> int:
        n = len(self.threads)
        before = self.db.group.queued

        def run() -> None:
            try:
                self.answers[n] = fn()
            except Exception as exc:
                self.answers[n] = exc

        thread = threading.Thread(target=run)
        thread.start()
        self.threads.append(thread)
        # wait until it is queued (woken by its arrival), so the order is known
        assert self.db.group.wait_queued(before + 1, 30), "the job never reached the queue"
        return n

    def release(self) -> None:
        self.gate.set()
        self.holder.join(30)
        for thread in self.threads:
            thread.join(30)


def seqs(server: Server) -> list[int]:
    with server.db.read() as conn:
        return [int(s) for s in conn.execute(select(schema.change_log.c.seq)).scalars()]


def test_concurrent_pushes_share_one_commit_numbered_without_gaps(server: Server) -> None:
    devices = [server.enroll(name=f"pc{i}") for i in range(6)]
    start = max(seqs(server), default=0)
    held = Held(server)
    groups = server.db.group.groups
    for i, dev in enumerate(devices):
        batch = [person(dev, 3 * i + k) for k in range(3)]
        held.queue(lambda dev=dev, batch=batch: server.app.state.chasqui.pusher.push(
            context(server, dev), batch))  # fmt: skip
    held.release()
    assert server.db.group.groups - groups == 2  # the holder's, then all six pushes at once
    results = [held.answers[i] for i in range(len(devices))]
    assert all(r.status == protocol.ACCEPTED for batch in results for r in batch), results
    numbers = sorted(r.seq for batch in results for r in batch)
    assert numbers == list(range(start + 1, start + 19))  # in queue order, no gap
    assert [r.seq for r in results[0]] == list(range(start + 1, start + 4))
    assert seqs(server)[-18:] == numbers


def test_a_failing_job_is_rolled_back_alone(server: Server) -> None:
    a, b = server.enroll(name="a"), server.enroll(name="b")
    held = Held(server)

    def broken(conn: Connection) -> None:
        conn.execute(schema.server_meta.insert().values(key="half-done", value="x"))
        raise RuntimeError("a bug in one job")

    pusher = server.app.state.chasqui.pusher
    first = held.queue(lambda: pusher.push(context(server, a), [person(a, 1)]))
    bad = held.queue(lambda: server.db.grouped(broken))
    last = held.queue(lambda: pusher.push(context(server, b), [person(b, 2)]))
    held.release()
    assert isinstance(held.answers[bad], RuntimeError)
    assert held.answers[first][0].status == protocol.ACCEPTED
    assert held.answers[last][0].status == protocol.ACCEPTED
    with server.db.read() as conn:
        meta = schema.server_meta.c
        assert conn.execute(select(meta.key).where(meta.key == "half-done")).first() is None
        stored = conn.execute(select(func.count()).select_from(schema.change_log)).scalar_one()
    assert stored >= 2


def test_the_same_batch_twice_in_one_group_is_stored_once(server: Server) -> None:
    dev = server.enroll()
    batch = [person(dev, n) for n in range(4)]
    held = Held(server)
    pusher = server.app.state.chasqui.pusher
    one = held.queue(lambda: pusher.push(context(server, dev), batch))
    two = held.queue(lambda: pusher.push(context(server, dev), batch))
    held.release()
    assert [r.status for r in held.answers[one]] == [protocol.ACCEPTED] * 4
    assert [r.status for r in held.answers[two]] == [protocol.DUPLICATE] * 4
    assert [r.seq for r in held.answers[two]] == [r.seq for r in held.answers[one]]
    ids = {c["change_id"] for c in batch}
    with server.db.read() as conn:
        cl = schema.change_log.c
        rows = conn.execute(select(cl.change_id).where(cl.change_id.in_(ids))).all()
    assert len(rows) == 4


def test_concurrent_sync_requests_over_http_are_all_answered(server: Server) -> None:
    """Through the real app (ASGI, thread pool): concurrent /v1/sync requests, every
    change accepted once and fewer commits than requests."""
    import asyncio

    requests = 12
    devices = [server.enroll(name=f"pc{i}") for i in range(requests)]
    start = max(seqs(server), default=0)

    async def everyone() -> list[Any]:
        return await asyncio.gather(*(
            server.acall("POST", "/v1/sync", d.batch([person(d, i)]), headers=d.auth)
            for i, d in enumerate(devices)
        ))  # fmt: skip

    answers = asyncio.run(everyone())
    assert all(r.status_code == 200 for r in answers), [r.text for r in answers]
    statuses = [r.json()["push"].get("accepted") for r in answers]
    assert all(s and len(s) == 1 for s in statuses), statuses  # each its one change
    numbers = sorted(s for s in seqs(server) if s > start)
    assert numbers == list(range(start + 1, start + requests + 1))


def test_a_batch_prepared_before_a_concurrent_edit_is_decided_again_under_the_lock(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A push is run on a read snapshot outside the lock (``push._Plan``) and written as
    prepared only if nothing it read has moved; here the second push was prepared before
    the first one wrote the same record, so it is run again under the lock: it merges over
    the first one's write and records the conflict a stale plan would have missed."""
    a, b = server.enroll(name="a"), server.enroll(name="b")
    pusher = server.app.state.chasqui.pusher
    base = person(a, 0)
    pusher.push(context(server, a), [base])
    pid, hlc = base["entity_id"], base["hlc"]
    edit_a = a.change("person", {"given_names": "Ana"}, pid, base={"given_names": hlc})
    edit_b = b.change("person", {"given_names": "Beto"}, pid, base={"given_names": hlc})
    fresh_b = person(b, 9)
    used: list[bool] = []
    holds = push_module._Plan.holds

    def spy(plan: push_module._Plan, conn: Connection, ids: list[str]) -> bool:
        used.append(holds(plan, conn, ids))
        return used[-1]

    monkeypatch.setattr(push_module._Plan, "holds", spy)
    start = max(seqs(server))
    held = Held(server)
    first = held.queue(lambda: pusher.push(context(server, a), [edit_a]))
    second = held.queue(lambda: pusher.push(context(server, b), [edit_b, fresh_b]))
    held.release()
    assert used == [True, False]  # the first as prepared, the second decided again
    assert [r.seq for r in held.answers[first]] == [start + 1]
    assert [(r.status, r.seq) for r in held.answers[second]] == [
        (protocol.ACCEPTED, start + 2), (protocol.ACCEPTED, start + 3)
    ]  # fmt: skip
    assert seqs(server)[-3:] == [start + 1, start + 2, start + 3]
    state = None
    for doc in (base, edit_a, edit_b):
        state = merge(state, Change.from_dict(doc)).state
    assert state is not None
    assert server.admin.record("person", pid) == state.values
    with server.db.read() as conn:
        rows = conn.execute(select(schema.conflicts.c.field, schema.conflicts.c.seq)).all()
    assert [(r.field, r.seq) for r in rows] == [("given_names", start + 2)]


def test_a_due_last_seen_stamp_rides_in_the_push_commit(server: Server) -> None:
    """A push whose device is due a "last seen" stamp is ONE write job (the stamp is
    written in the push's own transaction, as is its claim's end); a sync with nothing
    to push stamps on its own."""
    dev = server.enroll()
    d = schema.devices.c

    def stamp(value: int | None = None) -> int | None:
        with server.db.write() as conn:
            if value is not None:
                conn.execute(schema.devices.update().where(d.id == dev.device_id)
                             .values(last_seen_at=value))  # fmt: skip
            found = select(d.last_seen_at).where(d.id == dev.device_id)
            return conn.execute(found).scalar_one()

    for changes in ([person(dev, 1)], []):
        stamp(1)  # long ago: a stamp is due
        jobs = server.db.group.jobs
        server.sync(dev, changes)
        # the push's claim (sync.server.held) is a job of its own on SQLite, queued
        # before the push's write; on PostgreSQL a transaction beside the writer
        claim = 1 if changes and server.db.dialect == "sqlite" else 0
        assert server.db.group.jobs - jobs == 1 + claim, changes
        seen = stamp()
        assert seen is not None and seen > 1


def test_a_request_failing_before_its_write_still_stamps_last_contact(server: Server) -> None:
    """Review 4 F7: an outdated client, a malformed body or a bad header is refused, and
    the device's due "last contact" is stamped all the same (one stamp per request)."""
    dev = server.enroll()
    d = schema.devices.c

    def last_seen(value: int | None = None) -> int:
        with server.db.write() as conn:
            if value is not None:
                conn.execute(schema.devices.update().where(d.id == dev.device_id)
                             .values(last_seen_at=value))  # fmt: skip
            found = select(d.last_seen_at).where(d.id == dev.device_id)
            return int(conn.execute(found).scalar_one())

    outdated = dev.batch([person(dev, 1)], client_version="0.0.1")
    broken = dev.batch([])
    broken["changes"] = {"shapes": [["given_names"]], "columns": []}  # a broken block
    cases = [
        ("/v1/sync", outdated, {}, 426),
        ("/v1/push", outdated, {}, 426),
        ("/v1/sync", broken, {}, 400),
        ("/v1/push", [1, 2], {}, 400),
        ("/v1/push", dev.batch([]), {protocol.HEADER_AFTER: "x" * 200}, 400),
    ]
    for path, body, headers, status in cases:
        last_seen(1)  # long ago: a stamp is due
        r = server.call("POST", path, body, headers={**dev.auth, **headers})
        assert r.status_code == status, (path, r.text)
        assert last_seen() > 1, (path, status)
