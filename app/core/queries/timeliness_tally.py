"""The timeliness tally of the office computed over the derived table's columns (the fast
path).

Owns ``timeliness_tally(store, start, end, kinds=…)``: the cells (group kind, group,
interval) with their calendar-day and working-day tallies (``stats.timeliness.Cells``, what
``stats.timeliness.cell_figures`` takes) that ``stats.timeliness.figures(observations(…))``
counts from rows read into Python, but counted over the derived table ``case_timeline``
(one row per live case: its group codes and milestone days as day numbers by the one
rule ``stats.milestones``, kept in step by every write — ``app/store/case_timeline.py``):
the intervals (``stats.timeliness.INTERVALS``) that start within the period (an event
when it ends by the period's last day, censored there otherwise; an end before the start
counts as day 0).

The table is read in ONE scan as one text per column (``group_concat``: no row objects),
turned into numpy arrays, and every interval is counted with array arithmetic: durations
are subtractions of day numbers; working days are differences of a working-day index,
the day number minus the days off of ``stats.timeliness.WorkdayCounter``'s calendar within
the period up to it (``days_off``, a binary search). Each observation is one integer key
(days, working days, event) and ``numpy.unique`` counts
them (issue 16: the SQL ``GROUP BY`` this replaces sorted some 230k rows in SQLite and
took 0.75 s of CPU at 100k cases). Group codes become the same labels in Python (matter,
office name, defender name, court label, month). ``tests/core/test_timeliness_tally.py``
checks it equals the reference path on varied data and calendars.
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
    Cells,
    Counts,
    WorkdayCounter,
    court_label,
)
from sync.spec import vocab

# kind -> the columns of case_timeline naming its group (a month is computed: "period")
KIND_COLUMNS = {"matter": ("matter",), "office": ("office_id",),
                "defender": ("defender_id",), "court": ("court", "specialty")}  # fmt: skip


def days_off(start: dt.date, end: dt.date, calendar: Any = None) -> list[int]:
    """The days off of ``(start, end]`` (``WorkdayCounter``'s calendar) as day numbers
    (``date.toordinal()``), in order."""
    counter, out = WorkdayCounter(calendar), []
    for k in range(1, (end - start).days + 1):
        day = start + dt.timedelta(days=k)
        if counter.between(day - dt.timedelta(days=1), day) == 0:
            out.append(day.toordinal())
    return out


# kind -> SQL of the distinct codes of its groups, as JSON (one scan for the kinds asked)
DISTINCT = {
    "matter": "json_group_array(DISTINCT matter)",
    "office": "json_group_array(DISTINCT office_id)",
    "defender": "json_group_array(DISTINCT defender_id)",
    "court": "json_group_array(DISTINCT json_array(court, specialty))",
}


def _codes(store: QueryStore, kinds: list[str]) -> dict[str, list[tuple[Any, Any]]]:
    """The codes (a, b) of every group of each kind present in case_timeline."""
    columns = ", ".join(f"{DISTINCT[kind]} AS {kind}" for kind in kinds)
    found = store.query(f"SELECT {columns} FROM case_timeline")[0]
    out: dict[str, list[tuple[Any, Any]]] = {}
    for kind in kinds:
        values = json.loads(found[kind] or "[]")
        if kind == "court":
            out[kind] = [tuple(json.loads(v) if isinstance(v, str) else v)
                         for v in values]  # fmt: skip
        else:
            out[kind] = [(v, None) for v in values]
    return out


def _is(column: str, value: Any, name: str, params: dict[str, Any]) -> str:
    """SQL: ``column`` holds ``value`` (bound as ``:name``; NULL matches NULL)."""
    if value is None:
        return f"{column} IS NULL"
    params[name] = value
    return f"{column} = :{name}"


def _columns(store: QueryStore, days: list[str], groups: dict[str, list[tuple[Any, Any]]]
             ) -> Any:  # fmt: skip
    """Every row of case_timeline in one scan, as one int64 array per column: the day
    columns (-1 for none), then each kind's group number (its index in ``groups``; the
    codes are bound as parameters, never spliced into the SQL)."""
    import numpy as np

    parts = [f"group_concat(coalesce({c}, -1), ',')" for c in days]
    params: dict[str, Any] = {}
    for kind, codes in groups.items():
        whens = []
        for g, (a, b) in enumerate(codes):
            test = [_is(KIND_COLUMNS[kind][0], a, f"{kind}{g}a", params)]
            if kind == "court":
                test.append(_is(KIND_COLUMNS[kind][1], b, f"{kind}{g}b", params))
            whens.append(f"WHEN {' AND '.join(test)} THEN {g}")
        parts.append(f"group_concat(CASE {' '.join(whens) or 'WHEN 0 THEN 0'} ELSE -1 END, ',')")
    row = store.query(f"SELECT count(*) AS n, {', '.join(parts)} FROM case_timeline", params)
    values = list(row[0].values())
    if not values[0]:
        return np.zeros((len(parts), 0), dtype=np.int64)
    # numpy parses the text itself (a list of strings first costs 7x the time)
    return np.array([np.fromstring(v, dtype=np.int64, sep=",") for v in values[1:]])


def _tally(values: Any, events: Any) -> Counts:
    """``time -> [events, leaving]`` of observations at ``values`` (``events`` 1/0)."""
    import numpy as np

    times, inverse = np.unique(values, return_inverse=True)
    leaving = np.bincount(inverse.reshape(-1))
    died = np.bincount(inverse.reshape(-1), weights=events).astype(np.int64)
    return {t: [d, n] for t, d, n in zip(times.tolist(), died.tolist(), leaving.tolist(),
                                         strict=True)}  # fmt: skip


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
    import numpy as np

    if not 0 <= (end - start).days <= MAX_PERIOD_DAYS:
        raise ValueError(f"a period is 1 to {MAX_PERIOD_DAYS} days long")
    first, last = start.toordinal(), end.toordinal()
    day_names = sorted({i.start for i in INTERVALS} | {i.end for i in INTERVALS})
    wanted = [k for k in ("matter", "office", "defender", "court") if k in kinds]
    codes = _codes(store, wanted) if wanted else {}
    numbers = _columns(store, day_names, codes)
    column = {name: numbers[i] for i, name in enumerate(day_names)}
    # kind, each row's group number, the codes of each group
    groups = [(kind, numbers[len(day_names) + i], codes[kind]) for i, kind in enumerate(codes)]
    if "period" in kinds:  # the month its interval starts in: found per interval below
        months: list[tuple[Any, Any]] = [_month_days(m) for m in _months(start, end)]
        month_firsts = np.array([a for a, _ in months], dtype=np.int64)
    offs = np.array(days_off(start, end, calendar), dtype=np.int64)
    label = _Labels(store)
    cells: Cells = {}

    def count(key: tuple[str, str, str], days: Any, working: Any, event: Any) -> None:
        """Add observations to a cell (two groups may share a label: added up)."""
        pair = (_tally(days, event), _tally(working, event))
        found = cells.get(key)
        if found is None:
            cells[key] = pair
            return
        for counts, into in zip(pair, found, strict=True):
            for time, (died, leaving) in counts.items():
                slot = into.setdefault(time, [0, 0])
                slot[0] += died
                slot[1] += leaving

    for interval in INTERVALS:
        began, ended = column[interval.start], column[interval.end]
        inside = (began >= first) & (began <= last)
        if not inside.any():
            continue
        b, e = began[inside], ended[inside]
        censored = (e < 0) | (e > last)
        at_once = ~censored & (e < b)
        finish = np.where(censored, last, e)
        index_b = b - np.searchsorted(offs, b, side="right")  # the working-day index
        index_e = finish - np.searchsorted(offs, finish, side="right")
        days = np.where(at_once, 0, finish - b)
        working = np.where(at_once, 0, index_e - index_b)
        event = (~censored).astype(np.int64)
        count(("total", TOTAL, interval.code), days, working, event)
        splits = [(kind, ids[inside], known) for kind, ids, known in groups]
        if "period" in kinds:
            month = np.searchsorted(month_firsts, b, side="right") - 1
            splits.append(("period", month, months))
        for kind, ids, known in splits:
            order = np.argsort(ids, kind="stable")
            cuts = np.flatnonzero(np.diff(ids[order])) + 1
            for part in np.split(order, cuts):
                a, c = known[int(ids[part[0]])]
                count((kind, label(kind, a, c), interval.code),
                      days[part], working[part], event[part])  # fmt: skip
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


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    from stats.caseload import month_ends

    return [day.replace(day=1) for day in month_ends(start, end)]


def _month_days(first: dt.date) -> tuple[int, int]:
    """A month's first and last day numbers."""
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first.toordinal(), nxt.toordinal() - 1
