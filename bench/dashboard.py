"""The directorate's figures at national scale: ``chasqui-server report timeliness`` and
the ``/panel`` page over N cases across K offices (default 1,000,000 across 100) on
PostgreSQL (or SQLite), against a plain scan of the same rows in the same run.

    .venv/bin/python -m bench.dashboard --cases 1000000 --offices 100 [--backend sqlite]

The synced records (cases, intakes, filing/decision milestones, held hearings) are
written straight into the server's ``records`` table, the indexes built once after the
load (not through ingest, which keeps the timeline batch by batch), shaped as devices
push them (each office's cases go to its own judicial district's court of the matter),
and the per-case timeline rows and links beside them as the generator drew the dates.
On PostgreSQL the rows are drawn inside the database (``bench.dashboard_gen``: one
``INSERT … SELECT`` per table from ``generate_series``; a million cases in minutes); on
SQLite, or with ``--rule`` (the timeline rows as ``timeline.office_rows`` computes them
from the records), drawn in Python and written by COPY / executemany. Both give the rows
the server's rule derives (tests check it); ``--backfill``: the timeline filled by
``timeline.rebuild`` from the stored records instead, the migration's path, and timed.
``--quick``: 2,000 cases, 10 offices.
Printed: rows and the load average, the backfill, baselines (plain scans of the timeline
and of the records, and the timeline's rows read once into Python), the report (the
timeline read once as arrays + Kaplan–Meier on every cell at once, ``timeline_figures``),
the report as a fresh ``chasqui-server report timeliness`` process cold (no office pack
stored: the first report after a rebuilding migration, before ``upgrade.migrate`` stored
them again), the packs stored again as ``upgrade.migrate`` does, and the report right
after (three runs), the whole dashboard computation, the page cold (first view of a period
after a sync), cached (every later view), right after one office synced (a push wakes the
watcher; the page is served from memory, saying when the figures are older than the
sync), the time until the watcher made the figures current and the page then, the first
view of a new app (a server restart: the office packs are read, not counted again), and
the CSV export;
``--reference`` also computes the figures from the records' JSON and checks they are
equal.
Targets (issue 16): the report over 1M cases <= 3 s; the page <= 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, text

from bench import dashboard_gen
from bench.dashboard_pages import (
    BENCH,
    END,
    NAME,
    PASSWORD,
    START,
    _first_view,
    _one_office_syncs,
    _pages,
    _started,
)
from bench.dashboard_pages import load_average as _load
from stats.milestones import SOURCES
from stats.timeliness import court_label
from sync.server.schema import MILESTONE_KINDS

MATTERS, SPECIALTY = dashboard_gen.MATTERS, dashboard_gen.SPECIALTY
KEPT = "bench.json"  # in ``--keep DIR``: the database loaded there and its size


def _office_records(
    rnd: random.Random, office: str, cases: int, district: str
) -> tuple[list[tuple[str, str, dict[str, Any]]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """One office's synced records ``(entity, entity_id, values)``, cases first, and the
    ``timeline_links`` and ``case_timeline`` rows (``LINK_COLUMNS``, ``TIMELINE_COLUMNS``)
    the server derives from them, written from the dates the generator drew (the rule's
    own rows, ``timeline.office_rows``, are the same: ``--rule`` uses them, and
    ``tests/server/test_bench_dashboard.py`` checks it)."""
    span = dashboard_gen.SPAN
    defenders = [uuid.uuid4().hex for _ in range(10)]
    out: dict[str, list[tuple[str, str, dict[str, Any]]]] = {e: [] for e in SOURCES}
    links: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    for _ in range(cases):
        intake_on = START + dt.timedelta(days=rnd.randrange(span))
        intake_id, case_id = uuid.uuid4().hex, uuid.uuid4().hex
        matter = rnd.choice(MATTERS)
        out["intake"].append(
            (
                "intake",
                intake_id,
                {
                    "office_id": office,
                    "recorded_at": f"{intake_on}T09:00:00",
                    "matter": matter,
                    "status": "submitted",
                    "service_type": "consulta",
                },
            )
        )
        links.append(("intake", intake_id, "intake", intake_id))
        defender = rnd.choice(defenders)
        case: dict[str, Any] = {
            "office_id": office,
            "intake_id": intake_id,
            "matter": matter,
            "defender_id": defender,
            "opened_at": f"{intake_on}T10:00:00",
        }
        if matter in SPECIALTY:  # the court of the matter in the office's judicial district
            case["court_file_parts"] = {"court": f"{district}01", "specialty": SPECIALTY[matter]}
        closed = filed = held = decided = None
        if rnd.random() < 0.3:
            closed = intake_on + dt.timedelta(days=rnd.randrange(60, 700))
            case["closed_at"] = f"{closed}T12:00:00"
        out["case"].append(("case", case_id, case))
        if rnd.random() < 0.85:
            filed = intake_on + dt.timedelta(days=rnd.randrange(1, 90))
            milestone_id = uuid.uuid4().hex
            out["case_milestone"].append(
                (
                    "case_milestone",
                    milestone_id,
                    {
                        "office_id": office,
                        "case_id": case_id,
                        "kind": "filed",
                        "occurred_on": filed.isoformat(),
                    },
                )
            )
            links.append(("case_milestone", milestone_id, "case", case_id))
            if rnd.random() < 0.6:
                held = filed + dt.timedelta(days=rnd.randrange(30, 200))
                hearing_id = uuid.uuid4().hex
                out["hearing"].append(
                    (
                        "hearing",
                        hearing_id,
                        {
                            "case_id": case_id,
                            "category": "hearing",
                            "status": "held",
                            "at": f"{held}T09:30:00",
                        },
                    )
                )
                links.append(("hearing", hearing_id, "case", case_id))
            if rnd.random() < 0.4:
                decided = filed + dt.timedelta(days=rnd.randrange(100, 600))
                milestone_id = uuid.uuid4().hex
                out["case_milestone"].append(
                    (
                        "case_milestone",
                        milestone_id,
                        {
                            "office_id": office,
                            "case_id": case_id,
                            "kind": "decision",
                            "occurred_on": decided.isoformat(),
                        },
                    )
                )
                links.append(("case_milestone", milestone_id, "case", case_id))
        dates = {"intake": intake_on, "filed": filed, "first_hearing": held,
                 "decision": decided, "closure": closed}  # fmt: skip
        rows.append((case_id, office, intake_id, matter, defender,
                     _court(case.get("court_file_parts")), intake_on, closed,
                     *(dates.get(kind) for kind in MILESTONE_KINDS)))  # fmt: skip
    records = [record for entity in SOURCES for record in out[entity]]
    return records, links, rows


def _court(parts: dict[str, str] | None, labels: dict[Any, str] = {}) -> str:  # noqa: B006
    """``stats.timeliness.court_label`` of a court file's parts (kept per court)."""
    key = tuple(sorted(parts.items())) if parts else None
    if key not in labels:
        labels[key] = court_label(parts)[:200]
    return labels[key]


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


