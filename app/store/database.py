"""The open vault database: data key, connections, identity, transactions, change notices.

``Database`` is what ``Store`` (records, search, audit) and ``Replica`` (the sync side)
share: it owns the data key (a ``bytearray`` zeroed by ``lock()``), one writer
connection (all writes, serialized by a re-entrant lock so any thread may call), one
read connection per thread, the vault's identity (vault, device, office) and the
``WriteContext`` handed to every transaction. Before each commit that altered records
it runs the post-write hooks (``POST_WRITE_HOOKS``: derived tables kept in step); after
it, it calls the ``on_change`` listeners with the transaction's ``Changed`` notice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Self

import sqlcipher3

from app.store import keys
from app.store.changes import Tx
from app.store.connection import Readers, Writer, classify
from app.store.context import Wall, WriteContext
from app.store.errors import VaultLocked
from sync.changes import Changed
from sync.hlc import HybridLogicalClock, wall_clock_ms

log = logging.getLogger(__name__)
DB_NAME = "chasqui.db"
Conn = Any
Listener = Callable[[Changed], None]
# A post-write hook: ``hook(conn, changed, before)`` inside the transaction, before its
# commit (``Tx.changed``, ``Tx.before``), keeping a derived table in step; its error
# rolls the write back.
Hook = Callable[[Conn, Changed, Mapping[tuple[str, str], Mapping[str, Any]]], object]


class Database:
    # The store's post-write hooks, run in order before every commit that altered records
    # (local writes and records arriving by sync alike); a subclass lists its own
    # (``Store``: the ``case_timeline`` table).
    POST_WRITE_HOOKS: tuple[Hook, ...] = ()

    def __init__(
        self,
        data_dir: Path,
        key: bytearray,
        writer: Writer,
        user_id: str,
        user_name: str,
        wall: Wall | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._key: bytearray | None = key
        self._writer: Writer | None = writer
        self._readers: Readers | None = Readers(self.data_dir / DB_NAME, key)
        self.user_id = user_id
        self.user_name = user_name
        self._tx: Tx | None = None
        self._tx_thread: int | None = None
        self._listeners: list[Listener] = []
        conn = writer.conn
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self.vault_id: str = meta.get("vault_id", "")
        self.device_no: int = int(meta.get("device_no", "1"))
        self.office_id: str = meta.get("office_id", "")
        self.office_code: str = meta.get("office_code", "")
        self.context = WriteContext(conn, meta["device_id"], user_id, wall or wall_clock_ms)

    @property
    def device_id(self) -> str:
        return self.context.device_id

    @property
    def clock(self) -> HybridLogicalClock:
        return self.context.clock

    # --- lifecycle ----------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._writer is None

    def lock(self) -> None:
        """Close every connection and zero the key; further calls raise ``VaultLocked``."""
        writer, readers = self._writer, self._readers
        if writer is None:
            return
        with writer.lock:
            self._writer = None
            self._readers = None
            if readers is not None:
                readers.close_all()
            writer.close()
            keys.wipe(self._key)
            self._key = None

    close = lock

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    def check_open(self) -> Writer:
        writer = self._writer
        if writer is None:
            raise VaultLocked("the vault is locked; unlock it again")
        return writer

    # --- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One atomic unit of mutations; nested use joins the outer transaction.

        After the commit, ``tx.changed`` says which records it altered, and the
        ``on_change`` listeners receive that notice (outside the write lock).
        """
        writer = self.check_open()
        with writer.lock:
            if self._tx is not None:
                yield self._tx
                return
            conn = writer.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlcipher3.Error as exc:
                raise (classify(exc) or exc) from None
            ctx = self.context
            tx = Tx(ctx, conn)
            self._tx, self._tx_thread = tx, threading.get_ident()
            try:
                ctx.begin(conn)
                yield tx
                if tx.changed:  # derived rows follow every write, local or synced
                    for hook in self.POST_WRITE_HOOKS:
                        hook(conn, tx.changed, tx.before)
                ctx.before_commit(conn)
                conn.execute("COMMIT")
            except BaseException as exc:
                with suppress(sqlcipher3.Error):
                    conn.execute("ROLLBACK")
                ctx.rolled_back()
                mapped = classify(exc)
                if mapped is not None:
                    raise mapped from None
                raise
            else:
                ctx.committed()
            finally:
                self._tx, self._tx_thread = None, None
        if tx.changed:
            self._notify(tx.changed)

    def in_my_tx(self) -> bool:
        return self._tx is not None and self._tx_thread == threading.get_ident()

    def read_conn(self) -> Conn:
        """This thread's read connection (the writer's inside this thread's transaction)."""
        writer = self.check_open()
        if self.in_my_tx():
            return writer.conn
        readers = self._readers
        if readers is None:
            raise VaultLocked("the vault is locked; unlock it again")
        return readers.get()

    # --- change notices ---------------------------------------------------------------------------
    def on_change(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(changed)`` after every commit that altered records (local
        writes, sync pages, bundle imports, enrollment), on the committing thread.
        Returns a function that removes the listener. A listener's error is logged and
        never undoes or fails the write."""
        self._listeners.append(listener)

        def remove() -> None:
            with suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    def _notify(self, changed: Changed) -> None:
        for listener in list(self._listeners):
            try:
                listener(changed)
            except Exception:
                log.exception("a change listener failed (the write is committed)")
