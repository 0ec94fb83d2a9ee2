"""CPU seconds of the benchmark's server processes (psutil), beside wall time.

Owns ``CpuMeter``: the CPU that a ``chasqui-server serve`` process tree and a PostgreSQL
cluster's processes used over a measured window — a figure the shared machine's load
inflates far less than wall time (``bench/server.py``).
"""

from __future__ import annotations

import time

import psutil

from tests.server.serve_process import ServeProcess


def _tree_cpu(pid: int | None) -> float:
    """CPU seconds of process ``pid`` and its descendants (those gone and waited for too):
    the server's workers, or the PostgreSQL cluster's backends (0 without a pid)."""
    if pid is None:
        return 0.0
    try:
        top = psutil.Process(pid)
        procs = [top, *top.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


class CpuMeter:
    """The server's and the database's CPU seconds over a measured window: a figure the
    machine's load inflates far less than wall time (the benchmark shares 2 cores)."""

    def __init__(self, server: ServeProcess, db_pid: int | None) -> None:
        self.pids = (server.proc.pid if server.proc else None, db_pid)
        self.start = [_tree_cpu(p) for p in self.pids]

    def used(self) -> tuple[float, float]:
        """(server, database) CPU seconds since the meter started."""
        now = [_tree_cpu(p) for p in self.pids]
        return now[0] - self.start[0], now[1] - self.start[1]


def settled(
    server: ServeProcess, quiet: float = 0.05, step: float = 0.5, most: float = 60.0
) -> float:
    """Wait until the server's processes use less than ``quiet`` CPU seconds per ``step``
    (its workers' start-up work in the background — e.g. the dashboard's warm-up — done),
    at most ``most`` seconds; the seconds waited. A benchmark's window then measures the
    requests, not the start."""
    start = time.monotonic()
    meter = CpuMeter(server, None)
    while time.monotonic() - start < most:
        time.sleep(step)  # a benchmark sampling CPU, not a test's synchronisation
        used, _ = meter.used()
        if used < quiet:
            break
        meter = CpuMeter(server, None)
    return time.monotonic() - start
