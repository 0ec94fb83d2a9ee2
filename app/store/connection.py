"""SQLCipher connections: opening with the key, pragmas, error classification, one writer.

Opening order: ``cipher_log_level = NONE``, the raw key (``PRAGMA key = "x'<hex>'"``),
then an immediate read of ``sqlite_master`` — SQLCipher accepts any key silently and only
fails on the first read. Then WAL, ``synchronous = FULL``, ``temp_store = MEMORY``,
``cache_size = -65536`` (64 MiB; the default 2 MB makes FTS 4.5x slower) and foreign keys;
the SQL function ``es_key`` (``app.store.collation``: Spanish alphabetical order).

Wrong key versus damaged file — the heuristic (see ``open_connection``):

1. A file starting with the plaintext header ``SQLite format 3`` is not ours → corrupt.
2. A non-empty file whose size is not a multiple of the 4096-byte page → truncated.
3. The key comes out of the key file, whose AES-GCM tag already proved the passphrase;
   so when the first read fails with "file is not a database", the caller (the vault)
   reports ``CorruptVault`` — this module raises ``KeyRejected`` and lets it decide.
4. With no WAL file, a database shorter than ``page_count * page_size`` is truncated.

``classify`` turns a sqlite error into the tree's class by its SQLite result code
(``sqlite_errorcode``, primary code = low byte; never by message text): FULL →
``DiskFull``; READONLY, PERM → ``ReadOnlyStorage``; BUSY, LOCKED → ``StorageBusy``;
IOERR, CANTOPEN, PROTOCOL, NOLFS → ``StorageUnavailable``; CORRUPT, NOTADB, FORMAT →
``CorruptVault``; anything else is a bug and propagates unchanged.

Writes go through one ``Writer``: one connection guarded by a re-entrant lock, so calls
from any thread are safe and serialized. Reads use one connection per thread
(``Readers``); all are closed by ``close_all`` when the store locks.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from app.store import collation
from app.store.errors import (
    CorruptVault,
    DiskFull,
    ReadOnlyStorage,
    StorageBusy,
    StorageUnavailable,
    StoreError,
    VaultLocked,
)
from sync.errors import ChasquiError, storage_error

PAGE_SIZE = 4096
Conn = Any


class KeyRejected(StoreError):
    """The database cannot be read with this key (wrong key, or not a database at all)."""


_READONLY = "the data folder is read-only or not writable; Chasqui cannot save"
_BY_CODE: dict[int, tuple[type[ChasquiError], str]] = {
    sqlcipher3.SQLITE_FULL: (DiskFull, "the disk is full; free some space and try again"),
    sqlcipher3.SQLITE_READONLY: (ReadOnlyStorage, _READONLY),
    sqlcipher3.SQLITE_PERM: (ReadOnlyStorage, _READONLY),
    sqlcipher3.SQLITE_BUSY: (
        StorageBusy,
        "the database is locked by another program; close it and try again",
    ),
    sqlcipher3.SQLITE_LOCKED: (
        StorageBusy,
        "the database is locked by another program; close it and try again",
    ),
    sqlcipher3.SQLITE_IOERR: (StorageUnavailable, "the disk reported an input/output error"),
    sqlcipher3.SQLITE_CANTOPEN: (
        StorageUnavailable,
        "cannot open the database file (folder missing or not accessible)",
    ),
    sqlcipher3.SQLITE_PROTOCOL: (StorageUnavailable, "the database file lock failed"),
    sqlcipher3.SQLITE_NOLFS: (StorageUnavailable, "the disk does not support large files"),
    sqlcipher3.SQLITE_CORRUPT: (
        CorruptVault,
        "the database is damaged (it cannot be read); restore a backup",
    ),
    sqlcipher3.SQLITE_NOTADB: (
        CorruptVault,
        "the database is damaged (it cannot be read); restore a backup",
    ),
    sqlcipher3.SQLITE_FORMAT: (
        CorruptVault,
        "the database is damaged (it cannot be read); restore a backup",
    ),
}


def primary_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of ``exc`` (extended codes keep it in the low byte)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def classify(exc: BaseException) -> ChasquiError | None:
    """The tree's error for a sqlite error, by result code (message without data).

    None means a bug (a constraint, a syntax error, a misuse): let it propagate.
    """
    if not isinstance(exc, sqlcipher3.Error):
        return None
    found = _BY_CODE.get(primary_code(exc) or -1)
    if found is None:
        return None
    cls, message = found
    return cls(message)


F = TypeVar("F", bound=Callable[..., Any])


def mapped(func: F) -> F:
    """Decorator: sqlite errors escaping ``func`` become store errors (when classifiable)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except sqlcipher3.Error as exc:
            store_error = classify(exc)
            if store_error is None:
                raise
            raise store_error from None

    return wrapper  # type: ignore[return-value]


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise storage_error(exc, "cannot read the database file") from None
    if size == 0:
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise storage_error(exc, "cannot read the database file") from None
    if head.startswith(b"SQLite format 3"):
        raise CorruptVault("the database file is not encrypted; it is not a Chasqui vault")
    if size % PAGE_SIZE:
        raise CorruptVault("the database file is truncated or damaged; restore a backup")


