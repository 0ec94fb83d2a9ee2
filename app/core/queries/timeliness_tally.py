"""The timeliness tally of the office computed inside the database (the fast path).

Owns ``timeliness_tally(store, start, end)``: the same ``stats.timeliness.Tally`` that
``stats.timeliness.figures(observations(timeliness_cases, milestone_rows, …))`` builds,
but counted by SQLite over the derived table ``case_timeline`` (one row per live case: its
group codes and milestone dates by the one rule ``stats.milestones``, kept in step by every
write — ``app/store/case_timeline.py``): the intervals (``stats.timeliness.INTERVALS``)
that start within the period (an event when it ends by the period's last day, censored
there otherwise; an end before the start counts as day 0), calendar days and working days
(calendar days minus the days off of ``stats.timeliness.WorkdayCounter``'s calendar within
the span, counted by arithmetic in the statement).

Every group of every kind is counted in ONE pass grouped by the time key (interval,
days, working days, event) alone, each group a ``count(*) FILTER (WHERE …)`` column (its
value bound as a parameter): one sort of the observations instead of one per group kind.
A kind with more than ``FILTER_MAX`` groups (a long period's months) gets its own GROUP BY.
The total is the pass's ``count(*)``. Group codes become the same labels in Python
(matter, office name, defender name, court label, month).
``tests/core/test_timeliness_tally.py`` checks it equals the reference path on varied data,
by either way of counting. It is what keeps the client's figures fast at 100k cases
(``bench/timeliness.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

from app.core.people import QueryStore
from stats.timeliness import (
    GROUP_KINDS,
    INTERVALS,
    MAX_PERIOD_DAYS,
    NO_LABEL,
    TOTAL,
    Tally,
    WorkdayCounter,
    court_label,
)
from sync.spec import vocab

_OBS = "\n  UNION ALL ".join(
    f"SELECT {n} AS interval, {i.start} AS began, {i.end} AS ended, office_id, matter,"
    f" defender_id, court, specialty FROM case_timeline"
    f" WHERE {i.start} >= :start AND {i.start} <= :end"
    for n, i in enumerate(INTERVALS)  # intervals by their index: integers sort fastest
)

# {closed_kb} / {closed_ks}: how many days off fall within the period up to a day
# (``_days_off_sql``); the working days of a span are its calendar days minus the days
# off in it — arithmetic, no lookup per row.
SPAN = f"""
WITH
span AS MATERIALIZED (
  SELECT interval, matter, defender_id, office_id, court, specialty,
    substr(began, 1, 7) AS period, (ended IS NOT NULL AND ended <= :end) AS event,
    CAST(julianday(began) - julianday(:start) AS INTEGER) AS kb,
    CAST(julianday(max(CASE WHEN ended IS NOT NULL AND ended <= :end THEN ended ELSE :end END,
                       began)) - julianday(:start) AS INTEGER) AS ks
  FROM ({_OBS})
),
sp AS (
  SELECT interval, matter, defender_id, office_id, court, specialty, period, event,
    ks - kb AS days, ks - kb - ({{closed_ks}} - {{closed_kb}}) AS working
  FROM span
)
"""
# The groups of every kind are counted in ONE pass sorted by the time key alone: one
# ``count(*) FILTER (WHERE <group>)`` column per group (``{counts}``) — one sort instead
# of one per kind (each sort costs about as much as the whole pass).
SQL = SPAN + """SELECT interval, days, working, event, count(*) AS n, {counts}
FROM sp GROUP BY interval, days, working, event
"""
# A kind with more groups than ``FILTER_MAX`` (a long period's months, many courts) is
# counted by its own GROUP BY (a sort of its own beats hundreds of filters per row).
SQL_KIND = SPAN + """SELECT {a} AS a, {b} AS b, interval, days, working, event, count(*) AS n
FROM sp GROUP BY {a}, {b}, interval, days, working, event
"""
FILTER_MAX = 24
# kind -> the (a, b) columns of sp naming its group
KIND_COLUMNS = {
    "matter": ("matter", "NULL"),
    "office": ("office_id", "NULL"),
    "defender": ("defender_id", "NULL"),
    "court": ("court", "specialty"),
    "period": ("period", "NULL"),
}
GROUPS = """SELECT json_group_array(DISTINCT matter) AS matter,
  json_group_array(DISTINCT office_id) AS office,
  json_group_array(DISTINCT defender_id) AS defender,
  json_group_array(DISTINCT json_array(court, specialty)) AS court