LINK_COLUMNS = ("entity", "entity_id", "link_kind", "link_id")
TIMELINE_COLUMNS = (
    "case_id", "office_id", "intake_id", "matter", "defender_id", "court", "opened_on",
    "closed_on", *(f"{kind}_on" for kind in MILESTONE_KINDS),
)  # fmt: skip
_RECORD = ("entity", "entity_id", "office_id", "values_json", "versions_json", "deleted",
           "updated_seq")  # fmt: skip


_LOADED = ("records", "timeline_links", "case_timeline", "consultations")


@contextlib.contextmanager
def _indexes_after(conn: Any, tables: tuple[str, ...]) -> Iterator[None]:
    """On PostgreSQL, the tables' indexes and primary keys are dropped for the load and
    built again, as they were (``pg_indexes``, ``pg_get_constraintdef``), once it is done:
    one sorted build instead of millions of random inserts into each index."""
    if conn.dialect.name != "postgresql":
        yield
        return
    keys, indexes = [], []
    for table in tables:
        keys += conn.execute(text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM"
            " pg_constraint WHERE conrelid = CAST(:t AS regclass) AND contype = 'p'"),
            {"t": table}).all()  # fmt: skip
        indexes += conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t"),
            {"t": table}).all()  # fmt: skip
    for table, name, _ in keys:
        conn.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    own = {name for _, name, _ in keys}
    for name, _ in indexes:
        if name not in own:
            conn.execute(text(f'DROP INDEX "{name}"'))
    yield
    for name, definition in indexes:
        if name not in own:
            conn.execute(text(definition))
    for table, name, definition in keys:
        conn.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    rebuilt = conn.execute(text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN :t"
    ).bindparams(bindparam("t", expanding=True)), {"t": list(tables)}).all()  # fmt: skip
    assert sorted(rebuilt) == sorted(indexes), "the indexes were not built again as they were"


