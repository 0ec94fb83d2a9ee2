"""The directorate's timeliness tallies and caseload counted in SQL on ``case_timeline``.

Owns the statements that turn the per-case timeline (``sync/server/timeline.py``) into
the tallies ``stats.timeliness`` computes figures from, on SQLite and PostgreSQL alike:
for each interval of ``stats.timeliness.INTERVALS`` (its start and end milestone
columns, ``<kind>_on``), each case whose interval starts within the period is one
observation — an event when it ends by the period's last day, censored there otherwise,
a milestone dated before its start counting as day 0 (``stats.timeliness.interval_span``)
— with its calendar days and its working days (the running count of
``stats.timeliness.WorkdayCounter`` over the period, passed as one JSON array and indexed
by day); the database groups them per office and group kind (``report.OFFICE_GROUPS``:
total, matter, court, period) and returns one row per cell and duration, so Python only
maps codes to labels and runs the shared Kaplan–Meier. ``active_by_defender`` counts the
active cases per defender and office on given days (``stats.caseload.active_on``:
opened by the day, not closed by it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, text

from stats import timeliness as tl
from sync.spec import vocab

# Period groups: the month the interval started, "YYYY-MM".
_PERIOD = {"postgresql": "to_char(began, 'YYYY-MM')", "sqlite": "substr(began, 1, 7)"}
_DAYS = {
    "postgresql": "stop - began",
    "sqlite": "CAST(julianday(stop) - julianday(began) AS INTEGER)",
}
# index of a day in the running count of working days (0 = the period's first day)
_INDEX = {
    "postgresql": "({day} - CAST(:start AS date) + 1)",
    "sqlite": "CAST(julianday({day}) - julianday(:start) AS INTEGER)",
}
_AT = {
    "postgresql": "(CAST(:working AS integer[]))[{index}]",
    "sqlite": "json_extract(:working, '$[' || {index} || ']')",
}
_GREATEST = {"postgresql": "greatest", "sqlite": "max"}
_DATE = {"postgresql": "CAST(:{name} AS date)", "sqlite": ":{name}"}


def _observations(dialect: str, office: bool) -> str:
    """One row per case and interval starting within the period (``:start``, ``:end``):
    office_id, matter, court, interval (its index), began, stop, event."""
    start, end = _DATE[dialect].format(name="start"), _DATE[dialect].format(name="end")
    parts = []
    for n, interval in enumerate(tl.INTERVALS):
        began, ended = f"{interval.start}_on", f"{interval.end}_on"
        parts.append(
            f"SELECT office_id, matter, court, {n} AS interval, {began} AS began,"
            f" CASE WHEN {ended} <= {end} THEN {_GREATEST[dialect]}({ended}, {began})"
            f" ELSE {end} END AS stop,"
            f" CASE WHEN {ended} <= {end} THEN 1 ELSE 0 END AS event"
            f" FROM case_timeline WHERE {began} >= {start} AND {began} <= {end}"
            + (" AND office_id = :office" if office else "")
        )
    return " UNION ALL ".join(parts)


def _tally_sql(dialect: str, office: bool) -> str:
    at = _AT[dialect]
    working = " - ".join(
        at.format(index=_INDEX[dialect].format(day=day)) for day in ("stop", "began")
    )
    groups = {
        "total": "''",
        "matter": "coalesce(matter, '')",
        "court": "court",
        "period": _PERIOD[dialect],
    }
    selects = [
        f"SELECT office_id, '{kind}' AS kind, {expr} AS grp, interval, days, working, event,"
        f" count(*) AS n FROM obs GROUP BY office_id, interval, days, working, event"
        + (f", {expr}" if kind != "total" else "")
        for kind, expr in groups.items()
    ]
    return (
        f"WITH base AS ({_observations(dialect, office)}),"
        f" obs AS (SELECT office_id, matter, court, interval, began, event,"
        f" {_DAYS[dialect]} AS days, {working} AS working FROM base) " + " UNION ALL ".join(selects)
    )


def _running_working_days(start: dt.date, end: dt.date, calendar: Any) -> list[int]:
    """Working days in ``(start, start + i]`` for every day of the period."""
    counter = tl.WorkdayCounter(calendar)
    return [counter.between(start, start + dt.timedelta(days=i))
            for i in range((end - start).days + 1)]  # fmt: skip


def _label(kind: str, group: str) -> str:
    if kind == "total":
        return tl.TOTAL
    if kind == "matter":
        return vocab.MATTER.label(group) if group else tl.NO_LABEL
    return group or tl.NO_LABEL


def office_tallies(
    conn: Connection,
    offices: dict[str, str],
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
    office_id: str | None = None,
) -> dict[str, tl.Tally]:
    """Each office's tally (by office code; ``offices`` maps id -> code) of the groups
    total, matter, court and period, counted by the database (one office, or all)."""
    dialect = conn.dialect.name
    working = _running_working_days(start, end, calendar)
    params: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
    params["working"] = working if dialect == "postgresql" else json.dumps(working)
    if office_id is not None:
        params["office"] = office_id
    out: dict[str, tl.Tally] = defaultdict(tl.Tally)
    codes = [interval.code for interval in tl.INTERVALS]
    labels: dict[tuple[str, str], str] = {}
    for office, kind, group, interval, days, work, event, n in conn.execute(
        text(_tally_sql(dialect, office_id is not None)), params
    ):
        key = (kind, group)
        label = labels.get(key)
        if label is None:
            label = labels[key] = _label(kind, group)
        code = offices.get(office, office)
        out[code].add(kind, label, codes[interval], days, work, bool(event), n)
    return dict(out)


def active_by_defender(
    conn: Connection, days: Iterable[dt.date], office_id: str | None = None
) -> dict[dt.date, dict[tuple[str, str], int]]:
    """``{day: {(office id, defender id): active cases}}`` (``stats.caseload.active_on``:
    opened on or before the day, not closed by it)."""
    out: dict[dt.date, dict[tuple[str, str], int]] = {}
    where = " AND office_id = :office" if office_id is not None else ""
    opened, on = "opened_on <= {d}", _DATE[conn.dialect.name].format(name="day")
    sql = (
        "SELECT office_id, coalesce(defender_id, ''), count(*) FROM case_timeline"
        f" WHERE {opened.format(d=on)} AND (closed_on IS NULL OR closed_on > {on}){where}"
        " GROUP BY office_id, coalesce(defender_id, '')"
    )
    for day in days:
        params = {"day": day.isoformat(), "office": office_id}
        out[day] = {
            (str(office), str(defender)): int(n)
            for office, defender, n in conn.execute(text(sql), params)
        }
    return out
