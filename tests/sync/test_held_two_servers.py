"""``POST /v1/held`` behind a load balancer: two server processes on one database file —
A a real ``chasqui-server serve``, B this test's own app (so that the test sees, by an
event, when B's question looked at the claims). While A stores a device's pipelined
push, the device asks B what it holds (its connection was cut): the answer waits for
that push, whose claim is in the database (``sync.server.held.Claim``), and names it.
Before, B answered at once from what it saw committed, and the batch was sent again."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from sync import protocol
from sync.changes import Change
from sync.client.transport import CLIENT_VERSION, HttpTransport
from sync.protocol import lean
from sync.server import held, schema
from sync.server.db import now_ms
from tests.server.serve_process import ServeProcess
from tests.server.test_held_claims import claims_seen
from tests.sync.conftest import SyncWorld
from tests.sync.test_pipeline import WAIT, write_people


def _push(transport: HttpTransport, batch: list[Change], after: str | None = None) -> Any:
    doc = protocol.PushBatch.of(batch[0].device_id, CLIENT_VERSION, batch, {}, {}).to_dict()
    headers = {protocol.HEADER_AFTER: after} if after else None
    ex = transport.call("POST", "/v1/push", doc, timeout=WAIT, headers=headers)
    return ex.message(protocol.PushResult, "push answer")


def _claims(world: SyncWorld, device_id: str) -> int:
    c = schema.push_claims.c
    query = select(func.count()).select_from(schema.push_claims).where(c.device_id == device_id)
    with world.server.db.read() as conn:
        return int(conn.execute(query).scalar_one())


def test_the_question_waits_for_a_push_another_process_is_storing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 7 F6: the question is asked, and has found A's claim, BEFORE the batch A
    waits for reaches B (an event set by B's look at the claims): without the wait it is
    answered without A's batch, and without the claims check the event never comes."""
    world = SyncWorld(tmp_path)
    server_a = ServeProcess(world.server.url)
    pool = ThreadPoolExecutor(2)
    saw = claims_seen(monkeypatch)  # B's question looked at the claims and found one
    try:
        with world.server.db.write() as conn:  # a claim a server that died left (review 8 F3)
            conn.execute(insert(schema.push_claims).values(
                claim="dead", device_id="a-device", until_ms=now_ms() + 300_000))  # fmt: skip
        server_a.start()
        assert not _claims(world, "a-device")  # serve on a SQLite file ends them first
        rep = world.replica("laptop")  # enrolled on the same database file
        write_people(rep, 6)
        changes = rep.replica.pending_changes(100)
        first, second = changes[: len(changes) // 2], changes[len(changes) // 2 :]
        token = rep.replica.get_sync_state("device_token")
        a = HttpTransport(server_a.base_url)
        b = HttpTransport("http://chasqui.test", client=world.server.client)
        for transport in (a, b):
            transport.set_token(token)
        # the second batch reaches process A, which waits there for the first (not sent yet)
        second_push = pool.submit(_push, a, second, first[-1].change_id)
        deadline = time.monotonic() + WAIT
        while not _claims(world, rep.replica.device_id):  # A's claim, in the database
            assert time.monotonic() < deadline and not second_push.done(), "no claim seen"
            time.sleep(0.01)  # polls the database (not a synchronisation by time)
        # the device asks process B, which finds A's claim; only then does its first
        # batch reach B too
        asked = [c.seq for c in changes]
        doc = protocol.HeldRequest.of(asked, CLIENT_VERSION).to_dict()
        question = pool.submit(b.call, "POST", "/v1/held", doc, timeout=WAIT)
        assert saw.wait(WAIT), "B's question never found A's claim"
        assert not question.done()
        assert [r.status for r in _push(b, first).results_for(first)] == ["accepted"] * len(first)
        answer = question.result(WAIT).message(protocol.PushResult, "held answer")
        assert sorted(lean.in_ranges(answer.duplicate)) == asked  # with the batch A stored
        stored = second_push.result(WAIT).results_for(second)
        assert [r.status for r in stored] == ["accepted"] * len(second)
        assert not _claims(world, rep.replica.device_id)  # released
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        server_a.stop()
        world.close()


def test_a_claim_leaves_no_thread_behind(tmp_path: Path) -> None:
    """A claim's helper thread ends with its push: a thread left idle in the process made
    every later fork of it unsafe (``tests/cli/conftest._forkable``)."""
    world = SyncWorld(tmp_path)
    try:
        before = set(threading.enumerate())
        with held.claiming(world.server.db, "a-device"):
            pass
        assert set(threading.enumerate()) <= before
        assert not _claims(world, "a-device")
    finally:
        world.close()
