"""What the client's check of received changes costs (issue 12: the client trusts no peer).

Every pulled change and snapshot record is checked against the entity specification
before it is written (``app.store.kept_aside.remote_problem``). Run
``.venv/bin/python bench/kept_aside_check.py``: it prints, for realistic 500-change
pages of people from another device, the median time of the check alone and of the
whole ``apply_remote_changes`` (check, merge, row and search-index writes, cursor, one
SQLCipher transaction) measured in the same run, and the check's share.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.store import kept_aside
from app.store.schema import ENTITIES
from sync.changes import Change
from sync.hlc import HybridLogicalClock
from tests.conftest import make_vault

CLOCK = HybridLogicalClock("remote.node")


def page(n: int) -> list[Change]:
    out = []
    for i in range(n):
        fields = {
            "office_id": "o",
            "given_names": f"Rosa {i}",
            "paternal_surname": "Quispe",
            "maternal_surname": "Mamani",
            "doc_type": "DNI",
            "doc_number": f"{40000000 + i}",
            "birth_date": "1990-02-28",
            "sex": "F",
            "ubigeo": "150101",
            "phone": "912345678",
        }
        change_id, entity_id = uuid.uuid4().hex, uuid.uuid4().hex
        out.append(
            Change(change_id, "person", entity_id, "upsert", fields, {}, CLOCK.now(), "r", i + 1)
        )
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = make_vault(Path(tmp) / "v", "LIMA")
        wall = store.context.wall()
        person = ENTITIES["person"]
        checks, applies = [], []
        for _ in range(5):
            changes = page(500)
            started = time.perf_counter()
            assert all(kept_aside.remote_problem(person, c, wall) is None for c in changes)
            checks.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.replica.apply_remote_changes(changes)
            applies.append(time.perf_counter() - started)
        store.lock()
    check, apply = statistics.median(checks), statistics.median(applies)
    print(
        f"500-change page: check {check * 1000:.1f} ms ({check * 2000:.2f} ms per 1000 changes),"
        f" whole apply {apply * 1000:.1f} ms; the check is {check / apply:.1%} of applying"
    )


if __name__ == "__main__":
    main()
