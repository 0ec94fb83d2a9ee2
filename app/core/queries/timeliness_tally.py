"""The timeliness tally of the office computed inside the database (the fast path).

Owns ``timeliness_tally(store, start, end, kinds=…)``: the cells (group kind, group,
interval) with their calendar-day and working-day tallies (``stats.timeliness.Cells``, what
``stats.timeliness.cell_figures`` takes) that ``stats.timeliness.figures(observations(…))``
counts from rows read into Python, but counted by SQLite over the derived table
``case_timeline`` (one row per live case: its group codes and milestone days as day
numbers by the one rule ``stats.milestones``, kept in step by every write —
``app/store/case_timeline.py``): the intervals (``stats.timeliness.INTERVALS``) that start
within the period (an event when it ends by the period's last day, censored there
otherwise; an end before the start counts as day 0).

Durations are subtractions of day numbers. Working days are differences of a working-day
index computed in the statement (``working_sql``): the day number minus the Saturdays and
Sundays up to it (two integer divisions) minus the other days off of
``stats.timeliness.WorkdayCounter``'s calendar within the period up to it (a balanced CASE
tree over a dozen or so holidays); a calendar that works on some weekend day gets the tree
over every day off instead. Each observation becomes one integer key (interval, days,
working days, event: ``_decode``), so the one GROUP BY sorts single integers.

Every group of every kind asked for is counted in that ONE pass, each group a
``count(*) FILTER (WHERE …)`` column (its value bound as a parameter): one sort of the
observations instead of one per group kind. A kind with more than ``FILTER_MAX`` groups (a
long period's months) gets its own GROUP BY. The total is the pass's ``count(*)``. Group
codes become the same labels in Python (matter, office name, defender name, court label,
month). ``tests/core/test_timeliness_tally.py`` checks it equals the reference path on
varied data, by either way of counting. It is what keeps the client's figures fast at 100k
cases (``bench/timeliness.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

from app.core.people import QueryStore
from app.store.case_timeline import JULIAN_OF_DAY_0, count_le_sql
from stats.timeliness import (
    GROUP_KINDS,
    INTERVALS,
    MAX_PERIOD_DAYS,
    NO_LABEL,
    TOTAL,
    Cells,
    Counts,
    WorkdayCounter,
    count_into,
    court_label,
)
from sync.spec import vocab

SPAN = 8192  # > MAX_PERIOD_DAYS: days and working days each take 13 bits of the key
assert MAX_PERIOD_DAYS < SPAN


def _key(interval: str, days: str, working: str, event: int) -> str:
    return f"((({interval}) * {SPAN} + {days}) * {SPAN} + {working}) * 2 + {event}"


def _decode(key: int) -> tuple[int, int, int, bool]:
    """(interval index, days, working days, event) of a key (``_key``)."""
    rest, event = divmod(key, 2)
    rest, working = divmod(rest, SPAN)
    interval, days = divmod(rest, SPAN)
    return interval, days, working, bool(event)


def days_off(start: dt.date, end: dt.date, calendar: Any = None) -> list[int]:
    """The days off of ``(start, end]`` (``WorkdayCounter``'s calendar) as day numbers
    (``date.toordinal()``), in order."""
    counter, out = WorkdayCounter(calendar), []
    for k in range(1, (end - start).days + 1):
        day = start + dt.timedelta(days=k)
        if counter.between(day - dt.timedelta(days=1), day) == 0:
            out.append(day.toordinal())
    return out


def _weekend(number: int) -> bool:
    return number % 7 in (0, 6)  # an ordinal's weekday is (ordinal - 1) % 7: 5, 6 = Sat, Sun


def working_sql(column: str, start: dt.date, end: dt.date, offs: list[int]) -> tuple[str, int]:
    """SQL of a working-day index of the day number ``column`` within ``[start, end]``
    (whose days off are ``offs``, ``days_off``), and the index of ``end``: the working
    days of ``(a, b]`` are ``index(b) - index(a)``."""
    first, last = start.toordinal(), end.toordinal()
    weekends = {d for d in range(first + 1, last + 1) if _weekend(d)}
    if weekends <= set(offs):  # every Saturday and Sunday is off: count them by division
        others = [d for d in offs if not _weekend(d)]
        sql = f"({column} - {column} / 7 - ({column} + 1) / 7 - {count_le_sql(column, others)})"
        return sql, last - last // 7 - (last + 1) // 7 - len(others)
    return f"({column} - {count_le_sql(column, offs)})", last - len(offs)


_OBS = """SELECT CASE
    WHEN {e} IS NULL OR {e} > :last THEN {censored}
    WHEN {e} < {b} THEN {at_once}
    ELSE {ended} END AS k{columns}
FROM case_timeline WHERE {b} BETWEEN :first AND :last"""
# The groups of every kind are counted in ONE pass sorted by the key alone: one
# ``count(*) FILTER (WHERE <group>)`` column per group (``{counts}``) — one sort instead
# of one per kind (each sort costs about as much as the whole pass).
SQL = "SELECT k, count(*) AS n{counts} FROM ({obs}) GROUP BY k"
# A kind with more groups than ``FILTER_MAX`` (a long period's months, many courts) is
# counted by its own GROUP BY (a sort of its own beats hundreds of filters per row).
SQL_KIND = "SELECT a, b, k, count(*) AS n FROM ({obs}) GROUP BY a, b, k"
FILTER_MAX = 24
# kind -> the (a, b) columns of an observation naming its group
KIND_COLUMNS = {
    "matter": ("matter", "NULL"),
    "office": ("office_id", "NULL"),
    "defender": ("defender_id", "NULL"),
    "court": ("court", "specialty"),
    "period": (f"strftime('%Y-%m', {{began}} + {JULIAN_OF_DAY_0})", "NULL"),  # its month
}
GROUPS = """SELECT json_group_array(DISTINCT matter) AS matter,
  json_group_array(DISTINCT office_id) AS office,
  json_group_array(DISTINCT defender_id) AS defender,
  json_group_array(DISTINCT json_array(court, specialty)) AS court
FROM case_timeline"""


def _observations(start: dt.date, end: dt.date, calendar: Any, columns: str) -> str:
    """SQL: one row per observation of the period: its key, then ``columns`` (SQL over
    ``case_timeline``'s row, ``{began}`` naming the interval's start day)."""
    offs = days_off(start, end, calendar)
    parts = []
    for n, interval in enumerate(INTERVALS):
        b, e = interval.start, interval.end
        w_b, w_last = working_sql(b, start, end, offs)
        w_e, _ = working_sql(e, start, end, offs)
        parts.append(_OBS.format(
            b=b, e=e, columns=columns.replace("{began}", b),
            censored=_key(str(n), f":last - {b}", f"{w_last} - {w_b}", 0),
            at_once=_key(str(n), "0", "0", 1),
            ended=_key(str(n), f"{e} - {b}", f"{w_e} - {w_b}", 1),
        ))  # fmt: skip
    return "\nUNION ALL\n".join(parts)


def timeliness_tally(
    store: QueryStore,
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
    kinds: Collection[str] = GROUP_KINDS,
) -> Cells:
    """The office's timeliness cells for intervals starting within ``[start, end]``, of
    the group ``kinds`` asked for (every kind by default; "total" is always counted)
    (``ValueError`` for a period longer than ``MAX_PERIOD_DAYS``)."""
    if not 0 <= (end - start).days <= MAX_PERIOD_DAYS:
        raise ValueError(f"a period is 1 to {MAX_PERIOD_DAYS} days long")
    found = store.query(GROUPS)[0]  # the groups present: few, each a column below
    groups: dict[str, list[tuple[Any, Any]]] = {
        "matter": [(v, None) for v in json.loads(found["matter"] or "[]")],
        "office": [(v, None) for v in json.loads(found["office"] or "[]")],
        "defender": [(v, None) for v in json.loads(found["defender"] or "[]")],
        "court": [tuple(json.loads(v) if isinstance(v, str) else v)
                  for v in json.loads(found["court"] or "[]")],
        "period": [_month_days(m) for m in _months(start, end)],
    }  # fmt: skip
    groups = {kind: values for kind, values in groups.items() if kind in kinds}
    label = _Labels(store)
    params: dict[str, Any] = {"first": start.toordinal(), "last": end.toordinal()}
    # Each kind counted in the one pass gets a small integer column naming its group
    # (computed before the sort: the sorter carries integers, not the codes' text), each
    # group a FILTER column over it; values are bound, never spliced into the SQL.
    codes, counts, columns = [], [], []  # columns: (kind, label) of each count column
    for kind, values in groups.items():
        if not values or len(values) > FILTER_MAX:
            continue
        whens = []
        for g, (a, b) in enumerate(values):
            name = f"{kind}{g}"
            if kind == "period":  # months in order, each up to its last day number
                params[name] = b
                whens.append(f"WHEN {{began}} <= :{name} THEN {g}")
                continue
            test = [_is(KIND_COLUMNS[kind][0], a, f"{name}a", params)]
            if kind == "court":
                test.append(_is(KIND_COLUMNS[kind][1], b, f"{name}b", params))
            whens.append(f"WHEN {' AND '.join(test)} THEN {g}")
        codes.append(f", CASE {' '.join(whens)} END AS g_{kind}")
        counts += [f", count(*) FILTER (WHERE g_{kind} = {g})" for g in range(len(values))]
        columns += [(kind, label(kind, a, b)) for a, b in values]
    obs = _observations(start, end, calendar, "".join(codes))
    sql = SQL.format(counts="".join(counts), obs=obs)
    cells: Cells = {}

    def cell(kind: str, group: str, interval: int) -> tuple[Counts, Counts]:
        key = (kind, group, INTERVALS[interval].code)
        found = cells.get(key)
        if found is None:
            found = cells[key] = ({}, {})
        return found

    # every count column's cell pair, per interval (created on first use: a group
    # without observations in the period has no figure)
    slots: list[list[tuple[Counts, Counts] | None]] = [[None] * len(columns) for _ in INTERVALS]
    for row in store.query(sql, params):
        k, n, *by_group = row.values()
        interval, days, working, event = _decode(int(k))
        count_into(*cell("total", TOTAL, interval), days, working, n if event else 0, n)
        mine = slots[interval]
        for i, c in enumerate(by_group):
            if c:
                pair = mine[i]
                if pair is None:
                    pair = mine[i] = cell(*columns[i], interval)
                count_into(*pair, days, working, c if event else 0, c)
    for kind, values in groups.items():
        if len(values) > FILTER_MAX:  # counted by its own GROUP BY
            a, b = KIND_COLUMNS[kind]
            obs = _observations(start, end, calendar, f", {a} AS a, {b} AS b")
            for r in store.query(SQL_KIND.format(obs=obs), params):
                interval, days, working, event = _decode(int(r["k"]))
                pair = cell(kind, label(kind, r["a"], r["b"]), interval)
                count_into(*pair, days, working, r["n"] if event else 0, r["n"])
    return cells


class _Labels:
    """The label of a group from its codes: matter, office name, defender name (one per
    person, ``staff``), court label, month "YYYY-MM"."""

    def __init__(self, store: QueryStore) -> None:
        from app.core.queries.caseload import staff

        rows = store.query("SELECT id, name FROM office")
        self.offices = {str(r["id"]): str(r["name"] or "") for r in rows}
        self.people = staff(store)[0]
        self.courts: dict[tuple[Any, Any], str] = {}

    def __call__(self, kind: str, a: Any, b: Any) -> str:
        if kind == "total":
            return TOTAL
        if kind == "period":  # a month's (first, last) day numbers, or its "YYYY-MM"
            return a if isinstance(a, str) else dt.date.fromordinal(a).isoformat()[:7]
        if kind == "matter":
            text = vocab.MATTER.label(a) if a else ""
        elif kind == "office":
            text = self.offices.get(str(a), "") if a else ""
        elif kind == "defender":
            text = self.people.get(str(a), "") if a else ""
        else:
            if (a, b) not in self.courts:
                self.courts[(a, b)] = court_label({"court": a, "specialty": b})
            text = self.courts[(a, b)]
        return text or NO_LABEL


def _is(column: str, value: Any, name: str, params: dict[str, Any]) -> str:
    """SQL: ``column`` holds ``value`` (bound as ``:name``; NULL matches NULL)."""
    if value is None:
        return f"{column} IS NULL"
    params[name] = value
    return f"{column} = :{name}"


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    from stats.caseload import month_ends

    return [day.replace(day=1) for day in month_ends(start, end)]


def _month_days(first: dt.date) -> tuple[int, int]:
    """A month's first and last day numbers."""
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first.toordinal(), nxt.toordinal() - 1
