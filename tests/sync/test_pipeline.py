"""Pipelined transfer against the real server on loopback (uvicorn, real HTTP, real
encrypted stores): pushes overlap and are still stored in the outbox's order, the next
page travels while one is applied, and the attacks on a pipeline — a connection cut
mid-pipeline, a batch arriving before its predecessor, answers coming back out of
order, a replayed answer — lose nothing and store nothing twice."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sync import protocol
from sync.changes import Change
from sync.client import pipeline
from sync.client.errors import LinkError
from sync.client.link import Aimd, Backoff, LinkEstimator
from sync.client.pipeline import PushPipeline
from sync.client.transport import Exchange, Transport
from sync.server import push_order
from tests.sync.conftest import Replica, SyncWorld
from tests.sync.proxy import LinkProxy, UvicornThread

BATCH = 20
WAIT = 20.0  # seconds an event may take before the test fails (never a sleep)


def small_link() -> LinkEstimator:
    """Batches and pages of a fixed small size: many requests from little data."""
    return LinkEstimator(
        push=Aimd(size=BATCH, minimum=BATCH, maximum=BATCH, step=0),
        pull=Aimd(size=BATCH, minimum=1, maximum=BATCH, step=0),
    )


class Wrap:
    """A pipelined pass-through transport whose ``before(n, path, headers)`` and
    ``after(n, path, ex)`` hooks may hold a request or replace its answer."""

    pipelined = True

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.lock = threading.Lock()
        self.n = 0
        self.active = 0
        self.most = 0
        self.log: list[tuple[int, str, str | None]] = []
        self.events: list[tuple[str, int, str]] = []  # ("start" | "sent" | "end", n, path)
        self.rows: dict[int, int] = {}  # changes each push carried
        self.handed: dict[int, Callable[[], None]] = {}  # says call n's body is out
        self.before: Callable[[int, str, dict[str, str] | None], None] = lambda *a: None
        self.after: Callable[[int, str, Exchange], Exchange] = lambda n, p, ex: ex

    def call(
        self,
        method: str,
        path: str,
        doc: Any = None,
        *,
        timeout: float | None = None,
        headers: dict[str, str] | None = None,
        sent: Callable[[], None] | None = None,
    ) -> Exchange:
        with self.lock:
            self.n += 1
            n = self.n
            self.active += 1
            self.most = max(self.most, self.active)
            self.log.append((n, path, (headers or {}).get(protocol.HEADER_AFTER)))
            self.events.append(("start", n, path))
            if path == "/v1/push":
                self.rows[n] = len(doc["changes"].get("rows", ()))

        def handed() -> None:
            with self.lock:
                self.events.append(("sent", n, path))
            if sent is not None:
                sent()

        with self.lock:
            self.handed[n] = handed
        try:
            self.before(n, path, headers)
            ex = self.inner.call(method, path, doc, timeout=timeout, headers=headers, sent=handed)  # type: ignore[call-arg]
            return self.after(n, path, ex)
        finally:
            with self.lock:
                self.active -= 1
                self.events.append(("end", n, path))

    def put_chunk(self, *a: Any, **kw: Any) -> Exchange:
        return self.inner.put_chunk(*a, **kw)

    def get_range(self, *a: Any, **kw: Any) -> Exchange:
        return self.inner.get_range(*a, **kw)

    def close(self) -> None:
        self.inner.close()

    def hand_over(self, n: int) -> None:
        """Tell the pipeline that call ``n``'s body is out already (a test holding it in
        ``before`` lets the next one go, as a slower connection would)."""
        with self.lock:
            handed = self.handed[n]
        handed()

    def named(self, n: int) -> str | None:
        """The predecessor call ``n`` named (a pipelined push), or None."""
        with self.lock:
            return next((after for k, _, after in self.log if k == n), None)

    def named_predecessor(self, n: int) -> bool:
        """Whether call ``n`` was a pipelined push (it named the batch before it)."""
        return self.named(n) is not None


@pytest.fixture
def served(world: SyncWorld, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[SyncWorld, str]]:
    # a follower whose predecessor is not coming (held by a test) is refused quickly
    monkeypatch.setattr(push_order, "GRACE_S", 0.3)
    server = UvicornThread(world.server.app).start()
    try:
        yield world, f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


def laptop(world: SyncWorld, url: str, name: str, wrap: Any = None) -> Replica:
    return world.replica(name, url=url, wrap=wrap, link=small_link(), backoff=Backoff(0.01, 0.05))


def write_people(rep: Replica, n: int) -> None:
    with rep.store.transaction() as tx:
        for i in range(n):
            tx.insert("person", {"office_id": rep.store.office_id, "given_names": f"Nombre {i}"})


def stored_in_order(world: SyncWorld, device_id: str) -> list[int]:
    """The device sequence numbers of its changes, in the order the server stored them."""
    with world.server.db.engine.connect() as conn:
        docs = conn.exec_driver_sql(
            "SELECT doc FROM change_log WHERE device_id = ? ORDER BY seq", (device_id,)
        ).scalars()
        return [int(json.loads(d)["seq"]) for d in docs]


def assert_all_stored_once_in_order(world: SyncWorld, rep: Replica, n: int) -> None:
    """The server holds every change of the outbox (the ``n`` written and the vault's
    own), once each, stored in the outbox's order; nothing waits, nothing quarantined."""
    seqs = stored_in_order(world, rep.replica.device_id)
    outbox = [int(r["seq"]) for r in rep.store.query("SELECT seq FROM outbox ORDER BY seq")]
    assert len(outbox) >= n
    assert seqs == outbox, "not every change stored once, in the outbox's order"
    assert rep.replica.pending_count() == 0
    assert rep.replica.list_quarantine() == []


