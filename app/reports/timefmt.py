"""Dates and times as reports read and print them: office time, Peruvian formats.

Stored timestamps are ISO 8601 text, with or without an offset. Reports count and print
them in the office's time zone (``app.office_time``: America/Lima by default, UTC−5 all
year), the same reading the desktop uses, so an intake recorded at 20:00 on the 31st
belongs to that month even when it was stored in UTC, and the PDF shows the hour the
screen shows. A timestamp without an offset is office time already.
"""

from __future__ import annotations

from datetime import date, datetime

from app import office_time
from app.core.queries.case_facts import age_on as age_on  # the one definition, for reports

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def parse_datetime(value: object) -> datetime | None:
    """An ISO date or datetime as a naive office-time datetime (None when empty/invalid)."""
    return office_time.parse_local(value)


def parse_date(value: object) -> date | None:
    moment = parse_datetime(value)
    return moment.date() if moment else None


def now_lima() -> datetime:
    """The office's wall-clock time (the name is older than the time zone setting)."""
    return office_time.now()


def format_date(value: object) -> str:
    """dd/mm/aaaa, or "—" when there is no date."""
    if isinstance(value, datetime):
        moment: datetime | None = value
    elif isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    else:
        moment = parse_datetime(value)
    return moment.strftime("%d/%m/%Y") if moment else "—"


def format_datetime(value: object) -> str:
    """dd/mm/aaaa hh:mm in office time, or "—"."""
    moment = parse_datetime(value)
    return moment.strftime("%d/%m/%Y %H:%M") if moment else "—"


def parse_month(text: str) -> tuple[date, date]:
    """ "YYYY-MM" → (first day, first day of the next month). ValueError when malformed."""
    parts = text.strip().split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2:
        raise ValueError(f"mes inválido: {text!r} (use AAAA-MM, p. ej. 2026-03)")
    try:
        year, month = int(parts[0]), int(parts[1])
        start = date(year, month, 1)
    except ValueError:
        raise ValueError(f"mes inválido: {text!r} (use AAAA-MM, p. ej. 2026-03)") from None
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start, end


def month_title(start: date) -> str:
    return f"{MONTHS[start.month - 1]} de {start.year}"
