"""Child process for the enrollment kill test: enrollment SIGKILLed at each SQL statement.

``python -m tests.sync.enroll_child TEMPLATE SERVER_DB OFFICE_ID OUT_DIR`` imports
everything once, then for N = 1, 2, ...: copies the vault ``TEMPLATE`` to
``OUT_DIR/tryN``, issues a one-time code on the server database, and forks; the fork
unlocks the copy, counts the statements its writer connection starts from the beginning
of ``enroll`` (``set_trace_callback``) and SIGKILLs itself as statement N starts. The
loop stops at the first N where the enrollment finishes. Prints one JSON line:
``{"killed": [N...], "done": N}``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from app.store import Vault
from sync.client import HttpTransport, enroll
from sync.server.app import create_app
from sync.server.auth import issue_code
from sync.server.db import Database
from tests.conftest import PASS  # also lowers the KDF floor (the suite's cheap vaults)

BASE = "http://chasqui.test"


def _enroll_killed_at(data_dir: Path, server_url: str, code: str, kill_at: int) -> None:
    """In the fork: enroll, dying when statement ``kill_at`` starts; exit 0 if it finished."""
    store = Vault.unlock(data_dir, "ana", PASS)
    app = create_app(server_url, enroll_per_ip=10_000, enroll_per_code=10_000)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    seen = 0

    def trace(_sql: str) -> None:
        nonlocal seen
        seen += 1
        if seen == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    writer = store.check_open()
    writer.conn.set_trace_callback(trace)
    enroll(BASE, code, store.replica, transport=HttpTransport(BASE, client=client))
    writer.conn.set_trace_callback(None)
    store.lock()


def main() -> None:
    template, server_db, office_id, out = sys.argv[1:5]
    server_url = f"sqlite:///{server_db}"
    killed: list[int] = []
    for kill_at in range(1, 1000):
        data_dir = Path(out) / f"try{kill_at}"
        shutil.copytree(template, data_dir)
        db = Database(server_url)
        code = issue_code(db, office_id, 3600)
        db.dispose()
        pid = os.fork()
        if pid == 0:
            try:
                _enroll_killed_at(data_dir, server_url, code, kill_at)
            except BaseException:
                import traceback

                traceback.print_exc()
                os._exit(3)
            os._exit(0)
        _pid, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed.append(kill_at)
            continue
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            print(json.dumps({"killed": killed, "done": kill_at}), flush=True)
            return
        raise SystemExit(f"the enrollment failed at step {kill_at} (status {status})")
    raise SystemExit("the enrollment never finished")


if __name__ == "__main__":
    main()
