"""The office's time zone: every time Chasqui shows on screen or prints in a PDF.

Owns: ``office_zone()`` (``CHASQUI_TIMEZONE``, an IANA name, default ``America/Lima``;
when the system has no zone database — Windows without ``tzdata`` — Lima's fixed UTC−5,
which is exact: Peru has no daylight saving time), ``to_office(moment)`` and
``parse_local(value)`` — the ONE reading of stored timestamps for display: ISO 8601 text
with an offset (``Z``, ``+00:00``) is converted to office time; text without an offset is
office time already (hearings are entered that way); a bare date is midnight. Both the
desktop (``app.ui.widgets.fmt_datetime``) and the reports (``app.reports.timefmt``) use
it, so the screen and the PDFs show the same hour. ``today()`` is the office's date.
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


def to_office(moment: datetime) -> datetime:
    """An aware datetime in office time (naive, for formatting); a naive one unchanged."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(office_zone()).replace(tzinfo=None)


def parse_local(value: object) -> datetime | None:
    """A stored date or timestamp as a naive office-time datetime (None: empty/invalid)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return to_office(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return to_office(datetime.fromisoformat(text))
    except ValueError:
        try:
            only = date.fromisoformat(text[:10])
        except ValueError:
            return None
        return datetime(only.year, only.month, only.day)


def now() -> datetime:
    """The office's wall-clock time (naive)."""
    return datetime.now(office_zone()).replace(tzinfo=None)


def today() -> date:
    return now().date()
