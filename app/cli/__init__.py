"""The headless command line: ``chasqui <command>`` (argparse) over ``app.core``.

Owns the argument grammar (the command spellings are a contract), the exit codes and
the one place where errors become messages:

- 0 success; 2 invalid input (one ``error: <field>: <message>`` line per problem);
- 3 wrong passphrase, locked vault or no vault; 1 any other failure (a full disk, no
  network...: the message says what to do); ``app.cli.errors`` maps each class of the
  tree in ``sync/errors.py`` to its lines and code;
- unexpected exceptions print one line (the traceback only with ``CHASQUI_DEBUG=1``).

Every command accepts ``--data-dir`` (else ``CHASQUI_DATA_DIR``, else the per-user data
directory) and ``--user`` (else ``CHASQUI_USER``, else the vault's only user).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from app.cli import admin, errors, exports, records
from app.cli.calendar import add_calendar_commands
from app.cli.deadlines import add_deadline_commands
from app.cli.milestones import add_milestone_command
from app.cli.referrals import add_referral_commands
from app.core import hearings
from sync.errors import ChasquiError
from sync.spec import vocab

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def version() -> str:
    """The version from the package metadata (or pyproject.toml in a source checkout)."""
    from importlib import metadata

    try:
        return metadata.version("chasqui")
    except metadata.PackageNotFoundError:
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent.parent / "pyproject.toml"
        try:
            with pyproject.open("rb") as handle:
                return str(tomllib.load(handle)["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def _common(with_user: bool = True) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="vault directory"
    )
    if with_user:
        common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help="vault user")
    return common


def _note_text(parser: argparse.ArgumentParser) -> None:
    """Note text from a file or stdin (``--text-file F|-``); ``--text`` still works but
    puts the text where the process list and the shell history see it (warned)."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--text-file", metavar="FILE|-", help="read the text from FILE or stdin")
    source.add_argument("--text", metavar="TEXT", help="the text (visible to other users: avoid)")


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", dest="as_json", action="store_true", help="JSON output")


