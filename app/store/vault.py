"""Vault lifecycle: create, unlock (passphrase or recovery key), users, passphrase changes.

A vault is a data directory holding ``chasqui.db`` (SQLCipher 4, encrypted with the random
data key) and ``keys.json`` (the data key wrapped per user and under the recovery key;
see ``keys.py``). Changing a passphrase or adding a user rewraps the data key; the
database is never re-encrypted.

Wrong passphrase versus damaged database: the AES-GCM tag of the wrapped key proves the
passphrase. If the key file opens but the database does not accept the key, the
database (or a mismatched key file) is reported as ``CorruptVault``.

Failed unlocks cannot be written into a database that could not be opened: they go to
``unlock_failures.log`` beside it (time, user name if it exists, method — no secret) and
are imported into the audit chain, then removed, at the next successful unlock.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from uuid6 import uuid7

from app.store import keys
from app.store.connection import KeyRejected, Writer, open_connection
from app.store.errors import (
    CorruptVault,
    InvalidRecord,
    StorageUnavailable,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from app.store.kept_aside import apply_kept_aside
from app.store.keys import KdfParams, KeyFile
from app.store.migrations import migrate
from app.store.store import DB_NAME, Store
from sync.errors import ChasquiError, storage_error

Wall = Callable[[], int] | None


def _check_name(user_name: str) -> str:
    if not isinstance(user_name, str) or not user_name.strip() or len(user_name) > 64:
        raise InvalidRecord("the user name must be 1-64 characters", field="user_name")
    return user_name.strip()


def _open_store(
    data_dir: Path,
    key: bytearray,
    user_id: str,
    user_name: str,
    wall: Wall,
    vault_id: str,
    *,
    action: str | None,
) -> Store:
    db_path = Path(data_dir) / DB_NAME
    if not db_path.is_file():
        keys.wipe(key)
        raise CorruptVault("the vault's database file is missing; restore a backup")
    try:
        conn = open_connection(db_path, key)
    except KeyRejected:
        keys.wipe(key)
        raise CorruptVault(
            "the database does not match the key file or is damaged; restore a backup"
        ) from None
    except ChasquiError:
        keys.wipe(key)
        raise
    try:
        migrate(conn)
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
        if row is None or row[0] != vault_id:
            raise CorruptVault("the key file belongs to a different vault")
        store = Store(data_dir, key, Writer(conn), user_id, user_name, wall)
    except BaseException:
        conn.close()
        keys.wipe(key)
        raise
    try:
        failures = keys.read_failed_unlocks(data_dir)
        if failures:
            store.import_failed_unlocks(failures)
            keys.clear_failed_unlocks(data_dir)
        apply_kept_aside(store)  # records a migration has just made known
        if action:
            store.audit(action)
    except BaseException:
        store.lock()
        raise
    return store


class Vault:
    """Static entry points; every method takes the data directory explicitly."""

    @staticmethod
    def exists(data_dir: Path | str) -> bool:
        return KeyFile.exists(Path(data_dir))

    @staticmethod
    def create(
        data_dir: Path | str,
        office_code: str,
        office_name: str,
        user_name: str,
        passphrase: str,
        *,
        role: str = "admin",
        display_name: str | None = None,
        office_kind: str = "office",
        kdf: KdfParams | None = None,
        wall: Wall = None,
    ) -> tuple[Store, str]:
        """Create a vault; returns the unlocked store and the one-time recovery key."""
        data_dir = Path(data_dir)
        user_name = _check_name(user_name)
        keys.check_passphrase(passphrase)
        if KeyFile.exists(data_dir):
            raise VaultExists(f"there is already a Chasqui vault in {data_dir}")
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, "cannot create the data folder") from None
        if not data_dir.is_dir():
            raise StorageUnavailable(f"{data_dir} is not a folder")
        db_path = data_dir / DB_NAME
        stamp = time.strftime("%Y%m%d%H%M%S")
        for suffix in ("", "-wal", "-shm"):  # leftovers of an interrupted create: keep aside
            old = Path(str(db_path) + suffix)
            if old.exists():
                try:
                    os.replace(old, Path(f"{old}.orphan-{stamp}"))
                except OSError as exc:
                    raise storage_error(exc, f"cannot move {old.name}") from None
        data_key = keys.new_data_key()
        vault_id, device_id = str(uuid7()), uuid7().hex
        office_id, user_id = str(uuid7()), str(uuid7())
        try:
            conn = open_connection(db_path, data_key)
        except BaseException:
            keys.wipe(data_key)
            raise
        try:
            migrate(conn)
            meta = {
                "vault_id": vault_id,
                "device_id": device_id,
                "device_no": "1",
                "office_id": office_id,
                "office_code": office_code,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(meta.items()))
            conn.execute("COMMIT")
            store = Store(data_dir, data_key, Writer(conn), user_id, user_name, wall)
        except BaseException:
            conn.close()
            keys.wipe(data_key)
            raise
        try:
            with store.transaction() as tx:
                tx.insert(
                    "office",
                    {
                        "id": office_id,
                        "code": office_code,
                        "name": office_name,
                        "kind": office_kind,
                    },
                )
                tx.insert(
                    "user",
                    {
                        "id": user_id,
                        "office_id": office_id,
                        "name": user_name,
                        "display_name": display_name or user_name,
                        "role": role,
                    },
                )
                tx.context.audit(tx.conn, "create_vault")
            recovery_key = keys.new_recovery_key()
            keyfile = KeyFile.new(vault_id)
            keyfile.set_user(user_name, user_id, passphrase, data_key, kdf or KdfParams())
            keyfile.set_recovery(recovery_key, data_key)
            keyfile.save(data_dir)
        except BaseException:
            store.lock()
            raise
        return store, recovery_key

    @staticmethod
    def unlock(
        data_dir: Path | str,
        user_name: str,
        passphrase: str,
        *,
        wall: Wall = None,
        kdf_floor: KdfParams | None = None,
    ) -> Store:
        """Open the vault; a key file whose KDF costs are below ``kdf_floor`` (default
        ``keys.MINIMUM``) is refused as ``CorruptVault`` before anything is derived."""
        data_dir = Path(data_dir)
        keyfile = KeyFile.load(data_dir)
        try:
            key = keyfile.unwrap_user(user_name, passphrase, kdf_floor)
        except (WrongPassphrase, VaultNotFound):
            known = user_name if user_name in keyfile.users() else None
            keys.record_failed_unlock(data_dir, known, "passphrase")
            raise
        return _open_store(
            data_dir,
            key,
            keyfile.user_id(user_name),
            user_name,
            wall,
            keyfile.vault_id,
            action="unlock",
        )

    @staticmethod
    def unlock_with_recovery(
        data_dir: Path | str,
        recovery_key: str,
        user_name: str,
        new_passphrase: str,
        *,
        kdf: KdfParams | None = None,
        wall: Wall = None,
    ) -> Store:
        """Open with the recovery key and set a new passphrase for ``user_name``.

        The new wrap uses ``kdf`` (default: the current defaults), never the costs found in
        the key file, so a lowered entry cannot be carried into the new wrap.
        """
        data_dir = Path(data_dir)
        keys.check_passphrase(new_passphrase)
        keyfile = KeyFile.load(data_dir)
        user_id = keyfile.user_id(user_name)
        try:
            key = keyfile.unwrap_recovery(recovery_key)
        except WrongPassphrase:
            keys.record_failed_unlock(data_dir, user_name, "recovery")
            raise
        try:
            keyfile.set_user(user_name, user_id, new_passphrase, key, kdf or KdfParams())
            keyfile.save(data_dir)
        except BaseException:
            keys.wipe(key)
            raise
        return _open_store(
            data_dir, key, user_id, user_name, wall, keyfile.vault_id, action="recovery_unlock"
        )

    @staticmethod
    def change_passphrase(
        data_dir: Path | str,
        user_name: str,
        old: str,
        new: str,
        *,
        kdf: KdfParams | None = None,
        kdf_floor: KdfParams | None = None,
    ) -> None:
        """Rewrap the data key under the new passphrase (the database is not touched).

        The old entry must meet ``kdf_floor``; the new wrap uses ``kdf`` (default: the
        current defaults), never the old entry's costs.
        """
        data_dir = Path(data_dir)
        keys.check_passphrase(new)
        keyfile = KeyFile.load(data_dir)
        try:
            key = keyfile.unwrap_user(user_name, old, kdf_floor)
        except (WrongPassphrase, VaultNotFound):
            known = user_name if user_name in keyfile.users() else None
            keys.record_failed_unlock(data_dir, known, "change_passphrase")
            raise
        user_id = keyfile.user_id(user_name)
        try:
            keyfile.set_user(user_name, user_id, new, key, kdf or KdfParams())
            keyfile.save(data_dir)
        except BaseException:
            keys.wipe(key)
            raise
        store = _open_store(data_dir, key, user_id, user_name, None, keyfile.vault_id, action=None)
        try:
            store.audit("change_passphrase")
        finally:
            store.lock()

    @staticmethod
    def add_user(
        store: Store,
        user_name: str,
        passphrase: str,
        *,
        role: str = "defender",
        display_name: str | None = None,
        kdf: KdfParams | None = None,
    ) -> str:
        """Give another person their own passphrase for this vault; returns the user id."""
        user_name = _check_name(user_name)
        keys.check_passphrase(passphrase)
        store.check_open()
        keyfile = KeyFile.load(store.data_dir)
        if user_name in keyfile.users():
            raise InvalidRecord(f"the user {user_name!r} already exists", field="user_name")
        user_id = store.insert(
            "user",
            {
                "office_id": store.office_id,
                "name": user_name,
                "display_name": display_name or user_name,
                "role": role,
            },
        )
        key = store._key
        if key is None:
            raise VaultLocked("the vault was locked while adding a user")
        keyfile.set_user(user_name, user_id, passphrase, key, kdf or KdfParams())
        keyfile.save(store.data_dir)
        store.audit("add_user", "user", user_id)
        return user_id

    @staticmethod
    def rotate_recovery_key(store: Store) -> str:
        """Issue a new recovery key (e.g. after the old one was used); the old one stops working."""
        store.check_open()
        key = store._key
        if key is None:
            raise VaultLocked("the vault was locked while rotating the recovery key")
        keyfile = KeyFile.load(store.data_dir)
        recovery_key = keys.new_recovery_key()
        keyfile.set_recovery(recovery_key, key)
        keyfile.save(store.data_dir)
        store.audit("rotate_recovery_key")
        return recovery_key

    @staticmethod
    def list_users(data_dir: Path | str) -> list[str]:
        return KeyFile.load(Path(data_dir)).users()

    @staticmethod
    def wipe(data_dir: Path | str, store: Store | None = None) -> list[str]:
        """Destroy this device's copy: what a revoked (lost or stolen) laptop must do.

        Crypto-shredding first: the key file (the only place the data key exists, wrapped)
        is overwritten with random bytes, flushed and removed, so the database and the
        attachments become unreadable even if their deletion is interrupted or the disk
        keeps old blocks. Then the database, its WAL/SHM, the attachments, the daily local
        backups (they carry the key file) and the failed-unlock log are removed. The store,
        if given, is locked first. Returns the names of what was removed. Unsynced changes
        are lost: the server has revoked the device, it would refuse them anyway.
        """
        root = Path(data_dir)
        if store is not None:
            store.lock()
        removed: list[str] = []
        keyfile = root / keys.KEYFILE_NAME
        try:
            if keyfile.exists():
                size = max(keyfile.stat().st_size, 4096)
                with open(keyfile, "r+b") as handle:
                    handle.write(secrets.token_bytes(size))
                    handle.flush()
                    os.fsync(handle.fileno())
                keyfile.unlink()
                removed.append(keys.KEYFILE_NAME)
            for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", keys.FAILURES_NAME):
                path = root / name
                if path.exists():
                    path.unlink()
                    removed.append(name)
            for folder in ("attachments", "backups"):  # backups: the daily local copies
                if (root / folder).is_dir():
                    shutil.rmtree(root / folder)
                    removed.append(folder)
        except OSError as exc:
            raise storage_error(exc, "could not wipe the vault") from None
        return removed
