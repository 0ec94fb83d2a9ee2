"""The directorate's figures at national scale: ``chasqui-server report timeliness`` and
the ``/panel`` page over N cases across K offices (default 1,000,000 across 100) on
PostgreSQL (or SQLite), against a plain scan of the same rows in the same run.

    .venv/bin/python -m bench.dashboard --cases 1000000 --offices 100 [--backend sqlite]

The synced records (cases, intakes, filing/decision milestones, held hearings) are
written straight into the server's ``records`` table (COPY on PostgreSQL; not through
ingest, which keeps the timeline batch by batch), shaped as devices push them (each
office's cases go to its own judicial district's court of the matter), and the per-case
timeline rows that ``timeline.office_rows`` computes from the same values are COPYed
beside them (``--backfill``: filled by ``timeline.rebuild`` from the stored records
instead, the migration's path, and timed). Printed:
rows, the backfill, plain scans of the timeline and of the records (baselines), the
report (tallies counted in SQL + Kaplan–Meier), the whole dashboard computation, the page
cold (first view of a period after a sync) and cached (every later view), and the CSV
export; ``--reference`` also computes the figures from the records' JSON and checks
they are equal.
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

from stats.milestones import SOURCES

MATTERS = ("alimentos", "violencia", "filiacion", "laboral", "penal", "conciliacion")
# the court specialty of each matter (conciliation: no court file)
SPECIALTY = {"alimentos": "FC", "violencia": "FC", "filiacion": "FC", "laboral": "LA",
             "penal": "PE"}  # fmt: skip
START, END = dt.date(2025, 1, 1), dt.date(2026, 6, 30)
NAME, PASSWORD = "bench.directora", "una clave larga de prueba"


def _office_records(
    rnd: random.Random, office: str, cases: int, district: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """(entity, entity_id, values) of one office's synced records, cases first."""
    span = (dt.date(2026, 10, 31) - START).days
    defenders = [uuid.uuid4().hex for _ in range(10)]
    out: dict[str, list[tuple[str, str, dict[str, Any]]]] = {e: [] for e in SOURCES}
    for _ in range(cases):
        intake_on = START + dt.timedelta(days=rnd.randrange(span))
        intake_id, case_id = uuid.uuid4().hex, uuid.uuid4().hex
        matter = rnd.choice(MATTERS)
        out["intake"].append(
            (
                "intake",
                intake_id,
                {"office_id": office, "recorded_at": f"{intake_on}T09:00:00", "matter": matter},
            )
        )
        case: dict[str, Any] = {
            "office_id": office,
            "intake_id": intake_id,
            "matter": matter,
            "defender_id": rnd.choice(defenders),
            "opened_at": f"{intake_on}T10:00:00",
        }
        if matter in SPECIALTY:  # the court of the matter in the office's judicial district
            case["court_file_parts"] = {"court": f"{district}01", "specialty": SPECIALTY[matter]}
        if rnd.random() < 0.3:
            case["closed_at"] = f"{intake_on + dt.timedelta(days=rnd.randrange(60, 700))}T12:00:00"
        out["case"].append(("case", case_id, case))
        if rnd.random() < 0.85:
            filed = intake_on + dt.timedelta(days=rnd.randrange(1, 90))
            out["case_milestone"].append(
                (
                    "case_milestone",
                    uuid.uuid4().hex,
                    {
                        "office_id": office,
                        "case_id": case_id,
                        "kind": "filed",
                        "occurred_on": filed.isoformat(),
                    },
                )
            )
            if rnd.random() < 0.6:
                held = filed + dt.timedelta(days=rnd.randrange(30, 200))
                out["hearing"].append(
                    (
                        "hearing",
                        uuid.uuid4().hex,
                        {
                            "case_id": case_id,
                            "category": "hearing",
                            "status": "held",
                            "at": f"{held}T09:30:00",
                        },
                    )
                )
            if rnd.random() < 0.4:
                decided = filed + dt.timedelta(days=rnd.randrange(100, 600))
                out["case_milestone"].append(
                    (
                        "case_milestone",
                        uuid.uuid4().hex,
                        {
                            "office_id": office,
                            "case_id": case_id,
                            "kind": "decision",
                            "occurred_on": decided.isoformat(),
                        },
                    )
                )
    return [record for entity in SOURCES for record in out[entity]]  # fmt: skip