FROM case_timeline"""


def days_off(start: dt.date, end: dt.date, calendar: Any = None) -> list[int]:
    """The days off of ``(start, end]`` (``WorkdayCounter``'s calendar) as day numbers
    counted from ``start``, in order."""
    counter, out = WorkdayCounter(calendar), []
    for k in range(1, (end - start).days + 1):
        day = start + dt.timedelta(days=k)
        if counter.between(day - dt.timedelta(days=1), day) == 0:
            out.append(k)
    return out


def _days_off_sql(k: str, offs: list[int], lo: int = 0, hi: int | None = None) -> str:
    """SQL: how many of ``offs[lo:hi]`` (sorted integers) are <= the integer column
    ``k`` — a balanced CASE tree, log2(len) comparisons per row."""
    hi = len(offs) if hi is None else hi
    if hi - lo <= 3:
        return "(" + " + ".join([f"({k} >= {o})" for o in offs[lo:hi]] or ["0"]) + ")"
    mid = (lo + hi) // 2
    left, right = _days_off_sql(k, offs, lo, mid), _days_off_sql(k, offs, mid + 1, hi)
    return f"(CASE WHEN {k} < {offs[mid]} THEN {left} ELSE {mid - lo + 1} + {right} END)"


def timeliness_tally(
    store: QueryStore,
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
    kinds: Collection[str] = GROUP_KINDS,
) -> Tally:
    """The office's timeliness tally for intervals starting within ``[start, end]``, of
    the group ``kinds`` asked for (every kind by default; "total" is always counted)
    (``ValueError`` for a period longer than ``MAX_PERIOD_DAYS``)."""
    from app.core.queries.caseload import staff

    if not 0 <= (end - start).days <= MAX_PERIOD_DAYS:
        raise ValueError(f"a period is 1 to {MAX_PERIOD_DAYS} days long")

    offs = days_off(start, end, calendar)
    offs_sql = {"closed_kb": _days_off_sql("kb", offs), "closed_ks": _days_off_sql("ks", offs)}
    found = store.query(GROUPS)[0]  # the groups present: few, each a column below
    groups: dict[str, list[tuple[Any, Any]]] = {
        "matter": [(v, None) for v in json.loads(found["matter"] or "[]")],
        "office": [(v, None) for v in json.loads(found["office"] or "[]")],
        "defender": [(v, None) for v in json.loads(found["defender"] or "[]")],
        "court": [tuple(json.loads(v) if isinstance(v, str) else v)
                  for v in json.loads(found["court"] or "[]")],
        "period": [(m.isoformat()[:7], None) for m in _months(start, end)],
    }  # fmt: skip
    groups = {kind: values for kind, values in groups.items() if kind in kinds}
    columns: list[tuple[str, Any, Any]] = []  # (kind, a, b) of each count column
    for kind, values in groups.items():
        if len(values) <= FILTER_MAX:
            columns += [(kind, a, b) for a, b in values]
    counts, params = [], {"start": start.isoformat(), "end": end.isoformat()}
    for n, (kind, a, b) in enumerate(columns):  # values bound, never spliced into the SQL
        test = [_is(KIND_COLUMNS[kind][0], a, f"a{n}", params)]
        if kind == "court":
            test.append(_is(KIND_COLUMNS[kind][1], b, f"b{n}", params))
        counts.append(f"count(*) FILTER (WHERE {' AND '.join(test)}) AS c{n}")
    offices = {
        str(r["id"]): str(r["name"] or "") for r in store.query("SELECT id, name FROM office")
    }
    people = staff(store)[0]
    courts: dict[tuple[Any, Any], str] = {}

    def label(kind: str, a: Any, b: Any) -> str:
        if kind == "total":
            return TOTAL
        if kind == "period":
            return str(a)
        if kind == "matter":
            text = vocab.MATTER.label(a) if a else ""
        elif kind == "office":
            text = offices.get(str(a), "") if a else ""
        elif kind == "defender":
            text = people.get(str(a), "") if a else ""
        else:
            if (a, b) not in courts:
                courts[(a, b)] = court_label({"court": a, "specialty": b})
            text = courts[(a, b)]
        return text or NO_LABEL

    tally = Tally()
    cells = [tally.cells[(kind, label(kind, a, b), code)]
             for code in (i.code for i in INTERVALS) for kind, a, b in columns]  # fmt: skip
    width, names = len(columns), [f"c{n}" for n in range(len(columns))]
    sql = SQL.format(counts=", ".join(counts) or "0 AS c0", **offs_sql)
    for r in store.query(sql, params):
        interval, key = int(r["interval"]), (int(r["days"]), int(r["working"]), r["event"] == 1)
        tally.cells[("total", TOTAL, INTERVALS[interval].code)][key] += r["n"]
        for cell, name in zip(cells[interval * width : (interval + 1) * width], names,
                              strict=True):  # fmt: skip
            if r[name]:
                cell[key] += r[name]
    for kind, values in groups.items():
        if len(values) > FILTER_MAX:
            a, b = KIND_COLUMNS[kind]
            for r in store.query(SQL_KIND.format(a=a, b=b, **offs_sql), params):
                cell = tally.cells[(kind, label(kind, r["a"], r["b"]),
                                    INTERVALS[int(r["interval"])].code)]  # fmt: skip
                cell[(int(r["days"]), int(r["working"]), r["event"] == 1)] += r["n"]
    for empty in [k for k, counts in tally.cells.items() if not counts]:
        del tally.cells[empty]  # a group without observations in the period has no figure
    return tally


def _is(column: str, value: Any, name: str, params: dict[str, Any]) -> str:
    """SQL: ``column`` holds ``value`` (bound as ``:name``; NULL matches NULL)."""
    if value is None:
        return f"{column} IS NULL"
    params[name] = value
    return f"{column} = :{name}"


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    from stats.caseload import month_ends

    return [day.replace(day=1) for day in month_ends(start, end)]