def load(db: Any, cases: int, offices: list[str], timeline_too: bool = True,
         rule: bool = False) -> int:  # fmt: skip
    """Every office's records, then (``timeline_too``) its timeline rows, the tables'
    indexes built after (``_indexes_after``); the records written. On PostgreSQL they are
    drawn inside the database (``bench.dashboard_gen``: nothing crosses from Python);
    on SQLite, or with ``rule`` (the timeline rows as ``timeline.office_rows`` computes
    them from the records), drawn in Python (``_office_records``) and COPYed."""
    from sync.server import consultations, timeline

    rnd = random.Random(7)
    count = 0
    with db.engine.begin() as conn, _indexes_after(conn, _LOADED):
        if conn.dialect.name == "postgresql" and not rule:  # drawn inside PostgreSQL
            return dashboard_gen.generate(conn, cases, offices, timeline_too)
        for n, office in enumerate(offices):
            share = cases // len(offices) + (n < cases % len(offices))
            district = f"{n % dashboard_gen.DISTRICTS + 1:02d}"
            records, links, rows = _office_records(rnd, office, share, district)
            _copy(conn, "records", _RECORD, (
                (e, i, office, json.dumps(v), "{}", False, count + k)
                for k, (e, i, v) in enumerate(records, 1)))  # fmt: skip
            count += len(records)
            if not timeline_too:
                continue
            if rule:
                link_rows, timeline_rows = timeline.office_rows(office, records)
                links = [tuple(r[c] for c in LINK_COLUMNS) for r in link_rows]
                rows = [tuple(r[c] for c in TIMELINE_COLUMNS) for r in timeline_rows]
            _copy(conn, "timeline_links", LINK_COLUMNS, iter(links))
            _copy(conn, "case_timeline", TIMELINE_COLUMNS, iter(rows))
        if timeline_too:
            consultations.rebuild(conn)
    return count


def _read_timeline(conn: Any) -> int:
    """Every timeline row's columns the report reads, fetched once (the driver's cursor)."""
    columns = "office_id, matter, court, intake_on, filed_on, first_hearing_on, decision_on"
    sql = f"SELECT {columns}, closure_on FROM case_timeline"
    if conn.dialect.name != "postgresql":
        return len(conn.execute(text(sql)).all())
    with conn.connection.driver_connection.cursor() as cur:
        cur.execute(sql)
        count = 0
        while chunk := cur.fetchmany(50_000):
            count += len(chunk)
        return count


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    out = fn()
    return time.perf_counter() - began, out


def _loaded(db: Any, args: argparse.Namespace) -> list[str]:
    """The offices made and their records loaded (``load``); their ids."""
    from sync.server.admin import Admin

    admin = Admin(db)
    offices = [admin.add_office(f"OF{i:03d}", f"Oficina {i:03d}").office_id
               for i in range(args.offices)]  # fmt: skip
    seconds, rows = timed(lambda: load(db, args.cases, offices, not args.backfill, args.rule))
    how = "timeline.office_rows computes them" if args.rule else "the generator drew them"
    print(f"{db.dialect}: {rows:,} records for {args.cases:,} cases in {args.offices} offices"
          f" written in {seconds:.1f} s (COPY straight into records, timeline_links and"
          f" case_timeline, their indexes built after, the timeline rows as {how};"
          f" load average {_load()})", flush=True)  # fmt: skip
    return offices


def _reset(db: Any) -> list[str]:
    """A database an earlier run loaded, put back as the load left it: no office pack
    stored, no supervisor, none of the benchmark's own syncs (``_one_office_syncs``);
    the offices' ids, by code."""
    from sync.server import schema

    with db.write() as conn:
        conn.execute(schema.office_packs.delete())
        conn.execute(schema.change_log.delete().where(schema.change_log.c.device_id == BENCH))
        conn.execute(schema.supervisor_sessions.delete())
        conn.execute(schema.supervisors.delete())
        o = schema.offices.c
        return [str(i) for i in conn.execute(select(o.id).order_by(o.code)).scalars()]


