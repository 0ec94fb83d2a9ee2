"""The store's errors (drawn in the one tree in ``sync/errors.py``).

Callers catch these, never sqlcipher errors: ``app.store.connection.classify`` turns a
SQLite error code into ``CorruptVault`` or an environment class (``DiskFull``,
``ReadOnlyStorage``, ``StorageBusy``, ``StorageUnavailable``), re-exported here from
``sync.errors`` so store code keeps one import. Messages never contain key material,
passphrases or record values: they are shown to users and may be logged.
"""

from __future__ import annotations

from sync.errors import ChasquiError, DiskFull, ReadOnlyStorage, StorageBusy, StorageUnavailable

__all__ = [
    "CorruptVault",
    "DiskFull",
    "ImmutableRecord",
    "InvalidRecord",
    "ReadOnlyStorage",
    "RecordNotFound",
    "StorageBusy",
    "StorageUnavailable",
    "StoreError",
    "VaultExists",
    "VaultLocked",
    "VaultNotFound",
    "VaultTooNew",
    "WrongPassphrase",
]


class StoreError(ChasquiError):
    """Base class of every error the store raises deliberately."""


class WrongPassphrase(StoreError):
    """The passphrase (or recovery key) does not unlock this vault."""


class VaultNotFound(StoreError):
    """No vault in the data directory, or no such user in it."""


class VaultExists(StoreError):
    """A vault already exists where a new one was to be created."""


class CorruptVault(StoreError):
    """The key file or the database is damaged, truncated or not a Chasqui vault."""


class VaultTooNew(StoreError):
    """The vault was written by a newer version of Chasqui than this one."""


class VaultLocked(StoreError):
    """The store has been locked; the key is no longer in memory."""


class InvalidRecord(StoreError):
    """A record, entity name, field name or value is not acceptable; ``field`` names it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RecordNotFound(InvalidRecord):
    """The record to change does not exist (or is deleted)."""


class ImmutableRecord(StoreError):
    """The record is signed and cannot change; a correction must supersede it."""
