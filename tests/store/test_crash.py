"""Crash safety: a writer process is SIGKILLed at random points, 50+ times, on one vault.

After each kill the vault is reopened and every acknowledged write must be there, the
outbox must reproduce the rows, and the audit chain must verify. (SIGKILL loses the
process, not the OS page cache: this checks transactional atomicity and our ordering,
not power-loss durability, which rests on SQLite's ``synchronous = FULL`` + WAL.)
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Vault
from tests.conftest import FAST, PASS
from tests.store.conftest import row
from tests.store.helpers import assert_outbox_matches_rows

ROOT = Path(__file__).resolve().parents[2]
KILLS = 55


def _run_until_killed(data_dir: Path, acks_wanted: int) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.kdf_floor", "tests.store.crash_writer", str(data_dir), "ana"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(PASS + "\n")
    proc.stdin.flush()
    acks: list[str] = []
    try:
        while len(acks) < acks_wanted:
            line = proc.stdout.readline()
            if not line:
                err = proc.stderr.read() if proc.stderr else ""
                raise AssertionError(f"writer died early: {err[-2000:]}")
            acks.append(line.rstrip("\n"))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    # lines the child wrote after our last read were acknowledged too
    acks += [line for line in proc.stdout.read().splitlines() if line]
    proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    if proc.stdin:
        proc.stdin.close()
    return acks


@pytest.mark.slow
def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "vault"
    store, _ = Vault.create(data_dir, "LIM01", "ALEGRA", "ana", PASS, kdf=FAST)
    store.lock()
    rng = random.Random(20261126)
    expected_rows: dict[str, str] = {}  # id -> entity
    expected_fields: dict[tuple[str, str], str] = {}
    counter = 0
    for _ in range(KILLS):
        acks = _run_until_killed(data_dir, rng.randint(1, 25))
        for line in acks:
            parts = line.split()
            if parts[0] in ("person", "case", "note"):
                expected_rows[parts[1]] = parts[0]
            elif parts[0] == "phone":
                expected_fields[(parts[1], "phone")] = parts[2]
            elif parts[0] == "name":
                expected_fields[(parts[1], "given_names")] = parts[2]
            elif parts[0] == "counter":
                counter = max(counter, int(parts[2]))
        check = Vault.unlock(data_dir, "ana", PASS)
        try:
            for entity_id, entity in expected_rows.items():
                assert check.get(entity, entity_id) is not None, (entity, entity_id)
            for (pid, name), value in expected_fields.items():
                # a later unacknowledged write may have replaced it: it must be at least as new
                got = row(check, "person", pid)[name]
                assert got is not None and int(got[1:]) >= int(value[1:]), (pid, name)
            if counter:
                current = check.query("SELECT value FROM counter WHERE name = 'crash'")
                assert current[0]["value"] >= counter
            assert_outbox_matches_rows(check)
            assert check.verify_audit().ok
        finally:
            check.lock()
    assert len(expected_rows) > KILLS
