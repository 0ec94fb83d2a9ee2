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

The table is read in one scan as one text per column (``table_arrays.read``: no row
objects), turned into numpy arrays, and every interval is counted with array arithmetic:
durations are subtractions of day numbers; working days are differences of a working-day
index (the day number minus the days off of ``stats.timeliness.WorkdayCounter``'s
calendar within the period up to it, ``days_off``, looked up per day of the period).
Each group's observations are counted by ``tallies`` in one ``bincount`` over the keys
(group, time) — no sort (issue 16: the SQL ``GROUP BY`` this replaced sorted some 230k
rows in SQLite, and the per-group ``numpy.unique`` after it still sorted each group).
Group codes become the same labels in Python (matter,
office name, defender name, court label, month). ``tests/core/test_timeliness_tally.py``
checks it equals the reference path on varied data and calendars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from app.core.people import QueryStore
from app.core.queries.table_arrays import counts, read
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


def tallies(
    groups: Any, size: int, values: Any, events: Any, width: int
) -> list[tuple[int, Counts]]:
    """(group, ``time -> [events, leaving]``) of every group present, in group order, of
    observations at ``values`` (``0 <= value < width``) in groups ``groups`` (``0 <=
    group < size``), ``events`` a bool array — counted in one pass over the keys
    ``group * width + value`` (``table_arrays.counts``: no sort per group)."""
    import numpy as np

    keys = groups * width + values
    present, leaving = counts(keys, size * width)
    died_at, died = counts(keys[events], size * width)
    dead = np.zeros(len(present), dtype=np.int64)
    dead[np.searchsorted(present, died_at)] = died
    out: list[tuple[int, Counts]] = []
    for key, d, n in zip(present.tolist(), dead.tolist(), leaving.tolist(), strict=True):
        group, time = divmod(key, width)
        if not out or out[-1][0] != group:
            out.append((group, {}))
        out[-1][1][time] = [d, n]
    return out


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
    width = last - first + 1  # every duration, in calendar or working days, is below it
    day_names = sorted({i.start for i in INTERVALS} | {i.end for i in INTERVALS})
    wanted = {k: KIND_COLUMNS[k] for k in ("matter", "office", "defender", "court") if k in kinds}
    # only the cases with an interval starting in the period (the others count nowhere)
    starts = sorted({i.start for i in INTERVALS})
    starting = " OR ".join(f"{kind} BETWEEN :first AND :last" for kind in starts)
    bounds = {"first": first, "last": last}
    table = read(store, "case_timeline", starting, bounds, day_names, wanted)
    column = table.numbers
    # kind, each row's group number (+1: a row whose codes were written after they were
    # read, MISSING, is group 0, "—"), the codes of each group
    groups = [(kind, table.groups[kind] + 1, [None, *table.codes[kind]]) for kind in wanted]
    if "period" in kinds:  # the month its interval starts in: found per interval below
        months: list[Any] = [_month_days(m) for m in _months(start, end)]
        month_firsts = np.array([m[0] for m in months], dtype=np.int64)
    # the working-day index of each day of the period: the day number minus the days off
    # up to it
    period = np.arange(first, last + 1, dtype=np.int64)
    offs = np.array(days_off(start, end, calendar), dtype=np.int64)
    work_index = period - np.searchsorted(offs, period, side="right")
    label = _Labels(store)
    cells: Cells = {}

    def count(key: tuple[str, str, str], pair: tuple[Counts, Counts]) -> None:
        """Add observations to a cell (two groups may share a label: added up)."""
        found = cells.get(key)
        if found is None:
            cells[key] = pair
            return
        for counted, into in zip(pair, found, strict=True):
            for time, (died, leaving) in counted.items():
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
        # an end before the period (only ever before its start: at once) reads day 0
        index_e = work_index[np.maximum(finish - first, 0)]
        days = np.where(at_once, 0, finish - b)
        working = np.where(at_once, 0, index_e - work_index[b - first])
        event = ~censored
        splits: list[tuple[str, Any, list[Any]]] = [
            ("total", np.zeros(len(b), dtype=np.int64), [(TOTAL,)])
        ]
        splits += [(kind, ids[inside], known) for kind, ids, known in groups]
        if "period" in kinds:
            splits.append(("period", np.searchsorted(month_firsts, b, side="right") - 1, months))
        for kind, ids, known in splits:
            size = len(known)
            by_days = tallies(ids, size, days, event, width)
            by_work = dict(tallies(ids, size, working, event, width))
            for group, counted in by_days:
                code = known[group]
                text = label(kind, *code) if code is not None else NO_LABEL
                count((kind, text, interval.code), (counted, by_work[group]))
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

    def __call__(self, kind: str, a: Any, b: Any = None) -> str:
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
