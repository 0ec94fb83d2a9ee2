"""The intake's conflict check at office scale: time per check and what it finds.

Run: ``.venv/bin/python -m bench.conflict_check [--people 10000] [--queries 200]``.

A vault (fast KDF, temporary) with ``--people`` synthetic people of realistic Peruvian
surname frequencies (``app.core.sample``); then ``app.core.duplicates.find_duplicates``
for newcomers (another seed) by names only and with birth date and district, and for
known people by names only (they must find themselves first: recall). The baseline,
measured in the same run, is the naive check the issue's wording suggests — read every
person and score each name pair with rapidfuzz — against which the full-text retrieval
(three-letter name prefixes) is compared. Figures only; nothing gates on time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from app.core import duplicates, people, sample
from app.store import KdfParams, Vault

NAMES = ("given_names", "paternal_surname", "maternal_surname")


def _names(person: Mapping[str, Any]) -> dict[str, Any]:
    return {k: person[k] for k in NAMES if person.get(k)}


def _timed(check: Callable[[Mapping[str, Any]], list[Any]], queries: list[Any]) -> tuple:
    times, results = [], []
    for query in queries:
        start = time.perf_counter()
        results.append(check(query))
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000, results


def naive(store: Any, query: Mapping[str, Any]) -> list[str]:
    """Every person read and scored: the baseline."""
    rows = store.query(
        "SELECT id, given_names, paternal_surname, maternal_surname, birth_date, ubigeo "
        "FROM person WHERE _deleted = 0"
    )
    return [r["id"] for r in rows if duplicates.score_pair(query, r)[0] > 0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = Vault.create(
            Path(tmp),
            office_code="LIM01",
            office_name="Banco de prueba",
            user_name="ana",
            passphrase="banco-de-prueba-conflictos",
            kdf=KdfParams.fast(),
        )
        known = list(sample.people(args.people, seed=21))
        start = time.perf_counter()
        with store.transaction():
            ids = [people.register_person(store, p) for p in known]
        print(f"{args.people} people registered in {time.perf_counter() - start:.1f} s")
        newcomers = list(sample.people(args.queries, seed=22))
        check = lambda q: duplicates.find_duplicates(store, q)  # noqa: E731
        cases = (
            ("newcomers, names only", [_names(p) for p in newcomers]),
            (
                "newcomers, names + birth + district",
                [{**p, "doc_type": "SIN_DOCUMENTO", "doc_reason": "x"} for p in newcomers],
            ),
            ("known people, names only", [_names(p) for p in known[: args.queries]]),
        )
        print(f"{'check':38s} {'median':>9s} {'p95':>9s}  result")
        for label, queries in cases:
            median, p95, results = _timed(check, queries)
            if label.startswith("known"):
                first = sum(
                    1
                    for pid, found in zip(ids, results, strict=False)
                    if found and pid in [c.person_id for c in found]
                )
                note = f"found themselves {first}/{len(queries)}"
            else:
                note = f"candidates {sum(len(r) for r in results)} for {len(queries)} people"
            print(f"{label:38s} {median:7.1f}ms {p95:7.1f}ms  {note}")
        sample_queries = [_names(p) for p in known[: min(20, args.queries)]]
        base, _p95, _r = _timed(lambda q: naive(store, q), sample_queries)
        ours, _p95, _r = _timed(check, sample_queries)
        print(
            f"naive scan of every person (baseline): {base:.1f} ms median; "
            f"full-text retrieval {ours:.1f} ms: {base / max(ours, 1e-6):.0f}x faster"
        )
        store.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
