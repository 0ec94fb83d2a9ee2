"""``chasqui report ...``: the report commands, registered into the main CLI parser.

    chasqui report intake ID --out FILE [--password-env VAR]
    chasqui report case ID --out FILE [--password-env VAR]
    chasqui report agenda --from DATE --to DATE --out FILE [--defender USER] [--password-env VAR]
    chasqui report monthly --month YYYY-MM [--defender USER] [--ceiling N] --out FILE
                           [--csv FILE] [--password-env VAR]
    chasqui report timeliness --from DATE --to DATE [--csv FILE] [--pdf FILE]
                              [--password-env VAR]   (CSV on stdout without --csv/--pdf)
    chasqui report caseload --from DATE --to DATE [--ceiling N] [--csv FILE]
                            (CSV figure,group,month,value; on stdout without --csv)

The document password is read from the environment variable named by ``--password-env``
(never from the command line). Exit codes follow ``app.cli``: 0 ok, 2 invalid input
(bad month or date, unknown id or user, dates reversed, missing password variable),
3 locked vault or wrong passphrase, 1 anything else (a full disk: ``DiskFull``).
Option mistakes are raised as ``app.cli.context.CliError``; the reports' own errors
(``InvalidReportInput`` → 2) and the environment's propagate: the main CLI maps every
error by class in its one place (``app.cli.errors``). ``app.cli`` is imported lazily,
inside the handlers, so that either package can be imported first.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

EXIT_FAILURE, EXIT_INVALID = 1, 2


def _fail(message: str, code: int) -> Exception:
    from app.cli.context import CliError

    return CliError(message, code)


def _password(args: argparse.Namespace) -> str | None:
    name = getattr(args, "password_env", None)
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise _fail(f"--password-env: the environment variable {name} is not set or empty", 2)
    return str(value)


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(f"{option}: invalid date {value!r} (use YYYY-MM-DD)", EXIT_INVALID) from None


@contextmanager
def _store(args: argparse.Namespace) -> Iterator[Any]:
    from app.cli.context import open_store

    with open_store(args) as store:
        yield store


def _done(path: Any, pdf: bytes, encrypted: bool) -> None:
    # reportlab and pypdf load only when a report is made (they cost every command ~0.35 s)
    from app.reports.export import page_count

    how = ", cifrado AES-256" if encrypted else ""
    print(f"Documento guardado: {path} ({page_count(pdf)} página(s){how})")


def cmd_report_intake(args: argparse.Namespace) -> int:
    from app.reports import api
    from app.reports.export import export_pdf

    password = _password(args)
    with _store(args) as store:
        pdf = api.render_intake(store, args.id)
        path = export_pdf(
            store, pdf, args.out, password, {"document": "intake"},
            entity="intake", entity_id=args.id,
        )  # fmt: skip
    _done(path, pdf, password is not None)
    return 0


def cmd_report_case(args: argparse.Namespace) -> int:
    from app.reports import api
    from app.reports.export import export_pdf

    password = _password(args)
    with _store(args) as store:
        pdf = api.render_case(store, args.id)
        path = export_pdf(
            store, pdf, args.out, password, {"document": "case"},
            entity="case", entity_id=args.id,
        )  # fmt: skip
    _done(path, pdf, password is not None)
    return 0


def cmd_report_agenda(args: argparse.Namespace) -> int:
    from app.reports import api
    from app.reports.export import export_pdf

    password = _password(args)
    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_to < date_from:
        raise _fail("--to: the end date is before the start date", EXIT_INVALID)
    with _store(args) as store:
        pdf = api.render_agenda(store, date_from, date_to, defender=args.defender)
        detail = {
            "document": "agenda",
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "defender": bool(args.defender),
        }
        path = export_pdf(store, pdf, args.out, password, detail)
    _done(path, pdf, password is not None)
    return 0


def cmd_report_monthly(args: argparse.Namespace) -> int:
    from app.reports import api
    from app.reports.export import export_csv, export_pdf
    from app.reports.monthly import stats_to_csv

    password = _password(args)
    with _store(args) as store:
        stats = api.monthly_statistics(store, args.month, args.defender, args.ceiling)
        pdf = api.render_monthly(stats)
        detail = {"document": "monthly", "month": args.month, "defender": bool(args.defender)}
        path = export_pdf(store, pdf, args.out, password, detail)
        if args.csv:
            export_csv(store, stats_to_csv(stats), args.csv, detail)
    _done(path, pdf, password is not None)
    if args.csv:
        print(f"Cifras en CSV: {args.csv}")
    return 0


def cmd_report_timeliness(args: argparse.Namespace) -> int:
    import sys

    from app.core.queries.timeliness_tally import timeliness_tally
    from app.reports.api import document_meta
    from app.reports.export import export_csv, export_pdf
    from app.reports.timeliness import timeliness_pdf
    from stats import timeliness

    start, end = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if end < start:
        raise _fail("--to: the period ends before it starts", EXIT_INVALID)
    if (end - start).days > timeliness.MAX_PERIOD_DAYS:
        limit = timeliness.MAX_PERIOD_DAYS
        raise _fail(f"--from/--to: a period of at most {limit} days", EXIT_INVALID)
    password = _password(args)
    with _store(args) as store:
        rows = timeliness.cell_figures(timeliness_tally(store, start, end))
        detail = {"document": "timeliness", "from": start.isoformat(), "to": end.isoformat()}
        text = timeliness.to_csv(rows)
        if args.csv:
            export_csv(store, text, args.csv, detail)
            print(f"Cifras en CSV: {args.csv}")
        if args.pdf:
            meta = document_meta(store, "Tiempos de la justicia", None, None,
                         f"{start:%d/%m/%Y} – {end:%d/%m/%Y}")  # fmt: skip
            pdf = timeliness_pdf(rows, start, end, meta)
            path = export_pdf(store, pdf, args.pdf, password, detail)
            _done(path, pdf, password is not None)
    if not args.csv and not args.pdf:
        sys.stdout.write(text)
    return 0


def cmd_report_caseload(args: argparse.Namespace) -> int:
    import sys

    from app.core.queries import caseload as load
    from app.reports.export import export_csv
    from stats.timeliness import table_csv

    start, end = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if end < start:
        raise _fail("--to: the period ends before it starts", EXIT_INVALID)
    if (end.year - start.year) * 12 + end.month - start.month >= 240:
        raise _fail("--from/--to: a period of at most 240 months", EXIT_INVALID)
    if args.ceiling <= 0:
        raise _fail("--ceiling: a number greater than zero", EXIT_INVALID)
    with _store(args) as store:
        rows = load.load_csv_rows(
            load.caseload(store, start, end, args.ceiling),
            load.demand(store, start, end),
            load.consultation_trend(store, start, end),
            load.referrals_by_institution(store, start, end),
        )
        text = table_csv(load.LOAD_CSV_COLUMNS, rows)
        if args.csv:
            detail = {"document": "caseload", "from": start.isoformat(), "to": end.isoformat()}
            export_csv(store, text, args.csv, detail)
            print(f"Cifras en CSV: {args.csv}")
    if not args.csv:
        sys.stdout.write(text)
    return 0


Handler = Callable[[argparse.Namespace], int]


def add_report_commands(
    subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()
) -> argparse.ArgumentParser:
    """Add ``report`` and its actions to the main parser's subparsers.

    ``parents`` are the common option parsers (``--data-dir``, ``--user``) each action
    inherits, as the other commands do.
    """
    group = subparsers.add_parser("report", help="PDF documents and monthly statistics")
    group.set_defaults(group_parser=group)
    actions = group.add_subparsers(dest="action", metavar="ACTION")

    def leaf(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(
            name, parents=list(parents), help=help_text
        )
        parser.set_defaults(func=handler)
        parser.add_argument("--out", required=True, metavar="FILE", help="PDF to write")
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            help="encrypt the PDF with the password held in this environment variable",
        )
        return parser

    p = leaf("intake", cmd_report_intake, "intake record (ficha de atención) as PDF")
    p.add_argument("id", metavar="ID")
    p = leaf("case", cmd_report_case, "case summary as PDF")
    p.add_argument("id", metavar="ID")
    p = leaf("agenda", cmd_report_agenda, "hearings and deadlines of a date range as PDF")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--defender", metavar="USER", help="only this defender's cases")
    p = leaf("monthly", cmd_report_monthly, "monthly statistics as PDF (and CSV)")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--defender", metavar="USER", help="only this defender's work")
    p.add_argument("--ceiling", type=int, default=120, metavar="N", help="caseload ceiling")
    p.add_argument("--csv", metavar="FILE", help="also write the figures as CSV")
    p = actions.add_parser(
        "timeliness", parents=list(parents), help="how long cases take (Kaplan-Meier)"
    )
    p.set_defaults(func=cmd_report_timeliness)
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--csv", metavar="FILE", help="write the figures as CSV")
    p.add_argument("--pdf", metavar="FILE", help="write the figures as a PDF")
    p.add_argument("--password-env", metavar="VAR", help="encrypt the PDF (password in VAR)")
    p = actions.add_parser(
        "caseload", parents=list(parents), help="active cases per defender and demand by month"
    )
    p.set_defaults(func=cmd_report_caseload)
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--ceiling", type=int, default=120, metavar="N", help="caseload ceiling")
    p.add_argument("--csv", metavar="FILE", help="write the figures as CSV")
    return group
