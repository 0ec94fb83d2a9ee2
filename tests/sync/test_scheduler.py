"""The scheduler: probe, coalescing requests, never two rounds at once, stop."""

from __future__ import annotations

import threading
from typing import Any

from sync.client import CancelToken, RoundReport, Scheduler
from sync.client.ports import ProgressCallback
from tests.sync.conftest import SyncWorld
from tests.sync.test_scenarios import person


class GatedEngine:
    """Wraps a real engine: each round waits for the test's go, and overlaps are counted."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.transport = engine.transport
        self.active = 0
        self.max_active = 0
        self.rounds = 0
        self.started = threading.Semaphore(0)
        self.go = threading.Semaphore(0)
        self._lock = threading.Lock()

    def run_round(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> RoundReport:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        self.started.release()
        self.go.acquire()
        try:
            return self.engine.run_round(progress=progress, cancel=cancel)
        finally:
            with self._lock:
                self.active -= 1
                self.rounds += 1


def test_requests_coalesce_and_rounds_never_overlap(world: SyncWorld) -> None:
    rep = world.replica()
    gated = GatedEngine(rep.engine)
    reports: list[RoundReport] = []
    sched = Scheduler(gated, every=3600, probe_every=3600, on_report=reports.append)  # type: ignore[arg-type]
    sched.start()
    try:
        sched.request()
        assert gated.started.acquire(timeout=30)  # round 1 is running
        person(rep)  # the store stays writable during a round
        for _ in range(5):
            sched.request()  # coalesce into one more round
        gated.go.release()
        assert gated.started.acquire(timeout=30)  # round 2
        gated.go.release()
        assert sched.wait_idle(timeout=30)
        assert gated.rounds == 2 and gated.max_active == 1
        assert reports[-1].complete and rep.store.replica.pending_count() == 0
    finally:
        for _ in range(3):
            gated.go.release()
        sched.stop()


def test_probe_goes_online_and_syncs(world: SyncWorld) -> None:
    rep = world.replica()
    person(rep)
    online: list[bool] = []
    done = threading.Event()
    sched = Scheduler(
        rep.engine,
        every=3600,
        probe_every=3600,
        on_online=online.append,
        on_report=lambda r: done.set(),
    )
    sched.start()
    try:
        assert done.wait(30)  # first tick: probe, then a round
        assert online == [True] and rep.store.replica.pending_count() == 0
    finally:
        sched.stop()


def test_stop_cancels_a_running_round(world: SyncWorld) -> None:
    rep = world.replica()
    gated = GatedEngine(rep.engine)
    reports: list[RoundReport] = []
    sched = Scheduler(gated, every=3600, probe_every=3600, on_report=reports.append)  # type: ignore[arg-type]
    sched.start()
    sched.request()
    assert gated.started.acquire(timeout=30)
    stopper = threading.Thread(target=sched.stop)
    stopper.start()
    gated.go.release()
    stopper.join(30)
    assert not stopper.is_alive()
    assert reports and reports[-1].status in ("cancelled", "ok")
