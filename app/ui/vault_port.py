"""``VaultPort`` over ``app.store.Vault``: create, unlock, recover, list users.

Owns: ``StoreVault``, with injectable key-derivation costs (tests and benchmarks pass
``KdfParams.fast()``). The store package is imported on first use, which the main window
does in the worker pool, so the first paint does not wait for SQLCipher and Argon2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class StoreVault:
    """``VaultPort`` over ``app.store.Vault``."""

    def __init__(self, kdf: Any = None) -> None:
        self._kdf = kdf  # app.store.KdfParams; None = the store's defaults

    # Asked before the unlock screen shows: the key file alone (app.store.keys), not the
    # store (SQLCipher, sqlite-utils), which the worker loads while the passphrase is typed.
    def exists(self, data_dir: Path) -> bool:
        from app.store.keys import KeyFile

        return KeyFile.exists(Path(data_dir))

    def list_users(self, data_dir: Path) -> list[str]:
        from app.store.keys import KeyFile

        return KeyFile.load(Path(data_dir)).users() if KeyFile.exists(Path(data_dir)) else []

    def create(
        self, data_dir: Path, office_code: str, office_name: str, user_name: str, passphrase: str
    ) -> tuple[Any, str]:
        from app.store import Vault

        return Vault.create(
            data_dir,
            office_code=office_code,
            office_name=office_name,
            user_name=user_name,
            passphrase=passphrase,
            kdf=self._kdf,
        )

    def unlock(self, data_dir: Path, user_name: str, passphrase: str) -> Any:
        from app.store import Vault

        return Vault.unlock(data_dir, user_name, passphrase)

    def unlock_with_recovery(
        self, data_dir: Path, recovery_key: str, user_name: str, new_passphrase: str
    ) -> Any:
        from app.store import Vault

        return Vault.unlock_with_recovery(
            data_dir, recovery_key, user_name, new_passphrase, kdf=self._kdf
        )

    def wipe(self, data_dir: Path) -> list[str]:
        """Destroy this device's copy (a revoked device); the store is locked already
        (``MainWindow.lock``). The policy itself: ``app.sync_session.wipe_revoked``."""
        from app.sync_session import wipe_revoked

        return wipe_revoked(data_dir)
