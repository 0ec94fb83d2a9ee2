"""A second process writing into the vault while a backup runs (tests/backup).

Usage: ``python -m tests.backup.writer_child DATA_DIR``. Unlocks the vault (passphrase
from ``CHASQUI_PASSPHRASE``), then inserts people and notes carrying marker text, one
transaction each with a 10 ms gap (the load model), printing ``ack <person id>``
(flushed) after each commit, until killed or after ``--max`` records.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from app.store import Vault
from tests.kdf_floor import lower

MARKER = "ZQXRESPALDOMARCA"


def main() -> int:
    data_dir = Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    lower()  # the suite's vaults use cheap key derivation
    store = Vault.unlock(data_dir, "ana", os.environ["CHASQUI_PASSPHRASE"])
    try:
        for i in range(limit):
            with store.transaction() as tx:
                person = tx.insert(
                    "person",
                    {"office_id": store.office_id, "given_names": f"{MARKER} persona {i}"},
                )
            print(f"ack {person}", flush=True)
            # A real app writes in bursts with gaps (a person typing, a sync page waiting for
            # the network). A loop that re-takes the write lock within microseconds of
            # releasing it starves every other writer on a loaded machine, because SQLite's
            # busy handler polls rather than queues. This pause is the load model, not a wait
            # for anything.
            time.sleep(0.01)
    finally:
        store.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
