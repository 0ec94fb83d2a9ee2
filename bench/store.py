"""Benchmark of the encrypted store against the same store code on plain SQLite.

Usage: .venv/bin/python bench/store.py [--scale 1.0] [--batch 1000] [--queries 100]

At scale 1.0: 100k people, 100k cases, 500k notes (sample data from app/core/sample.py).

What is measured (both sides run the *same* ``Store`` code, same schema, same pragmas;
the baseline opens its database through the same bundled SQLite library *without a key*,
i.e. a plain unencrypted SQLite file, so the ratio is the cost of encryption alone. The
stdlib ``sqlite3`` here is SQLite 3.40, which cannot create our FTS5 table
(``contentless_delete`` needs 3.43+), and a different SQLite version would confound the
ratio anyway; the bench checks the baseline file really is plaintext SQLite):

- bulk load (batches interleaved between the two stores so both see the same background
  load on a shared machine): the store's real write path (row + outbox change + audit event + FTS
  trigger per record, merge metadata, HLC) in transactions of ``--batch`` people, each
  with its case and notes; data generation is done beforehand and not timed;
- search (each query on both stores back to back): ``store.search(text, limit=50)``
  (FTS5 query + hit lookups) over a surname,
  a DNI, a full name and a word from a note; p50/p95 per kind and overall;
- unlock: Argon2id (default cost) + open + migrations check + first query, median of 5;
- peak RSS of the process (includes the generated data held in memory).

Targets: search p95 <= 20 ms and ratio <= 1.3; load ratio <= 1.5; unlock <= 0.5 s.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlcipher3
from argon2.low_level import Type, hash_secret_raw
from uuid6 import uuid7

from app.core import sample
from app.store import Store, Vault
from app.store.connection import Writer
from app.store.migrations import migrate
from app.store.store import DB_NAME

PASSPHRASE = "benchmark passphrase"
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA cache_size = -65536",
    "PRAGMA foreign_keys = ON",
)


def _plain_connect(path: Path) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


class PlainReaders:
    """Per-thread unencrypted read connections (baseline only)."""

    def __init__(self, path: Path) -> None:
        self._path, self._local = path, threading.local()
        self._all: list[Any] = []

    def get(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = _plain_connect(self._path)
            self._all.append(conn)
        return conn

    def close_all(self) -> None:
        for conn in self._all:
            conn.close()


def plain_store(data_dir: Path) -> Store:
    """The same Store code over an unencrypted SQLite database (same library, no key)."""
    data_dir.mkdir(parents=True)
    path = data_dir / DB_NAME
    conn = _plain_connect(path)
    migrate(conn)
    meta = {"vault_id": "plain", "device_id": uuid7().hex, "device_no": "1",
            "office_id": "office", "office_code": "LIM01"}  # fmt: skip
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(meta.items()))
    store = Store(data_dir, bytearray(32), Writer(conn), "bench-user", "bench")
    store._readers = PlainReaders(path)  # type: ignore[assignment]
    return store


def generate(n_people: int, seed: int = 7) -> list[tuple[dict, dict, list[dict]]]:
    rng = random.Random(seed)
    matters = list(sample.MATTERS)
    out = []
    for i in range(n_people):
        person = sample.person(rng)
        person.setdefault("doc_number", None)
        matter = rng.choice(matters)
        year = rng.randint(2019, 2026)
        case = {
            "internal_number": f"LIM01-{year}-01{i % 10000:04d}",
            "matter": matter,
            "status": "open",
            "summary": f"Patrocinio en materia de {matter}",
            "opened_at": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        }
        if rng.random() < 0.6:
            case["court_file_number"] = sample.court_file_number(rng, year)
        notes = [
            {"text": sample.note_text(rng, matter), "created_at": f"{year}-10-10T10:00:00"}
            for _ in range(5)
        ]
        out.append((person, case, notes))
    return out


def load_batch(store: Store, batch: list[tuple[dict, dict, list[dict]]]) -> float:
    start = time.perf_counter()
    with store.transaction() as tx:
        for person, case, notes in batch:
            pid = tx.insert("person", person)
            cid = tx.insert("case", {**case, "person_id": pid})
            for note in notes:
                tx.insert("note", {**note, "case_id": cid})
    return time.perf_counter() - start


def load_interleaved(
    stores: tuple[Store, Store], data: list[tuple[dict, dict, list[dict]]], batch: int
) -> tuple[float, float]:
    """Load both stores batch by batch, alternating which goes first, so that both see
    the same background load on a shared machine; returns the two total times."""
    totals = [0.0, 0.0]
    for n, first in enumerate(range(0, len(data), batch)):
        chunk = data[first : first + batch]
        order = (0, 1) if n % 2 == 0 else (1, 0)
        for i in order:
            totals[i] += load_batch(stores[i], chunk)
    return totals[0], totals[1]


def queries(data: list[tuple[dict, dict, list[dict]]], n: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    people = [p for p, _, _ in data]
    with_dni = [p["doc_number"] for p in people if p.get("doc_number")]
    words = ["juzgado", "psicológica", "intérprete", "expediente", "audiencia", "alimentos",
             "supervisor", "demanda", "conciliación", "medidas"]  # fmt: skip
    return {
        "surname": [rng.choice(people)["paternal_surname"] for _ in range(n)],
        "dni": [rng.choice(with_dni) for _ in range(n)],
        "full name": [
            f"{(p := rng.choice(people))['given_names'].split()[0]} {p['paternal_surname']}"
            for _ in range(n)
        ],
        "note word": [rng.choice(words) for _ in range(n)],
    }


def time_searches(
    stores: tuple[Store, Store], qs: dict[str, list[str]]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each query runs on both stores back to back (alternating order); times in ms."""
    out: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    for kind, texts in qs.items():
        for n, text in enumerate(texts):
            for i in (0, 1) if n % 2 == 0 else (1, 0):
                start = time.perf_counter()
                hits = stores[i].search(text, limit=50)
                out[i].setdefault(kind, []).append((time.perf_counter() - start) * 1000)
                if kind == "dni":
                    assert any(h.entity == "person" for h in hits), "DNI search found nothing"
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100k people")
    parser.add_argument("--batch", type=int, default=1000, help="people per transaction")
    parser.add_argument("--queries", type=int, default=100, help="queries per kind")
    args = parser.parse_args(argv)
    n_people = max(10, int(100_000 * args.scale))
    tmp = Path(tempfile.mkdtemp(prefix="chasqui-bench-"))
    try:
        t0 = time.perf_counter()
        data = generate(n_people)
        n_records = n_people * 7
        print(f"generated {n_people} people, {n_people} cases, {n_people * 5} notes "
              f"in {time.perf_counter() - t0:.1f} s (not timed below)")  # fmt: skip

        enc, _ = Vault.create(tmp / "enc", "LIM01", "ALEGRA Lima", "bench", PASSPHRASE)
        plain = plain_store(tmp / "plain")
        with open(tmp / "plain" / DB_NAME, "rb") as handle:
            assert handle.read(15) == b"SQLite format 3", "baseline is not plain SQLite"
        enc_load, plain_load = load_interleaved((enc, plain), data, args.batch)
        print("\n== bulk load through the store write path (row + outbox + audit + FTS, "
              f"{args.batch} people/txn, batches interleaved) ==")  # fmt: skip
        print(f"  SQLCipher : {enc_load:8.1f} s  {n_records / enc_load:8.0f} records/s")
        print(f"  plain     : {plain_load:8.1f} s  {n_records / plain_load:8.0f} records/s")
        print(f"  ratio     : {enc_load / plain_load:8.2f}   (target <= 1.5)")

        qs = queries(data, args.queries)
        for label in ("first pass, cold caches", "second pass, same queries, warm caches"):
            enc_t, plain_t = time_searches((enc, plain), qs)
            print(f"\n== search, store.search(text, limit=50), ms ({label}) ==")
            print(f"  {'kind':10} {'enc p50':>8} {'enc p95':>8} {'plain p50':>9}"
                  f" {'plain p95':>9} {'p95 ratio':>9}")  # fmt: skip
            all_enc: list[float] = []
            all_plain: list[float] = []
            for kind in qs:
                e, p = enc_t[kind], plain_t[kind]
                all_enc += e
                all_plain += p
                print(f"  {kind:10} {pct(e, 50):8.2f} {pct(e, 95):8.2f} {pct(p, 50):9.2f}"
                      f" {pct(p, 95):9.2f} {pct(e, 95) / pct(p, 95):9.2f}")  # fmt: skip
            print(f"  {'all':10} {pct(all_enc, 50):8.2f} {pct(all_enc, 95):8.2f}"
                  f" {pct(all_plain, 50):9.2f} {pct(all_plain, 95):9.2f}"
                  f" {pct(all_enc, 95) / pct(all_plain, 95):9.2f}"
                  "   (targets: p95 <= 20 ms, ratio <= 1.3)")  # fmt: skip
            ratio50 = statistics.median(all_enc) / statistics.median(all_plain)
            print(f"  median ratio (all): {ratio50:.2f}")
        for name, s in (("SQLCipher", enc), ("plain", plain)):
            start = time.perf_counter()
            count = s.replica.pending_count()
            print(f"  pending_count() on {name}: {count} changes in "
                  f"{(time.perf_counter() - start) * 1000:.1f} ms")  # fmt: skip

        enc.lock()
        plain.lock()
        print(f"\n== size on disk == SQLCipher {dir_size(tmp / 'enc') / 1e6:.1f} MB, "
              f"plain {dir_size(tmp / 'plain') / 1e6:.1f} MB")  # fmt: skip

        unlocks = []
        for _ in range(5):
            start = time.perf_counter()
            store = Vault.unlock(tmp / "enc", "bench", PASSPHRASE)
            store.search(qs["dni"][0])
            unlocks.append(time.perf_counter() - start)
            store.lock()
        kdf = []
        for _ in range(5):
            start = time.perf_counter()
            hash_secret_raw(b"x", b"0" * 16, time_cost=3, memory_cost=65536, parallelism=4,
                            hash_len=32, type=Type.ID)  # fmt: skip
            kdf.append(time.perf_counter() - start)
        print("\n== unlock (Argon2id t=3 m=64MiB p=4 + open + first search) ==")
        print(f"  median {statistics.median(unlocks):.3f} s, max {max(unlocks):.3f} s"
              "   (target <= 0.5 s)")  # fmt: skip
        print(f"  of which Argon2id alone: median {statistics.median(kdf):.3f} s")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\n== peak RSS == {rss:.0f} MB (includes the generated data in memory)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
