"""``chasqui case milestone``: record a dated step of a case (``app.core.milestones``).

    chasqui case milestone CASE_ID --kind KIND --on DATE [--note TEXT]
    chasqui case milestone CASE_ID --list [--json]

KIND is one of the recorded kinds (``filed``, ``admitted``, ``decision``, ``appeal_filed``,
``appeal_decided``, ``final``); intake, eligibility, the first hearing held and closure
are derived from other records, and may be recorded too to correct them. DATE is
``YYYY-MM-DD`` or ``dd/mm/aaaa``; a day the case's facts rule out (in the future, a
sentence before the claim was filed: ``app.core.case_dates``) is refused (exit 2), an
unusual one (before the case was opened) saved with an ``aviso:`` line on stderr.
Prints the new id. Exit codes: 0 ok; 2 invalid input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from app.cli.calendar import parse_day
from app.cli.context import open_store
from app.core.errors import InvalidInput
from sync.spec import vocab


def cmd_case_milestone(args: argparse.Namespace) -> int:
    from app.core import case_dates, milestones

    with open_store(args) as store:
        if args.list:
            rows = milestones.case_milestones(store, args.case_id)
            if args.as_json:
                json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
            for row in [] if args.as_json else rows:
                how = "derived" if row["derived"] else "recorded"
                print(f"{row['occurred_on']}  {row['kind']:<15} {row['label']} ({how})")
            return 0
        if not args.kind or not args.on:
            raise InvalidInput.one("--kind", "give --kind KIND --on DATE, or --list", "usage")
        day = parse_day(args.on, "--on")
        asked = case_dates.check_day(store, args.case_id, args.kind, day, "--on")
        milestone_id = milestones.record_milestone(
            store, args.case_id, args.kind, day.isoformat(), args.note
        )
    for question in asked:  # unusual, saved as given (the desktop asks first)
        print(f"aviso: {question}", file=sys.stderr)
    print(milestone_id)
    return 0


def add_milestone_command(
    group: argparse._SubParsersAction, leaf: Callable[..., argparse.ArgumentParser]
) -> None:
    p = leaf(group, "milestone", cmd_case_milestone, "record or list a case's milestones")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--kind", choices=vocab.MILESTONE_KIND.codes())
    p.add_argument("--on", metavar="DATE", help="YYYY-MM-DD or dd/mm/aaaa")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--list", action="store_true", help="list the case's milestones")
    p.add_argument("--json", dest="as_json", action="store_true", help="with --list: JSON")
