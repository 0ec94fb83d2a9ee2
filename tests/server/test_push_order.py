"""``PushOrder``: a pipelined push waits for its predecessor (bounded), driven by events.

Threads stand for requests of one server process; every wait is on an event that the
test sets, and the bounds are small so a refusal comes quickly (never a sleep)."""

from __future__ import annotations

import threading

from sync.server.push_order import PushOrder

WAIT = 20.0  # seconds an event may take before the test fails


def test_a_follower_waits_while_its_predecessor_runs_then_goes_on() -> None:
    order = PushOrder()
    stored = threading.Event()
    looked = threading.Semaphore(0)
    answer: list[bool] = []

    def check() -> bool:
        looked.release()
        return stored.is_set()

    # the predecessor runs, then the follower
    with order.running("dev"), order.running("dev") as ticket:
        follower = threading.Thread(
            target=lambda: answer.append(
                order.wait_stored("dev", ticket, check, grace=0.0, step=0.01)
            )
        )
        follower.start()
        # looked twice: it waited (with no grace) because an earlier push runs
        assert looked.acquire(timeout=WAIT) and looked.acquire(timeout=WAIT)
        assert answer == []
        stored.set()
        follower.join(WAIT)
    assert answer == [True]


def test_without_an_earlier_push_running_the_wait_is_the_grace_then_refused() -> None:
    order = PushOrder()
    with order.running("dev") as ticket:
        assert order.wait_stored("dev", ticket, lambda: False, grace=0.05, step=0.01) is False


def test_a_later_push_or_another_device_never_holds_a_follower() -> None:
    order = PushOrder()
    with order.running("dev") as ticket, order.running("dev"), order.running("other"):
        assert order.wait_stored("dev", ticket, lambda: False, grace=0.05, step=0.01) is False


def test_a_predecessor_stored_meanwhile_is_seen_at_the_next_check() -> None:
    order = PushOrder()
    checks = iter([False, False, True])
    with order.running("dev") as ticket:
        assert order.wait_stored("dev", ticket, lambda: next(checks), grace=WAIT, step=0.01)


def test_the_question_waits_for_a_push_stored_elsewhere_bounded() -> None:
    """``quiet(elsewhere=)``: a push claimed by another process (``held.claimed``) holds
    the question until it is released, looked at again at least every ``STEP_S``; a claim
    never released holds it for ``wait`` only (the questions of a device share one such
    wait: ``held.Questions``, tests/server/test_held_claims.py)."""
    order = PushOrder()
    looks: list[int] = []
    claimed = threading.Event()
    claimed.set()

    def elsewhere() -> bool:
        looks.append(1)
        if len(looks) == 3:  # the other process releases its claim
            claimed.clear()
        return claimed.is_set()

    assert order.quiet("d", 30.0, elsewhere) is True
    assert len(looks) == 3  # looked again until released, never past it
    assert order.quiet("d", 0.05, lambda: True) is False  # never released: the bound