def test_a_first_upload_overlaps_its_pushes_one_body_at_a_time(
    served: tuple[SyncWorld, str],
) -> None:
    """Pushes overlap (the next is sent before the answer to the one before), yet one
    body is on the link at a time: a push starts only once the previous body has been
    handed to its connection. The round's pull is sent beside the last push (before
    that push is answered). The server stores everything once, in order."""
    world, url = served
    started_second = threading.Event()
    started_pull = threading.Event()
    rep = laptop(world, url, "a", Wrap)
    wrap: Wrap = rep.transport  # type: ignore[assignment]

    def before(n: int, path: str, headers: dict[str, str] | None) -> None:
        if path == "/v1/push" and headers:  # a pipelined push started
            started_second.set()
        elif path == "/v1/sync":
            started_pull.set()

    def after(n: int, path: str, ex: Exchange) -> Exchange:
        if path != "/v1/push":
            return ex
        if not wrap.named_predecessor(n):  # the first: its answer waits for the second
            assert started_second.wait(WAIT), "no push was sent before the first's answer"
        with wrap.lock:
            last = sum(wrap.rows.values()) == total and n == max(wrap.rows)
        if last:
            assert started_pull.wait(WAIT), "the pull was not sent beside the last push"
        return ex

    wrap.before, wrap.after = before, after
    write_people(rep, 10 * BATCH + 5)
    total = rep.replica.pending_count()
    report = rep.sync()
    assert report.complete, report
    assert wrap.most >= 2
    assert_all_stored_once_in_order(world, rep, 10 * BATCH + 5)
    assert report.quarantined == 0 and report.pushed >= 10 * BATCH + 5
    pushes = [n for kind, n, path in wrap.events if kind == "start" and path == "/v1/push"]
    assert len(pushes) >= 10
    for previous, following in itertools.pairwise(pushes):
        handed = wrap.events.index(("sent", previous, "/v1/push"))
        assert handed < wrap.events.index(("start", following, "/v1/push")), (
            f"push {following} started before the body of push {previous} was handed over"
        )
    assert started_pull.is_set()
    pulls = [n for kind, n, path in wrap.events if kind == "start" and path == "/v1/sync"]
    assert len(pulls) == 1, "the pull sent beside the last push was not the round's pull"


