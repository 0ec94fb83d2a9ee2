"""The office's figures of time and load for a period, read once for every front end.

Owns ``OfficeFigures`` and ``office_figures(store, start, end, ceiling)``: the
Kaplan–Meier figures of every interval, for all cases and by matter (``PAGE_KINDS``:
``stats.timeliness`` over the tally ``app.core.queries.timeliness_tally`` counts in the
database; the other group kinds are the CSV report's), the
survival curves by matter of each interval (``Curve``: the step corners from (0, 1),
where the curve stops, n and events behind it), and the caseload, demand, consultation
trend and referrals of the months of the period and the cases closed in it
(``app.core.queries.caseload``). The
"Tiempos" page, the monthly report's timeliness section and ``chasqui report caseload``
all read this one object; nothing here draws or formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.queries import caseload as load
from app.core.queries.timeliness_tally import timeliness_tally
from stats import timeliness as km

SURVIVAL_INTERVAL = "filing_to_decision"  # "time to sentence": the page's first chart
ALL = "Todas"
# the group kinds the page and the monthly PDF show (all cases, then each matter): the
# other kinds (office, defender, court, month) are the CSV report's, not counted here
PAGE_KINDS = ("total", "matter")


@dataclass(frozen=True)
class Curve:
    """A Kaplan–Meier survival curve in calendar days: ``points`` are its step corners
    from (0, 1.0); it stops at ``last`` (the longest time observed)."""

    group: str
    n: int
    events: int
    median: float | None
    points: tuple[tuple[float, float], ...]
    last: float


@dataclass(frozen=True)
class OfficeFigures:
    start: date
    end: date
    ceiling: int
    figures: tuple[km.Figure, ...]
    curves: dict[str, tuple[Curve, ...]]  # interval code -> all cases first, then matters
    caseload: load.Caseload
    demand: load.Demand
    trend: load.Trend
    referrals: tuple[load.InstitutionCount, ...]
    closed: int = 0  # cases closed in the period (the monthly statistics' "Concluidos")

    def busiest_interval(self) -> str:
        """The interval with the most cases behind it (then the most that reached its
        end; ties in ``INTERVALS`` order): what the page opens on, never an empty
        chart while another interval has figures."""
        size = {
            f.interval: (f.n, f.events)
            for f in self.figures
            if f.group_kind == "total" and not f.working_days
        }
        best = max(km.INTERVALS, key=lambda i: size.get(i.code, (0, 0)))
        return best.code if best.code in size else SURVIVAL_INTERVAL

    def table(self, interval: str, kind: str = "matter") -> list[tuple[km.Figure, km.Figure]]:
        """(calendar, working days) figures of ``interval`` for ``kind`` groups (all
        cases first when ``kind`` is "matter"; only ``PAGE_KINDS`` are counted)."""
        kinds = ("total", kind) if kind == "matter" else (kind,)
        cal = [f for f in self.figures if f.interval == interval and f.group_kind in kinds
               and not f.working_days]  # fmt: skip
        work = {
            (f.group_kind, f.group): f
            for f in self.figures
            if f.interval == interval and f.group_kind in kinds and f.working_days
        }
        return [(f, work[(f.group_kind, f.group)]) for f in cal]


def curve(group: str, counts: km.Counts) -> Curve:
    """A group's survival curve from its tally (calendar days)."""
    points: list[tuple[float, float]] = [(0.0, 1.0)]
    steps = km.kaplan_meier_counts(counts)
    for time, survival in steps:
        points += [(time, points[-1][1]), (time, survival)]
    return Curve(
        group,
        sum(c[1] for c in counts.values()),
        sum(c[0] for c in counts.values()),
        km.survival_quantile(steps, 0.5),
        tuple(points),
        float(max(counts, default=0.0)),
    )


def curves(cells: km.Cells) -> dict[str, tuple[Curve, ...]]:
    """Survival curves (calendar days) per interval: all cases, then each matter (the
    largest first)."""
    out = {}
    for interval in km.INTERVALS:
        mine = {
            group: pair[0]
            for (kind, group, code), pair in cells.items()
            if code == interval.code and kind in ("total", "matter")
        }
        size = {g: sum(c[1] for c in counts.values()) for g, counts in mine.items()}
        order = sorted((g for g in mine if g != ALL), key=lambda g: (-size[g], g))
        out[interval.code] = tuple(
            curve(g, mine[g]) for g in ([ALL] if ALL in mine else []) + order
        )
    return out


def office_figures(
    store: Any,
    start: date,
    end: date,
    ceiling: int = load.DEFAULT_CEILING,
    *,
    today: date | None = None,
) -> OfficeFigures:
    """Every figure of the period ``[start, end]`` (both included)."""
    cells = timeliness_tally(store, start, end, kinds=PAGE_KINDS)
    intakes = load.intake_counts(store, start, end)  # demand and trend: read once
    return OfficeFigures(
        start=start,
        end=end,
        ceiling=ceiling,
        figures=tuple(km.cell_figures(cells)),
        curves=curves(cells),
        caseload=load.caseload(store, start, end, ceiling, today=today),
        demand=load.demand(store, start, end, intakes),
        trend=load.consultation_trend(store, start, end, intakes),
        referrals=tuple(load.referrals_by_institution(store, start, end)),
        closed=load.closed_between(store, start, end),
    )
