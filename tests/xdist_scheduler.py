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
"""

from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadFileScheduling


class LoadFileSurvivingCrashes(LoadFileScheduling):
    """``LoadFileScheduling`` with the crash fixes described in the module docstring."""

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
