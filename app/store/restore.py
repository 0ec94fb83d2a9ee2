"""Reading a backup: verify it, or restore it into an empty folder (all or nothing).

Owns the reading side of ``backup.py``'s files and the rule for a restored enrolled vault:

- ``verify_backup(path, opener)`` reads everything without restoring: every chunk
  authenticates, the members are the expected ones, the database opens with the key,
  passes ``quick_check`` and belongs to the key file's vault (a temporary, still
  encrypted copy of the database is made and removed).
- ``restore_backup(path, data_dir, opener)`` restores into an empty or missing folder
  (never over a vault), staged in a sibling folder and renamed into place only when the
  whole file authenticated and the database opened: a flipped byte, a truncation, a wrong
  passphrase or another vault's backup leaves nothing behind. Audited (``restore``).
- The restored enrolled vault (docs/architecture.md, "Backups"): the restore removes the
  device token and marks the vault ``restored`` (sync suspended), so the copy can never
  sync as the device it was copied from; it re-enrolls with a code from the
  administrator (a new device id), who revokes the old device if it is lost. Changes
  still waiting in the restored outbox get new change ids, so the server accepts them
  even if the original laptop had already sent them (same HLC and value: the merge
  leaves the record as it is — nothing duplicated, no conflict).

``Opener`` carries the secret: a user's passphrase (the user named, else the backup's only
user) or the vault's recovery key at the time of the backup.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import sqlcipher3
from uuid6 import uuid7

from app.store import keys
from app.store.backup import ATTACHMENT_MEMBER, MARKER_MEMBER, BackupInfo, iso_now
from app.store.backup_format import BackupError, DamagedBackup, SealedReader, read_header
from app.store.connection import KeyRejected, open_connection
from app.store.errors import (
    CorruptVault,
    VaultExists,
    VaultNotFound,
    WrongPassphrase,
)
from app.store.keys import KeyFile
from app.store.store import DB_NAME, Store
from sync.changes import Change
from sync.client.ports import KEY_TOKEN
from sync.errors import fsync_directory, storage_error

KEY_RESTORED = "restored"  # sync state: the restored copy waits for a new enrollment
_COPY = 1 << 20


@dataclass(frozen=True)
class Opener:
    """The secret that opens a backup: a user's passphrase, or the recovery key."""

    user_name: str | None = None
    passphrase: str | None = field(default=None, repr=False)
    recovery_key: str | None = field(default=None, repr=False)


# --- reading --------------------------------------------------------------------------


def _unwrap(doc: dict[str, Any], opener: Opener) -> tuple[bytearray, KeyFile, str | None]:
    """The data key from the backup's key file; returns (key, key file, user name)."""
    try:
        keyfile = KeyFile(KeyFile._validate(doc))
    except CorruptVault:
        raise DamagedBackup("the backup's key file is damaged") from None
    users = keyfile.users()
    name = opener.user_name or (users[0] if len(users) == 1 else None)
    refused = WrongPassphrase(
        "this backup does not open with that passphrase or recovery key "
        "(wrong secret or user, or the backup of another vault)"
    )
    if opener.recovery_key:
        try:
            return keyfile.unwrap_recovery(opener.recovery_key), keyfile, name
        except (WrongPassphrase, CorruptVault):
            raise refused from None
    if name is None:
        raise BackupError("several users in this backup: choose one with --user or CHASQUI_USER")
    try:
        return keyfile.unwrap_user(name, opener.passphrase or ""), keyfile, name
    except (WrongPassphrase, VaultNotFound):
        raise refused from None


Sink = Callable[[str, IO[bytes], int], None]


