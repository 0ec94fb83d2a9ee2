"""The cost of Spanish alphabetical order in the lists (``app.store.collation``).

Run: ``.venv/bin/python -m bench.ui_lists [--people 20000] [--runs 7] [--quick]``

A vault (fast key derivation: unlocking is not measured) with ``--people`` sample people
(``app.core.sample.person``: accented names, some starting with Á or Ñ) loaded through the
store's real write path. Measured, median of ``--runs``, in the same run:

- Personas' first page (200 rows) sorted by name as the list asks for it
  (``app.core.queries.lists.fetch_rows``: ``ORDER BY es_key(paternal_surname)``, then the
  rest of the name), and the next page by keyset;
- baseline: the same query ordered by the raw column (byte order over the
  paternal-surname index: 200 rows read), which is what the list did before and what put
  "Álvarez" after "Zúñiga".

The name sort has no index (``es_key`` is a function registered on the connection), so
each page scans the people: the figure grows with the office's size. Target: a page well
under the 100 ms the UI's stall benchmark allows (it runs in the worker, never on the UI
thread).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(data_dir: Path, n: int) -> Any:
    from app.core import sample
    from app.store import KdfParams, Vault

    store, _recovery = Vault.create(
        data_dir, "LIM01", "ALEGRA Lima", "ana", "ciruela-tambor-9-lluvia", kdf=KdfParams.fast()
    )
    rng = random.Random(7)
    for start in range(0, n, 1000):
        with store.transaction() as tx:
            for _ in range(min(1000, n - start)):
                person = sample.person(rng)
                tx.insert("person", person)
    return store


def timed(fn: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="2 000 people, 3 runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.people, args.runs = 2000, 3
    from app.core.queries import lists

    with tempfile.TemporaryDirectory(prefix="chasqui-bench-lists-") as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp) / "vault", args.people)
        print(f"(loaded {args.people} people in {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        try:
            first = lists.fetch_rows(store, "person", {}, "name", False, 0, 200)
            after = (first[-1]["_key"], first[-1]["_tie"])
            spanish = timed(
                lambda: lists.fetch_rows(store, "person", {}, "name", False, 0, 200), args.runs
            )
            second = timed(
                lambda: lists.fetch_rows(store, "person", {}, "name", False, 200, 200, after),
                args.runs,
            )
            byte_order = dict(lists.PERSON_SORT, name="p.paternal_surname")  # as before
            saved, lists.PERSON_SORT = lists.PERSON_SORT, byte_order
            try:
                plain = timed(
                    lambda: lists.fetch_rows(store, "person", {}, "name", False, 0, 200),
                    args.runs,
                )
            finally:
                lists.PERSON_SORT = saved
            shown = [r["name"] for r in first[:3]]
        finally:
            store.lock()
    title = f"measure (median, {args.people} people)"
    print(f"{title:52} {'value':>9} {'baseline':>9} {'ratio':>6}")
    for name, value in (
        ("Personas by name, first page (ms)", spanish),
        ("Personas by name, next page (ms)", second),
    ):
        print(f"{name:52} {value * 1000:9.1f} {plain * 1000:9.1f} {value / plain:6.1f}")
    print(f"first names listed: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
