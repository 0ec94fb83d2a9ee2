"""The suite's xdist scheduler: ``--dist loadfile`` that survives a crashed worker.

Owns the ``pytest_xdist_make_scheduler`` hook (imported by ``tests/conftest.py``).
pytest-xdist 3.8.0 (the newest release) can hang for ever once a worker dies under
``--dist loadfile``: ``LoadScopeScheduling.remove_node`` puts the dead worker's whole
workload back on the queue, files it had already finished included, and those come back
as empty work units that never complete; and a replacement worker handed a single test
waits for a second one that never comes (pytest-xdist issues 1323, 1327, 1378), and a
replacement asked for work before its collection arrived raises KeyError (issue 1189). The
project's CI did exactly that: a worker segfaulted at 78 % and the run hung at 96 % until
its 5400 s limit. Here a crash re-queues only unfinished files, never reruns the test the
worker died on (xdist has already reported it failed), and a worker is told to finish as
soon as no work is left for it.

It also hands out the longest files first (longest-processing-time order): a file runs
whole on one worker, so a long file started last leaves the other worker idle while it
finishes. The seconds per file come from an idle ``--durations=0`` run of the whole suite,
kept in ``tests/durations.json`` (``python -m tests.xdist_scheduler LOG`` rewrites it);
a file not listed there is estimated from its number of tests.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadFileScheduling

DURATIONS = Path(__file__).with_name("durations.json")
_DURATION_LINE = re.compile(r"^\s*([0-9.]+)s\s+(?:setup|call|teardown)\s+([^:\s]+\.py)(::.+?)\s*$")


def durations_from_log(text: str) -> dict[str, Any]:
    """From pytest's ``--durations=0`` report: the seconds of each file (every phase of
    every test summed) and the mean seconds of a test, for files not measured yet."""
    seconds: dict[str, float] = defaultdict(float)
    tests: set[str] = set()
    for line in text.splitlines():
        match = _DURATION_LINE.match(line)
        if match:
            seconds[match.group(2)] += float(match.group(1))
            tests.add(match.group(2) + match.group(3))
    mean = sum(seconds.values()) / len(tests) if tests else 1.0
    files = {name: round(value, 2) for name, value in sorted(seconds.items())}
    return {"mean_per_test": round(mean, 3), "files": files}


def load_durations(path: Path = DURATIONS) -> dict[str, Any]:
    """What :func:`durations_from_log` wrote (no files known when it is missing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {"mean_per_test": float(data["mean_per_test"]), "files": dict(data["files"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {"mean_per_test": 1.0, "files": {}}


class LoadFileSurvivingCrashes(LoadFileScheduling):
    """``LoadFileScheduling`` with the crash fixes and the longest-first order described
    in the module docstring."""

    def __init__(self, config: Any, log: Any = None, durations: dict[str, Any] | None = None):
        super().__init__(config, log)
        known = load_durations() if durations is None else durations
        self.seconds: dict[str, float] = known["files"]
        self.per_test: float = known["mean_per_test"]

    def weight(self, scope: str, unit: dict[str, bool]) -> float:
        """The expected seconds of a file: as measured, or its number of tests × the mean."""
        return self.seconds.get(scope, len(unit) * self.per_test)

    def _assign_work_unit(self, node: Any) -> None:
        # Longest first: move the heaviest waiting file to the head of xdist's queue.
        heaviest = max(self.workqueue, key=lambda scope: self.weight(scope, self.workqueue[scope]))
        self.workqueue.move_to_end(heaviest, last=False)
        super()._assign_work_unit(node)

    def remove_node(self, node: Any) -> str | None:
        workload = self.assigned_work.pop(node)
        unfinished = {scope: unit for scope, unit in workload.items() if not all(unit.values())}
        if not unfinished:
            return None
        crashitem = next(
            nodeid for unit in unfinished.values() for nodeid, done in unit.items() if not done
        )
        unfinished[self._split_scope(crashitem)][crashitem] = True  # reported failed; no rerun
        self.workqueue.update(
            (scope, unit) for scope, unit in unfinished.items() if not all(unit.values())
        )
        for other in self.assigned_work:
            self._reschedule(other)
        return crashitem

    def _reschedule(self, node: Any) -> None:
        # Top a live worker up until it holds more than two tests (xdist gives one file per
        # call, so a replacement handed a one-test file while the others were already
        # finishing got nothing more, and the files re-queued by a crash waited for ever).
        # (A replacement that has not finished collecting yet is left alone: xdist's own
        # code raised KeyError there when a second worker's collection arrived first.)
        if not node.shutting_down and node in self.registered_collections:
            while self.workqueue and self._pending_of(self.assigned_work[node]) <= 2:
                self._assign_work_unit(node)
        # A worker runs a test only once it knows the next one, or that none will come:
        # once the queue is empty, tell every worker so.
        if not self.workqueue:
            for worker in self.assigned_work:
                if not worker.shutting_down:
                    worker.shutdown()


@pytest.hookimpl
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") == "loadfile":
        return LoadFileSurvivingCrashes(config, log)
    return None


if __name__ == "__main__":  # python -m tests.xdist_scheduler LOG: rewrite tests/durations.json
    measured = durations_from_log(Path(sys.argv[1]).read_text(encoding="utf-8"))
    DURATIONS.write_text(json.dumps(measured, indent=1) + "\n", encoding="utf-8")
    print(f"{len(measured['files'])} files, {sum(measured['files'].values()):.0f} s in all")
