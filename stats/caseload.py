"""Caseload and demand over plain rows (pure code), shared by the desktop and the server.

Owns the ceiling (``CEILING``: 120 active cases per defender, the service's rule of
thumb; callers may pass another), what "active on a day" means (``active_on``: opened
on or before the day and not closed by it), a stored case's opening and closing days
(``case_span``: the office-time day of ``opened_at``; its closing day — the timeline's
closure, ``stats.milestones.closure_day`` or a recorded correction — unless the case is
open; a closed case without one closes the day it opened), the month ends of a period
(``month_ends``) and the counts built on them: active cases per key on each day
(``active_counts``) and events per month and key (``monthly_counts``); and which intakes
count, on which day, as what (``attention``: the office's demand and trend) and what a
consultation is (``consultation``: the office's "Consultas" trend and the directorate's
consultations count by it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

CEILING = 120
CONSULTATION = "consulta"  # the service type a consultation has (vocabulary SERVICE_TYPE)
CLOSED_STATUSES = ("closed", "archived")


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of every month from ``start``'s to ``end``'s (``end`` itself when it
    falls inside its month: the figure as of the period's last day)."""
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), end))
        year, month = nxt.year, nxt.month
    return out


def case_span(opened_at: Any, closed: Any, status: Any) -> tuple[dt.date | None, dt.date | None]:
    """(opened, closed) days of a stored case in office time (``stats.milestones.office_date``)
    for ``active_on``. ``closed``: its closing day (an ISO day, or a stored timestamp), given
    only for a case that is not open."""
    from stats.milestones import office_date

    day, ended = office_date(opened_at), office_date(closed)
    if ended is not None:
        return day, ended
    return day, (day if status in CLOSED_STATUSES else None)


def attention(values: Mapping[str, Any]) -> tuple[dt.date | None, str | None, str | None] | None:
    """(office-time day it was recorded, service type, matter code) of an intake's stored
    values when it was submitted — the service type ``service_type``, else the form's
    ``tipo_servicio``; the matter ``matter``, else the form's ``materia`` (the form's
    answers read only when needed) —, else None. What the office's demand and trend count
    (the desktop's derived ``intake_day``, ``app.store.intake_days``) and what
    ``consultation`` narrows."""
    from stats.milestones import office_date

    if values.get("status") != "submitted":
        return None
    service, matter = values.get("service_type"), values.get("matter")
    if not service or not matter:
        raw = values.get("answers")
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                raw = None
        answers: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        service = service or answers.get("tipo_servicio")
        matter = matter or answers.get("materia")
    day = office_date(values.get("recorded_at"))
    return day, (str(service) if service else None), (str(matter) if matter else None)


def consultation(values: Mapping[str, Any]) -> tuple[dt.date | None, str | None] | None:
    """(office-time day it was recorded, matter code) when an intake's stored values are a
    consultation — submitted, of service type "consulta" (``attention``: ``service_type``,
    else the form's ``tipo_servicio``), its matter the intake's ``matter``, else the form's
    ``materia`` —, else None. The one rule of the office's "Consultas" trend (its derived
    ``intake_day`` rows, held to this by a test) and of the server's ``consultations``
    table (review 5 F5)."""
    found = attention(values)
    if found is None or found[1] != CONSULTATION:
        return None
    return found[0], found[2]


def active_on(day: dt.date, opened: dt.date | None, closed: dt.date | None) -> bool:
    return opened is not None and opened <= day and (closed is None or closed > day)


def active_counts(
    cases: Iterable[tuple[str, dt.date | None, dt.date | None]], days: Sequence[dt.date]
) -> dict[dt.date, Counter[str]]:
    """``{day: {key: active cases}}`` from ``(key, opened, closed)`` rows."""
    out: dict[dt.date, Counter[str]] = {day: Counter() for day in days}
    for key, opened, closed in cases:
        for day in days:
            if active_on(day, opened, closed):
                out[day][key] += 1
    return out


def monthly_counts(events: Iterable[tuple[dt.date, str]]) -> Counter[tuple[str, str]]:
    """``{("YYYY-MM", key): count}`` from ``(date, key)`` rows."""
    return Counter((day.strftime("%Y-%m"), key) for day, key in events)
