"""Group commit: concurrent pushes share one write transaction, each stays its own.

A first job holds the writer (it waits on an event inside the transaction) while other
threads queue their pushes behind it; released, the queued pushes commit together in
one transaction (``Database.group.groups`` counts commits), numbered without a gap, a
failing job rolled back alone, a batch sent twice in the same group stored once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, select

from sync import protocol
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
