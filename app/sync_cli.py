"""``chasqui enroll | sync | conflicts | bundle``: the sync commands of the main CLI.

    chasqui enroll --server URL [--code CODE] [--device-name NAME]
    chasqui sync [--status] [--json]
    chasqui conflicts list [--all] [--json]
    chasqui conflicts resolve ID --keep mine|theirs
    chasqui bundle export FILE
    chasqui bundle import FILE

The enrollment code is one-time; it may come from ``--code``, from ``CHASQUI_ENROLL_CODE``
or a prompt. The device token it yields stays inside the encrypted store. Exit codes
follow ``app.cli`` (0 ok, 2 invalid input, 3 wrong passphrase/locked, 1 other) plus:
4 not fully synchronized (offline, cancelled, changes still waiting or quarantined),
5 this device was revoked (its local copy is wiped), 6 update required (data kept).
Expected failures are raised as ``app.cli.context.CliError`` (imported lazily, as
``app.reports.cli`` does).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_FAILURE, EXIT_INVALID = 1, 2
EXIT_NOT_SYNCED, EXIT_REVOKED, EXIT_UPDATE = 4, 5, 6
ENV_CODE = "CHASQUI_ENROLL_CODE"
Handler = Callable[[argparse.Namespace], int]


def _fail(message: str, code: int) -> Exception:
    from app.cli.context import CliError

    return CliError(message, code)


def _session(store: Any) -> Any:
    from app.sync_session import SyncSession

    return SyncSession(store)


def _ready_session(store: Any) -> Any:
    """The store's sync session, or the precise reason it cannot sync (exit 2)."""
    session = _session(store)
    reason = session.cannot_sync()
    if reason == "suspended":
        raise _fail(
            "this vault was restored from a backup: sync is suspended so that two computers "
            "never sync as the same device; ask the administrator for an enrollment code (and "
            "to revoke the old device if it is lost), then run `chasqui enroll --server URL`",
            2,
        )
    if reason == "not_enrolled":
        raise _fail("this vault is not enrolled: run `chasqui enroll --server URL` first", 2)
    if reason:
        raise _fail(f"server {session.server_url()}: {reason}", 2)
    return session


def cmd_enroll(args: argparse.Namespace) -> int:
    from app.cli.context import open_store, read_secret
    from sync.client import AlreadyEnrolled, errors
    from sync.client.transport import address_problem

    url = str(args.server).strip()
    problem = address_problem(url)
    if problem:
        raise _fail(f"--server: {problem}", EXIT_INVALID)
    code = (
        args.code
        or os.environ.get(ENV_CODE)
        or read_secret(ENV_CODE, "Código de enrolamiento: ", "enrollment code")
    )
    with open_store(args) as store:
        try:
            done = _session(store).enroll(
                url, code, device_name=args.device_name, fingerprint=args.fingerprint
            )
        except AlreadyEnrolled as exc:
            raise _fail(str(exc), EXIT_INVALID) from None
        except errors.InvalidCode:
            raise _fail("--code: the enrollment code is unknown, used or expired", 2) from None
        except errors.UpdateRequired as exc:
            raise _fail(exc.message, EXIT_UPDATE) from None
    print(
        f"enrolled: office {done.office_code} ({done.office_name}), device number "
        f"{done.device_number:02d}, device id {done.device_id}"
    )
    print(
        f"server fingerprint: {done.fingerprint} (it must be the one the administrator "
        "read to you; if not, tell the administrator before syncing)"
    )
    return 0


def _progress(phase: str, done: int, total: int) -> None:
    suffix = f"/{total}" if total else ""
    print(f"\r{phase}: {done}{suffix}   ", end="", flush=True, file=sys.stderr)


def cmd_sync(args: argparse.Namespace) -> int:
    from app.cli.context import open_store

    with open_store(args) as store:
        if args.status:
            return _status(store, args.as_json)
        if args.kept_aside:
            return _kept_aside(store, args.as_json)
        session = _ready_session(store)
        progress = _progress if os.isatty(2) and not args.as_json else None
        report = session.run_round(progress=progress)
        if progress is not None:
            print(file=sys.stderr)
    if args.as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"pushed: {report.pushed}")
        print(f"pulled: {report.pulled}")
        print(f"conflicts: {report.conflicts}")
        print(f"quarantined: {report.quarantined}")
        if report.set_aside:
            print(f"set aside: {report.set_aside} (received records this vault cannot apply)")
        print(f"pending: {report.pending}")
        print(f"status: {report.status}")
        if report.skew_ms is not None and abs(report.skew_ms) > 120_000:
            print(f"warning: this computer's clock is off by {report.skew_ms / 1000:+.0f} s")
        for line in report.errors:
            print(f"note: {line}")
    from app.sync_session import REVOKED, wipe_revoked

    if report.status == REVOKED:
        # A revoked device is a lost or stolen one: its copy must not stay readable.
        from app.cli.context import data_dir

        wipe_revoked(data_dir(args))  # open_store has locked the store already
        raise _fail("this device was revoked by the administrator: its local data was wiped", 5)
    if report.status == "update_required":
        raise _fail("the server requires a newer Chasqui; your data is kept: update", 6)
    if report.status in ("unauthorized", "not_enrolled"):
        raise _fail("the server does not know this device: enroll it again", EXIT_FAILURE)
    if report.status == "local_error":
        raise _fail("the local store failed during sync (disk full?); nothing was lost", 1)
    if not report.complete or report.quarantined:
        return EXIT_NOT_SYNCED
    return 0


def _fingerprint(replica: Any) -> str | None:
    """The fingerprint of the server key this vault pinned (None: not pinned yet)."""
    from sync.client.identity import pinned

    keys = pinned(replica)
    return keys.fingerprint if keys is not None else None


