"""``chasqui-server report timeliness`` and ``chasqui-server supervisor add``: the
directorate's commands.

Owns their options and words:

    chasqui-server report timeliness --from DATE --to DATE [--csv FILE]
        (CSV on stdout without --csv; DATE as YYYY-MM-DD or DD/MM/YYYY)
    chasqui-server supervisor add NAME
        (the password from $CHASQUI_SUPERVISOR_PASSWORD, else asked twice at a terminal;
        never on the command line)
    chasqui-server supervisor disable NAME
        (no more logins; the account's open sessions end at once)

Exit codes as the rest of ``chasqui-server``: 0 done, 2 bad input (a date, reversed
dates, a period longer than ``stats.timeliness.MAX_PERIOD_DAYS``, a weak password, no
password), 1 refused (the name exists, no such supervisor to disable) or the disk failing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from stats.timeliness import MAX_PERIOD_DAYS
from sync.errors import StorageUnavailable, atomic_write
from sync.server.db import Database

ENV_PASSWORD = "CHASQUI_SUPERVISOR_PASSWORD"  # noqa: S105 (a variable name)


class InputError(ValueError):
    """Bad input: exit 2."""


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", help="the directorate's figures across offices")
    actions = report.add_subparsers(dest="action", required=True)
    timely = actions.add_parser(
        "timeliness", parents=[common], help="how long cases take, per office and national"
    )
    timely.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    timely.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    timely.add_argument("--csv", type=Path, metavar="FILE", help="write the CSV here")
    supervisor = sub.add_parser("supervisor", help="dashboard accounts of the directorate")
    s_actions = supervisor.add_subparsers(dest="action", required=True)
    add = s_actions.add_parser(
        "add", parents=[common], help=f"add a supervisor (password: ${ENV_PASSWORD} or prompt)"
    )
    add.add_argument("name")
    disable = s_actions.add_parser(
        "disable", parents=[common], help="stop a supervisor's logins and end their sessions"
    )
    disable.add_argument("name")


def parse_date(text: str, option: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise InputError(f"{option}: {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def _password() -> str:
    value = os.environ.get(ENV_PASSWORD)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InputError(f"no password: set ${ENV_PASSWORD} or run at a terminal")
    first = getpass.getpass("Password for the new supervisor: ")
    if getpass.getpass("Repeat it: ") != first:
        raise InputError("the two passwords differ; nothing was created")
    return first


def _supervisor(args: argparse.Namespace, db: Database) -> int:
    from sync.server import supervisors  # Argon2 set-up: only for these commands

    if args.action == "disable":
        try:
            ended = supervisors.disable_supervisor(db, args.name)
        except supervisors.UnknownSupervisor as exc:
            print(f"chasqui-server: error: {exc}", file=sys.stderr)
            return 1
        print(f"supervisor {args.name} disabled ({ended} open session(s) ended)")
        return 0
    password = _password()
    try:
        supervisors.add_supervisor(db, args.name, password)
    except supervisors.SupervisorError as exc:
        code = 1 if isinstance(exc, supervisors.SupervisorExists) else 2
        print(f"chasqui-server: error: {exc}", file=sys.stderr)
        return code
    print(f"supervisor {args.name} added")
    return 0


def run_command(args: argparse.Namespace, db: Database) -> int:
    try:
        if args.command == "supervisor":
            return _supervisor(args, db)
        from sync.server import report

        start = parse_date(args.date_from, "--from")
        end = parse_date(args.date_to, "--to")
        if end < start:
            raise InputError("--to: the period ends before it starts")
        if (end - start).days > MAX_PERIOD_DAYS:
            raise InputError(f"--from/--to: a period of at most {MAX_PERIOD_DAYS} days")
        text = report.timeliness_csv(report.timeliness(db, start, end))
        if args.csv is None:
            sys.stdout.write(text)
            return 0
        atomic_write(args.csv, text.encode("utf-8"))
        print(f"timeliness across offices -> {args.csv}")
        return 0
    except InputError as exc:
        print(f"chasqui-server: error: {exc}", file=sys.stderr)
        return 2
    except StorageUnavailable as exc:
        print(f"chasqui-server: error: {exc}", file=sys.stderr)
        return 1
