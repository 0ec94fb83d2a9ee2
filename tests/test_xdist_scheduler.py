"""The suite's ``--dist loadfile`` scheduler finishes after a worker crash
(``tests/xdist_scheduler.py``): driven here through xdist's own scheduler interface with
stand-in workers that follow the worker protocol (a worker runs a test once it knows the
next one, or that none will come)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from xdist.scheduler import LoadFileScheduling

from tests.xdist_scheduler import LoadFileSurvivingCrashes


class _Worker:
    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.shutting_down = False
        self.queue: list[int] = []

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.queue.extend(indexes)

    def shutdown(self) -> None:
        self.shutting_down = True

    def can_run(self) -> bool:
        return len(self.queue) >= 2 or (bool(self.queue) and self.shutting_down)


class _Config:
    option = SimpleNamespace(loadscopereorder=True)

    def getvalue(self, name: str) -> Any:
        return {"tx": ["2*popen"], "dist": "loadfile"}[name]


def _run(scheduler_class: type, files: list[int], crash: str) -> tuple[list[str], list[_Worker]]:
    """Run a collection of ``files`` (tests per file) on two workers; the one that reaches
    ``crash`` dies and is replaced, as xdist does. The tests run, and the workers left."""
    collection = [f"tests/test_{f}.py::test_{t}" for f, n in enumerate(files) for t in range(n)]
    sched = scheduler_class(_Config())
    workers = [_Worker("gw0"), _Worker("gw1")]
    for worker in workers:
        sched.add_node(worker)
        sched.add_node_collection(worker, collection)
    sched.schedule()
    ran: list[str] = []
    for _ in range(10 * len(collection)):  # every step runs a test: this bound is generous
        ready = [w for w in workers if w.can_run()]
        if not ready:
            break
        worker = ready[0]
        index = worker.queue.pop(0)
        if collection[index] == crash:
            crash = ""  # it dies once; xdist replaces it and reports the test failed
            worker.queue.clear()
            workers.remove(worker)
            sched.remove_node(worker)
            new = _Worker(f"gw{len(ran) + 2}")
            workers.append(new)
            sched.add_node(new)
            sched.add_node_collection(new, collection)
            sched.schedule()
            continue
        ran.append(collection[index])
        sched.mark_test_complete(worker, index)
    return ran, workers


@given(
    files=st.lists(st.integers(1, 4), min_size=2, max_size=8),
    data=st.data(),
)
@example(files=[2, 3, 1, 1], data=None)
def test_a_crash_never_stalls_the_run_nor_reruns_the_test(files: list[int], data: Any) -> None:
    crash_file = 1 if data is None else data.draw(st.integers(0, len(files) - 1))
    crash_test = 1 if data is None else data.draw(st.integers(0, files[crash_file] - 1))
    crash = f"tests/test_{crash_file}.py::test_{crash_test}"
    ran, workers = _run(LoadFileSurvivingCrashes, files, crash)
    everything = {f"tests/test_{f}.py::test_{t}" for f, n in enumerate(files) for t in range(n)}
    assert sorted(ran) == sorted(everything - {crash})  # each other test once, none lost
    assert all(not w.queue for w in workers)  # nobody is left holding a test it waits on


def test_xdist_itself_still_stalls_here() -> None:
    """When this fails, pytest-xdist has fixed its scheduler: drop tests/xdist_scheduler.py."""
    crash = "tests/test_1.py::test_1"
    ran, workers = _run(LoadFileScheduling, [2, 3, 1, 1, 2, 2], crash)
    stuck = any(w.queue for w in workers)
    rerun = crash in ran
    everything = 11
    assert stuck or rerun or len(ran) != everything - 1
