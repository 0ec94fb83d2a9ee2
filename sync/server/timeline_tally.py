"""The directorate's timeliness tallies and caseload counted in SQL on ``case_timeline``.

Owns the statements that turn the per-case timeline (``sync/server/timeline.py``) into
the tallies ``stats.timeliness`` computes figures from, on SQLite and PostgreSQL alike:
for each interval of ``stats.timeliness.INTERVALS`` (its start and end milestone
columns, ``<kind>_on``), each case whose interval starts within the period is one
observation — an event when it ends by the period's last day, censored there otherwise,
a milestone dated before its start counting as day 0 (``stats.timeliness.interval_span``)
— with its calendar days and its working days (the running count of
``stats.timeliness.WorkdayCounter`` over the period, ``running_working_days``, passed as
one JSON array and indexed by day); the database groups them per office and group kind
(``report.OFFICE_GROUPS``: total, matter, court, period) and returns one row per cell and
duration (``office_tallies``). The figures the server shows are estimated over arrays
instead (``timeline_figures``: no per-duration row through Python); ``office_tallies``
is the second, independent count the tests hold them to. ``active_by_defender`` counts
the active cases per defender and office on given days (``stats.caseload.active_on``:
opened by the day, not closed by it) in one
statement for all the days (the timeline's ``opened_on`` and ``closed_on``: the
desktop's caseload days, ``stats.caseload.case_span``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
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
# The group kinds counted (``report.OFFICE_GROUPS``) and the column each groups by.
_KINDS = ("total", "matter", "court", "period")
_GROUP = {"total": "''", "matter": "matter", "court": "court", "period": "period"}
# PostgreSQL's GROUPING(matter, court, period) of each kind's grouping set (1 = left out)
_GROUPING = {0b111: "total", 0b011: "matter", 0b101: "court", 0b110: "period"}


def _pick(column: str) -> str:
    """The interval's start or end milestone column, by the interval's index ``n``."""
    whens = " ".join(
        f"WHEN {n} THEN {getattr(interval, column)}_on" for n, interval in enumerate(tl.INTERVALS)
    )
    return f"CASE n {whens} END"


def _observations(dialect: str, office: bool) -> str:
    """One row per case and interval starting within the period (``:start``, ``:end``):
    office_id, matter, court, interval (its index), began, stop, event — the timeline
    read once, each row crossed with the intervals' indexes."""
    start, end = _DATE[dialect].format(name="start"), _DATE[dialect].format(name="end")
    indexes = " UNION ALL ".join(f"SELECT {n} AS n" for n in range(len(tl.INTERVALS)))
    pairs = (
        f"SELECT office_id, coalesce(matter, '') AS matter, court, n AS interval,"
        f" {_pick('start')} AS began, {_pick('end')} AS ended"
        f" FROM case_timeline CROSS JOIN ({indexes}) AS intervals"
        + (" WHERE office_id = :office" if office else "")
    )
    return (
        f"SELECT office_id, matter, court, interval, began,"
        f" CASE WHEN ended <= {end} THEN {_GREATEST[dialect]}(ended, began) ELSE {end} END"
        f" AS stop, CASE WHEN ended <= {end} THEN 1 ELSE 0 END AS event"
        f" FROM ({pairs}) AS pairs WHERE began >= {start} AND began <= {end}"
    )


def obs_sql(dialect: str, office: bool) -> str:
    """``WITH obs AS (…)``: one row per observation — office_id, matter, court, interval,
    period, event, days, working — the start of every statement counting them."""
    at = _AT[dialect]
    working = " - ".join(
        at.format(index=_INDEX[dialect].format(day=day)) for day in ("stop", "began")
    )
    return (
        f"WITH obs AS (SELECT office_id, matter, court, interval, {_PERIOD[dialect]} AS period,"
        f" event, {_DAYS[dialect]} AS days, {working} AS working"
        f" FROM ({_observations(dialect, office)}) AS base) "
    )


def _tally_sql(dialect: str, office: bool) -> str:
    """Rows (office_id, kind, group, interval, days, working, event, n): PostgreSQL counts
    every kind in one pass (GROUPING SETS; its kind from GROUPING), SQLite one pass each."""
    obs = obs_sql(dialect, office)
    cell = "office_id, interval, days, working, event"
    if dialect == "postgresql":
        sets = ", ".join(f"({cell}{'' if kind == 'total' else ', ' + kind})" for kind in _KINDS)
        return (
            obs + "SELECT office_id, GROUPING(matter, court, period) AS kind,"
            " coalesce(matter, court, period, '') AS grp, interval, days, working, event,"
            f" count(*) AS n FROM obs GROUP BY GROUPING SETS ({sets})"
        )
    return obs + " UNION ALL ".join(
        f"SELECT office_id, '{kind}' AS kind, {_GROUP[kind]} AS grp, interval, days, working,"
        f" event, count(*) AS n FROM obs GROUP BY {cell}"
        + (f", {_GROUP[kind]}" if kind != "total" else "")
        for kind in _KINDS
    )


