"""``chasqui draft``: writs drafted from a case as editable Word files (``app.drafting``).

    chasqui draft --list                          the kinds of writ (with the vault's
                                                  published ones when there is a vault)
    chasqui draft KIND CASE_ID --out FILE.docx    draft one (a new file; never overwrites)
    chasqui draft --check TEMPLATE.docx           check a template's fields before use

The drafted file is NOT encrypted: it holds the client's and the children's data, so
the command says so on stderr. Where the case lacks a value the writ uses, the writ
reads "[COMPLETAR: …]" and stderr lists what is missing. Drafting is audited (kind and
case, never the content).
Exit codes: 0 ok; 2 invalid input (unknown kind or case, existing or misnamed output
file, a template naming a field that does not exist); 3 the vault cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.context import open_store
from app.core.errors import InvalidInput

NOT_ENCRYPTED = (
    "warning: the drafted file is NOT encrypted and holds personal data; keep it in a safe "
    "place and delete it when it has been filed"
)


def cmd_draft(args: argparse.Namespace) -> int:
    from app.drafting.templates import available, check_template, draft, gaps

    if args.list:
        from app.cli.context import data_dir
        from app.store import Vault

        if Vault.exists(data_dir(args)):  # with the templates the server published
            with open_store(args) as store:
                kinds = available(store)
        else:
            kinds = available()
        for doc in kinds.values():
            print(f"{doc.kind}\t{doc.title}")
        return 0
    if args.check:
        path = Path(args.check).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput.one("--check", f"cannot read {path}: {exc.strerror}") from None
        check_template(data)
        print(f"template ok: {path.name}")
        return 0
    if not args.kind or not args.case_id or not args.out:
        raise InvalidInput.one(
            "draft", "give KIND CASE_ID --out FILE.docx, or --list, or --check FILE", "usage"
        )
    with open_store(args) as store:
        written = draft(store, args.kind, args.case_id, Path(args.out))
        missing = gaps(store, args.kind, args.case_id)
    print(NOT_ENCRYPTED, file=sys.stderr)
    if missing:
        print(
            "warning: the case lacks these, marked [COMPLETAR: …] in the writ: "
            + "; ".join(missing),
            file=sys.stderr,
        )
    print(f"drafted {args.kind}: {written}")
    return 0


def add_draft_command(
    sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser("draft", help="draft a writ from a case (.docx)", parents=parents)
    p.add_argument("kind", nargs="?", metavar="KIND")
    p.add_argument("case_id", nargs="?", metavar="CASE_ID")
    p.add_argument("--out", metavar="FILE.docx")
    p.add_argument("--list", action="store_true", help="list the kinds of writ")
    p.add_argument("--check", metavar="TEMPLATE", help="check a template's fields")
    p.set_defaults(func=cmd_draft)