def _read(
    path: Path, opener: Opener, sink: Sink
) -> tuple[dict[str, Any], bytearray, KeyFile, str | None]:
    """Stream every member of the backup to ``sink``; checks the whole file authenticates."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise BackupError(f"no such file: {path}") from None
    except OSError as exc:
        raise storage_error(exc, f"cannot read {path}") from None
    with handle:
        header, raw = read_header(handle)
        key, keyfile, name = _unwrap(header["keyfile"], opener)
        try:
            reader = SealedReader(handle, header, raw, key)
            manifest: dict[str, Any] | None = None
            seen: set[str] = set()
            try:
                with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                    for member in tar:
                        name_ok = member.name in ("manifest.json", "keys.json", DB_NAME)
                        if not member.isfile() or not (
                            name_ok
                            or member.name == MARKER_MEMBER
                            or ATTACHMENT_MEMBER.match(member.name)
                        ):
                            raise DamagedBackup("the backup holds an unexpected entry")
                        if member.name in seen:
                            raise DamagedBackup("the backup holds an entry twice")
                        seen.add(member.name)
                        stream = tar.extractfile(member)
                        assert stream is not None
                        if member.name == "manifest.json":
                            manifest = _manifest(stream.read(1 << 20), keyfile)
                        elif manifest is None:
                            raise DamagedBackup("the backup does not start with its manifest")
                        else:
                            sink(member.name, stream, member.size)
            except tarfile.TarError:
                raise DamagedBackup("the backup file is damaged (archive structure)") from None
            reader.drain()
            if manifest is None or not {"keys.json", DB_NAME} <= seen:
                raise DamagedBackup("the backup is incomplete (database or key file missing)")
            if len(seen - {MARKER_MEMBER}) - 3 != manifest["attachments"]:
                raise DamagedBackup("the backup is incomplete (attachments missing)")
        except BaseException:
            keys.wipe(key)
            raise
    return manifest, key, keyfile, name


def _manifest(raw: bytes, keyfile: KeyFile) -> dict[str, Any]:
    try:
        doc = json.loads(raw.decode("utf-8"))
        ok = isinstance(doc, dict) and doc.get("vault_id") == keyfile.vault_id
        ok = (
            ok and isinstance(doc.get("attachments"), int) and isinstance(doc.get("device_no"), int)
        )
    except (UnicodeDecodeError, json.JSONDecodeError):
        ok = False
    if not ok:
        raise DamagedBackup("the backup's manifest is damaged or belongs to another vault")
    return dict(doc)


def _copy(stream: IO[bytes], target: Path, size: int) -> None:
    written = 0
    with open(target, "xb") as out:
        while block := stream.read(_COPY):
            out.write(block)
            written += len(block)
        out.flush()
        os.fsync(out.fileno())
    if written != size:
        raise DamagedBackup("the backup file is truncated")


def _check_database(db_path: Path, key: bytearray, vault_id: str) -> None:
    try:
        conn = open_connection(db_path, key)
    except (KeyRejected, CorruptVault):
        raise DamagedBackup("the database in the backup does not open with its key") from None
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    except sqlcipher3.Error:
        raise DamagedBackup("the database in the backup is damaged") from None
    finally:
        conn.close()
    if ok != "ok":
        raise DamagedBackup("the database in the backup is damaged")
    if row is None or row[0] != vault_id:
        raise DamagedBackup("the database in the backup belongs to another vault")


def verify_backup(path: Path | str, opener: Opener) -> BackupInfo:
    """Read and check a whole backup without restoring it (temporary copy, then removed)."""
    path = Path(path)
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="chasqui-verify-"))
    try:
        db = scratch / DB_NAME

        def sink(name: str, stream: IO[bytes], size: int) -> None:
            if name == DB_NAME:
                _copy(stream, db, size)
            else:
                while stream.read(_COPY):
                    pass

        manifest, key, keyfile, _name = _read(path, opener, sink)
        try:
            _check_database(db, key, keyfile.vault_id)
        finally:
            keys.wipe(key)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    info = BackupInfo.from_manifest(path, manifest)
    info.seconds = time.monotonic() - started
    return info


# --- restoring ----------------------------------------------------------------------------------


def _check_target(data_dir: Path) -> None:
    if KeyFile.exists(data_dir) or (data_dir / DB_NAME).exists():
        raise VaultExists(f"there is already a Chasqui vault in {data_dir}; nothing was written")
    if data_dir.exists():
        if not data_dir.is_dir():
            raise BackupError(f"{data_dir} is not a folder; nothing was written")
        if any(data_dir.iterdir()):
            raise BackupError(f"the folder {data_dir} is not empty; restore into an empty folder")


def restore_backup(path: Path | str, data_dir: Path | str, opener: Opener) -> BackupInfo:
    """Restore a backup into ``data_dir`` (missing or empty); all or nothing."""
    from app.store.vault import _open_store

    path, target = Path(path), Path(data_dir).expanduser()
    _check_target(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=parent))
    except OSError as exc:
        raise storage_error(exc, f"cannot write in {parent}") from None
    try:

        def sink(name: str, stream: IO[bytes], size: int) -> None:
            dest = stage / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            _copy(stream, dest, size)

        manifest, key, keyfile, name = _read(path, opener, sink)
        try:
            _check_database(stage / DB_NAME, key, keyfile.vault_id)
        except BaseException:
            keys.wipe(key)
            raise
        if name is None:
            keys.wipe(key)
            raise BackupError("several users in this backup: choose one with --user")
        store = _open_store(
            stage, key, keyfile.user_id(name), name, None, keyfile.vault_id, action=None
        )
        try:
            _after_restore(store, manifest)
        finally:
            store.lock()
        for sub in [stage, *(p for p in stage.rglob("*") if p.is_dir())]:
            fsync_directory(sub)
        _check_target(target)
        if target.exists():
            target.rmdir()
        os.replace(stage, target)
        fsync_directory(parent)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise storage_error(exc, f"cannot restore into {target}") from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return BackupInfo.from_manifest(path, manifest)


def _after_restore(store: Store, manifest: dict[str, Any]) -> None:
    """Audit the restore; suspend sync of an enrolled copy (see the module docstring)."""
    enrolled = bool(store.replica.get_sync_state(KEY_TOKEN))
    rekeyed = 0
    with store.transaction() as tx:
        if enrolled:
            rows = tx.conn.execute(
                "SELECT seq, body FROM outbox WHERE confirmed_epoch IS NULL"
            ).fetchall()
            for seq, body in rows:
                doc = json.loads(body)
                doc["change_id"] = str(uuid7())
                tx.conn.execute(
                    "UPDATE outbox SET change_id = ?, body = ? WHERE seq = ?",
                    (doc["change_id"], Change.from_dict(doc).canonical(), seq),
                )
                rekeyed += 1
            store.replica.set_sync_state(KEY_TOKEN, None)
            store.replica.set_sync_state(
                KEY_RESTORED,
                {
                    "at": iso_now(),
                    "backup_created_at": manifest.get("created_at"),
                    "device_id": store.device_id,
                    "device_no": store.device_no,
                },
            )
        store.audit(
            "restore",
            detail={
                "backup_created_at": manifest.get("created_at"),
                "enrolled": enrolled,
                "rekeyed_changes": rekeyed,
            },
        )


def sync_suspended(store: Store) -> dict[str, Any] | None:
    """The ``restored`` marker while the restored copy has not re-enrolled, else None."""
    marker = store.replica.get_sync_state(KEY_RESTORED)
    if isinstance(marker, dict) and not store.replica.get_sync_state(KEY_TOKEN):
        return marker
    return None
