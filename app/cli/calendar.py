"""``chasqui calendar``: working-day terms from the command line (``forms.workdays``).

    chasqui calendar add DATE N [--ubigeo U] [--json]
        the N-th working day after DATE (the act's date, e.g. a notification), and the
        days skipped on the way with the reason each does not count

DATE is ``YYYY-MM-DD`` or ``dd/mm/aaaa``; ``--ubigeo`` (6 digits, INEI) adds the
department's, province's and district's own non-working days. No vault is needed. Exit
codes: 0 ok; 2 invalid input (the message names the argument).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from app.core.errors import InvalidInput

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_day(text: str, field: str) -> dt.date:
    """A date typed as ``YYYY-MM-DD`` or ``dd/mm/aaaa`` (InvalidInput naming ``field``)."""
    value = text.strip()
    try:
        match = _DMY.match(value)
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.one(
            field, f"{text!r} is not a date (use YYYY-MM-DD or dd/mm/aaaa)", "format"
        ) from None


def cmd_calendar_add(args: argparse.Namespace) -> int:
    from forms.workdays import CalendarError, WorkingCalendar

    start = parse_day(args.date, "DATE")
    ubigeo = args.ubigeo
    if ubigeo is not None and not re.fullmatch(r"\d{6}", ubigeo):
        raise InvalidInput.one("--ubigeo", f"{ubigeo!r} is not a 6-digit INEI ubigeo", "format")
    try:
        due, skipped = WorkingCalendar().count_forward(start, args.n, ubigeo)
    except CalendarError as exc:
        raise InvalidInput.one("N", str(exc), "range") from None
    if args.as_json:
        doc: dict[str, Any] = {
            "from": start.isoformat(),
            "working_days": args.n,
            "ubigeo": ubigeo,
            "due": due.isoformat(),
            "skipped": [{"date": d.isoformat(), "reason": why} for d, why in skipped],
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from forms.workdays import WEEKDAY_NAMES

    where = f" in ubigeo {ubigeo}" if ubigeo else ""
    print(
        f"due: {due.isoformat()} ({WEEKDAY_NAMES[due.weekday()]}): {args.n} working day(s)"
        f" after {start.isoformat()}{where}"
    )
    if skipped:
        print(f"skipped ({len(skipped)}):")
        for day, why in skipped:
            print(f"  {day.isoformat()}  {why}")
    else:
        print("skipped: none")
    return 0


def add_calendar_commands(
    group: argparse._SubParsersAction,
    leaf: Callable[..., argparse.ArgumentParser],
) -> None:
    p = leaf(group, "add", cmd_calendar_add, "the N-th working day after DATE")
    p.add_argument("date", metavar="DATE", help="YYYY-MM-DD or dd/mm/aaaa")
    p.add_argument("n", metavar="N", type=int, help="working days")
    p.add_argument("--ubigeo", metavar="U", help="6-digit INEI district (local days off)")
    p.add_argument("--json", dest="as_json", action="store_true", help="print JSON")
