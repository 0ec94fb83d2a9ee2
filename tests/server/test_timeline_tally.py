"""The directorate's tallies counted by the database on the per-case timeline
(``timeline_tally``) equal the reference computed one observation at a time from the
records' JSON (``report.case_rows`` + ``reference_tallies``), cell for cell, on SQLite and
PostgreSQL: varied generated cases (censored ones, milestones before their start, no
court, no matter, periods cutting through intervals); and the active cases per defender
equal ``stats.caseload.active_counts`` over the same rows."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

from stats import caseload
from stats import timeliness as tl
from sync.server import report, schema, timeline, timeline_tally
from sync.server.db import Database

D = dt.date
OFFICES = {"office-a": "LIMA", "office-b": "CUSCO"}


def _day(rnd: random.Random, base: D, spread: int) -> D:
    return base + dt.timedelta(days=rnd.randrange(-20, spread))


def _records(rnd: random.Random, cases: int) -> list[tuple[str, str, str, dict[str, Any]]]:
    out: list[tuple[str, str, str, dict[str, Any]]] = []
    for _ in range(cases):
        office = rnd.choice(sorted(OFFICES))
        intake_id, case_id = uuid.uuid4().hex, uuid.uuid4().hex
        intake_on = D(2025, 10, 1) + dt.timedelta(days=rnd.randrange(300))
        out.append(("intake", intake_id, office, {"recorded_at": f"{intake_on}T09:00:00"}))
        case: dict[str, Any] = {"intake_id": intake_id, "opened_at": f"{intake_on}T10:00:00",
                                "defender_id": rnd.choice(["d1", "d2", None])}  # fmt: skip
        if rnd.random() < 0.8:
            case["matter"] = rnd.choice(["alimentos", "violencia", "penal"])
        if rnd.random() < 0.7:
            case["court_file_parts"] = {"court": rnd.choice(["1801", "0501", "ZZ01"]),
                                        "specialty": rnd.choice(["FC", "PE", "XX"])}  # fmt: skip
        if rnd.random() < 0.3:
            case["closed_at"] = f"{_day(rnd, intake_on, 400)}T12:00:00"
        out.append(("case", case_id, office, case))
        for kind in ("filed", "decision"):
            if rnd.random() < 0.6:
                on = _day(rnd, intake_on, 200 if kind == "filed" else 500)
                values = {"case_id": case_id, "kind": kind, "occurred_on": on.isoformat()}
                out.append(("case_milestone", uuid.uuid4().hex, office, values))
        if rnd.random() < 0.5:
            at = _day(rnd, intake_on, 300)
            out.append(("hearing", uuid.uuid4().hex, office, {"case_id": case_id, "category":
                        "hearing", "status": "held", "at": f"{at}T09:00:00"}))  # fmt: skip
    return out


def _filled(url: str) -> Database:
    db = Database(url)
    db.migrate()
    rnd = random.Random(16)
    with db.write() as conn:
        conn.execute(schema.offices.insert(), [
            {"id": i, "code": c, "name": c, "created_at": 0} for i, c in OFFICES.items()
        ])  # fmt: skip
        conn.execute(schema.records.insert(), [
            {"entity": e, "entity_id": i, "office_id": o, "values_json": json.dumps(v),
             "versions_json": "{}", "deleted": False, "updated_seq": n}
            for n, (e, i, o, v) in enumerate(_records(rnd, 240))
        ])  # fmt: skip
        timeline.rebuild(conn)
    return db


def _cells(tallies: dict[str, tl.Cells]) -> dict[Any, Any]:
    return {(code, key): pair for code, cells in tallies.items() for key, pair in cells.items()}


def test_the_database_counts_what_the_reference_counts(db_url: str) -> None:
    db = _filled(db_url)
    try:
        cases, dates = report.case_rows(db)
        kinds: set[str] = set()
        for start, end in ((D(2026, 1, 1), D(2026, 6, 30)), (D(2025, 9, 15), D(2026, 12, 31)),
                           (D(2026, 3, 3), D(2026, 3, 3))):  # fmt: skip
            reference = report.reference_tallies(cases, dates, start, end)
            with db.read() as conn:
                counted = timeline_tally.office_tallies(conn, OFFICES, start, end)
            assert _cells(counted) == _cells(reference)
            assert report.tally_rows(counted) == report.tally_rows(reference)
            # the Kaplan-Meier figures estimated by the database itself
            assert report.timeliness(db, start, end) == report.tally_rows(reference)
            kinds.update(k[0] for cells in reference.values() for k in cells)
        assert kinds == {"total", "matter", "court", "period"}

        days = caseload.month_ends(D(2025, 10, 1), D(2026, 9, 30))
        expected = caseload.active_counts(
            ((f"{c['office']}/{c.get('defender_id') or ''}", tl.parse_day(c["opened_at"]),
              c["closed_at"] and tl.parse_day(dates[c["id"]].get("closure") or c["closed_at"]))
             for c in cases), days,
        )  # fmt: skip
        with db.read() as conn:
            counted_load = timeline_tally.active_by_defender(conn, days)
        for day in days:
            got = {f"{OFFICES[o]}/{d}": n for (o, d), n in counted_load[day].items()}
            assert got == dict(expected[day])
    finally:
        db.dispose()


def test_a_case_closed_on_paper_leaves_the_caseload_on_its_closing_day(db_url: str) -> None:
    """The closing form says 27 February, the closure was saved on 2 March: at the end of
    February the case is no longer active (the desktop's caseload says so too)."""
    db = Database(db_url)
    db.migrate()
    try:
        case = {"intake_id": "i1", "opened_at": "2026-01-10T10:00:00", "defender_id": "d1",
                "closed_at": "2026-03-02T15:00:00",
                "closure": {"answers": {"fecha_cierre": "2026-02-27"}}}  # fmt: skip
        with db.write() as conn:
            conn.execute(schema.offices.insert(), [{"id": "office-a", "code": "LIMA",
                                                    "name": "LIMA", "created_at": 0}])  # fmt: skip
            conn.execute(schema.records.insert(), [
                {"entity": e, "entity_id": i, "office_id": "office-a", "values_json":
                 json.dumps(v), "versions_json": "{}", "deleted": False, "updated_seq": n}
                for n, (e, i, v) in enumerate([
                    ("intake", "i1", {"recorded_at": "2026-01-10T09:00:00"}),
                    ("case", "c1", case)])
            ])  # fmt: skip
            timeline.rebuild(conn)
        with db.read() as conn:
            active = timeline_tally.active_by_defender(
                conn, [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]
            )
        assert [sum(active[d].values()) for d in sorted(active)] == [1, 0, 0]
    finally:
        db.dispose()
