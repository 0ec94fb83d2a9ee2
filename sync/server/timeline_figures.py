"""The directorate's timeliness figures over the per-case timeline, estimated on arrays.

Owns ``figures(conn, offices, start, end, …)``: each office's figures and the national
ones (``stats.timeliness.Figure``, in ``stats.timeliness.figure_order``) of the group kinds
total, matter, court and period, per interval, in calendar and in working days — exactly
what ``stats.timeliness`` gives one observation at a time (tests check it figure for
figure against the reference from the records' JSON and against the shared estimator).

How: the timeline crosses once, as columns of integers — each case's group (an index
into the distinct (office, matter, court) triples, read first) and its milestone days
(days since ``EPOCH``; on PostgreSQL each triple's days as arrays read straight into
numpy, no Python object per case) —, then per interval the observations (start within
the period; an event when the end falls by its last day, censored there otherwise; a
milestone before its start counts as day 0: ``stats.timeliness.interval_span``) are
counted per cell and duration into dense arrays (``numpy.bincount``, blocks of cells
bounded by ``BLOCK``), and the Kaplan–Meier estimator runs on every cell at once: at
risk = the cell's total less those that left before, survival = the running product
(``cumprod``, left to right) of ``1 - events / at risk`` at the times with events —
the floating-point operations of ``stats.timeliness.kaplan_meier_counts`` in its order,
so the quartiles (the first time survival falls to ``1 - p + 1e-12``,
``survival_quantile``'s threshold) are the same bit for bit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from stats import timeliness as tl
from sync.server import timeline_tally

NATIONAL = ""  # the key of the national figures in ``figures``' answer
EPOCH = dt.date(2000, 1, 1)  # milestone days cross as days since this one
MISSING = -(2**31)  # a milestone not reached (the arrays carry no NULL)
BLOCK = 4_000_000  # cells x durations counted at once (two int64 arrays of this size)
_QUARTILES = (0.5, 0.25, 0.75)  # median, q1, q3
_KINDS = ("total", "matter", "court", "period")
# the milestone columns of each interval's start and end (``tl.INTERVALS``)
_COLUMNS = tuple(dict.fromkeys(k for i in tl.INTERVALS for k in (i.start, i.end)))
Ints = npt.NDArray[np.int64]


def _days_sql(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"coalesce({column} - DATE '{EPOCH}', {MISSING})"
    return f"coalesce(CAST(julianday({column}) - julianday('{EPOCH}') AS INTEGER), {MISSING})"


def _timeline(conn: Connection, office_id: str | None
              ) -> tuple[list[tuple[str, str, str]], Ints]:  # fmt: skip
    """The distinct (office id, matter, court) triples, and one row per case: the index
    of its triple, then its days of ``_COLUMNS``. On PostgreSQL one statement groups the
    cases by triple and returns each group's days as arrays (``array_send``: a 20-byte
    header, then per element its length and value, 4 bytes each, big-endian), read
    straight into numpy."""
    dialect = conn.dialect.name
    where = " WHERE office_id = :office" if office_id is not None else ""
    params: dict[str, Any] = {"office": office_id} if office_id is not None else {}
    columns = [_days_sql(dialect, f"{kind}_on") for kind in _COLUMNS]
    triples: list[tuple[str, str, str]] = []
    if dialect != "postgresql":
        index: dict[tuple[str, str, str], int] = {}
        out = []
        for r in conn.execute(text(
            f"SELECT office_id, coalesce(matter, ''), court, {', '.join(columns)}"
            f" FROM case_timeline{where}"), params):  # fmt: skip
            triple = (str(r[0]), str(r[1]), str(r[2]))
            if triple not in index:
                index[triple] = len(triples)
                triples.append(triple)
            out.append((index[triple], *r[3:]))
        return triples, np.array(out, dtype=np.int64).reshape(-1, 1 + len(columns))
    arrays = ", ".join(f"array_send(array_agg(CAST({c} AS int4)))" for c in columns)
    sql = (
        f"SELECT office_id, coalesce(matter, ''), court, {arrays}"
        f" FROM case_timeline{where} GROUP BY 1, 2, 3"
    )
    parts: list[Ints] = []
    element = np.dtype([("len", ">i4"), ("v", ">i4")])
    for office, matter, court, *days in conn.execute(text(sql), params):
        group = [np.frombuffer(bytes(d), dtype=element, offset=20)["v"] for d in days]
        group.insert(0, np.full(len(group[0]), len(triples), dtype=np.int32))
        parts.append(np.stack(group, axis=1).astype(np.int64))
        triples.append((str(office), str(matter), str(court)))
    if not parts:
        return triples, np.zeros((0, 1 + len(columns)), dtype=np.int64)
    return triples, np.concatenate(parts)


def figures(
    conn: Connection,
    offices: dict[str, str],
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
    office_id: str | None = None,
    national: bool = True,
    per_office: bool = True,
) -> dict[str, list[tl.Figure]]:
    """Figures by office code (``offices`` maps id -> code; one office, or all; none
    without ``per_office``) and, with ``national``, across them all (key ``NATIONAL``)."""
    triples, cases = _timeline(conn, office_id)
    first = (start - EPOCH).days
    last = (end - EPOCH).days
    running = np.array(timeline_tally.running_working_days(start, end, calendar), np.int64)
    codes = sorted({offices.get(o, o) for o, _, _ in triples})
    office_of = np.array([codes.index(offices.get(o, o)) for o, _, _ in triples], np.int64)
    months = _months(start, end)
    month_of_day = _month_index(start, end)
    # per group kind and scope: each triple's cell (or, for periods, each month's) and
    # each cell's (office code, label) — only the cells some triple has
    cells: list[tuple[str, bool, Ints, list[tuple[str, str]]]] = []
    for kind in _KINDS:
        if kind == "period":
            group = np.arange(len(months), dtype=np.int64)
            names = months
        else:
            found = [timeline_tally.label(kind, t[1 if kind == "matter" else 2])
                     if kind != "total" else tl.TOTAL for t in triples]  # fmt: skip
            names = sorted(set(found))
            group = np.array([names.index(f) for f in found], np.int64)
        if national:
            cells.append((kind, True, group, [(NATIONAL, name) for name in names]))
        if per_office and kind == "period":
            keys = [(code, name) for code in codes for name in names]
            cells.append((kind, False, np.arange(len(keys), dtype=np.int64), keys))
        elif per_office:
            present, cell_of = np.unique(office_of * len(names) + group, return_inverse=True)
            keys = [(codes[k // len(names)], names[k % len(names)]) for k in present.tolist()]
            cells.append((kind, False, cell_of.astype(np.int64), keys))
    out: dict[str, list[tl.Figure]] = {}
    for interval in tl.INTERVALS:
        began = cases[:, 1 + _COLUMNS.index(interval.start)]
        ended = cases[:, 1 + _COLUMNS.index(interval.end)]
        keep = (began >= first) & (began <= last)
        began, ended, triple = began[keep], ended[keep], cases[keep, 0]
        event = (ended != MISSING) & (ended <= last)
        stop = np.where(event, np.maximum(ended, began), last)
        days = stop - began
        working = running[stop - first] - running[began - first]
        month = month_of_day[began - first]
        for kind, whole, cell_of, keys in cells:
            if kind != "period":
                cell = cell_of[triple]
            else:
                cell = month if whole else office_of[triple] * len(months) + month
            for is_working, times in ((False, days), (True, working)):
                for c, stats in _estimate(cell, times, event):
                    code, name = keys[c]
                    out.setdefault(code, []).append(tl.Figure(
                        kind, name, interval.code, *stats, is_working
                    ))  # fmt: skip
    return {key: sorted(found, key=tl.figure_order) for key, found in out.items()}


def _estimate(cell: Ints, times: Ints, event: npt.NDArray[np.bool_]
              ) -> Iterator[tuple[int, tuple[int, int, Any, Any, Any]]]:  # fmt: skip
    """(cell, (n, events, median, q1, q3)) of every cell with observations, by blocks."""
    if not len(cell):
        return
    span = int(times.max()) + 1
    cells = int(cell.max()) + 1
    step = max(1, BLOCK // span)
    for low in range(0, cells, step):
        high = min(cells, low + step)
        if high - low == cells:  # one block: every observation
            at, events_at = cell * span + times, event
        else:
            inside = (cell >= low) & (cell < high)
            at, events_at = (cell[inside] - low) * span + times[inside], event[inside]
        size = (high - low) * span
        leaving = np.bincount(at, minlength=size).reshape(high - low, span)
        died = np.bincount(at[events_at], minlength=size).reshape(high - low, span)
        total = leaving.sum(axis=1)
        at_risk = total[:, None] - np.cumsum(leaving, axis=1) + leaving
        share = np.zeros(at_risk.shape)
        np.divide(died, at_risk, out=share, where=died > 0)
        survival = np.cumprod(1.0 - share, axis=1)  # 1.0 exactly where nobody died
        # survival never rises: the first time at or below a threshold (always a time
        # with events) is the number of times above it
        quartiles = [(survival > 1.0 - p + 1e-12).sum(axis=1).tolist() for p in _QUARTILES]
        events = died.sum(axis=1).tolist()
        counts = total.tolist()
        for i in np.flatnonzero(total).tolist():
            yield (
                low + i,
                (counts[i], events[i], *(q[i] if q[i] < span else None for q in quartiles)),
            )


def _months(start: dt.date, end: dt.date) -> list[str]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _month_index(start: dt.date, end: dt.date) -> Ints:
    """The index in ``_months`` of every day of the period."""
    return np.array([(d.year - start.year) * 12 + d.month - start.month
                     for d in (start + dt.timedelta(days=i)
                               for i in range((end - start).days + 1))], np.int64)  # fmt: skip
