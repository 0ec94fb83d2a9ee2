"""CLI commands for referrals: ``referral add``, ``referral list``, ``referral update``.

Each ``cmd_*`` takes the parsed arguments and returns the exit code; the rules and the
reads are ``app.core.referrals``; the choices come from the entity specification.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.cli.context import emit_json, emit_table, open_store
from app.core import referrals
from sync.spec import vocab


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def cmd_referral_add(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print(referrals.add_referral(store, _given(args, referrals.INPUT_FIELDS)))
    return 0


def cmd_referral_update(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        referrals.update_referral(store, args.referral_id, _given(args, referrals.UPDATE_FIELDS))
    return 0


def cmd_referral_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = referrals.list_referrals(store, case_id=args.case_id, person_id=args.person_id)
    if args.as_json:
        emit_json(rows)
    else:
        emit_table(rows, ["id", "referred_on", "institution", "status", "person_id", "case_id"])
    return 0


Leaf = Callable[..., argparse.ArgumentParser]


def add_referral_commands(group: argparse._SubParsersAction, leaf: Leaf) -> None:
    """Register the ``referral`` actions with the main parser's ``leaf`` helper."""
    p = leaf(group, "add", cmd_referral_add, "refer a person or a case to another institution")
    p.add_argument("--person", dest="person_id", metavar="ID")
    p.add_argument("--case", dest="case_id", metavar="ID")
    p.add_argument("--institution", required=True, choices=vocab.REFERRAL_INSTITUTION.codes())
    p.add_argument("--institution-name", dest="institution_name", metavar="TEXT")
    p.add_argument("--date", dest="referred_on", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument("--status", choices=vocab.REFERRAL_STATUS.codes())
    p.add_argument("--follow-up", dest="follow_up", metavar="TEXT")
    p.add_argument("--follow-up-on", dest="follow_up_on", metavar="YYYY-MM-DD")
    p = leaf(group, "update", cmd_referral_update, "record a referral's status or follow-up")
    p.add_argument("referral_id", metavar="REFERRAL_ID")
    p.add_argument("--status", choices=vocab.REFERRAL_STATUS.codes())
    p.add_argument("--follow-up", dest="follow_up", metavar="TEXT")
    p.add_argument("--follow-up-on", dest="follow_up_on", metavar="YYYY-MM-DD")
    p.add_argument("--institution-name", dest="institution_name", metavar="TEXT")
    p.add_argument("--reason", metavar="TEXT")
    p = leaf(group, "list", cmd_referral_list, "list referrals (of a case or a person)")
    p.add_argument("--case", dest="case_id", metavar="ID")
    p.add_argument("--person", dest="person_id", metavar="ID")
    p.add_argument("--json", dest="as_json", action="store_true", help="JSON output")
