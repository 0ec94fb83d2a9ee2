"""The store's exception tree, drawn once here (callers catch these, never sqlcipher errors).

::

    StoreError                      base of everything the store raises on purpose
    ├── WrongPassphrase             passphrase / recovery key does not open the key file
    ├── VaultNotFound               no vault (key file) in the data directory, or unknown user
    ├── VaultExists                 create() on a directory that already holds a vault
    ├── CorruptVault                key file or database damaged, truncated or not ours
    ├── VaultTooNew                 database or key file written by a newer Chasqui
    ├── VaultLocked                 the store was locked; unlock again
    ├── StorageUnavailable          disk full, read-only, locked by another program, I/O error
    ├── InvalidRecord               bad entity / field / value; ``field`` names the culprit
    │   └── RecordNotFound          update/delete/resolve of a record that does not exist
    └── ImmutableRecord             a signed note cannot change; write a correction instead

Messages never contain key material, passphrases or record values: they are shown to
users and may be logged.
"""

from __future__ import annotations


class StoreError(Exception):
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


class StorageUnavailable(StoreError):
    """The disk is full, read-only, locked by another program, or failing."""


class InvalidRecord(StoreError):
    """A record, entity name, field name or value is not acceptable; ``field`` names it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RecordNotFound(InvalidRecord):
    """The record to change does not exist (or is deleted)."""


class ImmutableRecord(StoreError):
    """The record is signed and cannot change; a correction must supersede it."""
