"""Enrollment is all or nothing: killed as each SQL statement it runs starts, the vault is
either as it was (standalone, no token, outbox untouched) or fully enrolled (server's
device and office, token, URL, epoch, outbox rewritten) — never in between."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.store import Vault
from tests.conftest import PASS, make_vault
from tests.sync.conftest import SyncWorld

REPO = Path(__file__).resolve().parents[2]


def _state(data: Path) -> dict[str, Any]:
    store = Vault.unlock(data, "ana", PASS)
    try:
        assert store.verify_audit().ok
        bodies = [json.loads(r["body"]) for r in store.query("SELECT body FROM outbox")]
        return {
            "device_id": store.device_id,
            "office_id": store.office_id,
            "token": store.replica.get_sync_state("device_token"),
            "url": store.replica.get_sync_state("server_url"),
            "epoch": store.replica.get_sync_state("epoch"),
            "enrollment": store.replica.get_sync_state("enrollment"),
            "outbox_devices": {b["device_id"] for b in bodies},
            "people": store.query("SELECT count(*) AS n FROM person")[0]["n"],
        }
    finally:
        store.lock()


def _assert_enrolled(state: dict[str, Any], before: dict[str, Any]) -> None:
    assert state["device_id"] != before["device_id"], state
    assert state["token"] and state["url"] and state["epoch"] and state["enrollment"], state
    assert state["outbox_devices"] == {state["device_id"]}, state
    assert state["people"] == before["people"]


def test_enrollment_killed_at_every_step(world: SyncWorld) -> None:
    template = world.tmp / "template"
    store = make_vault(template, "LIMA")
    for i in range(3):
        store.insert("person", {"office_id": store.office_id, "given_names": f"P{i}"})
    store.lock()
    before = _state(template)
    out = world.tmp / "tries"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHASQUI_")}
    env["PYTHONPATH"] = str(REPO)
    args = [str(template), str(world.server.path), world.server.office.office_id, str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "tests.sync.enroll_child", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(result["killed"]) >= 3, result  # enrollment writes several statements
    outcomes = []
    for kill_at in result["killed"]:
        state = _state(out / f"try{kill_at}")
        if state == before:
            outcomes.append("old")
        else:
            _assert_enrolled(state, before)  # never in between
            outcomes.append("new")
    _assert_enrolled(_state(out / f"try{result['done']}"), before)
    assert outcomes[0] == "old", outcomes
    assert outcomes == sorted(outcomes, key=("old", "new").index), outcomes  # one switch
