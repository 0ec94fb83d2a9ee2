"""``chasqui backup`` and ``chasqui restore``: vault backups from the command line.

    chasqui backup --to DIR            one encrypted file of the whole vault into DIR
    chasqui backup --verify FILE       check a backup without restoring it
    chasqui backup --auto on|off       the daily local rotation (last 3 copies), off by default
    chasqui backup --remind-days N     the Inicio reminder's age limit (7 by default)
    chasqui restore FILE --data-dir DIR   restore into an empty (or missing) folder

The secret is ``CHASQUI_RECOVERY_KEY`` when set (verify and restore), else the
passphrase (``CHASQUI_PASSPHRASE`` or a prompt) of ``--user`` / ``CHASQUI_USER`` / the
backup's only user. Exit codes (``app.cli``): 0 ok; 1 the backup is damaged, truncated or
altered, or the disk failed; 2 invalid input (missing folder, target folder not empty or
holding a vault, not a file); 3 the secret does not open the backup (wrong passphrase or
user, or another vault's backup). Nothing is written when a restore fails.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cli.context import ENV_RECOVERY_KEY, ENV_USER, CliError, data_dir, open_store, passphrase
from sync.errors import ChasquiError

EXIT_DAMAGED, EXIT_INVALID, EXIT_SECRET = 1, 2, 3


def _opener(args: argparse.Namespace) -> Any:
    from app.store.restore import Opener

    user = getattr(args, "user", None) or os.environ.get(ENV_USER) or None
    recovery = os.environ.get(ENV_RECOVERY_KEY)
    if recovery:
        return Opener(user_name=user, recovery_key=recovery)
    return Opener(user_name=user, passphrase=passphrase())


def _refused(file: str, exc: ChasquiError, what: str) -> CliError:
    from app.store import errors
    from app.store.backup_format import DamagedBackup

    if isinstance(exc, errors.WrongPassphrase | errors.VaultNotFound):
        return CliError(f"{file}: {exc}; {what}", EXIT_SECRET)
    if isinstance(exc, DamagedBackup):
        return CliError(f"{file}: {exc}; {what}", EXIT_DAMAGED)
    if isinstance(exc, errors.VaultExists):
        return CliError(str(exc), EXIT_INVALID)
    if isinstance(exc, errors.StorageUnavailable):
        return CliError(f"{exc}; {what}", EXIT_DAMAGED)
    return CliError(f"{file}: {exc}", EXIT_INVALID)


def _print_info(info: Any, verb: str) -> None:
    print(f"{verb}: {info.path}")
    print(f"office: {info.office_code}  device: {info.device_no:02d}  date: {info.created_at}")
    print(f"size: {info.bytes} bytes  attachments: {info.attachments}")
    if info.enrolled:
        print("enrolled: yes (a restored copy must be enrolled again before it syncs)")


def cmd_backup(args: argparse.Namespace) -> int:
    from app.store import backup
    from app.store.backup_format import BackupError

    if args.verify:
        from app.store.restore import verify_backup

        opener = _opener(args)
        try:
            info = verify_backup(Path(args.verify).expanduser(), opener)
        except ChasquiError as exc:
            raise _refused(args.verify, exc, "the backup cannot be trusted") from None
        _print_info(info, "backup verified")
        return 0
    with open_store(args) as store:
        if args.auto is not None:
            backup.set_auto(store, args.auto == "on")
            print(f"daily local backups: {args.auto} ({store.data_dir / backup.BACKUPS_DIR})")
            return 0
        if args.remind_days is not None:
            try:
                backup.set_reminder_days(store, args.remind_days)
            except BackupError as exc:
                raise CliError(f"--remind-days: {exc}", EXIT_INVALID) from None
            print(f"backup reminder after {args.remind_days} day(s)")
            return 0
        try:
            info = backup.create_backup(store, Path(args.to))
        except BackupError as exc:
            raise CliError(f"--to: {exc}", EXIT_INVALID) from None
    _print_info(info, "backup written")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.store.restore import restore_backup

    target = data_dir(args)
    opener = _opener(args)
    try:
        info = restore_backup(Path(args.file).expanduser(), target, opener)
    except ChasquiError as exc:
        raise _refused(args.file, exc, "nothing was restored") from None
    _print_info(info, "restored from")
    print(f"vault: {target}")
    if info.enrolled:
        print(
            "sync is suspended: ask the administrator for an enrollment code (and to revoke "
            "the old device if it is lost), then run `chasqui enroll --server URL`"
        )
    return 0


def add_backup_commands(sub: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``backup`` and ``restore`` to the main parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "backup", parents=list(parents), help="make, verify or schedule vault backups"
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--to", metavar="DIR", help="write a backup file into this folder")
    what.add_argument("--verify", metavar="FILE", help="check a backup without restoring it")
    what.add_argument("--auto", choices=("on", "off"), help="daily local copies (last 3 kept)")
    what.add_argument(
        "--remind-days", type=int, metavar="N", help="remind after N days without a backup"
    )
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser(
        "restore", parents=list(parents), help="restore a backup into an empty --data-dir"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_restore)
