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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, TextClause, bindparam, text

from stats import timeliness as tl
from sync.server import timeline_tally

NATIONAL = ""  # the key of the national figures in ``figures``' answer
EPOCH = dt.date(2000, 1, 1)  # milestone days cross as days since this one
MISSING = -(2**31)  # a milestone not reached (the arrays carry no NULL)
BLOCK = 4_000_000  # cells x durations counted at once (two int64 arrays of this size)
_QUARTILES = (0.5, 0.25, 0.75)  # median, q1, q3
_KINDS = ("total", "matter", "court", "period")
# the milestone columns of each interval's start and end (``tl.INTERVALS``)
COLUMNS = tuple(dict.fromkeys(k for i in tl.INTERVALS for k in (i.start, i.end)))
Ints = npt.NDArray[np.int64]


def days_sql(dialect: str, column: str) -> str:
    """SQL for ``column``'s day as days since ``EPOCH`` (``MISSING`` when empty)."""
    if dialect == "postgresql":
        return f"coalesce({column} - DATE '{EPOCH}', {MISSING})"
    return f"coalesce(CAST(julianday({column}) - julianday('{EPOCH}') AS INTEGER), {MISSING})"


@dataclass(frozen=True)
class Arrays:
    """One office's timeline as integers: its (matter code, court) groups, and one row per
    case — the index of its group, then its days of ``COLUMNS`` (``MISSING``: none)."""

    groups: list[tuple[str, str]]
    cases: npt.NDArray[Any]  # int32 as read, int64 when joined

    @classmethod
    def empty(cls) -> Arrays:
        return cls([], np.zeros((0, 1 + len(COLUMNS)), np.int32))


Offices = str | Sequence[str] | None  # one office's id, several, or every office


def only(offices: Offices, sql: str) -> tuple[TextClause, dict[str, Any]]:
    """``sql`` with ``{only}`` made the condition that keeps the rows of ``offices`` (one
    office: its index; several: a list, as many offices as synced since their packs were
    made; every office: none), and its parameters."""
    if offices is None:
        return text(sql.format(only="TRUE")), {}
    if isinstance(offices, str):
        return text(sql.format(only="office_id = :office")), {"office": offices}
    found = text(sql.format(only="office_id IN :offices"))
    return found.bindparams(bindparam("offices", expanding=True)), {"offices": list(offices)}