def run(url: str, args: argparse.Namespace, reused: bool = False) -> None:
    """The benchmark on the database at ``url``; ``reused``: loaded by an earlier run
    (``--keep``), put back as the load left it (``_reset``) instead of loaded again."""
    from sync.server import dashboard, dashboard_data, report, supervisors, timeline
    from sync.server.app import create_app
    from sync.server.db import Database

    db = Database(url)
    began, cpu = time.perf_counter(), time.process_time()
    _migrate(db)
    if getattr(db, "upgraded", False):
        print(f"{db.dialect}: migrated to the newest revision (and the office packs a"
              f" re-derivation dropped stored again) in {time.perf_counter() - began:.1f} s"
              f" wall / {time.process_time() - cpu:.1f} s CPU (load average {_load()})",
              flush=True)  # fmt: skip
    if reused:
        offices = _reset(db)
        print(f"{db.dialect}: the database loaded by an earlier run ({len(offices)} offices;"
              f" office packs, supervisor and the benchmark's syncs cleared; load average"
              f" {_load()})")  # fmt: skip
    else:
        offices = _loaded(db, args)
    if args.backfill and not reused:
        with db.write() as conn:
            backfill, cases_in = timed(lambda: timeline.rebuild(conn))
        print(f"  per-case timeline backfilled from the records (migration 0006's path):"
              f" {cases_in:,} cases in {backfill:.1f} s")  # fmt: skip
    with db.engine.begin() as conn:
        if db.dialect == "postgresql" and not reused:
            conn.execute(text("ANALYZE"))
    with db.read() as conn:
        scan, _ = timed(lambda: conn.execute(text(
            "SELECT count(*), max(intake_on), max(filed_on) FROM case_timeline"
        )).one())  # fmt: skip
        scan_records, _ = timed(lambda: conn.execute(text(
            "SELECT count(*), sum(length(values_json)) FROM records")).one())  # fmt: skip
        read_once, read = timed(lambda: _read_timeline(conn))
    print(f"  baseline: plain scan of the timeline      {scan:7.2f} s")
    print(f"  baseline: plain scan of the records      {scan_records:7.2f} s")
    print(f"  baseline: the timeline's rows read once into Python {read_once:7.2f} s"
          f" ({read:,} rows)", flush=True)  # fmt: skip
    report_s, figures = timed(lambda: report.timeliness(db, START, END))
    print(f"  report: timeline arrays + Kaplan-Meier  {report_s:7.2f} s ({len(figures):,} rows)")
    csv_s, _ = timed(lambda: report.timeliness_csv(figures))
    total = report_s + csv_s
    print(f"  CSV                                     {csv_s:7.2f} s")
    print(f"  report timeliness total                 {total:7.2f} s  (target <= 3 s; "
          f"{total / scan:.0f}x the timeline scan, "
          f"{total / read_once:.1f}x reading it once; load average {_load()})",
          flush=True)  # fmt: skip
    _compiled()
    _forget_packs(db)
    cold_cli = _report_cli(url)
    print(f"  report timeliness CLI, a fresh process, cold (no office pack stored: the first"
          f" report after a rebuilding migration, before upgrade.migrate stored them again)"
          f" {cold_cli[0]:.2f} s wall / {cold_cli[1]:.2f} s CPU (load average {_load()})",
          flush=True)  # fmt: skip
    _forget_packs(db)
    restore = _restore(db)
    if restore is not None:
        print(f"  what upgrade.migrate adds after a rebuilding migration (every office's"
              f" pack stored again): {restore[0]:.2f} s wall / {restore[1]:.2f} s CPU",
              flush=True)  # fmt: skip
    cli_runs = [_report_cli(url) for _ in range(3)]
    print("  report timeliness CLI, a fresh process (office packs stored"
          + (", right after they were stored again" if restore else "") + "): "
          + ", ".join(f"{w:.2f} s wall / {c:.2f} s CPU" for w, c in cli_runs)
          + f" (target <= 3 s; load average {_load()})", flush=True)  # fmt: skip
    whole, _ = timed(lambda: dashboard_data.compute(db, START, END))
    print(f"  whole dashboard computation             {whole:7.2f} s", flush=True)
    if args.reference:
        ref_s, ref = timed(lambda: report.tally_rows(report.reference_tallies(
            *report.case_rows(db), START, END)))  # fmt: skip
        assert ref == figures, "the database's figures differ from the reference"
        print(f"  reference (records' JSON, one observation at a time) {ref_s:7.2f} s: equal",
              flush=True)  # fmt: skip
    supervisors.add_supervisor(db, NAME, PASSWORD)
    app = create_app(database=db)
    other_db = Database(url)  # another worker: its own pool and figures
    asyncio.run(_pages(app, args, lambda: _one_office_syncs(db, offices[0]),
                       create_app(database=other_db)))  # fmt: skip
    other_db.dispose()
    restart_s = asyncio.run(_first_view(create_app(database=db)))
    print(f"  page, first view after a server restart (a new app; office packs stored)"
          f" {restart_s:6.2f} s (load average {_load()})", flush=True)  # fmt: skip
    served = create_app(database=db)
    if not hasattr(dashboard, "warm_at_start"):  # older code (the same benchmark on it)
        db.dispose()
        return
    dashboard.warm_at_start(served)  # as ``app_from_env`` (``chasqui-server serve``)
    started = _started(served)
    print(f"  a server's start (the app's lifespan): the default period's figures computed"
          f" in the background in {started[0]:.2f} s wall / {started[1]:.2f} s CPU; then the"
          f" first view of the default period {started[2] * 1000:.0f} ms, of the benchmark's"
          f" period {started[3]:.2f} s (load average {_load()})", flush=True)  # fmt: skip
    db.dispose()


