"""How long justice takes: durations between case milestones, done right (pure code).

Owns the Kaplan–Meier estimator (``kaplan_meier`` over durations, ``kaplan_meier_counts``
over a tally of durations — what a database's GROUP BY gives; cases still waiting are
censored observations, never dropped), its quartiles (``survival_quantile``: the first
time the survival curve falls to 1 - p; empty when it never does), the four intervals
(``INTERVALS``: intake→filing, filing→first hearing, filing→sentence, intake→closure),
working days between two dates in bulk (``WorkdayCounter`` over ``forms.workdays``), the
longest period a report counts (``MAX_PERIOD_DAYS``, shared by the desktop and server) and
the figures by group (``observations`` → ``figures``, or ``Tally`` → ``tally_figures``
when the rows were counted elsewhere, or cells already split into calendar and working
tallies → ``cell_figures``): every case whose interval starts within the
period counts; it is an event when the interval ends by the period's last day, censored
at that day otherwise. Each figure is given in calendar days and in working days, with
the number of cases (``n``) and events behind it.

Groups (``GROUP_KINDS``): ``total``, ``matter``, ``office``, ``defender``, ``court`` (the
court file's judicial district and specialty) and ``period`` (the month the interval
started). CSV columns, a contract: ``group_kind, group, interval, n, events,
median_days, q1_days, q3_days, working_days`` (``CSV_COLUMNS``; ``to_csv``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

CSV_COLUMNS = (
    "group_kind", "group", "interval", "n", "events",
    "median_days", "q1_days", "q3_days", "working_days",
)  # fmt: skip
GROUP_KINDS = ("total", "matter", "office", "defender", "court", "period")
# the longest period a report counts (twenty years): working days are counted for every
# day of the period, so an unbounded one (0001-01-01 to 9999-12-31) is millions of days
MAX_PERIOD_DAYS = 7320
TOTAL = "Todas"  # the one group of kind "total"
NO_LABEL = "—"


@dataclass(frozen=True)
class Interval:
    code: str
    start: str  # milestone kind (sync.spec vocabulary MILESTONE_KIND)
    end: str
    label: str
    reached: str = ""  # the cases that got to its end, in plain Spanish ("Con sentencia")


INTERVALS: tuple[Interval, ...] = (
    Interval("intake_to_filing", "intake", "filed", "Atención → presentación de la demanda",
             "Con demanda presentada"),
    Interval("filing_to_first_hearing", "filed", "first_hearing", "Demanda → primera audiencia",
             "Con primera audiencia"),
    Interval("filing_to_decision", "filed", "decision", "Demanda → sentencia", "Con sentencia"),
    Interval("intake_to_closure", "intake", "closure", "Atención → cierre", "Cerrados"),
)  # fmt: skip
INTERVAL_ORDER = {interval.code: n for n, interval in enumerate(INTERVALS)}

# A tally of durations: time -> [events at that time, observations leaving at that time
# (events and censored)].
Counts = dict[float, list[int]]


def kaplan_meier_counts(counts: Mapping[float, Sequence[int]]) -> list[tuple[float, float]]:
    """The survival curve as [(time, S(time))] at each time an event happened, from a
    tally ``time -> (events, leaving)`` (leaving = events + censored at that time)."""
    at_risk = sum(leaving for _, leaving in counts.values())
    survival, curve = 1.0, []
    for time, (died, leaving) in sorted(counts.items()):
        if died:
            survival *= 1.0 - died / at_risk
            curve.append((time, survival))
        at_risk -= leaving
    return curve


def tally(durations: Iterable[float], events: Iterable[bool]) -> Counts:
    """The tally ``kaplan_meier_counts`` takes, from one duration and flag per case."""
    at: Counts = defaultdict(lambda: [0, 0])
    for time, event in zip(durations, events, strict=True):
        at[time][0] += int(event)
        at[time][1] += 1
    return at


def kaplan_meier(durations: list[float], events: list[bool]) -> list[tuple[float, float]]:
    """The survival curve as [(time, S(time))] at each time an event happened."""
    if len(durations) != len(events):
        raise ValueError("durations and events must have the same length")
    return kaplan_meier_counts(tally(durations, events))


def survival_quantile(curve: list[tuple[float, float]], p: float) -> float | None:
    """The first time the share still waiting falls to ``1 - p`` or below (p=0.5: the
    median); None when the curve never gets there (too many still waiting)."""
    for time, survival in curve:
        if survival <= 1.0 - p + 1e-12:
            return time
    return None


@dataclass(frozen=True)
class Figure:
    group_kind: str
    group: str
    interval: str
    n: int
    events: int
    median_days: float | None
    q1_days: float | None
    q3_days: float | None
    working_days: bool

    def csv_row(self) -> list[str]:
        def days(value: float | None) -> str:
            return "" if value is None else f"{value:g}"

        return [
            self.group_kind, self.group, self.interval, str(self.n), str(self.events),
            days(self.median_days), days(self.q1_days), days(self.q3_days),
            "1" if self.working_days else "0",
        ]  # fmt: skip


def figure(kind: str, group: str, interval: str, counts: Mapping[float, Sequence[int]],
           working_days: bool) -> Figure:  # fmt: skip
    """One group's figure from its tally (n and events are the tally's sums)."""
    curve = kaplan_meier_counts(counts)
    events = n = 0
    for died, leaving in counts.values():
        events += died
        n += leaving
    return Figure(
        kind, group, interval, n, events,
        survival_quantile(curve, 0.5), survival_quantile(curve, 0.25),
        survival_quantile(curve, 0.75), working_days,
    )  # fmt: skip


class WorkdayCounter:
    """``forms.workdays`` working days in ``(a, b]`` for many pairs of dates: the days of
    each year are counted once (a running count per day), then every pair is a
    subtraction. Same answers as ``WorkingCalendar.working_days_between``."""

    def __init__(self, calendar: Any = None) -> None:
        from forms.workdays import WorkingCalendar

        self.calendar = calendar or WorkingCalendar()
        self._years: dict[int, tuple[int, list[int]]] = {}  # year -> (count before, per day)

    def _running(self, day: dt.date) -> int:
        """Working days from the start of the earliest counted year up to ``day`` (its
        year must be counted: ``between`` sees to it)."""
        base, per_day = self._years[day.year]
        return base + per_day[day.timetuple().tm_yday - 1]

    def _count_year(self, year: int) -> None:
        first = dt.date(year, 1, 1)
        running, out = 0, []
        for i in range((dt.date(year, 12, 31) - first).days + 1):  # no 1 January 10000
            running += self.calendar.is_working(first + dt.timedelta(days=i))
            out.append(running)
        self._years[year] = (0, out)
        base = 0  # re-chain the offsets of every counted year, earliest first
        for y in sorted(self._years):
            per_day = self._years[y][1]
            self._years[y] = (base, per_day)
            base += per_day[-1]

    def between(self, a: dt.date, b: dt.date) -> int:
        """Working days in ``(a, b]``; negative when ``b`` is before ``a``."""
        if a.year not in self._years or b.year not in self._years:
            years = [*self._years, a.year, b.year]
            for y in range(min(years), max(years) + 1):
                if y not in self._years:
                    self._count_year(y)
        return self._running(b) - self._running(a)


class Observation(NamedTuple):  # a tuple: millions are made for a national report
    groups: tuple[tuple[str, str], ...]  # (kind, group) in GROUP_KINDS order
    interval: str
    days: int
    working: int
    event: bool


def parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def court_label(parts: Any) -> str:
    """The court group of a case: its court file's judicial district and specialty (from
    the stored parts, a dict or its JSON text), or "sin expediente". A district code
    that is not two digits (a device's bad data) becomes "distrito desconocido": labels
    reach CSV files, where a cell starting with "=" would be a spreadsheet formula."""
    import json

    from forms.peru import COURT_DISTRICTS, COURT_SPECIALTIES

    if isinstance(parts, str):
        try:
            parts = json.loads(parts)
        except ValueError:
            parts = None
    if not isinstance(parts, dict) or not parts.get("court"):
        return "sin expediente"
    code = str(parts["court"])[:2]
    known = code.isascii() and code.isdigit()  # "٣٤" and "²³" are digits too (review 6 F4)
    district = COURT_DISTRICTS.get(code, code if known else "distrito desconocido")
    specialty = COURT_SPECIALTIES.get(str(parts.get("specialty")), "")
    return f"{district} · {specialty}" if specialty else district


def case_groups(case: Mapping[str, Any], began: dt.date) -> tuple[tuple[str, str], ...]:
    """The groups one observation counts in (``GROUP_KINDS`` order)."""
    return (
        ("total", TOTAL),
        ("matter", str(case.get("matter") or NO_LABEL)),
        ("office", str(case.get("office") or NO_LABEL)),
        ("defender", str(case.get("defender") or NO_LABEL)),
        ("court", str(case.get("court") or NO_LABEL)),
        ("period", f"{began.year}-{began.month:02d}"),
    )


def observations(
    cases: Iterable[Mapping[str, Any]],
    milestones: Mapping[str, Mapping[str, str]],
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
) -> list[Observation]:
    """One observation per case and interval that starts within ``[start, end]``.

    ``cases`` rows carry ``id`` and the group labels (``matter``, ``office``,
    ``defender``, ``court``); ``milestones`` maps a case id to kind -> ISO date.
    """
    counter = WorkdayCounter(calendar)
    out = []
    for case in cases:
        dates = milestones.get(str(case["id"]), {})
        for interval in INTERVALS:
            span = interval_span(dates.get(interval.start), dates.get(interval.end), start, end)
            if span is None:
                continue
            began, stop, event = span
            out.append(
                Observation(
                    case_groups(case, began), interval.code, (stop - began).days,
                    counter.between(began, stop), event,
                )
            )  # fmt: skip
    return out


def interval_span(
    began_on: str | None, ended_on: str | None, start: dt.date, end: dt.date
) -> tuple[dt.date, dt.date, bool] | None:
    """(start, stop, event) of one case's interval, or None when it did not start within
    ``[start, end]``. Not ended by ``end``: censored at ``end``. A milestone dated
    before its start counts as day 0."""
    began = parse_day(began_on)
    if began is None or not start <= began <= end:
        return None
    ended = parse_day(ended_on)
    event = ended is not None and ended <= end
    stop = ended if event and ended is not None else end
    return began, max(stop, began), event


class Tally:
    """Counts per cell (group kind, group, interval) of (calendar days, working days,
    event); tallies of parts (offices) merge into the tally of the whole."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str, str], Counter[tuple[float, float, bool]]] = defaultdict(
            Counter
        )

    def add(self, kind: str, group: str, interval: str, days: float, working: float,
            event: bool, count: int = 1) -> None:  # fmt: skip
        self.cells[(kind, group, interval)][(days, working, event)] += count

    def merge(self, other: Tally) -> None:
        for key, counts in other.cells.items():
            self.cells[key].update(counts)

    def counts(self, key: tuple[str, str, str]) -> tuple[Counts, Counts]:
        """The cell's (calendar, working) tallies as ``kaplan_meier_counts`` takes them."""
        cal: Counts = {}
        work: Counts = {}
        for (days, working, event), n in self.cells.get(key, Counter()).items():
            count_into(cal, work, days, working, n if event else 0, n)
        return cal, work


