"""Child process for the SIGKILL tests: one sync round that kills itself mid-way.

``python -m tests.sync.crash_child DATA_DIR SERVER_DB MODE`` unlocks the vault, talks to
the server app (in-process, on the same SQLite file) and SIGKILLs itself either in the
middle of applying a pulled page (``apply``: inside the store's transaction) or after
the server stored a push and before the confirmation is written (``confirm``).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.testclient import TestClient

from app.store import Vault
from app.store.replication import Replica
from sync.client import HttpTransport, SyncEngine
from sync.server.app import create_app
from tests.conftest import PASS


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


class Killer(Replica):
    mode = "apply"

    def apply_remote_changes(self, changes: Iterable[Any], cursor: Any = None) -> Any:
        items = list(changes)
        if self.mode == "apply" and len(items) > 4:

            def half() -> Iterator[Any]:
                for i, item in enumerate(items):
                    if i == len(items) // 2:
                        print("killing inside apply", flush=True)
                        die()
                    yield item

            return super().apply_remote_changes(half(), cursor)
        return super().apply_remote_changes(items, cursor)

    def confirm_changes(self, change_ids: Iterable[str], epoch: str | None = None) -> int:
        if self.mode == "confirm":
            print("killing before confirm", flush=True)
            die()
        return super().confirm_changes(change_ids, epoch)


def main() -> None:
    data_dir, server_db, mode = sys.argv[1:4]
    store = Vault.unlock(data_dir, "ana", PASS)
    replica = Killer(store)
    replica.mode = mode
    app = create_app(f"sqlite:///{server_db}")
    client = TestClient(app, base_url="http://chasqui.test", raise_server_exceptions=False)
    transport = HttpTransport(
        "http://chasqui.test", replica.get_sync_state("device_token"), client=client
    )
    report = SyncEngine(replica, transport, sleep=lambda s: None).run_round()
    print("round ended without a kill:", report.summary(), flush=True)


if __name__ == "__main__":
    main()