def _migrate(db: Any) -> None:
    """``upgrade.migrate`` (the CLI's and ``serve``'s), or ``Database.migrate`` on code
    older than it (the same benchmark on the old code)."""
    try:
        from sync.server import upgrade
    except ImportError:
        db.migrate()
        return
    upgrade.migrate(db)


def _forget_packs(db: Any) -> None:
    from sync.server import schema

    with db.write() as conn:
        conn.execute(schema.office_packs.delete())


def _restore(db: Any) -> tuple[float, float] | None:
    """(wall, CPU) of storing every office's pack again (``office_packs.restore``, what
    ``upgrade.migrate`` runs after a rebuild), or None on code without it."""
    from sync.server import office_packs

    if not hasattr(office_packs, "restore"):
        return None
    began, cpu = time.perf_counter(), time.process_time()
    office_packs.restore(db)
    return time.perf_counter() - began, time.process_time() - cpu


def _compiled() -> None:
    """The project's bytecode written, as an installed server has it: a fresh process
    then does not compile every module again (``PYTHONDONTWRITEBYTECODE`` set, it did)."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("sync", "stats", "forms"):
        compileall.compile_dir(root / package, quiet=1)


def _report_cli(url: str) -> tuple[float, float]:
    """(wall, CPU) of ``chasqui-server report timeliness`` in a fresh process (the
    database's URL in the environment, never on the command line)."""
    import resource
    import subprocess
    import sys

    env = {**os.environ, "CHASQUI_SERVER_DB": url}
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sync.server", "report", "timeliness", "--from",
                        str(START), "--to", str(END), "--csv", f"{tmp}/t.csv"],
                       env=env, check=True, capture_output=True)  # fmt: skip
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="2,000 cases in 10 offices")
    parser.add_argument(
        "--rule", action="store_true", help="timeline rows by timeline.office_rows (slower)"
    )
    parser.add_argument("--offices", type=int, default=100)
    parser.add_argument("--views", type=int, default=20)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--reference", action="store_true", help="also compute from the records' JSON (slow)"
    )
    parser.add_argument(
        "--backfill", action="store_true", help="fill the timeline with timeline.rebuild (slow)"
    )
    parser.add_argument(
        "--keep", metavar="DIR",
        help="keep the PostgreSQL cluster in DIR: loaded the first time, reused after"
        " (same --cases, --offices, --rule, --backfill; else loaded again beside)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.quick:
        args.cases, args.offices, args.views = 2_000, 10, 3
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite3", args)
        return 0
    from tests.server import pgcluster

    if not pgcluster.available():
        print("PostgreSQL: skipped (binaries not found)")
        return 0
    keep = Path(args.keep) if args.keep else None
    cluster = pgcluster.start(base=keep)
    try:
        if keep is None:
            run(cluster.url(cluster.create_database()), args)
            return 0
        size = {"cases": args.cases, "offices": args.offices, "rule": args.rule,
                "backfill": args.backfill}  # fmt: skip
        kept = json.loads((keep / KEPT).read_text()) if (keep / KEPT).exists() else {}
        if kept.get("size") == size:
            run(cluster.url(kept["database"]), args, reused=True)
            return 0
        name = cluster.create_database()
        run(cluster.url(name), args)  # loads it; kept for the next run once complete
        (keep / KEPT).write_text(json.dumps({"database": name, "size": size}))
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
