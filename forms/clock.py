"""The office's time zone and date, for every rule that depends on "today".

Owns: ``office_zone()`` — ``CHASQUI_TIMEZONE`` (an IANA name), default ``America/Lima``;
when the system has no zone database (Windows without ``tzdata``) or the name is unknown,
Lima's fixed UTC−5, which is exact: Peru has no daylight saving time — and
``office_now()`` / ``office_today()``, the office's wall-clock time and date, and
``office_moment(value)``, the ONE reading of a stored date or timestamp in office time
(ISO 8601 with an offset or ``Z`` converted; without one it is office time already; a bare
date is midnight; None for empty or invalid text, or a moment that falls outside the
calendar once converted, e.g. "9999-12-31T23:00:00-12:00"). A form's
"not in the future", an age, a court file's year and a default date are all measured on
this date, not on the computer's (a laptop left on UTC is five hours ahead of Lima in the
evening). ``app.office_time`` (what the screens and PDFs show) builds on it; the server
validates with it too. Pure: imports nothing of Chasqui's.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

log = logging.getLogger(__name__)

ENV_TIMEZONE = "CHASQUI_TIMEZONE"
DEFAULT_ZONE = "America/Lima"
LIMA_FIXED = timezone(timedelta(hours=-5), "PET")


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except (ImportError, KeyError, ValueError, OSError) as exc:  # unknown name, no database
        log.warning("time zone %r unavailable (%s); using Lima time (UTC-5)", name, exc)
        return LIMA_FIXED


def office_zone() -> tzinfo:
    return _zone(os.environ.get(ENV_TIMEZONE, "").strip() or DEFAULT_ZONE)


def office_now() -> datetime:
    """The office's wall-clock time (naive)."""
    return datetime.now(office_zone()).replace(tzinfo=None)


def office_today() -> date:
    """The office's date: the default "today" of every rule."""
    return office_now().date()


def to_office(moment: datetime) -> datetime:
    """An aware datetime in office time (naive, for formatting); a naive one unchanged."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(office_zone()).replace(tzinfo=None)


def office_moment(value: object) -> datetime | None:
    """A stored date or timestamp as a naive office-time datetime (None: empty/invalid)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            try:
                only = date.fromisoformat(text[:10])
            except ValueError:
                return None
            return datetime(only.year, only.month, only.day)
    try:
        return to_office(moment)
    except OverflowError:  # past the calendar's ends in office time: unreadable (review 6 F2)
        return None
