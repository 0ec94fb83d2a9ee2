"""SIGKILL during a sync round (a real child process): the store stays consistent and
the next round finishes the job without storing anything twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Vault
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld
from tests.sync.test_scenarios import person

ROOT = Path(__file__).resolve().parents[2]


def run_child(data_dir: Path, server_db: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.kdf_floor",
            "tests.sync.crash_child",
            str(data_dir),
            str(server_db),
            mode,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["apply", "confirm"])
def test_sigkill_mid_round(world: SyncWorld, mode: str) -> None:
    a = world.replica("a")
    victim = world.replica("victim")
    victim.sync()
    for i in range(40):
        person(a, i)
    a.sync()
    mine = [person(victim, 500 + i) for i in range(25)]
    victim.store.lock()
    done = run_child(world.tmp / "victim", world.server.path, mode)
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    assert "killing" in done.stdout
    store = Vault.unlock(world.tmp / "victim", "ana", PASS)
    try:
        assert store.verify_audit().ok
        replica = store.replica
        if mode == "apply":  # the half-applied page rolled back with its cursor
            assert store.query("SELECT count(*) AS c FROM person")[0]["c"] == 25
        else:  # the server has them, the store does not know yet: still queued
            assert store.replica.pending_count() == 25
        victim.store = store
        victim.replica = replica
        victim.engine.store = replica
        report = victim.sync()
        assert report.complete, report.errors
        if mode == "confirm":
            assert report.duplicates == 25
        assert store.query("SELECT count(*) AS c FROM person")[0]["c"] == 65
        for pid in mine:
            n = world.server.count(f"SELECT count(*) FROM change_log WHERE entity_id = '{pid}'")
            assert n == 1
    finally:
        store.lock()