def test_a_batch_arriving_while_its_predecessor_is_stored_waits_and_is_taken(
    served: tuple[SyncWorld, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server holds the first batch until the second (naming it) has arrived and
    waits for it: the second is taken once the first is stored — not refused, not sent
    again — so a server slower than the link costs no upload twice."""
    world, url = served
    # a later batch may reach the server while its predecessor still decodes: the grace
    monkeypatch.setattr(push_order, "GRACE_S", 5.0)
    pusher = world.server.app.state.chasqui.pusher
    follower_waits = threading.Event()
    real_wait, real_push = pusher.order.wait_stored, pusher._push
    held: list[int] = []

    def wait_stored(*a: Any, **kw: Any) -> bool:
        follower_waits.set()
        return real_wait(*a, **kw)

    def slow_push(device: Any, raw: list[Any], after: str | None, also: Any, ticket: int) -> Any:
        if after is None and not held:  # the pipeline's first batch, still being stored
            held.append(ticket)
            assert follower_waits.wait(WAIT), "the next batch did not wait for this one"
        return real_push(device, raw, after, also, ticket)

    monkeypatch.setattr(pusher.order, "wait_stored", wait_stored)
    monkeypatch.setattr(pusher, "_push", slow_push)
    refused: list[int] = []
    rep = laptop(world, url, "w", Wrap)
    wrap: Wrap = rep.transport  # type: ignore[assignment]

    def after(n: int, path: str, ex: Exchange) -> Exchange:
        if path == "/v1/push" and protocol.PushResult.decode(ex.body).names_nothing:
            refused.append(n)
        return ex

    wrap.after = after
    write_people(rep, 6 * BATCH + 3)
    report = rep.sync()
    assert report.complete, report
    assert held and refused == []
    assert_all_stored_once_in_order(world, rep, 6 * BATCH + 3)


def test_a_batch_that_arrives_before_its_predecessor_is_sent_again(
    served: tuple[SyncWorld, str],
) -> None:
    """The first push is held until the second (naming it) has been answered: the
    server takes nothing from the second, which the round sends again afterwards."""
    world, url = served
    second_answered = threading.Event()
    refused: list[int] = []
    rep = laptop(world, url, "b", Wrap)
    wrap: Wrap = rep.transport  # type: ignore[assignment]

    def before(n: int, path: str, headers: dict[str, str] | None) -> None:
        if path == "/v1/push" and not headers and not second_answered.is_set():
            wrap.hand_over(n)  # its body travels slower than the next one
            assert second_answered.wait(WAIT)

    def after(n: int, path: str, ex: Exchange) -> Exchange:
        if path == "/v1/push" and not second_answered.is_set() and wrap.named_predecessor(n):
            if protocol.PushResult.decode(ex.body).names_nothing:
                refused.append(n)
            second_answered.set()
        return ex

    wrap.before, wrap.after = before, after
    write_people(rep, 6 * BATCH + 3)
    report = rep.sync()
    assert report.complete, report
    assert refused, "the early batch should have been refused by the server"
    assert_all_stored_once_in_order(world, rep, 6 * BATCH + 3)


def test_a_cut_successor_of_a_batch_refused_as_early_still_waits_for_it(
    served: tuple[SyncWorld, str],
) -> None:
    """Batch 3 reaches the server before batch 2 (refused: no results); batch 4's
    request is cut. Its retry must still name batch 3 — answered is not stored — so
    the server refuses it too and the round sends 3, then 4, in order."""
    world, url = served
    rep = laptop(world, url, "b2", Wrap)
    wrap: Wrap = rep.transport  # type: ignore[assignment]
    write_people(rep, 6 * BATCH + 3)
    ids = [r["change_id"] for r in rep.store.query("SELECT change_id FROM outbox ORDER BY seq")]
    second, third, fourth = (ids[k * BATCH - 1] for k in (1, 2, 3))  # whom each names
    third_answered = threading.Event()
    cut: list[str] = []

    def before(n: int, path: str, headers: dict[str, str] | None) -> None:
        after = (headers or {}).get(protocol.HEADER_AFTER)
        if after == second and not third_answered.is_set():
            wrap.hand_over(n)  # its body travels slower than the next one
            assert third_answered.wait(WAIT)  # batch 2 arrives after batch 3
        if after == fourth and not cut:
            cut.append(after)
            raise LinkError("/v1/push: connection cut (test)")

    def answered(n: int, path: str, ex: Exchange) -> Exchange:
        if wrap.named(n) == third:
            third_answered.set()
        return ex

    wrap.before, wrap.after = before, answered
    report = rep.sync()
    assert report.complete, report
    assert cut and third_answered.is_set()
    assert_all_stored_once_in_order(world, rep, 6 * BATCH + 3)


def test_answers_coming_back_out_of_order_confirm_each_change_once(
    served: tuple[SyncWorld, str],
) -> None:
    world, url = served
    first_delivered, second_back = threading.Event(), threading.Event()

    def before(n: int, path: str, headers: dict[str, str] | None) -> None:
        if path == "/v1/push" and headers and not second_back.is_set():
            assert first_delivered.wait(WAIT)  # the server stores them in order ...

    def after(n: int, path: str, ex: Exchange) -> Exchange:
        if path != "/v1/push" or second_back.is_set():
            return ex
        if not first_delivered.is_set():
            first_delivered.set()
            assert second_back.wait(WAIT)  # ... but the first answer comes back last
        else:
            second_back.set()
        return ex

    rep = laptop(world, url, "c", Wrap)
    rep.transport.before, rep.transport.after = before, after  # type: ignore[attr-defined]
    write_people(rep, 5 * BATCH + 1)
    report = rep.sync()
    assert report.complete, report
    assert second_back.is_set()
    assert report.duplicates == 0
    assert_all_stored_once_in_order(world, rep, 5 * BATCH + 1)


def test_a_connection_cut_mid_pipeline_resends_only_what_was_in_flight(
    world: SyncWorld,
) -> None:
    server = UvicornThread(world.server.app).start()
    proxy = LinkProxy(server.port, delay=0.005, bandwidth=2_000_000).start()
    try:
        rep = laptop(world, proxy.url, "d")
        rep.engine.push_stream = False  # pipelined pushes (a stream: test_push_stream)
        total = 12 * BATCH
        write_people(rep, total)
        proxy.reset_counters()
        proxy.cut_up_after(6_000)  # every open connection dies mid-upload
        first = rep.sync()
        second = first if first.complete else rep.sync()
        assert second.complete, (first, second)
        assert first.retries + (second.retries if second is not first else 0) >= 1
        resent = first.duplicates + (second.duplicates if second is not first else 0)
        assert resent <= 3 * BATCH  # at most the pushes in flight when the link died
        assert_all_stored_once_in_order(world, rep, total)
    finally:
        proxy.stop()
        server.stop()


def test_a_replayed_answer_loses_nothing(served: tuple[SyncWorld, str]) -> None:
    """A relay replays an earlier answer once, for a push and for a snapshot page."""
    world, url = served
    source = laptop(world, url, "e")
    total = 4 * BATCH + 7
    write_people(source, total)
    seen: dict[str, Exchange] = {}
    replayed: list[str] = []
    lock = threading.Lock()

    def replay(n: int, path: str, ex: Exchange) -> Exchange:
        with lock:
            if path in ("/v1/push", "/v1/snapshot") and path not in replayed and path in seen:
                replayed.append(path)
                return seen[path]  # the previous answer again, instead of this one
            seen.setdefault(path, ex)
            return ex

    wrapped = laptop(world, url, "f", Wrap)
    wrapped.transport.after = replay  # type: ignore[attr-defined]
    write_people(wrapped, 3 * BATCH + 2)
    assert source.sync().complete
    for _ in range(3):
        report = wrapped.sync()
        if report.complete:
            break
    assert report.complete, report
    assert sorted(replayed) == ["/v1/push", "/v1/snapshot"]
    assert_all_stored_once_in_order(world, wrapped, 3 * BATCH + 2)
    names = {r["given_names"] for r in wrapped.store.query("SELECT given_names FROM person")}
    assert {f"Nombre {i}" for i in range(total)} <= names


def test_the_next_page_travels_while_one_is_applied(served: tuple[SyncWorld, str]) -> None:
    world, url = served
    source = laptop(world, url, "g")
    write_people(source, 5 * BATCH)
    assert source.sync().complete
    asked = threading.Condition()
    pages_asked = [0]
    overlapped: list[bool] = []

    def before(n: int, path: str, headers: dict[str, str] | None) -> None:
        if path == "/v1/snapshot":
            with asked:
                pages_asked[0] += 1
                asked.notify_all()

    fresh = laptop(world, url, "h", Wrap)
    fresh.transport.before = before  # type: ignore[attr-defined]
    apply = fresh.replica.apply_remote_changes

    def slow_apply(changes: Any, cursor: Any = None) -> Any:
        if isinstance(cursor, dict) and not overlapped:  # the first page, more behind it
            with asked:  # page 2 is asked for before page 1 is applied
                overlapped.append(asked.wait_for(lambda: pages_asked[0] >= 2, WAIT))
        return apply(changes, cursor)

    fresh.replica.apply_remote_changes = slow_apply  # type: ignore[method-assign]
    report = fresh.sync()
    assert report.complete, report
    assert overlapped == [True], "the next snapshot page was not requested during the apply"
    assert fresh.store.query("SELECT count(*) AS c FROM person")[0]["c"] >= 5 * BATCH


@example(total=8001, cap=3000)  # 501 left after 500, 1,000, 2,000 x 3: not 1 + 500
@given(total=st.integers(1, 20_000), cap=st.integers(20, protocol.MAX_PUSH_CHANGES))
def test_batch_sizes_start_small_and_end_small(total: int, cap: int) -> None:
    """The pipeline's batches cover the outbox exactly, never exceed the link's batch
    size or ``MAX_BATCH``; the first is at most ``FIRST_BATCH``, none but the last is a
    handful and, when the batches are larger than ``TAIL_BATCH``, the last is at most
    twice that (the server's time after the last byte is that batch's)."""
    link = LinkEstimator(push=Aimd(size=cap, minimum=1, maximum=cap, step=0))
    plan = PushPipeline(None, link, total)  # type: ignore[arg-type]
    sizes: list[int] = []
    done = 0
    while done < total:
        size = plan.size(total - done)
        assert 0 < size <= min(cap, pipeline.MAX_BATCH, total - done)
        sizes.append(size)
        done += size
        plan.sent += 1
    assert sizes[0] <= pipeline.FIRST_BATCH
    assert all(size >= min(cap, pipeline.FIRST_BATCH) // 2 for size in sizes[:-1]), sizes
    if len(sizes) > 1 and min(cap, pipeline.MAX_BATCH) > pipeline.TAIL_BATCH:
        assert sizes[-1] <= 2 * pipeline.TAIL_BATCH


def test_a_push_whose_predecessor_failed_is_not_sent_until_the_round_resends_both(
    served: tuple[SyncWorld, str],
) -> None:
    """The first push fails before its body is out (a cut): the push chained after it is
    not put on the link behind a predecessor the server will never get (it would wait
    there, then be refused and cost its upload twice); the round sends the first again,
    then the rest, and the server stores everything once, in order."""
    world, url = served
    rep = laptop(world, url, "f", Wrap)
    wrap: Wrap = rep.transport  # type: ignore[assignment]
    failed: list[int] = []

    def before(n: int, path: str, headers: dict[str, str] | None) -> None:
        if path == "/v1/push" and not failed:
            failed.append(n)
            raise LinkError("/v1/push: connection cut (test)")

    wrap.before = before
    write_people(rep, 6 * BATCH + 3)
    report = rep.sync()
    assert report.complete, report
    assert failed
    pushes = [n for n, path, _ in wrap.log if path == "/v1/push"]
    assert pushes[0] == failed[0] and wrap.named(pushes[1]) is None, (
        "a push chained after the failed one was sent before it was sent again"
    )
    assert_all_stored_once_in_order(world, rep, 6 * BATCH + 3)


class _Outbox:
    """What ``PushPipeline.fill`` reads and calls of a round, without a link: a long
    outbox of changes; each push is recorded, never sent."""

    def __init__(self, n: int) -> None:
        self.changes = [
            Change(
                change_id=f"d#{seq}",
                entity="person",
                entity_id=f"p{seq}",
                op="upsert",
                fields={},
                base={},
                hlc=f"{1_764_480_000_000 + seq:015d}-00000-d",
                device_id="d",
                seq=seq,
            )
            for seq in range(1, n + 1)
        ]
        self.store = self
        self.sent = self
        self.sizes: list[int] = []

    def mark(self, batch: list[Change]) -> None:
        pass

    def pending_changes(self, limit: int, after: int = 0) -> list[Change]:
        return [c for c in self.changes if c.seq > after][:limit]

    def step(self) -> None:
        pass

    def local(self, what: str, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        return fn(*args, **kw)

    def push_doc(self, batch: list[Change]) -> dict[str, Any]:
        self.sizes.append(len(batch))
        return {}

    def ahead(self, *args: Any, **kw: Any) -> Any:
        return object()

    def pull_ahead(self, follows: Any = None) -> None:
        return None


def test_a_long_outbox_is_sent_in_full_batches_not_as_if_each_were_the_last() -> None:
    """Review 5 F7: the pipeline read only one batch's worth of the outbox, so every
    batch looked like the one before the last (1,501 changes instead of 2,000)."""
    round_ = _Outbox(20_000)
    link = LinkEstimator(push=Aimd(size=2000, minimum=5, maximum=3000, step=1000))
    PushPipeline(round_, link, 20_000).fill()  # type: ignore[arg-type]
    assert round_.sizes == [pipeline.FIRST_BATCH, 2 * pipeline.FIRST_BATCH, pipeline.MAX_BATCH]
