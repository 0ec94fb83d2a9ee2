"""Push claims behind ``POST /v1/held`` (``sync.server.held``) on SQLite and PostgreSQL.

Two apps on one database stand for two server processes behind a load balancer (each
has its own ``PushOrder``, questions and connection pool): process A stores a device's
batch — held by an event inside A after decoding and checking, before its write — while
the device asks process B what it holds. Every step waits on an event or on a state the
test reads (never on time), so each order is the one the test names."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import zstandard
from fastapi import FastAPI
from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError

from sync import compression, protocol
from sync.changes import derived_change_id
from sync.protocol import lean
from sync.server import held, schema
from sync.server.app import create_app
from sync.server.db import Database, now_ms
from tests.server.conftest import Device, Server, push_results

WAIT = 20.0  # seconds an awaited event may take before the test fails


class Gate:
    """Holds every push of ``pusher`` (process A) after its checks, before its write."""

    def __init__(self, pusher: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.inside, self.leave = threading.Event(), threading.Event()
        checked = pusher._precheck_answers

        def gated(*args: Any) -> Any:
            self.inside.set()
            assert self.leave.wait(WAIT), "the test never let the push go on"
            return checked(*args)

        monkeypatch.setattr(pusher, "_precheck_answers", gated)


@dataclass
class Two:
    server: Server  # process A (``server.app``) and the database
    other: FastAPI  # process B
    gate: Gate  # A's pushes
    saw: threading.Event  # a question found a claim in the database

    def claims(self, device_id: str | None = None) -> int:
        c = schema.push_claims.c
        query = select(func.count()).select_from(schema.push_claims)
        if device_id is not None:
            query = query.where(c.device_id == device_id)
        with self.server.db.read() as conn:
            return int(conn.execute(query).scalar_one())

    @property
    def questions(self) -> held.Questions:
        return self.other.state.chasqui.questions


def claims_seen(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """An event set when a question of this process looks at the claims and finds one
    (``held.claimed`` wrapped)."""
    saw = threading.Event()
    looked = held.claimed

    def claimed(conn: Any, device_id: str) -> bool:
        found = looked(conn, device_id)
        if found:
            saw.set()
        return found

    monkeypatch.setattr(held, "claimed", claimed)
    return saw


@pytest.fixture
def two(server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[Two]:
    db = Database(server.url)
    other = create_app(database=db, enroll_per_ip=1000)
    saw = claims_seen(monkeypatch)
    try:
        yield Two(server, other, Gate(server.app.state.chasqui.pusher, monkeypatch), saw)
    finally:
        db.dispose()


def people(dev: Device, n: int) -> list[dict[str, Any]]:
    """``n`` new people with the ids a device derives from its seqs (what /v1/held asks)."""
    out = []
    for i in range(n):
        fields = {"given_names": f"P{i}", "paternal_surname": "Quispe", "office_id": dev.office_id}
        change = dev.change("person", fields)
        change["change_id"] = derived_change_id(dev.device_id, change["seq"])
        out.append(change)
    return out


async def call(app: FastAPI, path: str, doc: Any, auth: dict[str, str]) -> httpx.Response:
    content, headers = compression.encode(doc, compression.ZSTD)
    transport = httpx.ASGITransport(app=app, client=("10.0.0.2", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post(path, content=content, headers={**headers, **auth})


def question(seqs: list[int]) -> dict[str, Any]:
    return protocol.HeldRequest.of(seqs, "0.1.0").to_dict()


def named(answer: httpx.Response) -> list[int]:
    assert answer.status_code == 200, answer.text
    return sorted(lean.in_ranges(protocol.PushResult.from_dict(answer.json()).duplicate))


def outcomes(answer: httpx.Response, batch: list[dict[str, Any]], path: str) -> list[str]:
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    return [r["status"] for r in push_results(doc["push"] if path == "/v1/sync" else doc, batch)]


async def until(condition: Callable[[], bool], what: str) -> None:
    """Until ``condition()`` holds (a state of the apps, read again each turn of the loop
    that runs them), at most ``WAIT`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not condition():
        assert loop.time() < deadline, f"never happened: {what}"
        await asyncio.sleep(0.005)  # gives the apps' requests their turn


async def held_in_a(two: Two, dev: Device, batch: list[dict[str, Any]], path: str) -> Any:
    """A's push of ``batch`` on ``path``, once it is checked (not stored) and claimed."""
    push = asyncio.ensure_future(two.server.acall("POST", path, dev.batch(batch), dev.auth))
    await until(two.gate.inside.is_set, "A decoded and checked the batch")
    await until(lambda: two.claims(dev.device_id) == 1, "A's claim in the database")
    return push


@pytest.mark.parametrize("path", ["/v1/push", "/v1/sync"])
def test_a_question_to_another_process_waits_for_the_batch_being_stored(
    two: Two, path: str
) -> None:
    """Review 7 F4: a /v1/sync push is claimed as a /v1/push is (it was not: B answered
    at once and the batch was sent again). B's question sees A's claim, waits, and names
    the batch; the claim ends with the push's own commit."""
    dev = two.server.enroll()
    batch = people(dev, 3)
    asked = [c["seq"] for c in batch]

    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        push = await held_in_a(two, dev, batch, path)
        asking = asyncio.ensure_future(call(two.other, "/v1/held", question(asked), dev.auth))
        await until(two.saw.is_set, "B's question found the claim")
        assert not asking.done()  # it waits for A's batch
        two.gate.leave.set()
        return await push, await asking

    pushed, answer = asyncio.run(scenario())
    assert outcomes(pushed, batch, path) == ["accepted"] * 3
    assert named(answer) == asked
    assert two.claims() == 0  # ended by the push's transaction


def test_every_question_of_the_device_waits_and_they_share_one_wait(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 7 F5: a second question of the device while its first waits was answered
    at once, without the claims check (its batch then sent again). Now it shares the
    first one's wait: both name the batch, and the device holds one thread of the pool."""
    dev = two.server.enroll()
    batch = people(dev, 2)
    asked = [c["seq"] for c in batch]
    order = two.other.state.chasqui.pusher.order
    waits: list[str] = []
    quiet = order.quiet

    def counted(device_id: str, *args: Any) -> bool:
        waits.append(device_id)
        return quiet(device_id, *args)

    monkeypatch.setattr(order, "quiet", counted)
    sharing = two.questions.sharing

    async def scenario() -> list[httpx.Response]:
        push = await held_in_a(two, dev, batch, "/v1/push")
        doc = question(asked)
        first = asyncio.ensure_future(call(two.other, "/v1/held", doc, dev.auth))
        await until(two.saw.is_set, "the first question found the claim")
        second = asyncio.ensure_future(call(two.other, "/v1/held", doc, dev.auth))
        await until(lambda: second.done() or sharing.get(dev.device_id) == 2, "2 waiting")
        assert not second.done()  # it waits too
        two.gate.leave.set()
        await push
        return [await first, await second]

    answers = asyncio.run(scenario())
    assert [named(a) for a in answers] == [asked, asked]
    assert waits == [dev.device_id]  # one wait (one thread) for both
    assert not sharing


def test_a_claim_holds_only_its_own_devices_questions_and_bad_ones_are_refused_at_once(
    two: Two,
) -> None:
    """Attack: while a device's batch is claimed, another office's device, a forged token,
    a malformed and an oversized question are each answered at once (none waits for a
    claim that is not its device's, none stalls), and no other device's change is named."""
    dev = two.server.enroll()
    stranger = two.server.enroll("CUSCO", "cusco")
    batch = people(dev, 2)
    asked = [c["seq"] for c in batch]
    too_many = protocol.HeldRequest.of(list(range(1, protocol.MAX_HELD_CHANGES + 2)), "0.1.0")
    backwards = {**question(asked), "seqs": [[5, 1]]}

    async def scenario() -> list[httpx.Response]:
        push = await held_in_a(two, dev, batch, "/v1/push")
        answers = [
            await call(two.other, "/v1/held", question(asked), stranger.auth),
            await call(two.other, "/v1/held", question(asked), {"Authorization": "Bearer x"}),
            await call(two.other, "/v1/held", backwards, dev.auth),
            await call(two.other, "/v1/held", too_many.to_dict(), dev.auth),
        ]  # each answered while the claim is held: the gate is still closed
        assert not push.done()
        two.gate.leave.set()
        await push
        return answers

    other_office, forged, malformed, oversized = asyncio.run(scenario())
    assert named(other_office) == []  # the same seqs of another device: none of them
    assert forged.status_code == 401
    assert malformed.status_code == 400
    assert oversized.status_code == 413
    assert two.claims() == 0


def test_a_batch_replayed_to_another_process_while_claimed_is_stored_once(two: Two) -> None:
    """Attack (replay): the batch A holds is sent again to B (a client that gave up on
    A). B stores it; A then finds it logged and answers "duplicate" with the same seqs;
    both claims end, the log holds each change once, and the question names them."""
    dev = two.server.enroll()
    batch = people(dev, 3)
    asked = [c["seq"] for c in batch]

    async def scenario() -> tuple[httpx.Response, httpx.Response, httpx.Response]:
        push = await held_in_a(two, dev, batch, "/v1/push")
        again = await call(two.other, "/v1/push", dev.batch(batch), dev.auth)
        two.gate.leave.set()
        first = await push
        return first, again, await call(two.other, "/v1/held", question(asked), dev.auth)

    first, again, answer = asyncio.run(scenario())
    assert outcomes(again, batch, "/v1/push") == ["accepted"] * 3
    assert outcomes(first, batch, "/v1/push") == ["duplicate"] * 3
    assert named(answer) == asked
    ids = [c["change_id"] for c in batch]
    with two.server.db.read() as conn:
        logged = conn.execute(
            select(func.count()).where(schema.change_log.c.change_id.in_(ids))
        ).scalar_one()
    assert logged == 3 and two.claims() == 0


def test_a_failed_push_a_dead_processs_claim_and_a_claim_never_released_stall_nothing(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A push that fails after its claim was taken releases it; a claim a crashed
    process left ends by its time (and the next claim of the device clears it); a live
    claim never released holds a question for ``HELD_WAIT_S`` only, then it is answered
    with what is stored."""
    two.gate.leave.set()  # A's pushes go straight through here
    dev = two.server.enroll()
    pusher = two.server.app.state.chasqui.pusher

    def broken(*args: Any) -> Any:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    with monkeypatch.context() as m:
        m.setattr(pusher, "_prepare", broken)
        failed = two.server.call("POST", "/v1/push", dev.batch(people(dev, 1)), headers=dev.auth)
    assert failed.status_code == 503 and two.claims() == 0
    with two.server.db.write() as conn:  # a claim its crashed process left, run out
        conn.execute(insert(schema.push_claims).values(claim="dead", device_id=dev.device_id,
                                                      until_ms=now_ms() - 1))  # fmt: skip
    batch = people(dev, 2)
    asked = [c["seq"] for c in batch]
    answer = asyncio.run(call(two.other, "/v1/held", question(asked), dev.auth))
    assert named(answer) == []  # not held by the dead claim
    pushed = two.server.call("POST", "/v1/push", dev.batch(batch), headers=dev.auth)
    assert outcomes(pushed, batch, "/v1/push") == ["accepted"] * 2
    assert two.claims() == 0  # the dead one cleared by the device's next claim
    with two.server.db.write() as conn:  # a live claim whose process hangs
        conn.execute(insert(schema.push_claims).values(claim="hung", device_id=dev.device_id,
                                                      until_ms=now_ms() + 60_000))  # fmt: skip
    monkeypatch.setattr(protocol, "HELD_WAIT_S", 0.3)
    answer = asyncio.run(call(two.other, "/v1/held", question(asked), dev.auth))
    assert named(answer) == asked  # answered once its bound ran out
    assert two.saw.is_set()


def test_a_malformed_forged_or_oversized_push_takes_no_claim_and_holds_no_question(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: a push refused before it stores anything — a broken change block, a batch
    naming another office's device, a body over the cap, a zstd bomb — takes no claim
    (none is written, none left behind), so the device's question right after is not
    held; a good push then goes through and is named."""
    two.gate.leave.set()  # A's pushes go straight through here
    dev = two.server.enroll()
    stranger = two.server.enroll("CUSCO", "cusco")
    takes: list[str] = []
    take = held.Claim.take

    def counted(claim: held.Claim) -> Any:
        takes.append(claim.device_id)
        return take(claim)

    monkeypatch.setattr(held.Claim, "take", counted)
    broken = dev.batch([])
    broken["changes"] = {"shapes": [["given_names"]], "columns": []}
    forged = stranger.batch(people(stranger, 1))  # another office's device's batch
    huge = b"[" + b"1," * (compression.MAX_BODY_BYTES // 2) + b"1]"
    bomb = zstandard.ZstdCompressor().compress(b" " * (compression.MAX_DECOMPRESSED_BYTES + 10))
    json_headers = {**dev.auth, "Content-Type": "application/json"}
    for path in ("/v1/push", "/v1/sync"):
        refused = [
            two.server.call("POST", path, broken, headers=dev.auth),
            two.server.call("POST", path, forged, headers=dev.auth),
            two.server.call("POST", path, content=huge, headers=json_headers),
            two.server.call(
                "POST", path, content=bomb, headers={**json_headers, "Content-Encoding": "zstd"}
            ),
        ]
        assert [r.status_code for r in refused] == [400, 403, 413, 413], path
    assert takes == [] and two.claims() == 0
    batch = people(dev, 2)
    asked = [c["seq"] for c in batch]
    answer = asyncio.run(call(two.other, "/v1/held", question(asked), dev.auth))
    assert named(answer) == [] and not two.saw.is_set()  # nothing claimed, nothing held
    pushed = two.server.call("POST", "/v1/push", dev.batch(batch), headers=dev.auth)
    assert outcomes(pushed, batch, "/v1/push") == ["accepted"] * 2
    assert takes == [dev.device_id] and two.claims() == 0
    answer = asyncio.run(call(two.other, "/v1/held", question(asked), dev.auth))
    assert named(answer) == asked


def test_a_claim_whose_thread_cannot_start_is_written_by_the_push_itself(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process out of threads: the claim queued ahead of the push's write is written
    by the request itself (left at the head of the writers' queue, it would have held
    every later write of the process for ever); the push is stored, the claim ended."""
    dev = server.enroll()
    start = threading.Thread.start

    def no_thread(thread: threading.Thread) -> None:
        if thread.name == "chasqui-claim":
            raise RuntimeError("can't start new thread")
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", no_thread)
    batch = people(dev, 2)
    pushed = server.call("POST", "/v1/push", dev.batch(batch), headers=dev.auth)
    assert outcomes(pushed, batch, "/v1/push") == ["accepted"] * 2
    again = people(dev, 1)
    assert outcomes(server.call("POST", "/v1/sync", dev.batch(again), headers=dev.auth), again,
                    "/v1/sync") == ["accepted"]  # fmt: skip
    with server.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.push_claims)).scalar() == 0
