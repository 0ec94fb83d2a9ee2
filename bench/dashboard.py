"""The directorate's figures at national scale: ``chasqui-server report timeliness`` and
the ``/panel`` page over N cases across K offices (default 1,000,000 across 100) on
PostgreSQL (or SQLite), against a plain scan of the same rows in the same run.

    .venv/bin/python -m bench.dashboard --cases 1000000 --offices 100 [--backend sqlite]

The synced records (cases, intakes, filing/decision milestones, held hearings) are
written straight into the server's ``records`` table (COPY on PostgreSQL), shaped as
devices push them. Printed: rows, the plain scan, reading the records into case rows,
the Kaplan–Meier figures, the whole dashboard computation, the page cold (first view of
a period after a sync) and cached (every later view), and the CSV export.
Targets (issue 16): the report over 1M cases <= 3 s; the page <= 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import re
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from sqlalchemy import text

MATTERS = ("alimentos", "violencia", "filiacion", "laboral", "penal", "conciliacion")
SPECIALTIES = ("FC", "FP", "LA", "PE")
START, END = dt.date(2025, 1, 1), dt.date(2026, 6, 30)
NAME, PASSWORD = "bench.directora", "una clave larga de prueba"


def _rows(cases: int, offices: list[str], seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """(entity, entity_id, office_id, values_json) of every synced record."""
    rnd = random.Random(seed)
    span = (dt.date(2026, 10, 31) - START).days
    defenders = {o: [uuid.uuid4().hex for _ in range(10)] for o in offices}
    for i in range(cases):
        office = offices[i % len(offices)]
        intake_on = START + dt.timedelta(days=rnd.randrange(span))
        intake_id, case_id = uuid.uuid4().hex, uuid.uuid4().hex
        matter = rnd.choice(MATTERS)
        yield (
            "intake",
            intake_id,
            office,
            json.dumps(
                {"office_id": office, "recorded_at": f"{intake_on}T09:00:00", "matter": matter}
            ),
        )
        case: dict[str, Any] = {
            "office_id": office, "intake_id": intake_id, "matter": matter,
            "defender_id": rnd.choice(defenders[office]), "opened_at": f"{intake_on}T10:00:00",
            "court_file_parts": {"court": f"{rnd.randrange(1, 26):02d}01",
                                 "specialty": rnd.choice(SPECIALTIES)},
        }  # fmt: skip
        if rnd.random() < 0.3:
            case["closed_at"] = f"{intake_on + dt.timedelta(days=rnd.randrange(60, 700))}T12:00:00"
        yield "case", case_id, office, json.dumps(case)
        if rnd.random() < 0.85:
            filed = intake_on + dt.timedelta(days=rnd.randrange(1, 90))
            yield "case_milestone", uuid.uuid4().hex, office, json.dumps(
                {"office_id": office, "case_id": case_id, "kind": "filed",
                 "occurred_on": filed.isoformat()}
            )  # fmt: skip
            if rnd.random() < 0.6:
                held = filed + dt.timedelta(days=rnd.randrange(30, 200))
                yield "hearing", uuid.uuid4().hex, office, json.dumps(
                    {"case_id": case_id, "category": "hearing", "status": "held",
                     "at": f"{held}T09:30:00"}
                )  # fmt: skip
            if rnd.random() < 0.4:
                decided = filed + dt.timedelta(days=rnd.randrange(100, 600))
                yield "case_milestone", uuid.uuid4().hex, office, json.dumps(
                    {"office_id": office, "case_id": case_id, "kind": "decision",
                     "occurred_on": decided.isoformat()}
                )  # fmt: skip


def load(db: Any, cases: int, offices: list[str]) -> int:
    count = 0
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            raw = conn.connection.driver_connection
            with (
                raw.cursor() as cur,
                cur.copy(
                    "COPY records (entity, entity_id, office_id, values_json, versions_json,"
                    " deleted, updated_seq) FROM STDIN"
                ) as copy,
            ):
                for count, (entity, eid, office, values) in enumerate(_rows(cases, offices), 1):
                    copy.write_row((entity, eid, office, values, "{}", False, count))
        return count
    batch: list[dict[str, Any]] = []
    with db.engine.begin() as conn:
        for count, (entity, eid, office, values) in enumerate(_rows(cases, offices), 1):
            batch.append({"e": entity, "i": eid, "o": office, "v": values, "s": count})
            if len(batch) == 20_000:
                _insert(conn, batch)
        _insert(conn, batch)
    return count


def _insert(conn: Any, batch: list[dict[str, Any]]) -> None:
    if batch:
        conn.execute(
            text(
                "INSERT INTO records (entity, entity_id, office_id, values_json, versions_json,"
                " deleted, updated_seq) VALUES (:e, :i, :o, :v, '{}', false, :s)"
            ),
            batch,
        )
        batch.clear()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    out = fn()
    return time.perf_counter() - began, out


def run(url: str, args: argparse.Namespace) -> None:
    from sync.server import dashboard_data, report, supervisors
    from sync.server.admin import Admin
    from sync.server.app import create_app
    from sync.server.db import Database

    db = Database(url)
    db.migrate()
    admin = Admin(db)
    offices = [admin.add_office(f"OF{i:03d}", f"Oficina {i:03d}").office_id
               for i in range(args.offices)]  # fmt: skip
    seconds, rows = timed(lambda: load(db, args.cases, offices))
    print(f"{db.dialect}: {rows:,} records for {args.cases:,} cases in {args.offices} offices"
          f" written in {seconds:.1f} s")  # fmt: skip
    with db.read() as conn:
        scan, _ = timed(lambda: conn.execute(text(
            "SELECT count(*), sum(length(values_json)) FROM records")).one())  # fmt: skip
    fetch, _ = timed(lambda: [report.record_values(db, e) for e in
                              ("case", "intake", "case_milestone", "hearing")])  # fmt: skip
    read, (cases, dates) = timed(lambda: report.case_rows(db))
    figures_s, figures = timed(lambda: report.timeliness(cases, dates, START, END))
    csv_s, _ = timed(lambda: report.timeliness_csv(figures))
    whole, _ = timed(lambda: dashboard_data.compute(db, START, END))
    print(f"  baseline: plain SQL scan of the records   {scan:7.2f} s")
    print(f"  baseline: fetch + json.loads of the rows  {fetch:7.2f} s")
    print(f"  read records into case rows             {read:7.2f} s")
    print(f"  Kaplan-Meier figures, offices + national {figures_s:6.2f} s ({len(figures):,} rows)")
    print(f"  CSV                                     {csv_s:7.2f} s")
    total = read + figures_s + csv_s
    print(f"  report timeliness total                 {total:7.2f} s  (target <= 3 s; "
          f"{total / scan:.0f}x the plain scan)")  # fmt: skip
    print(f"  whole dashboard computation             {whole:7.2f} s")
    supervisors.add_supervisor(db, NAME, PASSWORD)
    app = create_app(database=db)
    asyncio.run(_pages(app, args, lambda: _one_office_syncs(db, offices[0])))
    db.dispose()


def _one_office_syncs(db: Any, office_id: str) -> None:
    """What a sync of one office leaves: a new change in the log (and its record)."""
    with db.engine.begin() as conn:
        seq = conn.execute(text("SELECT max(seq) FROM change_log")).scalar() + 1
        conn.execute(
            text(
                "INSERT INTO change_log (seq, change_id, office_id, device_id, user_id, entity,"
                " entity_id, doc, received_at) VALUES (:s, :c, :o, 'bench', NULL, 'case',"
                " :e, '{}', 0)"
            ),
            {"s": seq, "c": uuid.uuid4().hex, "o": office_id, "e": uuid.uuid4().hex},
        )


async def _pages(app: Any, args: argparse.Namespace, sync_one: Callable[[], None]) -> None:
    transport = httpx.ASGITransport(app=app, client=("10.0.0.9", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://panel.bench") as c:
        page = await c.get("/panel/login")
        nonce = re.search(r'name="nonce" value="([^"]+)"', page.text)
        assert nonce
        r = await c.post(
            "/panel/login", data={"nonce": nonce.group(1), "usuario": NAME, "clave": PASSWORD}
        )
        assert r.status_code == 303, r.text
        period = f"/panel?desde={START}&hasta={END}"
        began = time.perf_counter()
        cold = await c.get(period)
        cold_s = time.perf_counter() - began
        warm = []
        for _ in range(args.views):
            began = time.perf_counter()
            r = await c.get(period)
            warm.append(time.perf_counter() - began)
            assert r.status_code == 200
        warm.sort()
        began = time.perf_counter()
        csv = await c.get(f"/panel/tiempos.csv?desde={START}&hasta={END}")
        csv_s = time.perf_counter() - began
        sync_one()
        began = time.perf_counter()
        await c.get(period)
        one_s = time.perf_counter() - began
    print(f"  page, first view after a sync (computes) {cold_s:6.2f} s ({len(cold.text):,} bytes)")
    print(
        f"  page, cached: median {warm[len(warm) // 2] * 1000:.0f} ms, "
        f"worst {warm[-1] * 1000:.0f} ms over {len(warm)} views (target <= 300 ms)"
    )
    print(f"  CSV export, cached                      {csv_s * 1000:5.0f} ms ({len(csv.text):,} B)")
    print(f"  page after one office synced (1 office read again) {one_s:6.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--offices", type=int, default=100)
    parser.add_argument("--views", type=int, default=20)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite3", args)
        return 0
    from tests.server import pgcluster

    if not pgcluster.available():
        print("PostgreSQL: skipped (binaries not found)")
        return 0
    cluster = pgcluster.start()
    try:
        run(cluster.url(cluster.create_database()), args)
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