def count_into(cal: Counts, work: Counts, days: float, working: float, events: int,
               leaving: int) -> None:  # fmt: skip
    """Add ``leaving`` observations (``events`` of them events) at ``days`` calendar and
    ``working`` working days to a cell's two tallies (the hot loop of a national report:
    plain dicts, no default factories)."""
    for counts, time in ((cal, days), (work, working)):
        slot = counts.get(time)
        if slot is None:
            counts[time] = [events, leaving]
        else:
            slot[0] += events
            slot[1] += leaving


# cells (group kind, group, interval) split into their (calendar, working) tallies
Cells = dict[tuple[str, str, str], tuple[Counts, Counts]]


def merge_cells(into: Cells, part: Mapping[tuple[str, str, str], tuple[Counts, Counts]],
                sign: int = 1) -> None:  # fmt: skip
    """Add a part's cells to ``into`` (``sign`` -1: take them away again; a time, then a
    cell, left with no observation is dropped, so adding and taking away a part leaves
    exactly what was there). ``into``'s counts change in place."""
    for key, pair in part.items():
        mine = into.get(key)
        if mine is None:
            mine = into[key] = ({}, {})
        for counts, extra in zip(mine, pair, strict=True):
            for time, (events, leaving) in extra.items():
                slot = counts.get(time)
                if slot is None:
                    counts[time] = [sign * events, sign * leaving]
                    continue
                slot[0] += sign * events
                slot[1] += sign * leaving
                if not slot[1]:
                    del counts[time]
        if not mine[0]:
            del into[key]