def running_working_days(start: dt.date, end: dt.date, calendar: Any) -> list[int]:
    """Working days in ``(start, start + i]`` for every day of the period."""
    counter = tl.WorkdayCounter(calendar)
    return [counter.between(start, start + dt.timedelta(days=i))
            for i in range((end - start).days + 1)]  # fmt: skip


def obs_params(dialect: str, start: dt.date, end: dt.date, calendar: Any = None,
               office_id: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The parameters of ``obs_sql``: the period, its running working days, the office."""
    working = running_working_days(start, end, calendar)
    params: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
    params["working"] = working if dialect == "postgresql" else json.dumps(working)
    if office_id is not None:
        params["office"] = office_id
    return params


def label(kind: str, group: str) -> str:
    """A group's label as the figures show it (a matter's Spanish name)."""
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
    national: tl.Cells | None = None,
) -> dict[str, tl.Cells]:
    """Each office's cells (by office code; ``offices`` maps id -> code) of the groups
    total, matter, court and period, counted by the database (one office, or all), each
    split into its calendar and working days' tallies (``stats.timeliness.Cells``).
    ``national``: every row is counted into it too, as it is read (the offices' cells
    merged, without a second pass over them)."""
    dialect = conn.dialect.name
    params = obs_params(dialect, start, end, calendar, office_id)
    out: dict[str, tl.Cells] = defaultdict(dict)
    codes = [interval.code for interval in tl.INTERVALS]
    cells: dict[tuple[str, Any, str, int], tuple[tl.Counts, tl.Counts]] = {}
    both: dict[int, tuple[tl.Counts, tl.Counts]] = {}  # id of an office's pair -> national
    for office, kind, group, interval, days, work, event, n in rows_of(
        conn, _tally_sql(dialect, office_id is not None), params
    ):
        pair = cells.get((office, kind, group, interval))
        if pair is None:
            name = _GROUPING.get(kind, kind)  # PostgreSQL's GROUPING bits, or the name
            key = (name, label(name, group), codes[interval])
            pair = cells[(office, kind, group, interval)] = ({}, {})
            out[offices.get(office, office)][key] = pair
            if national is not None:
                both[id(pair)] = national.setdefault(key, ({}, {}))
        tl.count_into(*pair, days, work, n if event else 0, n)
        if national is not None:
            tl.count_into(*both[id(pair)], days, work, n if event else 0, n)
    return dict(out)


def rows_of(conn: Connection, sql: str, params: dict[str, Any]) -> Iterable[tuple[Any, ...]]:
    """The statement's rows as plain tuples: on PostgreSQL straight from the driver's
    cursor (a national tally is millions of rows; SQLAlchemy's row objects cost about
    four times the driver's fetch), with room to hash them in memory (``work_mem``) for
    this transaction only."""
    if conn.dialect.name != "postgresql":
        yield from conn.execute(text(sql), params)
        return
    conn.execute(text("SET LOCAL work_mem = '256MB'"))
    compiled = text(sql).bindparams(**params).compile(dialect=conn.dialect)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), compiled.params)
        while chunk := cursor.fetchmany(50_000):
            yield from chunk
    finally:
        cursor.close()


def active_by_defender(
    conn: Connection, days: Sequence[dt.date], office_id: str | None = None
) -> dict[dt.date, dict[tuple[str, str], int]]:
    """``{day: {(office id, defender id): active cases}}`` (``stats.caseload.active_on``:
    opened on or before the day, not closed by it) for sorted ``days``, in one statement:
    each case's opening and closing fall in a slot of ``days`` (the first day on or after
    them), the database counts cases per defender and pair of slots, and a case is active
    on the days from its opening slot up to its closing one (a closing before the opening
    — bad data — counts as closed at once)."""
    dialect = conn.dialect.name
    marks = [_DATE[dialect].format(name=f"d{n}") for n in range(len(days))]

    def slot(column: str) -> str:
        whens = " ".join(f"WHEN {column} <= {mark} THEN {n}" for n, mark in enumerate(marks))
        return f"CASE {whens} ELSE {len(days)} END" if days else "0"

    where = " AND office_id = :office" if office_id is not None else ""
    sql = (
        f"SELECT office_id, coalesce(defender_id, ''), {slot('opened_on')}, {slot('closed_on')},"
        f" count(*) FROM case_timeline WHERE opened_on IS NOT NULL{where}"
        " GROUP BY 1, 2, 3, 4"
    )
    params: dict[str, Any] = {f"d{n}": day.isoformat() for n, day in enumerate(days)}
    params["office"] = office_id
    active: dict[tuple[str, str], list[int]] = {}
    for office, defender, opened, closed, n in conn.execute(text(sql), params):
        steps = active.setdefault((str(office), str(defender)), [0] * (len(days) + 1))
        steps[opened] += n
        steps[max(opened, closed)] -= n
    out: dict[dt.date, dict[tuple[str, str], int]] = {day: {} for day in days}
    for key, steps in active.items():
        running = 0
        for day, step in zip(days, steps, strict=False):
            running += step
            if running:
                out[day][key] = running
    return out