def _copy(conn: Any, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL; executemany of an INSERT on SQLite."""
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(f":{c}" for c in columns)
    insert = text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})")
    batch = [dict(zip(columns, row, strict=True)) for row in rows]
    for start in range(0, len(batch), 20_000):
        conn.execute(insert, batch[start : start + 20_000])


_RECORD = ("entity", "entity_id", "office_id", "values_json", "versions_json", "deleted",
           "updated_seq")  # fmt: skip


def load(db: Any, cases: int, offices: list[str], timeline_too: bool = True) -> int:
    """Every office's records, then (``timeline_too``) its timeline rows as
    ``timeline.office_rows`` computes them from the same values; the records written."""
    from sync.server import schema, timeline

    rnd = random.Random(7)
    count = 0
    with db.engine.begin() as conn:
        for n, office in enumerate(offices):
            share = cases // len(offices) + (n < cases % len(offices))
            records = _office_records(rnd, office, share, f"{n % 34 + 1:02d}")
            _copy(conn, "records", _RECORD, (
                (e, i, office, json.dumps(v), "{}", False, count + k)
                for k, (e, i, v) in enumerate(records, 1)))  # fmt: skip
            count += len(records)
            if not timeline_too:
                continue
            links, rows = timeline.office_rows(office, records)
            for table, data in ((schema.timeline_links, links), (schema.case_timeline, rows)):
                if data:
                    columns = tuple(data[0])
                    _copy(conn, table.name, columns, (tuple(r[c] for c in columns) for r in data))
    return count


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    out = fn()
    return time.perf_counter() - began, out


def run(url: str, args: argparse.Namespace) -> None:
    from sync.server import dashboard_data, report, supervisors, timeline
    from sync.server.admin import Admin
    from sync.server.app import create_app
    from sync.server.db import Database

    db = Database(url)
    db.migrate()
    admin = Admin(db)
    offices = [admin.add_office(f"OF{i:03d}", f"Oficina {i:03d}").office_id
               for i in range(args.offices)]  # fmt: skip
    seconds, rows = timed(lambda: load(db, args.cases, offices, not args.backfill))
    print(f"{db.dialect}: {rows:,} records for {args.cases:,} cases in {args.offices} offices"
          f" written in {seconds:.1f} s (COPY into records; the timeline rows as"
          f" timeline.office_rows computes them, COPY too)")  # fmt: skip
    if args.backfill:
        with db.write() as conn:
            backfill, cases_in = timed(lambda: timeline.rebuild(conn))
        print(f"  per-case timeline backfilled from the records (migration 0006's path):"
              f" {cases_in:,} cases in {backfill:.1f} s")  # fmt: skip
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("ANALYZE"))
    with db.read() as conn:
        scan, _ = timed(lambda: conn.execute(text(
            "SELECT count(*), max(intake_on), max(filed_on) FROM case_timeline"
        )).one())  # fmt: skip
        scan_records, _ = timed(lambda: conn.execute(text(
            "SELECT count(*), sum(length(values_json)) FROM records")).one())  # fmt: skip
    report_s, figures = timed(lambda: report.timeliness(db, START, END))
    csv_s, _ = timed(lambda: report.timeliness_csv(figures))
    whole, _ = timed(lambda: dashboard_data.compute(db, START, END))
    total = report_s + csv_s
    print(f"  baseline: plain scan of the timeline      {scan:7.2f} s")
    print(f"  baseline: plain scan of the records      {scan_records:7.2f} s")
    print(f"  report: tallies in SQL + Kaplan-Meier    {report_s:7.2f} s ({len(figures):,} rows)")
    print(f"  CSV                                     {csv_s:7.2f} s")
    print(f"  report timeliness total                 {total:7.2f} s  (target <= 3 s; "
          f"{total / scan:.0f}x the timeline scan)")  # fmt: skip
    print(f"  whole dashboard computation             {whole:7.2f} s")
    if args.reference:
        ref_s, ref = timed(lambda: report.tally_rows(report.reference_tallies(
            *report.case_rows(db), START, END)))  # fmt: skip
        assert ref == figures, "the database's figures differ from the reference"
        print(f"  reference (records' JSON, one observation at a time) {ref_s:7.2f} s: equal")
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
    parser.add_argument(
        "--reference", action="store_true", help="also compute from the records' JSON (slow)"
    )
    parser.add_argument(
        "--backfill", action="store_true", help="fill the timeline with timeline.rebuild (slow)"
    )
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
