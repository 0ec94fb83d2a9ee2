"""Chasqui's one exception tree (drawn here, once), its environment branch and ``atomic_write``.

Every error Chasqui raises on purpose descends from ``ChasquiError``. The root lives in
``sync/`` because every package may import it (``app`` imports ``sync``; ``sync`` never
imports ``app``); each package defines its own classes next to its code and this drawing
names them all (``tests/test_errors.py`` fails when the drawing and the classes differ)::

    ChasquiError                        sync.errors: root of every deliberate error
    ├── EnvironmentProblem              the machine, its disk or the network, not a bug:
    │   │                               nothing was lost; fix the cause and try again
    │   ├── StorageUnavailable          a file or the database cannot be used (I/O error)
    │   │   ├── DiskFull                ENOSPC / EDQUOT, SQLITE_FULL
    │   │   ├── ReadOnlyStorage         EROFS / EACCES / EPERM, SQLITE_READONLY / SQLITE_PERM
    │   │   └── StorageBusy             EBUSY, SQLITE_BUSY / SQLITE_LOCKED (another program)
    │   └── NetworkProblem              the server cannot be used right now (retryable)
    │       ├── LinkError               offline: connect failed, timed out, cut mid-way
    │       └── ServerBusy              429 or 5xx from the server
    ├── StoreError                      app.store.errors: the encrypted store
    │   ├── WrongPassphrase             passphrase / recovery key does not open the key file
    │   ├── VaultNotFound               no vault (key file) in the data directory, or no user
    │   ├── VaultExists                 create() where a vault already exists
    │   ├── CorruptVault                key file or database damaged, truncated or not ours
    │   ├── VaultTooNew                 written by a newer Chasqui
    │   ├── VaultLocked                 the store was locked; unlock again
    │   ├── KeyRejected                 app.store.connection: the key does not read the
    │   │                               database (the vault turns it into CorruptVault)
    │   ├── InvalidRecord               bad entity / field / value; ``field`` names it
    │   │   └── RecordNotFound          change of a record that does not exist
    │   ├── ImmutableRecord             a signed note cannot change; write a correction
    │   └── BackupError                 app.store.backup_format: a backup cannot be made,
    │       │                           read or restored (the message says why)
    │       └── DamagedBackup           altered, truncated or not a Chasqui backup
    ├── CoreError                       app.core.errors: the domain rules
    │   ├── InvalidInput                the caller's input, ``problems`` field by field
    │   ├── NotFound                    the record asked for does not exist
    │   └── StateError                  not allowed in the record's current state
    ├── ReportError                     app.reports.errors: documents and exports
    │   ├── InvalidReportInput          unknown id, bad month, reversed dates, bad path
    │   └── FontsMissing                the bundled fonts are not installed (broken install)
    ├── SyncError                       sync.client.errors: the sync client
    │   ├── BadResponse                 the server's answer is not valid protocol
    │   ├── RequestRefused              4xx with a protocol error ``code`` and ``message``
    │   │   ├── Unauthorized            401: the token is unknown (enroll again)
    │   │   ├── Revoked                 403 ``revoked``: the app must lock and wipe
    │   │   ├── UpdateRequired          426: this client is too old; data kept
    │   │   ├── TooLarge                413: send a smaller batch
    │   │   └── InvalidCode             enrollment code unknown, used or expired
    │   ├── InsecureServer              http:// to a host other than loopback (use https://)
    │   ├── NotEnrolled                 no device token in the store yet
    │   ├── AlreadyEnrolled             sync.client.enrollment: the vault is enrolled already
    │   ├── BundleError                 a USB bundle is unreadable, tampered with or not ours
    │   └── Cancelled                   the round was cancelled (the store is consistent)
    └── CliError                        app.cli.context: a command-line usage failure with
                                        its exit code

Outside the tree on purpose: ``forms``' definition errors (``forms`` imports nothing of
ours; the UI maps them by class), the wire validators' ``ValueError`` subclasses
(``sync.protocol``, ``sync.hlc``, ``sync.changes``, ``sync.compression``, and
``sync.identity``'s ``IdentityError`` for keys and sealed boxes: the client turns them
into ``BadResponse`` or ``BundleError``, the server into 4xx answers), the sync engine's
internal ``StoreFailure`` (it wraps a store error; the round reports the cause in
``RoundReport.failure``), the upload's internal ``NoStreams`` (``sync.client.upload``: an
older server lacks the streamed push; the round pipelines its batches instead, nothing
reaches the caller) and the server's own errors (HTTP answers).

How an error becomes words, by class and ``isinstance`` up this tree, never by message
text: ``app/ui/errors.py`` (Spanish, one message per class) and ``app/cli`` (English
detail, exit code per class). Messages never contain key material, passphrases, tokens
or record values.

Files: ``atomic_write`` is the one durable replace-a-file helper (temporary file in the
target folder, fsync of the file, ``os.replace``, fsync of the folder); ``storage_error``
turns an ``OSError`` into the matching ``StorageUnavailable`` class by ``errno``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO


class ChasquiError(Exception):
    """Root of every error Chasqui raises on purpose (anything else is a bug)."""


class EnvironmentProblem(ChasquiError):
    """The disk, the machine or the network failed, not Chasqui: fix the cause, retry."""


class StorageUnavailable(EnvironmentProblem):
    """A file or the database cannot be read or written (I/O error, cannot open)."""


class DiskFull(StorageUnavailable):
    """No space left on the disk (or the user's quota)."""


class ReadOnlyStorage(StorageUnavailable):
    """The disk or folder is read-only, or Chasqui has no permission to write there."""


class StorageBusy(StorageUnavailable):
    """Another program holds the file or the database locked."""


class NetworkProblem(EnvironmentProblem):
    """The server cannot be used right now; a later round may succeed."""


class LinkError(NetworkProblem):
    """The network failed (connect, timeout, connection cut); retry later."""


class ServerBusy(NetworkProblem):
    """The server answered 429 or 5xx; retry later."""

    def __init__(self, message: str, status: int = 503) -> None:
        super().__init__(message)
        self.status = status


_ERRNO_CLASSES: dict[int, type[StorageUnavailable]] = {
    getattr(errno, name): cls
    for name, cls in (
        ("ENOSPC", DiskFull),
        ("EDQUOT", DiskFull),
        ("EROFS", ReadOnlyStorage),
        ("EACCES", ReadOnlyStorage),
        ("EPERM", ReadOnlyStorage),
        ("EBUSY", StorageBusy),
        ("ETXTBSY", StorageBusy),
    )
    if hasattr(errno, name)
}
_NO_DIRECTORY_FSYNC = {
    getattr(errno, n) for n in ("EINVAL", "ENOTSUP", "EBADF") if hasattr(errno, n)
}


def storage_error(exc: OSError, what: str) -> StorageUnavailable:
    """The tree's class for ``exc`` (by errno); ``what`` says what failed, without data."""
    cls = _ERRNO_CLASSES.get(exc.errno or 0, StorageUnavailable)
    reason = exc.strerror or type(exc).__name__
    return cls(f"{what}: {reason}")


def fsync_directory(folder: Path) -> None:
    """Make a rename or creation inside ``folder`` durable (POSIX; a no-op elsewhere)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_DIRECTORY_FSYNC:  # some file systems cannot sync a folder
            raise
    finally:
        os.close(fd)


Content = bytes | Iterable[bytes] | Callable[[BinaryIO], object]


def _replace(source: str | os.PathLike[str], target: Path) -> None:
    os.replace(source, target)
    fsync_directory(target.parent)


def adopt_file(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Move a file written elsewhere in steps (e.g. a resumable download) over ``target``
    durably: the file is fsynced, renamed with ``os.replace`` and the folder fsynced — the
    end of ``atomic_write`` for content that did not arrive in one go."""
    destination = Path(target)
    try:
        with open(source, "rb+") as handle:
            os.fsync(handle.fileno())
        destination.parent.mkdir(parents=True, exist_ok=True)
        _replace(source, destination)
    except OSError as exc:
        raise storage_error(exc, f"cannot store {destination.name}") from None
    return destination


def atomic_write(path: str | os.PathLike[str], data: Content) -> Path:
    """Replace ``path`` with ``data`` all at once and durably.

    ``data`` is the bytes, an iterable of chunks, or a function that writes into the
    open binary file it is given (for streams such as a tar archive).

    Readers see the old file or the new one, never a mix: the bytes go to a temporary
    file in the target folder, which is fsynced, renamed over the target with
    ``os.replace`` and the folder fsynced. On failure the temporary file is removed, the
    target is untouched and a ``StorageUnavailable`` subclass (``DiskFull``...) is raised.
    An exception raised by ``data`` itself (not an ``OSError``) propagates unchanged.
    """
    target = Path(path)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise storage_error(exc, f"cannot write in {folder}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray):
                handle.write(data)
            elif callable(data):
                data(handle)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise storage_error(exc, f"cannot write {target.name}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
