"""The office's time zone: every time Chasqui shows on screen or prints in a PDF.

Owns: ``to_office(moment)`` and
``parse_local(value)`` — the ONE reading of stored timestamps for display (counts made
by the database read days derived by it at write time): ISO 8601 text
with an offset (``Z``, ``+00:00``) is converted to office time; text without an offset is
office time already (hearings are entered that way); a bare date is midnight. Both the
desktop (``app.ui.widgets.fmt_datetime``) and the reports (``app.reports.timefmt``) use
it, so the screen and the PDFs show the same hour. ``now()`` and ``today()`` are the
office's time and date: every "today" of the app (a default date, "Hoy", Inicio) comes
from here, never from ``date.today()`` or ``QDate.currentDate()`` (the computer's zone);
``is_future(when)`` the one rule for a step that cannot have happened yet (a recorded
milestone by its day, a hearing marked held by its moment).
The zone itself (``office_zone()``: ``CHASQUI_TIMEZONE``, default ``America/Lima``) is
``forms.clock``'s, so the form rules measure "today" on the same date.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

__all__ = [
    "is_future",
    "now",
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


def now() -> datetime:
    """The office's wall-clock time (naive)."""
    from forms.clock import office_now

    return office_now()


def today() -> date:
    from forms.clock import office_today

    return office_today()


def is_future(when: str, on: date | None = None) -> bool:
    """Whether a step at ``when`` cannot have happened yet — the one rule a recorded
    milestone (``milestones.record_milestone``) and a hearing marked held
    (``hearings.not_yet_held``: it gives the "first hearing held" milestone) obey.
    ``when`` is an ISO day (its first ten characters: after the office's today) or an
    ISO moment (office time, an offset converted: after the office's now — a hearing
    later the same day has not happened yet either). ``on``: the day (a ``date``: days
    compared) or the moment (a ``datetime``, office time) it is now."""
    moment = parse_local(when) if len(when) > 10 else None
    if moment is None or (on is not None and not isinstance(on, datetime)):
        return when[:10] > (on or today()).isoformat()
    current = now() if on is None else to_office(on)
    return moment > current
