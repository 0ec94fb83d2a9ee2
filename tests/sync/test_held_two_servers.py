"""``POST /v1/held`` behind a load balancer: two ``chasqui-server serve`` processes on one
database file. While one process stores a device's pipelined push, the device asks the
other what it holds (its connection was cut): the answer waits for that push, whose
claim is in the database (``sync.server.held.Claim``), and names it. Before, the other
process answered at once from what it saw committed, and the batch was sent again."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sync import protocol
from sync.changes import Change
from sync.client.transport import CLIENT_VERSION, HttpTransport
from sync.protocol import lean
from sync.server import held
from tests.server.serve_process import ServeProcess
from tests.sync.conftest import SyncWorld
from tests.sync.test_pipeline import WAIT, write_people


def _push(transport: HttpTransport, batch: list[Change], after: str | None = None) -> Any:
    doc = protocol.PushBatch.of(batch[0].device_id, CLIENT_VERSION, batch, {}, {}).to_dict()
    headers = {protocol.HEADER_AFTER: after} if after else None
    ex = transport.call("POST", "/v1/push", doc, timeout=WAIT, headers=headers)
    return ex.message(protocol.PushResult, "push answer")


def _claimed(world: SyncWorld, device_id: str) -> bool:
    with world.server.db.read() as conn:
        return held.claimed(conn, device_id)


def test_the_question_waits_for_a_push_another_process_is_storing(tmp_path: Path) -> None:
    world = SyncWorld(tmp_path)
    servers = [ServeProcess(world.server.url) for _ in range(2)]
    pool = ThreadPoolExecutor(2)
    try:
        for started in [pool.submit(s.start) for s in servers]:  # side by side
            started.result()
        rep = world.replica("laptop")  # enrolled on the same database file
        write_people(rep, 6)
        changes = rep.replica.pending_changes(100)
        first, second = changes[: len(changes) // 2], changes[len(changes) // 2 :]
        token = rep.replica.get_sync_state("device_token")
        a, b = (HttpTransport(s.base_url) for s in servers)
        for transport in (a, b):
            transport.set_token(token)
        # the second batch reaches process A, which waits there for the first (not sent yet)
        second_push = pool.submit(_push, a, second, first[-1].change_id)
        deadline = time.monotonic() + WAIT
        while not _claimed(world, rep.replica.device_id):  # A's claim, in the database
            assert time.monotonic() < deadline and not second_push.done(), "no claim seen"
            time.sleep(0.01)  # polls the database (not a synchronisation by time)
        # the device asks process B; then its first batch reaches B too
        asked = [c.seq for c in changes]
        doc = protocol.HeldRequest.of(asked, CLIENT_VERSION).to_dict()
        question = pool.submit(b.call, "POST", "/v1/held", doc, timeout=WAIT)
        assert [r.status for r in _push(b, first).results_for(first)] == ["accepted"] * len(first)
        answer = question.result(WAIT).message(protocol.PushResult, "held answer")
        assert sorted(lean.in_ranges(answer.duplicate)) == asked  # with the batch A stored
        stored = second_push.result(WAIT).results_for(second)
        assert [r.status for r in stored] == ["accepted"] * len(second)
        assert not _claimed(world, rep.replica.device_id)  # released
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        for server in servers:
            server.stop()
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
        assert not _claimed(world, "a-device")
    finally:
        world.close()
