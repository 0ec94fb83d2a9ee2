"""How long justice takes: durations between case milestones, done right.

Owns the Kaplan–Meier estimator (``kaplan_meier``; cases still waiting are censored
observations, never dropped), its quartiles (``survival_quantile``: the first time the
survival curve falls to 1 - p; empty when it never does), the four intervals
(``INTERVALS``: intake→filing, filing→first hearing, filing→sentence, intake→closure) and
the figures by group (``timeliness``): every case whose interval starts within the
period counts; it is an event when the interval ends by the period's last day, censored
at that day otherwise. Each figure is given in calendar days and in working days
(``forms.workdays``), with the number of cases (``n``) and events behind it.

Groups: ``total``, ``matter``, ``office``, ``defender``, ``court`` (the court file's
judicial district and specialty) and ``period`` (the month the interval started). CSV
columns, a contract: ``group_kind, group, interval, n, events, median_days, q1_days,
q3_days, working_days``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CSV_COLUMNS = (
    "group_kind", "group", "interval", "n", "events",
    "median_days", "q1_days", "q3_days", "working_days",
)  # fmt: skip


@dataclass(frozen=True)
class Interval:
    code: str
    start: str  # milestone kind
    end: str
    label: str


INTERVALS: tuple[Interval, ...] = (
    Interval("intake_to_filing", "intake", "filed", "Atención → presentación de la demanda"),
    Interval(
        "filing_to_first_hearing", "filed", "first_hearing", "Demanda → primera audiencia"
    ),
    Interval("filing_to_decision", "filed", "decision", "Demanda → sentencia"),
    Interval("intake_to_closure", "intake", "closure", "Atención → cierre"),
)


def kaplan_meier(durations: list[float], events: list[bool]) -> list[tuple[float, float]]:
    """The survival curve as [(time, S(time))] at each time an event happened."""
    if len(durations) != len(events):
        raise ValueError("durations and events must have the same length")
    at: dict[float, list[int]] = defaultdict(lambda: [0, 0])  # time -> [events, leaving]
    for time, event in zip(durations, events, strict=True):
        at[time][0] += int(event)
        at[time][1] += 1
    at_risk, survival, curve = len(durations), 1.0, []
    for time in sorted(at):
        died, leaving = at[time]
        if died:
            survival *= 1.0 - died / at_risk
            curve.append((time, survival))
        at_risk -= leaving
    return curve


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


@dataclass(frozen=True)
class Observation:
    groups: tuple[tuple[str, str], ...]
    interval: str
    days: int
    working: int
    event: bool


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


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
    from forms.workdays import WorkingCalendar

    cal = calendar or WorkingCalendar()
    out = []
    for case in cases:
        dates = milestones.get(str(case["id"]), {})
        for interval in INTERVALS:
            began = _date(dates.get(interval.start))
            if began is None or not start <= began <= end:
                continue
            ended = _date(dates.get(interval.end))
            event = ended is not None and ended <= end
            stop = ended if event and ended is not None else end
            stop = max(stop, began)  # a milestone dated before its start counts as day 0
            groups = (
                ("total", "Todas"),
                ("matter", str(case.get("matter") or "—")),
                ("office", str(case.get("office") or "—")),
                ("defender", str(case.get("defender") or "—")),
                ("court", str(case.get("court") or "—")),
                ("period", began.strftime("%Y-%m")),
            )
            out.append(
                Observation(
                    groups,
                    interval.code,
                    (stop - began).days,
                    cal.working_days_between(began, stop),
                    event,
                )
            )
    return out


def figures(obs: Iterable[Observation]) -> list[Figure]:
    """Kaplan–Meier figures per group and interval, in calendar and in working days."""
    cells: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for o in obs:
        for kind, name in o.groups:
            cells[(kind, name, o.interval)].append(o)
    order = {k: i for i, k in enumerate(("total", "matter", "office", "defender", "court",
                                         "period"))}  # fmt: skip
    interval_order = {i.code: n for n, i in enumerate(INTERVALS)}
    out = []
    for (kind, name, interval), rows in sorted(
        cells.items(), key=lambda kv: (order[kv[0][0]], kv[0][1], interval_order[kv[0][2]])
    ):
        events = [o.event for o in rows]
        for working in (False, True):
            curve = kaplan_meier([o.working if working else o.days for o in rows], events)
            out.append(
                Figure(
                    kind, name, interval, len(rows), sum(events),
                    survival_quantile(curve, 0.5), survival_quantile(curve, 0.25),
                    survival_quantile(curve, 0.75), working,
                )
            )  # fmt: skip
    return out


def to_csv(rows: Iterable[Figure], extra: Mapping[str, str] | None = None) -> str:
    """The CSV (``CSV_COLUMNS``, then any ``extra`` columns with fixed values)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(extra or {})])
    for row in rows:
        writer.writerow([*row.csv_row(), *(extra or {}).values()])
    return out.getvalue()


def timeliness_pdf(rows: list[Figure], start: dt.date, end: dt.date, meta: Any) -> bytes:
    """The figures as a PDF table (landscape), one section per interval."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, Spacer

    from app.reports.layout import build_pdf, data_table, para, styles

    st = styles()
    story: list[Flowable] = [
        Spacer(1, 2 * mm),
        para(
            f"Casos cuyo intervalo empezó entre el {start:%d/%m/%Y} y el {end:%d/%m/%Y}. "
            "Los casos que aún esperan cuentan como observaciones censuradas (Kaplan–Meier): "
            "la mediana queda vacía cuando menos de la mitad llegó al hito. Días hábiles: "
            "lunes a viernes sin feriados nacionales ni días no laborables del Poder Judicial.",
            st.body,
        ),
    ]
    labels = {"total": "Total", "matter": "Materia", "office": "Oficina",
              "defender": "Defensor(a)", "court": "Juzgado", "period": "Mes"}  # fmt: skip

    def days(value: float | None) -> str:
        return "—" if value is None else f"{value:g}"

    for interval in INTERVALS:
        mine = [r for r in rows if r.interval == interval.code]
        story.append(para(interval.label, st.heading))
        if not mine:
            story.append(para("Sin casos en el periodo.", st.body))
            continue
        cal = {(r.group_kind, r.group): r for r in mine if not r.working_days}
        work = {(r.group_kind, r.group): r for r in mine if r.working_days}
        table = [
            [labels[k], g, str(c.n), str(c.events), days(c.median_days),
             f"{days(c.q1_days)} – {days(c.q3_days)}", days(work[(k, g)].median_days)]
            for (k, g), c in cal.items()
        ]  # fmt: skip
        story.append(
            data_table(
                ["Grupo", "", "Casos", "Llegaron", "Mediana (días)", "Q1 – Q3", "Mediana hábiles"],
                table,
                [0.12, 0.34, 0.08, 0.09, 0.12, 0.13, 0.12],
                numeric=(2, 3, 4, 6),
            )
        )
    return build_pdf(story, meta, landscape=True)