def _wipe_str(text: str) -> None:
    """Zero the characters of a str we built and own (CPython, compact ASCII layout).

    Python strings are immutable and their memory is not cleared when freed; the key's
    hex text would stay in the heap after lock. Only for strings this module created and
    never shared (no other reference, not interned)."""
    if not text.isascii() or sys.implementation.name != "cpython":
        return
    header = sys.getsizeof(text) - len(text) - 1
    ctypes.memset(id(text) + header, 0, len(text))


def apply_key(conn: Conn, key: bytearray) -> None:
    """``PRAGMA key`` with the raw key, leaving no copy of it behind.

    ``executescript`` compiles the statement without Python's statement cache (which
    would keep the SQL text, key included, for the connection's life), and the hex text
    and the SQL built here are zeroed right after use.
    """
    hexkey = key.hex()
    sql = "PRAGMA key = \"x'" + hexkey + "'\";"
    try:
        conn.executescript(sql)
    finally:
        _wipe_str(sql)
        _wipe_str(hexkey)
        del sql, hexkey


def open_connection(path: Path, key: bytearray, *, readonly: bool = False) -> Conn:
    """Open ``path`` with the raw 32-byte ``key``.

    Raises KeyRejected, CorruptVault or StorageUnavailable.
    """
    path = Path(path)
    _check_file(path)
    try:
        if readonly:
            conn = sqlcipher3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
        else:
            conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher3.Error as exc:
        raise classify(exc) or StorageUnavailable("cannot open the database file") from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        apply_key(conn, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            if primary_code(exc) == sqlcipher3.SQLITE_NOTADB:
                raise KeyRejected("the database cannot be read with this key") from None
            raise
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        collation.register(conn)  # es_key(): Spanish alphabetical order in SQL
        _check_length(conn, path)
    except ChasquiError:
        conn.close()
        raise
    except sqlcipher3.Error as exc:
        conn.close()
        raise classify(exc) or CorruptVault("the database cannot be opened") from None
    return conn


def _check_length(conn: Conn, path: Path) -> None:
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    if path.exists() and path.stat().st_size < pages * page_size:
        raise CorruptVault("the database file is truncated; restore a backup")


class Writer:
    """The single writer connection; ``lock`` serializes every write from any thread."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn
        self.lock = threading.RLock()

    def close(self) -> None:
        with self.lock:
            with contextlib.suppress(sqlcipher3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()


class Readers:
    """One read connection per thread, opened lazily with the same key.

    Connections of threads that have ended are closed when another thread opens one,
    so short-lived worker threads do not pile up connections (each may cache 64 MiB).
    """

    def __init__(self, path: Path, key: bytearray) -> None:
        self._path = path
        self._key = key
        self._local = threading.local()
        self._all: list[tuple[threading.Thread, Conn]] = []
        self._lock = threading.Lock()
        self._closed = False

    def get(self) -> Conn:
        if self._closed:
            raise VaultLocked("the vault is locked")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise VaultLocked("the vault is locked")
                self._prune()
                conn = open_connection(self._path, self._key)
                conn.execute("PRAGMA query_only = ON")
                self._all.append((threading.current_thread(), conn))
            self._local.conn = conn
        return conn

    def _prune(self) -> None:
        alive = []
        for thread, conn in self._all:
            if thread.is_alive():
                alive.append((thread, conn))
            else:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.close()
        self._all = alive

    def open_count(self) -> int:
        return len(self._all)

    def close_all(self) -> None:
        with self._lock:
            self._closed = True
            for _thread, conn in self._all:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.close()
            self._all.clear()
