"""Vault backups: make one file; the backup settings, the reminder and the daily rotation.

Owns what a backup holds (the bytes are ``backup_format.py``'s; reading, verifying and
restoring are ``restore.py``'s):

- ``create_backup(store, to_dir)`` writes ``chasqui-<office>-device<NN>-<YYYYMMDD-HHMMSS>Z
  .chqbak``: a tar stream of ``manifest.json``, ``keys.json``, ``chasqui.db`` and
  ``attachments/<xx>/<sha>.chq``, sealed under the data key. The database is copied with
  SQLite's online backup API from a fresh SQLCipher connection into an encrypted snapshot
  beside the vault (the copy has the same key, so no plaintext page ever touches a disk):
  one read transaction, so the copy holds every write committed before it started, while
  the app (this or another process) goes on writing. Attachments are content-addressed
  and written before their record, so every file the snapshot names is already there;
  they are copied as they are (already encrypted). The file is written by
  ``sync.errors.atomic_write`` (temporary name in the target folder, fsync, rename,
  fsync of the folder). Audited (``backup``).
- Settings (local ``meta``, inside the encrypted store): ``backup_auto`` ("1" for the
  daily rotation, off by default), ``backup_reminder_days`` (7 by default),
  ``backup_last_at`` (ISO UTC of the last backup). ``backup_due`` is the Inicio reminder's
  rule: changes are waiting (not yet on a server) and the last backup is older than the
  reminder days. ``auto_backup_if_due(store)`` keeps the last ``ROTATION_KEEP`` daily
  copies in ``<data dir>/backups`` (removed with the vault by ``Vault.wipe``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import secrets
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import sqlcipher3

from app.store.attachments import NAMES_MARKER
from app.store.backup_format import (
    BackupError,
    DamagedBackup,
    SealedWriter,
    encode_header,
)
from app.store.connection import KeyRejected, apply_key, classify, open_connection
from app.store.errors import CorruptVault
from app.store.keys import KeyFile
from app.store.store import DB_NAME, Store
from sync.client.ports import KEY_TOKEN
from sync.errors import EnvironmentProblem, atomic_write, storage_error

__all__ = [
    "BackupError",
    "BackupInfo",
    "DamagedBackup",
    "auto_backup_if_due",
    "backup_due",
    "create_backup",
]

SUFFIX = ".chqbak"
BACKUPS_DIR = "backups"
ROTATION_KEEP = 3
DEFAULT_REMINDER_DAYS = 7
META_AUTO, META_DAYS, META_LAST = "backup_auto", "backup_reminder_days", "backup_last_at"
ATTACHMENT_MEMBER = re.compile(r"^attachments/[0-9a-f]{2}/[0-9a-f]{64}\.chq$")
MARKER_MEMBER = f"attachments/{NAMES_MARKER}"
_STAMP = re.compile(r"-(\d{8})-(\d{6})Z\.chqbak$")


@dataclass
class BackupInfo:
    """What a backup holds (from its manifest), and where it is."""

    path: Path
    bytes: int
    vault_id: str
    office_code: str
    device_id: str
    device_no: int
    created_at: str
    enrolled: bool
    attachments: int
    db_bytes: int
    seconds: float = 0.0

    @classmethod
    def from_manifest(cls, path: Path, manifest: dict[str, Any]) -> BackupInfo:
        return cls(
            path,
            path.stat().st_size,
            str(manifest.get("vault_id", "")),
            str(manifest.get("office_code", "")),
            str(manifest.get("device_id", "")),
            int(manifest.get("device_no", 1)),
            str(manifest.get("created_at", "")),
            bool(manifest.get("enrolled")),
            int(manifest.get("attachments", 0)),
            int(manifest.get("db_bytes", 0)),
        )


# --- naming ------------------------------------------------------------------------------------


def backup_file_name(office_code: str, device_no: int, when: dt.datetime) -> str:
    office = re.sub(r"[^A-Za-z0-9_-]", "_", office_code or "vault")[:32]
    return f"chasqui-{office}-device{int(device_no):02d}-{when:%Y%m%d-%H%M%S}Z{SUFFIX}"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_now() -> str:
    return _iso(_utc_now())


# --- making a backup ---------------------------------------------------------------------------


def _snapshot(store: Store, key: bytearray) -> tuple[Path, dict[str, str], bool]:
    """Online backup of the database into an encrypted file beside it; returns its meta."""
    target = store.data_dir / f".backup-snapshot-{secrets.token_hex(6)}.db"
    try:
        source = open_connection(store.data_dir / DB_NAME, key)
    except KeyRejected:
        raise CorruptVault("the database does not accept the key; restore a backup") from None
    try:
        source.execute("PRAGMA query_only = ON")
        dest = sqlcipher3.connect(str(target), isolation_level=None)
        try:
            dest.execute("PRAGMA cipher_log_level = NONE")
            apply_key(dest, key)
            source.backup(dest)  # all pages in one step: one consistent read transaction
            dest.execute("PRAGMA journal_mode = DELETE").fetchone()
            meta = dict(dest.execute("SELECT key, value FROM meta").fetchall())
            token = dest.execute(
                "SELECT value FROM sync_state WHERE key = ?", (KEY_TOKEN,)
            ).fetchone()
        finally:
            dest.close()
    except sqlcipher3.Error as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        environment = classify(exc)  # by SQLite result code: DiskFull, ReadOnlyStorage...
        if isinstance(environment, EnvironmentProblem):
            raise environment from None
        raise BackupError("the database could not be copied (is the disk readable?)") from None
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    finally:
        source.close()
    enrolled = token is not None and json.loads(token[0]) not in (None, "")
    return target, {k: str(v) for k, v in meta.items()}, enrolled


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o600
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path, mtime: float) -> None:
    with open(path, "rb") as handle:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = os.fstat(handle.fileno()).st_size, int(mtime), 0o600
        tar.addfile(info, handle)


def _attachment_files(data_dir: Path) -> list[tuple[str, Path]]:
    """The encrypted attachment files, then the names marker (so no rename sweep runs)."""
    root = data_dir / "attachments"
    out = []
    if root.is_dir():
        for path in sorted(root.glob("??/*.chq")):
            name = f"attachments/{path.parent.name}/{path.name}"
            if ATTACHMENT_MEMBER.match(name) and path.is_file():
                out.append((name, path))
        if (root / NAMES_MARKER).is_file():
            out.append((MARKER_MEMBER, root / NAMES_MARKER))
    return out


def create_backup(
    store: Store, to_dir: Path | str, *, auto: bool = False, now: dt.datetime | None = None
) -> BackupInfo:
    """Write one backup file of the unlocked vault into ``to_dir`` (an existing folder)."""
    started = time.monotonic()
    store.check_open()
    key = store._key
    if key is None:
        raise BackupError("the vault is locked")
    folder = Path(to_dir).expanduser()
    if not folder.is_dir():
        raise BackupError(f"the folder {folder} does not exist")
    when = now or _utc_now()
    name = backup_file_name(store.office_code, store.device_no, when)
    final = folder / name
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and try again")
    keyfile = KeyFile.load(store.data_dir).doc
    snapshot, meta, enrolled = _snapshot(store, key)
    files = _attachment_files(store.data_dir)
    manifest: dict[str, Any] = {
        "format": "chasqui-backup",
        "vault_id": meta.get("vault_id", ""),
        "office_code": meta.get("office_code", ""),
        "device_id": meta.get("device_id", ""),
        "device_no": int(meta.get("device_no", "1")),
        "created_at": _iso(when),
        "enrolled": enrolled,
        "attachments": sum(1 for name, _p in files if name != MARKER_MEMBER),
        "db_bytes": snapshot.stat().st_size,
    }
    header = encode_header(_iso(when), keyfile)
    mtime = when.timestamp()

    def write(out: BinaryIO) -> None:
        sealed = SealedWriter(out, header, key)
        with tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
            _add_bytes(tar, "manifest.json", json.dumps(manifest).encode(), mtime)
            _add_bytes(tar, "keys.json", json.dumps(keyfile).encode(), mtime)
            _add_file(tar, DB_NAME, snapshot, mtime)
            for member, path in files:
                _add_file(tar, member, path, mtime)
        sealed.close()

    try:
        atomic_write(final, write)  # temp file in the folder, fsync, rename, fsync folder
    finally:
        with contextlib.suppress(OSError):
            snapshot.unlink()
    size = final.stat().st_size
    store.set_meta(META_LAST, _iso(when))
    store.audit(
        "backup",
        detail={
            "bytes": size,
            "attachments": manifest["attachments"],
            "auto": auto,
            "at": _iso(when),
        },
    )
    info = BackupInfo.from_manifest(final, manifest)
    info.seconds = time.monotonic() - started
    return info


# --- settings, reminder and rotation -------------------------------------------------------------


def auto_enabled(store: Store) -> bool:
    return store.get_meta(META_AUTO) == "1"


def set_auto(store: Store, enabled: bool) -> None:
    store.set_meta(META_AUTO, "1" if enabled else "0")
    store.audit("backup_settings", detail={"auto": enabled})


def reminder_days(store: Store) -> int:
    value = store.get_meta(META_DAYS)
    return int(value) if value and value.isdigit() else DEFAULT_REMINDER_DAYS


def set_reminder_days(store: Store, days: int) -> None:
    if not 1 <= int(days) <= 365:
        raise BackupError("the reminder needs a number of days between 1 and 365")
    store.set_meta(META_DAYS, str(int(days)))


def last_backup(store: Store) -> dt.datetime | None:
    value = store.get_meta(META_LAST)
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def backup_stale(store: Store, now: dt.datetime | None = None) -> bool:
    """True when no backup was made, or the last one is older than the reminder days."""
    last = last_backup(store)
    now = now or _utc_now()
    return last is None or now - last > dt.timedelta(days=reminder_days(store))


def backup_due(store: Store, now: dt.datetime | None = None) -> bool:
    """True when changes are waiting (``pending_count``) and the backup is stale."""
    return store.replica.pending_count() > 0 and backup_stale(store, now)


def auto_backup_if_due(store: Store, now: dt.datetime | None = None) -> BackupInfo | None:
    """With the rotation on: one copy a day in ``<data dir>/backups``, the last 3 kept."""
    if not auto_enabled(store):
        return None
    now = now or _utc_now()
    folder = store.data_dir / BACKUPS_DIR
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, f"cannot create {folder}") from None
    dated = []
    for path in folder.glob(f"chasqui-*{SUFFIX}"):
        found = _STAMP.search(path.name)
        if found:
            dated.append((found.group(1) + found.group(2), path))
    existing = [p for _stamp, p in sorted(dated)]
    if any(stamp.startswith(f"{now:%Y%m%d}") for stamp, _p in dated):
        return None
    info = create_backup(store, folder, auto=True, now=now)
    existing.append(info.path)
    for old in existing[:-ROTATION_KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
    return info
