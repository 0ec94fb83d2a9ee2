"""Child process for the crash test: writes records forever, acknowledging each on stdout.

Usage: python -m tests.store.crash_writer DATA_DIR USER  (passphrase on stdin, never argv).
An id is printed (and flushed) only after the store call that wrote it has returned.
"""

from __future__ import annotations

import random
import sys

from app.store import Vault


def main() -> None:
    data_dir, user = sys.argv[1], sys.argv[2]
    passphrase = sys.stdin.readline().rstrip("\n")
    store = Vault.unlock(data_dir, user, passphrase)
    rng = random.Random()
    last_person: str | None = None
    out = sys.stdout
    n = 0
    while True:
        n += 1
        kind = rng.random()
        if kind < 0.5 or last_person is None:
            pid = store.insert("person", {"given_names": f"p{n}", "doc_number": f"{n:08d}"})
            last_person = pid
            out.write(f"person {pid}\n")
        elif kind < 0.7:
            with store.transaction() as tx:
                cid = tx.insert("case", {"person_id": last_person, "matter": "alimentos"})
                nid = tx.insert("note", {"case_id": cid, "text": f"nota {n} " * 30})
                tx.update("person", last_person, {"phone": f"9{n:08d}"})
            out.write(f"case {cid}\nnote {nid}\nphone {last_person} 9{n:08d}\n")
        elif kind < 0.9:
            store.update("person", last_person, {"given_names": f"q{n}"})
            out.write(f"name {last_person} q{n}\n")
        else:
            value = store.next_counter("crash")
            out.write(f"counter crash {value}\n")
        out.flush()


if __name__ == "__main__":
    main()
