"""An upload cut mid-way is taken up by asking what the server holds (``POST /v1/held``,
``sync.client.resume``): the batches the server stored before their answers were lost
are confirmed, never sent again; the server answers only for the asking device's own
changes, refuses malformed questions, and an older server without it changes nothing.
Real server on loopback (uvicorn), real encrypted stores."""

from __future__ import annotations

import threading
from typing import Any

from sync import protocol
from sync.changes import derived_change_id
from sync.client import resume
from sync.client.errors import LinkError
from sync.client.ports import KEY_PUSHED_UPTO
from sync.client.transport import Exchange, Transport
from sync.server.push_order import PushOrder
from tests.sync.conftest import SyncWorld
from tests.sync.test_pipeline import (
    BATCH,
    WAIT,
    Wrap,
    assert_all_stored_once_in_order,
    laptop,
    served,
    stored_in_order,
    write_people,
)

__all__ = ["served"]  # the fixture, shared with test_pipeline


class Recording(Wrap):
    """``Wrap`` that also keeps the seqs each push or sync body carried."""

    def __init__(self, inner: Transport) -> None:
        super().__init__(inner)
        self.bodies: list[tuple[str, list[int]]] = []

    def call(self, method: str, path: str, doc: Any = None, **kw: Any) -> Exchange:
        if path in ("/v1/push", "/v1/sync") and doc is not None:
            docs = protocol.ChangeBlock.from_dict(doc["changes"]).docs()
            with self.lock:
                self.bodies.append((path, [int(d["seq"]) for d in docs]))
        return super().call(method, path, doc, **kw)

    def times_sent(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for _path, seqs in self.bodies:
            for seq in seqs:
                out[seq] = out.get(seq, 0) + 1
        return out


def test_answers_lost_on_the_link_are_asked_for_not_sent_again(
    served: tuple[SyncWorld, str],
) -> None:
    """The second push is stored but its answer is lost (the connection dies): the round
    asks the server what it holds and sends nothing it holds a second time."""
    world, url = served
    rep = laptop(world, url, "r", Recording)
    wrap: Recording = rep.transport  # type: ignore[assignment]
    total = 6 * BATCH + 3
    write_people(rep, total)
    lost: list[int] = []  # the seqs the server stored, whose answer never arrived

    def after(n: int, path: str, ex: Exchange) -> Exchange:
        pushes = [k for k, p, _ in wrap.log if p == "/v1/push"]
        if path == "/v1/push" and n == pushes[1] and not lost:
            lost.extend(protocol.lean.in_ranges(protocol.PushResult.decode(ex.body).accepted))
            raise LinkError("/v1/push: connection cut after the body (test)")
        return ex

    wrap.after = after
    report = rep.sync()
    assert report.complete, report
    assert lost and any(p == "/v1/held" for _, p, _ in wrap.log)
    # (a batch refused for arriving early is sent again by design: not those)
    sent = wrap.times_sent()
    assert len(lost) == BATCH and all(sent[seq] == 1 for seq in lost), "held, sent again"
    assert report.duplicates >= BATCH  # the lost answer's batch, confirmed by the question
    assert_all_stored_once_in_order(world, rep, total)


def test_a_round_after_a_cut_confirms_what_the_server_holds_first(
    served: tuple[SyncWorld, str],
) -> None:
    """The laptop closed mid-upload: the next round (another engine, the state in the
    vault) first asks, then sends only what the server lacks."""
    world, url = served
    rep = laptop(world, url, "s", Recording)
    wrap: Recording = rep.transport  # type: ignore[assignment]
    write_people(rep, 3 * BATCH)
    waiting = rep.replica.pending_changes(10_000)
    held = waiting[:BATCH]  # as if stored, the answer never seen
    assert world.server.client.post(
        "/v1/push",
        content=protocol.PushBatch.of(rep.replica.device_id, "0.1.0", held).encode(),
        headers={
            "Authorization": f"Bearer {rep.replica.get_sync_state('device_token')}",
            "Content-Type": "application/json",
        },
    ).is_success
    rep.replica.set_sync_state(KEY_PUSHED_UPTO, waiting[2 * BATCH - 1].seq)  # two were sent
    report = rep.sync()
    assert report.complete, report
    assert wrap.log[0][1] == "/v1/held" and report.duplicates == BATCH
    sent = wrap.times_sent()
    assert not any(c.seq in sent for c in held)  # asked about, never sent again
    assert all(sent.get(c.seq) == 1 for c in waiting[BATCH:])
    assert_all_stored_once_in_order(world, rep, 3 * BATCH)
    again = rep.sync()  # nothing sent is waiting: no question
    assert again.complete and again.requests == 1


def test_the_server_names_only_the_asking_devices_held_changes(world: SyncWorld) -> None:
    a, b = world.replica("a"), world.replica("b")
    write_people(a, 5)
    assert a.sync().complete
    mine = stored_in_order(world, a.replica.device_id)

    def ask(rep: Any, doc: Any) -> Any:
        token = rep.replica.get_sync_state("device_token")
        return world.server.client.post(
            "/v1/held", json=doc, headers={"Authorization": f"Bearer {token}"}
        )

    question = protocol.HeldRequest.of([*mine, max(mine) + 1], "0.1.0").to_dict()
    answer = protocol.PushResult.from_dict(ask(a, question).json())
    assert protocol.lean.in_ranges(answer.duplicate) == set(mine)
    assert not answer.accepted and not answer.items
    other = protocol.PushResult.from_dict(ask(b, question).json())  # b's own ids: none held
    assert other.names_nothing
    assert derived_change_id(b.replica.device_id, 1) != derived_change_id(a.replica.device_id, 1)
    bad = {
        "backwards": ({**question, "seqs": [[5, 1]]}, 400),
        "too many": ({**question, "seqs": [[1, protocol.MAX_HELD_CHANGES + 1]]}, 413),
        "old client": ({**question, "protocol_version": 1}, 426),
        "not a range": ({**question, "seqs": [[1, "x"]]}, 400),
    }
    for what, (doc, status) in bad.items():
        assert ask(a, doc).status_code == status, what
    assert world.server.client.post("/v1/held", json=question).status_code == 401


def test_a_server_without_the_question_gets_everything_again(
    served: tuple[SyncWorld, str],
) -> None:
    """An older server answers 404: the waiting changes are sent again, as before."""
    world, url = served
    rep = laptop(world, url, "o", Recording)
    wrap: Recording = rep.transport  # type: ignore[assignment]
    write_people(rep, 2 * BATCH)
    rep.replica.set_sync_state(KEY_PUSHED_UPTO, 10**6)

    def before(n: int, path: str, headers: dict[str, str] | None) -> None:
        if path == "/v1/held":
            raise resume.errors.RequestRefused("", "HTTP 404", 404)

    wrap.before = before
    report = rep.sync()
    assert report.complete and report.duplicates == 0, report
    assert_all_stored_once_in_order(world, rep, 2 * BATCH)


def test_the_question_waits_for_the_devices_pushes_still_running() -> None:
    """``/v1/held`` answers once the device's pushes running in this process end (the
    batch whose answer the cut lost may still be being stored), bounded."""
    order = PushOrder()
    inside, leave = threading.Event(), threading.Event()

    def push() -> None:
        with order.running("d"):
            inside.set()
            leave.wait(WAIT)

    pusher = threading.Thread(target=push)
    pusher.start()
    assert inside.wait(WAIT)
    assert order.quiet("other", 0) is True  # another device's pushes: no wait
    assert order.quiet("d", 0.05) is False  # still running: the bound holds
    done: list[bool] = []
    waiter = threading.Thread(target=lambda: done.append(order.quiet("d", WAIT)))
    waiter.start()
    leave.set()
    waiter.join(WAIT)
    pusher.join(WAIT)
    assert done == [True]


def test_a_restamped_outbox_is_sent_again_not_asked_about(world: SyncWorld) -> None:
    """Review 6 F1: a re-stamp gives waiting changes new bodies under the same ids, which
    the server may hold in their old form; ``/v1/held`` compares ids only, so the re-stamp
    resets ``pushed_upto`` (they are sent, and the push decides: ``id_reused``)."""
    rep = world.replica("t")
    write_people(rep, 3)
    rep.replica.set_sync_state(KEY_PUSHED_UPTO, 10**6)
    assert rep.replica.restamp_changes(["another-refused-change"], -3_600_000) >= 3
    assert rep.replica.get_sync_state(KEY_PUSHED_UPTO) == 0
