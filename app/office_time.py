"""The office's time zone: every time Chasqui shows on screen or prints in a PDF.

Owns: ``to_office(moment)`` and
``parse_local(value)`` — the ONE reading of stored timestamps for display (and
``office_day_sql(column, first, last)``, the same reading as SQL for counts made by the
database, while the zone keeps one UTC offset): ISO 8601 text
with an offset (``Z``, ``+00:00``) is converted to office time; text without an offset is
office time already (hearings are entered that way); a bare date is midnight. Both the
desktop (``app.ui.widgets.fmt_datetime``) and the reports (``app.reports.timefmt``) use
it, so the screen and the PDFs show the same hour. ``now()`` and ``today()`` are the
office's time and date: every "today" of the app (a default date, "Hoy", Inicio) comes
from here, never from ``date.today()`` or ``QDate.currentDate()`` (the computer's zone);
``is_future(day)`` the one rule for a step that cannot have happened yet (a recorded
milestone, a hearing marked held).
The zone itself (``office_zone()``: ``CHASQUI_TIMEZONE``, default ``America/Lima``) is
``forms.clock``'s, so the form rules measure "today" on the same date.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

__all__ = [
    "is_future",
    "now",
    "office_day_sql",
    "office_zone",
    "parse_local",
    "to_office",
    "today",
]


# forms.clock is imported when first used: importing the forms package on the start-up
# path (the unlock screen imports this module) would load every form rule before a paint.
def __getattr__(name: str) -> str:
    if name == "ENV_TIMEZONE":  # the setting's name, defined once in forms.clock
        from forms.clock import ENV_TIMEZONE

        return ENV_TIMEZONE
    raise AttributeError(name)


def office_zone() -> tzinfo:
    from forms.clock import office_zone as zone

    return zone()


def to_office(moment: datetime) -> datetime:
    """An aware datetime in office time (naive, for formatting); a naive one unchanged."""
    from forms.clock import to_office as convert

    return convert(moment)


def parse_local(value: object) -> datetime | None:
    """A stored date or timestamp as a naive office-time datetime (None: empty/invalid):
    ``forms.clock.office_moment``, the one reading (the server's too)."""
    from forms.clock import office_moment

    return office_moment(value)


def office_day_sql(column: str, first: date, last: date) -> str | None:
    """SQL giving the office-time day (ISO text) of a stored timestamp ``column`` — as
    ``parse_local`` reads it: with an offset (``Z``, ``+00:00``) converted, without one
    taken as office time — when the office's zone keeps one UTC offset from ``first`` to
    ``last`` (Peru has no summer time); None when it changes (the caller reads rows)."""
    from datetime import timedelta

    zone, offsets = office_zone(), set()
    day = first.replace(day=1)
    while day <= last + timedelta(days=31):
        offsets.add(datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset())
        day = (day + timedelta(days=32)).replace(day=1)
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    aware = f"({column} GLOB '*T*[+-][0-9][0-9]:[0-9][0-9]' OR {column} GLOB '*T*[Zz]')"
    shifted = f"date({column}, '{minutes:+d} minutes')"
    return f"(CASE WHEN {aware} THEN {shifted} ELSE date({column}) END)"


def now() -> datetime:
    """The office's wall-clock time (naive)."""
    from forms.clock import office_now

    return office_now()


def today() -> date:
    from forms.clock import office_today

    return office_today()


def is_future(day: str, on: date | None = None) -> bool:
    """Whether a step dated ``day`` (ISO, office time; its first ten characters) cannot
    have happened yet: it is after the office's today (``on``). The one rule a recorded
    milestone (``milestones.record_milestone``) and a hearing marked held
    (``hearings.mark_hearing``: it gives the "first hearing held" milestone) obey."""
    return day[:10] > (on or today()).isoformat()
