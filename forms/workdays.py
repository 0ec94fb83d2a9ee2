"""The working-day calendar of Peru's courts ("días hábiles"): which days count for a term.

Owns the rule that decides whether a day is a working day for a procedural term, and the
two counts built on it. A day does not count when it is a Saturday or a Sunday, a
national holiday (Peru's, from the well-kept ``holidays`` library, names in Spanish), or
a day in the calendar catalog (``CalendarCatalog``): the judiciary's own non-working days
(e.g. the Día del Juez) and regional, provincial or district holidays, each scoped by an
ubigeo prefix (2 digits: a department, 4: a province, 6: a district). The starter catalog
ships in ``forms/data/calendario.json``, marked as defaults for the directorate to
confirm; a published catalog replaces it.

Counting follows the procedural rule that a term starts the day after the act
(notification): ``add_working_days(d, n)`` is the n-th working day after ``d``, and
``working_days_between(a, b)`` counts the working days in ``(a, b]``, so that
``working_days_between(d, add_working_days(d, n)) == n``.

Pure code, no I/O beyond reading the bundled catalog; imports nothing of ours.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOG_FILE = Path(__file__).parent / "data" / "calendario.json"
WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MAX_TERM_DAYS = 3660  # ten years of days: no procedural term is longer
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCOPE = re.compile(r"^(judicial|ubigeo:(\d{2}|\d{4}|\d{6}))$")


class CalendarError(ValueError):
    """A calendar catalog or a count that cannot be used (the message says why)."""


@dataclass(frozen=True)
class DayOff:
    """One non-working day of the catalog: every year (``month_day``) or one date."""

    reason: str
    scope: str  # "judicial" (every court) or "ubigeo:<prefix>"
    month_day: tuple[int, int] | None = None
    date: dt.date | None = None
    source: str = ""

    def falls_on(self, day: dt.date) -> bool:
        if self.date is not None:
            return day == self.date
        assert self.month_day is not None
        return (day.month, day.day) == self.month_day

    def applies_to(self, district: str | None) -> bool:
        if self.scope == "judicial":
            return True
        prefix = self.scope.split(":", 1)[1]
        return district is not None and district.startswith(prefix)


@dataclass(frozen=True)
class CalendarCatalog:
    """The catalog's days off with its version (``defaults`` until the directorate
    confirms it)."""

    version: int
    days: tuple[DayOff, ...] = field(default_factory=tuple)
    defaults: bool = True

    @classmethod
    def from_doc(cls, doc: object) -> CalendarCatalog:
        """Validate a catalog document (the bundled file or a published one)."""
        if not isinstance(doc, dict) or not isinstance(doc.get("days"), list):
            raise CalendarError("a calendar catalog is an object with a list of 'days'")
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise CalendarError("a calendar catalog needs a positive integer 'version'")
        days = []
        for index, item in enumerate(doc["days"]):
            where = f"days[{index}]"
            if not isinstance(item, dict):
                raise CalendarError(f"{where}: must be an object")
            reason, scope = item.get("reason"), item.get("scope")
            when = item.get("date")
            if not isinstance(reason, str) or not reason.strip() or len(reason) > 200:
                raise CalendarError(f"{where}: 'reason' must be a text of 1 to 200 characters")
            if not isinstance(scope, str) or not _SCOPE.match(scope):
                raise CalendarError(
                    f"{where}: 'scope' must be 'judicial' or 'ubigeo:' with 2, 4 or 6 digits"
                )
            if not isinstance(when, str):
                raise CalendarError(f"{where}: 'date' must be 'MM-DD' or 'YYYY-MM-DD'")
            source = item.get("source", "")
            if not isinstance(source, str):
                raise CalendarError(f"{where}: 'source' must be a text")
            days.append(_day_off(where, when, reason.strip(), scope, source))
        return cls(version, tuple(days), bool(doc.get("defaults", False)))


def _day_off(where: str, when: str, reason: str, scope: str, source: str) -> DayOff:
    match = _MONTH_DAY.match(when)
    try:
        if match:
            month, day = int(match.group(1)), int(match.group(2))
            dt.date(2024, month, day)  # a leap year: 02-29 is a valid yearly day
            return DayOff(reason, scope, month_day=(month, day), source=source)
        if _FULL_DATE.match(when):
            return DayOff(reason, scope, date=dt.date.fromisoformat(when), source=source)
    except ValueError:
        pass
    raise CalendarError(f"{where}: 'date' must be 'MM-DD' or 'YYYY-MM-DD' and exist")


@lru_cache(maxsize=1)
def bundled_catalog() -> CalendarCatalog:
    """The starter catalog shipped with the app (defaults to confirm)."""
    return CalendarCatalog.from_doc(json.loads(CATALOG_FILE.read_text(encoding="utf-8")))


def _peru_holidays() -> Any:
    """``holidays.countries.peru.Peru``, imported without running the
    ``holidays.countries`` package's ``__init__``, which imports every country the
    library knows (~250 modules: about 0.65 s of the 1.0 s the import took under load,
    inside the desktop's first Inicio, whose deadlines are checked for days off). When
    nothing imported that package yet it is registered hollow — its folder, no code
    run —; Peru's module, and any the library's lazy loaders import by name, load from
    it as usual."""
    name = "holidays.countries"
    if name not in sys.modules:
        import holidays  # noqa: F401  (the parent package: its lazy loaders only)

        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            sys.modules[name] = importlib.util.module_from_spec(spec)
    from holidays.countries.peru import Peru

    return Peru


Peru = _peru_holidays()  # names in Spanish (its default; asked for by name below)


@lru_cache(maxsize=64)
def _national(year: int) -> dict[dt.date, str]:
    return dict(Peru(years=year, language="es").items())


class WorkingCalendar:
    """Working days for terms, for one catalog (the bundled one by default)."""

    def __init__(self, catalog: CalendarCatalog | None = None) -> None:
        self.catalog = catalog or bundled_catalog()

    def closed(self, day: dt.date, district: str | None = None) -> str | None:
        """Why ``day`` does not count (in Spanish), or None when it is a working day."""
        if day.weekday() >= 5:
            return WEEKDAY_NAMES[day.weekday()]
        national = _national(day.year).get(day)
        if national:
            return f"{national} (feriado nacional)"
        for off in self.catalog.days:
            if off.falls_on(day) and off.applies_to(district):
                kind = "Poder Judicial" if off.scope == "judicial" else "feriado local"
                return f"{off.reason} ({kind})"
        return None

    def is_working(self, day: dt.date, district: str | None = None) -> bool:
        return self.closed(day, district) is None

    def add_working_days(self, start: dt.date, n: int, district: str | None = None) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself when n is 0)."""
        return self.count_forward(start, n, district)[0]

    def count_forward(
        self, start: dt.date, n: int, district: str | None = None
    ) -> tuple[dt.date, list[tuple[dt.date, str]]]:
        """(the n-th working day after ``start``, the days skipped on the way with why)."""
        if not 0 <= n <= MAX_TERM_DAYS:
            raise CalendarError(f"a term is 0 to {MAX_TERM_DAYS} days, not {n}")
        day, counted, skipped = start, 0, []
        while counted < n:
            day += dt.timedelta(days=1)
            reason = self.closed(day, district)
            if reason is None:
                counted += 1
            else:
                skipped.append((day, reason))
        return day, skipped

    def working_days_between(
        self, a: dt.date, b: dt.date, district: str | None = None
    ) -> int:
        """Working days in ``(a, b]``; negative (the same count) when ``b`` is before ``a``."""
        if b < a:
            return -self.working_days_between(b, a, district)
        if (b - a).days > MAX_TERM_DAYS * 2:
            raise CalendarError("the dates are too far apart to count working days")
        return sum(
            1 for i in range(1, (b - a).days + 1)
            if self.is_working(a + dt.timedelta(days=i), district)
        )

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """Calendar-day terms: ``n`` days after ``start``."""
        if not 0 <= n <= MAX_TERM_DAYS:
            raise CalendarError(f"a term is 0 to {MAX_TERM_DAYS} days, not {n}")
        return start + dt.timedelta(days=n)


def days_off(catalog: CalendarCatalog, year: int) -> Iterable[tuple[dt.date, DayOff]]:
    """The catalog's days in ``year`` (for listings)."""
    for off in catalog.days:
        if off.date is not None:
            if off.date.year == year:
                yield off.date, off
        else:
            assert off.month_day is not None
            month, day = off.month_day
            try:
                yield dt.date(year, month, day), off
            except ValueError:  # 02-29 outside a leap year
                continue
