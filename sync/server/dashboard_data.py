"""What the directorate's dashboard shows, computed from the synced records and cached.

Owns ``Figures`` (one period's national and per-office timeliness, caseload per office
against the ceiling, the monthly trend of consultations by matter, the slowest courts)
and ``FiguresCache``: one computation per period, kept until the next sync changes the
server's data (the change log's last sequence number moves), so every page view after
the first is served from memory.

Cross-office view: every count below ``report.MIN_CELL`` is shown suppressed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from stats import caseload
from stats import timeliness as tl
from sync.server import report, schema
from sync.server.db import Database
from sync.spec import vocab

SLOWEST = 10  # courts listed
SLOW_INTERVAL = "filing_to_decision"


@dataclass(frozen=True)
class OfficeLoad:
    office: str
    name: str
    defenders: int  # defenders with at least one active case on the day
    active: int
    over_ceiling: int  # defenders above the ceiling
    most: int  # the most active cases one defender carries


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    seq: int  # the change log position these figures reflect
    rows: list[report.Row]
    offices: dict[str, str]  # code -> name
    load: list[OfficeLoad]
    ceiling: int
    months: list[str]  # "YYYY-MM" of the trend
    trend: dict[str, dict[str, int]]  # matter label -> month -> consultations (national)
    slowest: list[report.Row] = field(default_factory=list)

    def cell(self, office: str, kind: str, group: str, interval: str,
             working: bool = False) -> report.Row | None:  # fmt: skip
        for row in self.rows:
            f = row.figure
            if (row.office, f.group_kind, f.group, f.interval, f.working_days) == (
                office, kind, group, interval, working
            ):  # fmt: skip
                return row
        return None


def last_seq(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.max(schema.change_log.c.seq))).scalar() or 0)


def compute(db: Database, start: dt.date, end: dt.date, ceiling: int = caseload.CEILING,
            calendar: Any = None) -> Figures:  # fmt: skip
    seq = last_seq(db)
    cases, dates = report.case_rows(db)
    rows = report.timeliness(cases, dates, start, end, calendar)
    with db.read() as conn:
        offices = {
            str(code): str(name)
            for code, name in conn.execute(
                select(schema.offices.c.code, schema.offices.c.name).order_by(
                    schema.offices.c.code
                )
            )
        }
    active = caseload.active_counts(
        (
            (f"{c['office']}\x00{c.get('defender_id') or ''}",
             tl.parse_day(c.get("opened_at")), tl.parse_day(c.get("closed_at")))
            for c in cases
        ),
        [end],
    )[end]  # fmt: skip
    per_office: dict[str, list[int]] = defaultdict(list)
    for key, count in active.items():
        per_office[key.split("\x00", 1)[0]].append(count)
    load = [
        OfficeLoad(
            code, offices.get(code, code), len(per_office.get(code, [])),
            sum(per_office.get(code, [])),
            sum(1 for n in per_office.get(code, []) if n > ceiling),
            max(per_office.get(code, [0])),
        )
        for code in sorted(set(offices) | set(per_office))
    ]  # fmt: skip
    months = [d.strftime("%Y-%m") for d in caseload.month_ends(start, end)]
    monthly = caseload.monthly_counts(intake_matters(db, start, end))
    trend: dict[str, dict[str, int]] = defaultdict(dict)
    for (month, matter), count in sorted(monthly.items()):
        trend[matter][month] = count
    slowest = sorted(
        (
            r for r in rows
            if r.office == report.NATIONAL and r.figure.group_kind == "court"
            and r.figure.interval == SLOW_INTERVAL and not r.figure.working_days
            and not r.suppressed and r.figure.median_days is not None
        ),
        key=lambda r: (-(r.figure.median_days or 0), r.figure.group),
    )[:SLOWEST]  # fmt: skip
    return Figures(start, end, seq, rows, offices, load, ceiling, months, dict(trend), slowest)


def intake_matters(db: Database, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """(service date, matter label) of every consultation (intake) within the period."""
    out = []
    for _id, _office, v in report.record_values(db, "intake"):
        raw = v.get("answers")
        answers: dict[str, Any] = raw if isinstance(raw, dict) else {}
        day = tl.parse_day(str(answers.get("fecha_atencion") or v.get("recorded_at") or ""))
        if day is None or not start <= day <= end:
            continue
        matter = v.get("matter") or answers.get("materia")
        out.append((day, vocab.MATTER.label(matter) if matter else "Sin materia"))
    return out


class FiguresCache:
    """Figures per period, recomputed only when the change log moved (a sync arrived)."""

    def __init__(self, db: Database, compute_fn: Callable[..., Figures] = compute) -> None:
        self.db = db
        self._compute = compute_fn
        self._kept: dict[tuple[dt.date, dt.date], Figures] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many times the figures were computed (tests, bench)

    def get(self, start: dt.date, end: dt.date) -> Figures:
        seq = last_seq(self.db)
        with self._lock:
            kept = self._kept.get((start, end))
            if kept is not None and kept.seq == seq:
                return kept
        figures = self._compute(self.db, start, end)
        with self._lock:
            if len(self._kept) > 16:  # a few periods at a time; drop the oldest
                self._kept.pop(next(iter(self._kept)))
            self._kept[(start, end)] = figures
            self.computed += 1
        return figures


def suppressed_count(count: int) -> str:
    return report.SUPPRESSED if count < report.MIN_CELL else str(count)
