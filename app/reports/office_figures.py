"""The office's figures of time and load for a period, read once for every front end.

Owns ``OfficeFigures`` and ``office_figures(store, start, end, ceiling)``: the
Kaplan–Meier figures of every interval and group (``app.reports.timeliness``), the
survival curves by matter of each interval (``Curve``: the step corners from (0, 1),
where the curve stops, n and events behind it), and the caseload, demand, consultation
trend and referrals of the months of the period (``app.core.queries.caseload``). The
"Tiempos" page, the monthly report's timeliness section and ``chasqui report caseload``
all read this one object; nothing here draws or formats.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core import milestones
from app.core.queries import caseload as load
from stats import timeliness as km

SURVIVAL_INTERVAL = "filing_to_decision"  # "time to sentence": the page's first chart
ALL = "Todas"


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

    def table(self, interval: str, kind: str = "matter") -> list[tuple[km.Figure, km.Figure]]:
        """(calendar, working days) figures of ``interval`` for ``kind`` groups (all
        cases first when ``kind`` is "matter")."""
        kinds = ("total", kind) if kind == "matter" else (kind,)
        cal = [f for f in self.figures if f.interval == interval and f.group_kind in kinds
               and not f.working_days]  # fmt: skip
        work = {
            (f.group_kind, f.group): f
            for f in self.figures
            if f.interval == interval and f.group_kind in kinds and f.working_days
        }
        return [(f, work[(f.group_kind, f.group)]) for f in cal]


def curve(group: str, durations: list[float], events: list[bool]) -> Curve:
    points: list[tuple[float, float]] = [(0.0, 1.0)]
    steps = km.kaplan_meier(durations, events)
    for time, survival in steps:
        points += [(time, points[-1][1]), (time, survival)]
    last = max(durations, default=0.0)
    return Curve(
        group,
        len(durations),
        sum(events),
        km.survival_quantile(steps, 0.5),
        tuple(points),
        float(last),
    )


def curves(obs: Iterable[km.Observation]) -> dict[str, tuple[Curve, ...]]:
    """Survival curves (calendar days) per interval: all cases, then each matter (the
    largest first)."""
    cells: dict[str, dict[str, tuple[list[float], list[bool]]]] = defaultdict(
        lambda: defaultdict(lambda: ([], []))
    )
    for o in obs:
        matter = dict(o.groups).get("matter", "—")
        for group in (ALL, matter):
            durations, events = cells[o.interval][group]
            durations.append(float(o.days))
            events.append(o.event)
    out = {}
    for interval in km.INTERVALS:
        groups = cells.get(interval.code, {})
        order = sorted((g for g in groups if g != ALL), key=lambda g: (-len(groups[g][0]), g))
        out[interval.code] = tuple(
            curve(g, *groups[g]) for g in ([ALL] if ALL in groups else []) + order
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
    cases = milestones.timeliness_cases(store)
    dates = milestones.milestone_rows(store, cases)
    obs = km.observations(cases, dates, start, end)
    return OfficeFigures(
        start=start,
        end=end,
        ceiling=ceiling,
        figures=tuple(km.figures(obs)),
        curves=curves(obs),
        caseload=load.caseload(store, start, end, ceiling, today=today),
        demand=load.demand(store, start, end),
        trend=load.consultation_trend(store, start, end),
        referrals=tuple(load.referrals_by_institution(store, start, end)),
    )