def read(conn: Connection, office_id: Offices = None) -> dict[str, Arrays]:
    """Every office's timeline (or one office's, or several) as ``Arrays``, by office id. On
    PostgreSQL one statement groups the cases by (office, matter, court) and returns each
    group's days packed as big-endian 4-byte integers, row after row (``int4send``,
    concatenated by ``string_agg``: one aggregate, about half the cost of an array per
    column), read straight into numpy; no Python object per case."""
    dialect = conn.dialect.name
    columns = [days_sql(dialect, f"{kind}_on") for kind in COLUMNS]
    groups: dict[str, list[tuple[str, str]]] = {}
    blocks: dict[str, list[npt.NDArray[np.int32]]] = {}
    if dialect == "postgresql":
        packed = " || ".join(f"int4send(CAST({c} AS int4))" for c in columns)
        rows = conn.execute(*only(office_id,
            f"SELECT office_id, coalesce(matter, ''), court, string_agg({packed}, ''::bytea)"
            f" FROM case_timeline WHERE {{only}} GROUP BY 1, 2, 3"))  # fmt: skip
        for office, matter, court, data in rows:
            days = np.frombuffer(bytes(data), dtype=">i4").reshape(-1, len(columns))
            mine = groups.setdefault(str(office), [])
            block = np.empty((len(days), 1 + len(columns)), np.int32)
            block[:, 0] = len(mine)
            block[:, 1:] = days
            mine.append((str(matter), str(court)))
            blocks.setdefault(str(office), []).append(block)
    else:
        index: dict[tuple[str, str, str], int] = {}
        found: dict[str, list[tuple[int, ...]]] = {}
        for r in conn.execute(*only(office_id,
            f"SELECT office_id, coalesce(matter, ''), court, {', '.join(columns)}"
            f" FROM case_timeline WHERE {{only}}")):  # fmt: skip
            office = str(r[0])
            mine = groups.setdefault(office, [])
            key = (office, str(r[1]), str(r[2]))
            if key not in index:
                index[key] = len(mine)
                mine.append(key[1:])
            found.setdefault(office, []).append((index[key], *r[3:]))
        blocks = {o: [np.array(rows, np.int32)] for o, rows in found.items()}
    return {office: Arrays(groups[office], np.concatenate(blocks[office])) for office in groups}


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
    without ``per_office``) and, with ``national``, across them all (key ``NATIONAL``),
    from the timeline as the database has it now (``read``, then ``estimate``)."""
    return estimate(read(conn, office_id), offices, start, end, calendar,
                    national=national, per_office=per_office)  # fmt: skip


def estimate(
    parts: Mapping[str, Arrays],
    offices: Mapping[str, str],
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
    *,
    national: bool = True,
    per_office: bool | Collection[str] = True,
) -> dict[str, list[tl.Figure]]:
    """Figures by office code of the offices' ``parts`` (office id -> ``Arrays``; ``offices``
    maps id -> code) — of every office, of those whose ids ``per_office`` lists, or none —
    and, with ``national``, across every part (key ``NATIONAL``)."""
    ids = sorted(parts)
    codes = sorted({offices.get(o, o) for o in ids})
    code_of = {o: codes.index(offices.get(o, o)) for o in ids}
    wanted = set(ids) if per_office is True else set(per_office or ())
    if not national:
        ids = [o for o in ids if o in wanted]
    # the offices' groups as one list of triples (office index, matter, court), and their
    # cases column by column (each column one contiguous run: the intervals read two at a
    # time) with the group index moved past the offices before them
    triples: list[tuple[int, str, str]] = []
    blocks: list[npt.NDArray[Any]] = []
    moved: list[int] = []
    for office_id in ids:
        part = parts[office_id]
        blocks.append(part.cases)
        moved.append(len(triples))
        triples += [(code_of[office_id], matter, court) for matter, court in part.groups]
    width = 1 + len(COLUMNS)
    if blocks:
        columns = np.empty((width, sum(len(b) for b in blocks)), np.int32)
        np.concatenate(blocks, out=columns.T, casting="same_kind")
        columns[0] += np.repeat(np.array(moved, np.int32), [len(b) for b in blocks])
    else:
        columns = np.zeros((width, 0), np.int32)
    cases = columns.T
    asked = sorted({code_of[o] for o in ids if o in wanted})  # office indexes (codes)
    rank = np.full(len(codes) + 1, -1, np.int64)  # office index -> place among ``asked``
    rank[asked] = np.arange(len(asked))
    period = Period.of(start, end, calendar)
    office_of = np.array([t[0] for t in triples], np.int64)
    months = period.months
    # per group kind and scope: each triple's cell (or, for periods, each month's) and
    # each cell's (office code, label) — only the cells some triple has
    cells: list[tuple[str, bool, Ints, list[tuple[str, str]]]] = []
    for kind in _KINDS:
        if kind == "period":
            group = np.arange(len(months), dtype=np.int64)
            names = months
        else:
            found = [timeline_tally.label(kind, matter if kind == "matter" else court)
                     if kind != "total" else tl.TOTAL for _, matter, court in triples]  # fmt: skip
            names = sorted(set(found))
            group = np.array([names.index(f) for f in found], np.int64)
        if national:
            cells.append((kind, True, group, [(NATIONAL, name) for name in names]))
        if not asked:
            continue
        if kind == "period":  # cell: the office's place among ``asked`` x months + month
            keys = [(codes[o], name) for o in asked for name in names]
            cells.append((kind, False, group, keys))
        else:  # the (office, group) pairs of the asked offices' triples; -1 the others'
            ours = rank[office_of] >= 0
            present, found = np.unique(office_of[ours] * len(names) + group[ours],
                                       return_inverse=True)  # fmt: skip
            cell_of = np.full(len(triples), -1, np.int64)
            cell_of[ours] = found.reshape(-1)
            keys = [(codes[k // len(names)], names[k % len(names)]) for k in present.tolist()]
            cells.append((kind, False, cell_of, keys))
    out: dict[str, list[tl.Figure]] = {}
    every = len(asked) == len(codes)  # every office's figures: no selection
    for interval in tl.INTERVALS:
        triple, days, working, event, month = period.observations(cases, interval)
        place = rank[office_of[triple]] if len(triples) else triple
        own = place >= 0  # the observations of the offices whose figures are asked
        by_month = place * len(months) + month  # each observation's office and month
        if every and national and _summed(out, interval.code, cells, triple, days, working,
                                          event, by_month):  # fmt: skip
            continue
        for kind, whole, cell_of, keys in cells:
            cell = cell_of[triple] if kind != "period" else month if whole else by_month
            pick = slice(None) if whole or every else own
            for is_working, times in ((False, days), (True, working)):
                figures_of(out, kind, interval.code, is_working, keys,
                         *_estimate(cell[pick], times[pick], event[pick]))  # fmt: skip
    return {key: sorted(found, key=tl.figure_order) for key, found in out.items()}


def _summed(out: dict[str, list[tl.Figure]], interval: str,
            cells: list[tuple[str, bool, Ints, list[tuple[str, str]]]], triple: Ints,
            days: Ints, working: Ints, event: npt.NDArray[np.bool_], office_month: Ints,
            ) -> bool:  # fmt: skip
    """Every office's and the national figures of one interval with one count per
    office-level kind (matter, court, period): each office's total is the sum of its matter
    cells, each national cell the sum of the offices' cells of its name — the same integer
    counts as counting each cell on its own, so the same figures. False (nothing done)
    when the dense cells would not fit in ``BLOCK``."""
    if not len(triple):
        return True
    fine = [c for c in cells if not c[1] and c[0] != "total"]
    whole = {c[0]: c for c in cells if c[1]}
    timed = [(False, *clipped(days, event)), (True, *clipped(working, event))]
    if max(len(keys) for _, _, _, keys in fine) * max(s for _, _, s in timed) * 2 > BLOCK:
        return False
    for is_working, times, span in timed:
        totals: tuple[Ints, Ints] | None = None
        for kind, _, cell_of, keys in fine:
            cell = office_month if kind == "period" else cell_of[triple]
            leaving, died = counts(cell * span + times, event, len(keys), span)
            figures_of(out, kind, interval, is_working, keys, *km(leaving, died), span)
            names = whole[kind][3]
            place = {name: n for n, (_, name) in enumerate(names)}
            name_of = np.array([place[name] for _, name in keys], np.int64)
            summed = (_rows_summed(leaving, name_of), _rows_summed(died, name_of))
            figures_of(out, kind, interval, is_working, names, *km(*summed), span)
            if kind == "matter":  # each office's total: its matter cells summed
                codes = sorted({code for code, _ in keys})
                office_of = np.array([codes.index(code) for code, _ in keys], np.int64)
                totals = (_rows_summed(leaving, office_of), _rows_summed(died, office_of))
                figures_of(out, "total", interval, is_working,
                           [(code, tl.TOTAL) for code in codes], *km(*totals), span)  # fmt: skip
        assert totals is not None
        nation = (totals[0].sum(axis=0, keepdims=True), totals[1].sum(axis=0, keepdims=True))
        figures_of(out, "total", interval, is_working, whole["total"][3], *km(*nation), span)
    return True


def _rows_summed(rows: Ints, target: Ints) -> Ints:
    """``rows`` summed by ``target`` (every target from 0 up has at least one row)."""
    order = np.argsort(target, kind="stable")
    starts = np.searchsorted(target[order], np.arange(int(target.max()) + 1))
    return np.add.reduceat(rows[order], starts, axis=0)


@dataclass(frozen=True)
class Period:
    """A period's days as the arrays count them: its first and last (days since
    ``EPOCH``), the running count of working days from its first day, its months and the
    month of each of its days."""

    first: int
    last: int
    running: Ints
    months: list[str]
    month_of_day: Ints

    @classmethod
    def of(cls, start: dt.date, end: dt.date, calendar: Any = None) -> Period:
        running = timeline_tally.running_working_days(start, end, calendar)
        return cls((start - EPOCH).days, (end - EPOCH).days, np.array(running, np.int32),
                   _months(start, end), _month_index(start, end))  # fmt: skip

    @property
    def span(self) -> int:
        """The durations' range: 0 to the period's length in days."""
        return self.last - self.first + 1

    def observations(self, cases: npt.NDArray[np.integer[Any]], interval: tl.Interval
                     ) -> tuple[Ints, Ints, Ints, npt.NDArray[np.bool_], Ints]:  # fmt: skip
        """(group, calendar days, working days, event, month) of each case whose
        ``interval`` starts within the period (``stats.timeliness.interval_span``)."""
        began = cases[:, 1 + COLUMNS.index(interval.start)]
        ended = cases[:, 1 + COLUMNS.index(interval.end)]
        keep = began >= self.first
        keep &= began <= self.last
        began, stop, group = began[keep], ended[keep], cases[keep, 0]  # copies: changed below
        event = stop <= self.last
        event &= stop != MISSING
        np.maximum(stop, began, out=stop)  # the end, or the last day when censored
        np.copyto(stop, self.last, where=~event)
        began -= self.first  # days into the period from here on
        stop -= self.first
        working = self.running[stop]
        working -= self.running[began]
        month = self.month_of_day[began]
        return group, np.subtract(stop, began, out=stop), working, event, month


def figures_of(out: dict[str, list[tl.Figure]], kind: str, interval: str, working: bool,
             keys: list[tuple[str, str]], cell: Ints, n: Ints, events: Ints,
             quartiles: list[Ints], span: int) -> None:  # fmt: skip
    """Append the estimated cells' figures to ``out`` (by office code)."""
    median, q1, q3 = ([None if v >= span else v for v in q.tolist()] for q in quartiles)
    for c, count, died, m, low, high in zip(cell.tolist(), n.tolist(), events.tolist(),
                                            median, q1, q3, strict=True):  # fmt: skip
        code, name = keys[c]
        found = out.get(code)
        if found is None:
            found = out[code] = []
        found.append(tl.Figure(kind, name, interval, count, died, m, low, high, working))


