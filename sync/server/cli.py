"""``chasqui-server``: run and administer the central sync server.

Owns the command line: ``serve``, ``migrate``, ``office add``, ``user add``,
``enroll-code``, ``device list``, ``device revoke``, ``form publish``,
``catalog publish``, ``template publish``, ``stats``, ``report timeliness`` and
``supervisor add`` (``sync.server.directorate_cli``). Every
command takes ``--db URL`` (default ``$CHASQUI_SERVER_DB`` or a SQLite file in the
platform data directory). Errors are one line on stderr with a non-zero exit:
2 bad usage or input, 1 refused action or unavailable database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.server import upgrade
from sync.server.db import ENV_DB, Database, DatabaseError, default_db_url, safe_url
from sync.spec import vocab

if TYPE_CHECKING:  # imported by the commands that use it (the report starts without it)
    from sync.server.admin import Admin

_TTL_RE = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class UsageError(ValueError):
    pass


def parse_ttl(text: str) -> int:
    match = _TTL_RE.match(text.strip().lower())
    if match is None or int(match.group(1)) == 0:
        raise UsageError(f"--ttl must look like 30m, 24h or 7d, not {text!r}")
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if seconds > 30 * 86400:
        raise UsageError("--ttl must be at most 30d")
    return seconds


def _when(ms: int | None) -> str:
    if ms is None:
        return "never"
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chasqui-server", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help=f"database URL (default: ${ENV_DB} or a local SQLite file)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the HTTP server (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a reverse proxy whose X-Forwarded-For is believed (repeatable; default none)",
    )
    serve.add_argument(
        "--docs", action="store_true", help="serve /openapi.json (off by default; no HTML pages)"
    )

    sub.add_parser("migrate", parents=[common], help="create or upgrade the database schema")

    office = sub.add_parser("office", help="offices").add_subparsers(dest="action", required=True)
    office_add = office.add_parser("add", parents=[common], help="add an office or brigade")
    office_add.add_argument("code")
    office_add.add_argument("name")
    office_add.add_argument("--kind", choices=vocab.OFFICE_KIND.codes(), default="office")
    office.add_parser("list", parents=[common], help="list offices")

    user = sub.add_parser("user", help="users").add_subparsers(dest="action", required=True)
    user_add = user.add_parser("add", parents=[common], help="add a user to an office")
    user_add.add_argument("--office", required=True, help="office code")
    user_add.add_argument("--display-name")
    user_add.add_argument("--role", default="defender", choices=vocab.USER_ROLE.codes())
    user_add.add_argument("name")

    code = sub.add_parser("enroll-code", parents=[common], help="issue a one-time enrollment code")
    code.add_argument("--office", required=True, help="office code")
    code.add_argument("--ttl", default="24h", help="validity, e.g. 30m, 24h, 7d (default 24h)")

    device = sub.add_parser("device", help="devices").add_subparsers(dest="action", required=True)
    device.add_parser("list", parents=[common], help="list enrolled devices")
    revoke = device.add_parser("revoke", parents=[common], help="revoke a device")
    revoke.add_argument("device_id")

    form = sub.add_parser("form", help="forms").add_subparsers(dest="action", required=True)
    publish = form.add_parser("publish", parents=[common], help="publish a form definition")
    publish.add_argument("file", type=Path)

    catalog = sub.add_parser("catalog", help="catalogs").add_subparsers(
        dest="action", required=True
    )
    cat_publish = catalog.add_parser(
        "publish", parents=[common], help="publish catalog rows (adds/updates, never removes)"
    )
    cat_publish.add_argument("--name", required=True, help="catalog name, e.g. ubigeo_distrito")
    cat_publish.add_argument(
        "file",
        type=Path,
        help="CSV file (UTF-8, header line first); JSON for calendario and plazos",
    )

    template = sub.add_parser("template", help="writ templates").add_subparsers(
        dest="action", required=True
    )
    tpl_publish = template.add_parser(
        "publish", parents=[common], help="publish a writ template (.docx) for drafting"
    )
    tpl_publish.add_argument("kind", help="kind of writ, e.g. demanda_alimentos")
    tpl_publish.add_argument("file", type=Path, help="Word file with docxtpl fields")
    tpl_publish.add_argument("--title", required=True, help="title shown to defenders")
    tpl_publish.add_argument("--office", help="office code: only that office's devices")

    sub.add_parser("stats", parents=[common], help="devices, last contact, quarantine per office")
    from sync.server import bundles  # USB bundles and epoch renewal (sync client engineer)

    bundles.add_commands(sub, common)
    from sync.server import directorate_cli  # the directorate's report and dashboard accounts

    directorate_cli.add_commands(sub, common)
    return parser


def _open(args: argparse.Namespace) -> Database:
    """The database, migrated (one SELECT when it is at the newest revision already) and,
    for every command but the read-only ``report``, with the server's key (made with its
    database, and checked against it)."""
    db = Database(args.db or default_db_url())
    try:
        upgrade.migrate(db)  # and the office packs a re-derivation dropped, stored again
        if args.command != "report":
            from sync.server import identity

            identity.of(db)
    except BaseException:
        db.dispose()
        raise
    return db


def _admin(db: Database) -> Admin:
    from sync.server.admin import Admin

    return Admin(db)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import ENV_DOCS

    url = args.db or default_db_url()
    db = Database(url)
    upgrade.migrate(db)  # once, before the workers start
    from sync.server import held, identity

    if db.dialect == "sqlite":  # one serve per file: its claims are a dead server's
        held.clear(db)

    fingerprint = identity.public(db).fingerprint  # made (or checked) before the workers
    db.dispose()
    if not 0 < args.port < 65536 or args.workers < 1:
        raise UsageError("--port must be 1-65535 and --workers >= 1")
    os.environ[ENV_DB] = url  # workers read it in app_from_env (never printed)
    os.environ[ENV_DOCS] = "1" if args.docs else "0"
    print(
        f"chasqui-server on http://{args.host}:{args.port} db={safe_url(url)} "
        f"fingerprint {fingerprint}",
        flush=True,
    )
    uvicorn.run(
        "sync.server.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        server_header=False,  # no "server: uvicorn" on every answer (bytes on a slow link)
        # a sync round keeps one connection; on a 600 ms satellite link a new TLS
        # connection costs several round trips, so keep idle ones longer than the 5 s default
        timeout_keep_alive=75,
        **proxy_options(args.trusted_proxy),
    )
    return 0


def proxy_options(trusted: list[str]) -> dict[str, Any]:
    """uvicorn options: X-Forwarded-For/-Proto believed only from ``trusted`` addresses
    (``--trusted-proxy``); with none, the peer address is the client (headers ignored)."""
    if not trusted:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(trusted)}


def run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        return _serve(args)
    if args.command == "enroll-code":
        ttl = parse_ttl(args.ttl)
    db = _open(args)
    try:
        if args.command in ("bundle", "epoch"):
            from sync.server import bundles

            return bundles.run_command(args, db)
        if args.command in ("report", "supervisor"):
            from sync.server import directorate_cli

            return directorate_cli.run_command(args, db)
        from sync.server import identity

        admin = _admin(db)
        if args.command == "migrate":
            print(
                f"database at revision {db.current_revision()}; epoch {db.epoch}; "
                f"server fingerprint {identity.public(db).fingerprint}"
            )
        elif args.command == "office" and args.action == "add":
            row = admin.add_office(args.code, args.name, args.kind)
            print(f"office {row.code} added (id {row.office_id})")
        elif args.command == "office":
            for o in admin.list_offices():
                print(f"{o.code}\t{o.name}\t{o.office_id}")
        elif args.command == "user":
            user_id = admin.add_user(args.office, args.name, args.display_name, args.role)
            print(f"user {args.name} added to {args.office.upper()} (id {user_id})")
        elif args.command == "enroll-code":
            from sync.server.auth import issue_code

            office = admin.office(args.office)
            print(issue_code(db, office.office_id, ttl))
            print(f"one-time code for {office.code}, valid {args.ttl}", file=sys.stderr)
            print(
                f"server fingerprint: {identity.public(db).fingerprint} (read it to the "
                "defender: Chasqui shows the same when the laptop enrolls)",
                file=sys.stderr,
            )
        elif args.command == "device" and args.action == "list":
            for d in admin.list_devices():
                state = "revoked" if d["revoked_at"] else "active"
                keys = "keys" if d["has_keys"] else "no keys yet"  # older laptops: first contact
                print(
                    f"{d['id']}\t{d['code']}\t#{d['number']:02d}\t{d['name']}\t{state}\t"
                    f"last contact {_when(d['last_seen_at'])}\t{keys}"
                )
        elif args.command == "device":
            admin.revoke_device(args.device_id)
            print(f"device {args.device_id} revoked; it will be told to lock and wipe")
        elif args.command == "form":
            form_id, version = admin.publish_form(args.file)
            print(f"form {form_id} version {version} published")
        elif args.command == "catalog":
            done = admin.publish_catalog(args.name, args.file)
            if done.new_version:
                print(
                    f"catalog {done.name} version {done.version} published ({done.rows} rows: "
                    f"{done.added} new, {done.updated} updated)"
                )
            else:
                print(f"catalog {done.name} version {done.version} already has these rows")
        elif args.command == "template":
            done = admin.publish_template(args.kind, args.file, args.title, args.office)
            state = "published" if done.new_version else "already published"
            print(f"template {args.kind} in {done.name} version {done.version} {state}")
        elif args.command == "stats":
            print(
                "office\tdevices\tlast contact\tchanges\tquarantine pending"
                "\tchanges by unknown users"
            )
            for s in admin.stats():
                print(
                    f"{s['office']}\t{s['devices']}\t{_when(s['last_contact'])}\t"
                    f"{s['changes']}\t{s['quarantine_pending']}\t{s['unknown_user_changes']}"
                )
    finally:
        db.dispose()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UsageError as exc:
        print(f"chasqui-server: error: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        print(f"chasqui-server: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the forms engine or the database failing in an unplanned way
        from sync.server.admin import AdminError  # on this path only: the report runs without

        if isinstance(exc, AdminError):
            print(f"chasqui-server: error: {exc}", file=sys.stderr)
            return 1
        print(f"chasqui-server: error: {type(exc).__name__}: {exc}"[:500], file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
