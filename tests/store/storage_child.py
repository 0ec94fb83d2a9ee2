"""Child process for storage-failure tests (run by test_storage.py).

Usage: python -m tests.store.storage_child MODE DATA_DIR USER  (passphrase on stdin).
MODE ``full``: cap the size any file may grow to (RLIMIT_FSIZE, SIGXFSZ ignored, so the
kernel answers EFBIG like a full disk), then write until the store refuses.
MODE ``nolimit``: write until the store refuses (the caller made the disk small).
MODE ``readonly``: the data dir is expected to be read-only; try to unlock and write.
Prints ``ack <id>`` after each acknowledged write and ``refused <ErrorClass>: <msg>``.
"""

from __future__ import annotations

import resource
import signal
import sys
from pathlib import Path

from app.store import Vault
from sync.errors import ChasquiError


def main() -> None:
    mode, data_dir, user = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    passphrase = sys.stdin.readline().rstrip("\n")
    out = sys.stdout
    try:
        store = Vault.unlock(data_dir, user, passphrase)
    except ChasquiError as exc:
        out.write(f"refused {type(exc).__name__}: {exc}\n")
        return
    if mode == "full":
        biggest = max(p.stat().st_size for p in data_dir.iterdir() if p.is_file())
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = biggest + 256 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        for i in range(100_000):
            nid = store.insert("note", {"case_id": "c", "text": f"nota {i} " * 400})
            out.write(f"ack {nid}\n")
            out.flush()
    except ChasquiError as exc:
        out.write(f"refused {type(exc).__name__}: {exc}\n")
    out.flush()
    if mode in ("full", "nolimit"):  # reads still work, and the store locks cleanly
        assert store.get("note", "missing") is None
        out.write(f"verify {store.verify_audit().ok}\n")
    store.lock()


if __name__ == "__main__":
    main()
