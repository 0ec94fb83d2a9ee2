"""The environment's failures reach the command line worded by class, never a traceback.

- a bad server response (a captive portal on loopback answering HTML) during
  ``chasqui enroll``: exit 1, one ``error:`` line naming the bad answer and what to do,
  the vault left unenrolled;
- a full disk during ``chasqui report case``: covered in-process in
  ``tests/reports/test_cli.py`` (the kernel's ENOSPC is simulated by patching
  ``os.fsync``, which a subprocess cannot receive).
"""

from __future__ import annotations

from pathlib import Path

from app.store import Vault
from tests.cli.conftest import assert_one_clean_error, run
from tests.conftest import PASS
from tests.sync.bad_server import captive_portal


def test_bad_server_response_during_enroll(vault: Path) -> None:
    with captive_portal() as url:
        result = run(["enroll", "--server", url, "--code", "ABCD-1234"], vault)
    assert_one_clean_error(
        result,
        1,
        "enroll",
        "not valid JSON",
        "(the server's answer is not valid Chasqui protocol; tell support)",
    )
    store = Vault.unlock(vault, "ana", PASS)
    try:
        assert store.replica.get_sync_state("device_token") is None
    finally:
        store.lock()