def tally_figures(cells: Tally) -> list[Figure]:
    """Kaplan–Meier figures of every cell, calendar then working days, in the order of
    ``GROUP_KINDS``, group name and ``INTERVALS``."""
    return cell_figures({key: cells.counts(key) for key in cells.cells})


_KIND_ORDER = {k: i for i, k in enumerate(GROUP_KINDS)}


def _cell_order(key: tuple[str, str, str]) -> tuple[int, str, int]:
    return _KIND_ORDER.get(key[0], 99), key[1], INTERVAL_ORDER[key[2]]


def figure_order(f: Figure) -> tuple[int, str, int, bool]:
    """Where a figure goes in ``tally_figures``' order (to merge lists of figures)."""
    return (*_cell_order((f.group_kind, f.group, f.interval)), f.working_days)


def cell_figures(cells: Mapping[tuple[str, str, str], tuple[Counts, Counts]]) -> list[Figure]:
    """``tally_figures`` over cells already split into (calendar, working) tallies
    (``Tally.counts``; the server counts them so straight from the database)."""
    out = []
    for kind, name, interval in sorted(cells, key=_cell_order):
        cal, work = cells[(kind, name, interval)]
        out.append(figure(kind, name, interval, cal, False))
        out.append(figure(kind, name, interval, work, True))
    return out


def figures(obs: Iterable[Observation]) -> list[Figure]:
    """Kaplan–Meier figures per group and interval, in calendar and in working days."""
    cells = Tally()
    for o in obs:
        for kind, name in o.groups:
            cells.add(kind, name, o.interval, o.days, o.working, o.event)
    return tally_figures(cells)


def table_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def to_csv(rows: Iterable[Figure], extra: Mapping[str, str] | None = None) -> str:
    """The CSV (``CSV_COLUMNS``, then any ``extra`` columns with fixed values)."""
    fixed = list((extra or {}).values())
    return table_csv([*CSV_COLUMNS, *(extra or {})], ([*row.csv_row(), *fixed] for row in rows))