def _estimate(cell: Ints, times: Ints, event: npt.NDArray[np.bool_]
              ) -> tuple[Ints, Ints, Ints, list[Ints], int]:  # fmt: skip
    """(cells, n, events, [median, q1, q3], span) of every cell with observations, by
    blocks (a quartile equal to ``span``: not reached)."""
    empty = np.zeros(0, np.int64)
    if not len(cell):
        return empty, empty, empty, [empty, empty, empty], 0
    times, span = clipped(times, event)
    cells = int(cell.max()) + 1
    step = max(1, BLOCK // span)
    found: list[tuple[Ints, Ints, Ints, list[Ints]]] = []
    for low in range(0, cells, step):
        high = min(cells, low + step)
        if high - low == cells:  # one block: every observation
            at, events_at = cell * span + times, event
        else:
            inside = (cell >= low) & (cell < high)
            at, events_at = (cell[inside] - low) * span + times[inside], event[inside]
        leaving, died = counts(at, events_at, high - low, span)
        alive, total, events, quartiles = km(leaving, died)
        found.append((alive + low, total, events, quartiles))
    return (
        np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found]),
        np.concatenate([f[2] for f in found]),
        [np.concatenate([f[3][q] for f in found]) for q in range(len(_QUARTILES))], span,
    )  # fmt: skip