def _kept_aside(store: Any, as_json: bool) -> int:
    """Received records this vault set aside, each with the reason (no network)."""
    from app.store.kept_aside import list_kept_aside

    kept = list_kept_aside(store)
    if as_json:
        print(json.dumps(kept, ensure_ascii=False, indent=2))
    else:
        for k in kept:
            print(
                f"{k['received_at']}\t{k['entity']}\t{k['entity_id']}\t{k['code']}: {k['reason']}"
            )
        print(f"set aside: {len(kept)}")
    return 0


def _status(store: Any, as_json: bool) -> int:
    from app.store.kept_aside import list_kept_aside

    replica = _session(store).replica
    doc = {
        "server": replica.get_sync_state("server_url"),
        "enrolled": bool(replica.get_sync_state("device_token")),
        "server_fingerprint": _fingerprint(replica),
        "device_id": store.device_id,
        "device_no": store.device_no,
        "office": store.office_code,
        "pending": replica.pending_count(),
        "quarantined": len(replica.list_quarantine()),
        "set_aside": len(list_kept_aside(store)),
        "conflicts": len(replica.list_conflicts()),
        "last_success_ms": replica.get_sync_state("last_success"),
        "clock_skew_ms": replica.get_sync_state("clock_skew_ms"),
        "last_status": (replica.get_sync_state("last_report") or {}).get("status"),
    }
    if as_json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for key, value in doc.items():
            print(f"{key}: {'' if value is None else value}")
    return 0


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    from app.cli.context import open_store

    with open_store(args) as store:
        rows = _session(store).replica.list_conflicts(open_only=not args.all)
    if args.as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    for r in rows:
        state = f" resolved:{r['resolution']}" if r.get("resolved_at") else ""
        print(
            f"{r['conflict_id']}\t{r['entity']}\t{r['entity_id']}\t{r['field']}\t{r['kind']}\t"
            f"winner={json.dumps(r['winner_value'], ensure_ascii=False)}\t"
            f"other={json.dumps(r['loser_value'], ensure_ascii=False)}{state}"
        )
    return 0


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    from app.cli.context import open_store

    with open_store(args) as store:
        _session(store).replica.resolve_conflict(args.id, keep=args.keep)
    print(f"conflict {args.id} resolved: kept {args.keep}")
    return 0


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from app.cli.context import open_store
    from sync.client import errors

    with open_store(args) as store:
        try:
            done = _session(store).export_bundle(Path(args.file))
        except errors.NotEnrolled as exc:
            raise _fail(str(exc), EXIT_INVALID) from None
        except errors.BundleError as exc:
            raise _fail(str(exc), EXIT_FAILURE) from None
    print(f"bundle written: {done.exported} change(s) -> {args.file}")
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from app.cli.context import open_store
    from sync.client import errors

    with open_store(args) as store:
        try:
            done = _session(store).import_bundle(Path(args.file))
        except errors.NotEnrolled as exc:
            raise _fail(str(exc), EXIT_INVALID) from None
        except errors.BundleError as exc:
            raise _fail(f"{args.file}: {exc}", EXIT_INVALID) from None
    if done.already_imported:
        print("this reply bundle was already imported: nothing changed")
        return 0
    print(f"confirmed: {done.confirmed}")
    print(f"pulled: {done.pulled}")
    print(f"conflicts: {done.conflicts}")
    print(f"quarantined: {done.quarantined}")
    if done.more:
        print("note: the server has more changes: export and relay another bundle")
    return 0


def add_sync_commands(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add ``enroll``, ``sync``, ``conflicts`` and ``bundle`` to the main parser."""

    def leaf(group: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, parents=list(parents), help=help_text)
        p.set_defaults(func=handler)
        return p

    def group(name: str, help_text: str) -> Any:
        p = subparsers.add_parser(name, help=help_text)
        p.set_defaults(group_parser=p)
        return p.add_subparsers(dest="action", metavar="ACTION")

    p = leaf(subparsers, "enroll", cmd_enroll, "enroll this vault with a sync server")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--code", metavar="CODE", help=f"one-time code (or ${ENV_CODE}, or a prompt)")
    p.add_argument("--device-name", metavar="NAME")
    p.add_argument(
        "--fingerprint",
        metavar="TEXT",
        help="the server fingerprint the administrator read (checked before anything is "
        "written; spaces and case do not matter)",
    )

    p = leaf(subparsers, "sync", cmd_sync, "synchronize with the server (one round)")
    p.add_argument("--status", action="store_true", help="show the sync state, no network")
    p.add_argument(
        "--kept-aside",
        action="store_true",
        help="list received records this vault cannot apply, with the reason; no network",
    )
    p.add_argument("--json", dest="as_json", action="store_true", help="JSON output")

    g = group("conflicts", "conflicts found by sync")
    p = leaf(g, "list", cmd_conflicts_list, "list conflicts to review")
    p.add_argument("--all", action="store_true", help="include resolved ones")
    p.add_argument("--json", dest="as_json", action="store_true", help="JSON output")
    p = leaf(g, "resolve", cmd_conflicts_resolve, "resolve a conflict")
    p.add_argument("id", metavar="ID")
    p.add_argument("--keep", required=True, choices=("mine", "theirs"))

    g = group("bundle", "USB bundles for devices without a link")
    p = leaf(g, "export", cmd_bundle_export, "write the pending changes to an encrypted bundle")
    p.add_argument("file", metavar="FILE")
    p = leaf(g, "import", cmd_bundle_import, "apply a reply bundle from the server")
    p.add_argument("file", metavar="FILE")
