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

from tests.xdist_scheduler import LoadFileSurvivingCrashes, durations_from_log


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


def _handed_out(scheduler: Any, files: list[int]) -> list[int]:
    """The order in which two workers are handed the files (of ``files`` tests each) while
    they run every test."""
    collection = [f"tests/test_{f}.py::test_{t}" for f, n in enumerate(files) for t in range(n)]
    order: list[int] = []

    class Logged(_Worker):
        def send_runtest_some(self, indexes: list[int]) -> None:
            for index in indexes:
                file = int(collection[index].split("::")[0][len("tests/test_") : -len(".py")])
                if file not in order:
                    order.append(file)
            super().send_runtest_some(indexes)

    workers = [Logged("gw0"), Logged("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, collection)
    scheduler.schedule()
    while ready := [w for w in workers if w.can_run()]:
        scheduler.mark_test_complete(ready[0], ready[0].queue.pop(0))
    return order


def test_the_longest_files_are_handed_out_first() -> None:
    """A file runs whole on one worker: a long one started last keeps the run going on one
    core. xdist orders files by their number of tests; ours by measured seconds."""
    files = [5, 1, 3, 2]  # tests per file; test_1 (one test) is the long one
    seconds = {"tests/test_0.py": 5.0, "tests/test_1.py": 60.0, "tests/test_2.py": 10.0}
    known = {"mean_per_test": 4.0, "files": seconds}  # test_3 unmeasured: 2 × 4 s = 8 s
    assert _handed_out(LoadFileSurvivingCrashes(_Config(), durations=known), files) == [
        1,
        2,
        3,
        0,
    ]
    assert _handed_out(LoadFileScheduling(_Config()), files) == [0, 2, 3, 1]


def test_durations_are_read_per_file_from_pytests_report() -> None:
    report = """
============================= slowest durations ==============================
12.50s call     tests/ui/test_a.py::test_one
0.50s setup    tests/ui/test_a.py::test_one
1.00s call     tests/core/test_b.py::test_two[with space]
0.25s teardown tests/core/test_b.py::test_two[with space]
2.25s call     tests/ui/test_a.py::test_three
(12 durations < 0.005s hidden.  Use -vv to show these durations.)
"""
    measured = durations_from_log(report)
    assert measured["files"] == {"tests/core/test_b.py": 1.25, "tests/ui/test_a.py": 15.25}
    assert measured["mean_per_test"] == round(16.5 / 3, 3)