def counts(at: Ints, event: npt.NDArray[np.bool_], cells: int, span: int
           ) -> tuple[Ints, Ints]:  # fmt: skip
    """(leaving, died): per cell (rows) and duration (columns), the observations that end
    there and the events among them; ``at`` = cell * span + duration."""
    # one pass: each observation counted at (cell, duration, event or not)
    key = np.multiply(at, 2, dtype=np.int64)
    key += event
    both = np.bincount(key, minlength=cells * span * 2).reshape(cells, span, 2)
    died = both[:, :, 1]
    return both[:, :, 0] + died, died


def km(leaving: Ints, died: Ints) -> tuple[Ints, Ints, Ints, list[Ints]]:
    """(cells with observations, their n, their events, their [median, q1, q3] as the
    number of durations above each threshold — ``span``, the columns: not reached) by
    Kaplan–Meier on every cell (row) at once. Survival changes only where someone died:
    the columns after the last death anywhere are not computed (a quartile not reached
    by then is not reached at all)."""
    span = leaving.shape[1]
    total = leaving.sum(axis=1)
    alive = np.flatnonzero(total)
    ended = np.flatnonzero(died.any(axis=0))  # (an empty cell has no death)
    width = int(ended[-1]) + 1 if len(ended) else 0
    rows = slice(None) if len(alive) == len(total) else alive  # a view when every cell is
    leaving, died, total = leaving[rows, :width], died[rows, :width], total[alive]
    events = died.sum(axis=1)
    # at risk = the cell's total less those that left before; the share who died there
    # (0.0 where nobody did: 0 / at risk), survival the running product of 1 - share
    at_risk = np.cumsum(leaving, axis=1)
    np.subtract(total[:, None], at_risk, out=at_risk)
    at_risk += leaving
    np.maximum(at_risk, 1, out=at_risk)
    share = np.true_divide(died, at_risk)
    np.subtract(1.0, share, out=share)
    survival = np.cumprod(share, axis=1, out=share)  # 1.0 exactly where nobody died
    # survival never rises: the first time at or below a threshold (always a time with
    # events) is the number of times above it
    quartiles = []
    for p in _QUARTILES:
        above = np.count_nonzero(survival > 1.0 - p + 1e-12, axis=1)
        above[above == width] = span  # not reached
        quartiles.append(above)
    return alive, total, events, quartiles


def clipped(times: Ints, event: npt.NDArray[np.bool_]) -> tuple[Ints, int]:
    """(``times`` with every duration past the last event's made one day past it, the
    durations' span): the same counts where survival can change (``km``), fewer columns."""
    if not event.any():
        return np.zeros_like(times), 1
    cap = int(times[event].max()) + 1
    return np.minimum(times, cap), cap + 1


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
                               for i in range((end - start).days + 1))], np.int32)  # fmt: skip