def _paging(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--offset", type=int, default=0)


Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="chasqui",
        description="Chasqui: expediente cifrado para la defensa pública (modo consola).",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"chasqui {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def leaf(
        group: argparse._SubParsersAction,
        name: str,
        handler: Handler,
        help_text: str,
        parents: list[argparse.ArgumentParser] | None = None,
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(
            name, parents=parents or [common], help=help_text
        )
        p.set_defaults(func=handler)
        return p

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        p = sub.add_parser(name, help=help_text)
        p.set_defaults(group_parser=p)
        return p.add_subparsers(dest="action", metavar="ACTION")

    p = leaf(sub, "init", admin.cmd_init, "create a new vault", [_common(with_user=False)])
    p.add_argument("--office", required=True, metavar="CODE")
    p.add_argument("--office-name", metavar="NAME")
    p.add_argument("--user", required=True, metavar="NAME")

    g = group("person", "people")
    p = leaf(g, "add", records.cmd_person_add, "register a person from JSON")
    p.add_argument("--json", required=True, metavar="FILE|-")
    p.add_argument(
        "--allow-duplicate", action="store_true", help="register even if the document exists"
    )
    p = leaf(g, "edit", records.cmd_person_edit, "change a person's data from JSON (partial)")
    p.add_argument("id")
    p.add_argument("--json", required=True, metavar="FILE|-")
    p.add_argument(
        "--allow-duplicate", action="store_true", help="keep even if the document exists"
    )
    p = leaf(g, "list", records.cmd_person_list, "list people")
    _json_flag(p)
    _paging(p)
    p = leaf(g, "show", records.cmd_person_show, "show a person")
    p.add_argument("id")
    _json_flag(p)

    g = group("intake", "intakes")
    p = leaf(g, "add", records.cmd_intake_add, "record an intake form for a person")
    p.add_argument("--person", required=True, metavar="ID")
    p.add_argument("--form", required=True, metavar="FORM_ID")
    p.add_argument("--json", required=True, metavar="FILE|-")

    g = group("case", "cases")
    add_milestone_command(g, leaf)
    p = leaf(g, "open", records.cmd_case_open, "open a case from an intake")
    p.add_argument("--intake", required=True, metavar="ID")
    p.add_argument("--quiet", action="store_true", help="print only the id")
    p = leaf(g, "list", records.cmd_case_list, "list cases")
    p.add_argument("--status", choices=vocab.CASE_STATUS.codes())
    _json_flag(p)
    _paging(p)
    p = leaf(g, "show", records.cmd_case_show, "show a case with parties, notes, hearings")
    p.add_argument("id")
    p.set_defaults(case_arg="id")  # a case's id or its number
    _json_flag(p)
    p = leaf(g, "party", records.cmd_case_party, "add a party to a case")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--person", required=True, metavar="ID")
    p.add_argument("--role", required=True, choices=vocab.PARTY_ROLE.codes())
    p = leaf(g, "party-remove", records.cmd_case_party_remove, "remove a party from its case")
    p.add_argument("party_id", metavar="PARTY_ID")
    p = leaf(g, "edit", records.cmd_case_edit, "change court file number, status, defender, matter")
    p.add_argument("id")
    p.set_defaults(case_arg="id")  # a case's id or its number
    p.add_argument("--court-file", metavar="N", help="NNNNN-AAAA-I-CCCC-OO-EE-NN ('' clears)")
    p.add_argument("--status", choices=vocab.CASE_STATUS.codes())
    p.add_argument("--defender", metavar="USER", help="user name or id of this office")
    p.add_argument("--matter", metavar="M", help="matter code")
    p = leaf(g, "close", records.cmd_case_close, "close a case with the cierre_caso answers")
    p.add_argument("id")
    p.set_defaults(case_arg="id")  # a case's id or its number
    p.add_argument("--json", required=True, metavar="FILE|-")
    p.add_argument(
        "--keep-pending",
        action="store_true",
        help="leave its pending hearings and deadlines scheduled (default: cancel them)",
    )
    p = leaf(g, "reopen", records.cmd_case_reopen, "reopen a closed case")
    p.add_argument("id")
    p.set_defaults(case_arg="id")  # a case's id or its number
    p.add_argument("--reason", required=True, metavar="TEXT", help="why ('-' reads stdin)")
    p.add_argument(
        "--keep-cancelled",
        action="store_true",
        help="leave cancelled the hearings and deadlines its closing cancelled "
        "(default: restore those still to come)",
    )

    g = group("note", "case notes")
    p = leaf(g, "add", records.cmd_note_add, "add a note to a case")
    p.add_argument("case_id", metavar="CASE_ID")
    _note_text(p)
    p = leaf(g, "sign", records.cmd_note_sign, "sign a note (it becomes immutable)")
    p.add_argument("note_id", metavar="NOTE_ID")
    p = leaf(g, "correct", records.cmd_note_correct, "write a correction superseding a note")
    p.add_argument("note_id", metavar="NOTE_ID")
    _note_text(p)

    g = group("hearing", "hearings and deadlines")
    p = leaf(g, "add", records.cmd_hearing_add, "schedule a hearing or deadline")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--at", required=True, metavar="ISO-DATETIME")
    p.add_argument("--kind", required=True, metavar="KIND")
    p.add_argument("--place", metavar="TEXT")
    p.add_argument("--category", choices=vocab.HEARING_CATEGORY.codes(), default="hearing")
    p = leaf(g, "mark", records.cmd_hearing_mark, "record a hearing's outcome")
    p.add_argument("hearing_id", metavar="HEARING_ID")
    p.add_argument("--status", required=True, choices=hearings.OUTCOMES)
    p.add_argument("--result", metavar="TEXT")
    p.add_argument("--new-at", metavar="ISO-DATETIME", help="new date when rescheduled")
    p = leaf(g, "reschedule", records.cmd_hearing_reschedule, "move a hearing to a new date")
    p.add_argument("hearing_id", metavar="HEARING_ID")
    p.add_argument("--at", required=True, metavar="ISO-DATETIME", help="the new date and time")
    p.add_argument(
        "--reason", metavar="TEXT", help="why it moves (kept as its result, as the desktop asks)"
    )
    p = leaf(g, "correct", records.cmd_hearing_correct, "take back a held/failed marked by mistake")
    p.add_argument("hearing_id", metavar="HEARING_ID")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why the outcome was wrong")

    add_referral_commands(group("referral", "referrals to other institutions"), leaf)
    add_calendar_commands(group("calendar", "working-day terms (días hábiles)"), leaf)
    add_deadline_commands(group("deadline", "deadlines proposed by the rules"), leaf)

    p = leaf(sub, "search", records.cmd_search, "full-text search")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)
    _json_flag(p)

    exports.add_export_commands(sub, [common])

    g = group("audit", "audit log")
    p = leaf(g, "verify", admin.cmd_audit_verify, "verify the audit hash chain")
    _json_flag(p)

    leaf(sub, "passwd", admin.cmd_passwd, "change your passphrase")
    g = group("user", "vault users")
    p = leaf(g, "add", admin.cmd_user_add, "add a user to the vault")
    p.add_argument("name")
    leaf(sub, "recover", admin.cmd_recover, "set a new passphrase with the recovery key")

    p = leaf(sub, "sample-data", records.cmd_sample_data, "fill the vault with sample data")
    p.add_argument("--people", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0)

    p = leaf(sub, "duplicates", records.cmd_duplicates, "possible duplicates of a person")
    p.add_argument("--json", required=True, metavar="FILE|-")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    g = group("forms", "intake form definitions")
    p = leaf(g, "list", admin.cmd_forms_list, "list form definitions")
    _json_flag(p)
    p = leaf(g, "check", admin.cmd_forms_check, "check a form definition file")
    p.add_argument("file")
    from app.cli.backup import add_backup_commands
    from app.cli.drafting import add_draft_command
    from app.reports.cli import add_report_commands  # reports own their commands

    add_backup_commands(sub, [common])
    add_draft_command(sub, [common])

    add_report_commands(sub, [common])
    __import__("app.sync_cli").sync_cli.add_sync_commands(sub, [common])  # sync owns these
    return parser


def _say(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Run the parsed command and map every expected error to its exit code."""
    try:
        return int(args.func(args))
    except ChasquiError as exc:  # every deliberate error, mapped by class
        messages, code = errors.describe(exc)
        for message in messages:
            _say(message)
        return code
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_FAILURE
    except Exception as exc:  # the one place where bugs become one line
        if os.environ.get("CHASQUI_DEBUG") == "1":
            traceback.print_exc()
        _say(f"internal error ({type(exc).__name__}); run with CHASQUI_DEBUG=1 for details")
        return EXIT_FAILURE


def main(argv: Sequence[str] | None = None) -> int:
    from app.hygiene import disable_core_dumps, guard_terminal

    disable_core_dumps()  # a core file would hold the data key and decrypted records
    guard_terminal()  # control characters in data never reach the terminal raw
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        target = getattr(args, "group_parser", None) or parser
        target.print_help(sys.stderr if target is not parser else sys.stdout)
        return EXIT_OK if target is parser else EXIT_INVALID
    return run(args)
