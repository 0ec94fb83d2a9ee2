"""The unlocked store: transactions, reads, search, audit, counters and locking.

A ``Store`` is obtained from ``Vault.create``/``Vault.unlock``; it owns the data key
(a ``bytearray`` zeroed by ``lock()``), one writer connection (all writes, serialized by
a re-entrant lock so any thread may call) and one read connection per thread. The
sync-side interface (outbox, remote changes, conflicts, drafts) is ``SyncSide`` in
``replication.py``, mixed in here.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from app.store import audit as audit_mod
from app.store import keys
from app.store.changes import Tx, entity_def
from app.store.connection import Readers, Writer, classify, mapped
from app.store.errors import InvalidRecord, StoreError, VaultLocked
from app.store.replication import SyncSide
from app.store.schema import ENTITIES
from app.store.search_index import hit_fields
from sync.hlc import HybridLogicalClock, wall_clock_ms

log = logging.getLogger(__name__)
DB_NAME = "chasqui.db"
Conn = Any


@dataclass(frozen=True)
class SearchHit:
    entity: str  # "person", "case" or "note"
    entity_id: str
    title: str  # person: full name; case: internal number; note: start of the text
    detail: str  # person: document; case: court file number and matter; note: ""
    parent_id: str | None  # note: its case id (the first ``Search.parents`` set)
    rank: float  # position: people first, then cases, then notes; newest first in each
    parent_entity: str | None = None  # the entity ``parent_id`` names ("case", "person")


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """User text → an FTS5 query: every word must match, words of 2+ letters as prefixes."""
    parts = []
    for token in _TOKEN.findall(text or ""):
        token = token.replace('"', "")
        parts.append(f'"{token}"*' if len(token) >= 2 else f'"{token}"')
    return " AND ".join(parts)


class Store(SyncSide):
    def __init__(
        self,
        data_dir: Path,
        key: bytearray,
        writer: Writer,
        user_id: str,
        user_name: str,
        wall: Callable[[], int] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._key: bytearray | None = key
        self._writer: Writer | None = writer
        self._readers: Readers | None = Readers(self.data_dir / DB_NAME, key)
        self._wall = wall or wall_clock_ms
        self.user_id = user_id
        self.user_name = user_name
        self._tx: Tx | None = None
        self._tx_thread: int | None = None
        conn = writer.conn
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self.vault_id: str = meta.get("vault_id", "")
        self.device_id: str = meta["device_id"]
        self.device_no: int = int(meta.get("device_no", "1"))
        self.office_id: str = meta.get("office_id", "")
        self.office_code: str = meta.get("office_code", "")
        last = meta.get("hlc_last")
        newest = conn.execute("SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
        newest_outbox = newest[0] if newest else None  # (hlc_last is the real guard)
        self.clock = HybridLogicalClock(self.device_id, self._wall, last)
        if newest_outbox:
            self.clock.observe(newest_outbox)
        self._hlc_saved = last
        self._seq = int(conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0])
        self._seq_saved = self._seq
        self._chain = audit_mod.AuditChain(conn, self.device_id)

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    def _check_open(self) -> Writer:
        writer = self._writer
        if writer is None:
            raise VaultLocked("the vault is locked; unlock it again")
        return writer

    # --- internals used by Tx ----------------------------------------------------------------
    def _now_iso(self) -> str:
        ms = self._wall()
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _audit_chain(self) -> audit_mod.AuditChain:
        return self._chain

    def _in_my_tx(self) -> bool:
        return self._tx is not None and self._tx_thread == threading.get_ident()

    # --- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One atomic unit of mutations; nested use joins the outer transaction."""
        writer = self._check_open()
        with writer.lock:
            if self._tx is not None:
                yield self._tx
                return
            conn = writer.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlcipher3.Error as exc:
                raise (classify(exc) or exc) from None
            tx = Tx(self, conn)
            self._tx, self._tx_thread = tx, threading.get_ident()
            try:
                self._refresh(conn)
                yield tx
                self._before_commit(conn)
                conn.execute("COMMIT")
            except BaseException as exc:
                with suppress(sqlcipher3.Error):
                    conn.execute("ROLLBACK")
                self._seq = self._seq_saved
                self._chain.rolled_back()
                mapped = classify(exc)
                if mapped is not None:
                    raise mapped from None
                raise
            else:
                self._seq_saved = self._seq
                self._chain.committed()
            finally:
                self._tx, self._tx_thread = None, None

    def _refresh(self, conn: Conn) -> None:
        """Under the write lock, pick up what another process (a second app instance on
        the same vault) committed: outbox sequence, audit head, HLC. Three indexed reads."""
        seq = int(conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0])
        self._seq = self._seq_saved = max(seq, self._seq_saved)
        self._chain.reload(conn)
        row = conn.execute("SELECT value FROM meta WHERE key = 'hlc_last'").fetchone()
        if row is not None and row[0] != self._hlc_saved:
            self.clock.observe(row[0])
            self._hlc_saved = row[0]

    def _before_commit(self, conn: Conn) -> None:
        last = self.clock.last()
        if last != self._hlc_saved:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('hlc_last', ?)", (last,))
            self._hlc_saved = last
        self._chain.write_head(conn)

    @mapped
    def insert(self, entity: str, fields: dict[str, Any]) -> str:
        with self.transaction() as tx:
            return tx.insert(entity, fields)

    @mapped
    def update(self, entity: str, entity_id: str, fields: dict[str, Any]) -> bool:
        with self.transaction() as tx:
            return tx.update(entity, entity_id, fields)

    @mapped
    def delete(self, entity: str, entity_id: str) -> None:
        with self.transaction() as tx:
            tx.delete(entity, entity_id)

    # --- reads ---------------------------------------------------------------------------------
    def _read_conn(self) -> Conn:
        writer = self._check_open()
        if self._in_my_tx():
            return writer.conn
        readers = self._readers
        if readers is None:
            raise VaultLocked("the vault is locked; unlock it again")
        return readers.get()

    def _get_on(
        self, conn: Conn, entity: str, entity_id: str, include_deleted: bool
    ) -> dict[str, Any] | None:
        ent = entity_def(entity)
        cols = ["id", *ent.columns]
        row = conn.execute(
            f"SELECT {', '.join(cols)}, _deleted FROM {ent.table} WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is None or (row[-1] and not include_deleted):
            return None
        out = dict(zip(cols, row[:-1], strict=True))
        if include_deleted:
            out["_deleted"] = bool(row[-1])
        return out

    @mapped
    def get(
        self, entity: str, entity_id: str, include_deleted: bool = False
    ) -> dict[str, Any] | None:
        """The record as a dict (id + columns; JSON columns as JSON text), or None."""
        try:
            return self._get_on(self._read_conn(), entity, entity_id, include_deleted)
        except sqlcipher3.Error as exc:
            raise (classify(exc) or exc) from None

    @mapped
    def query(self, sql: str, params: tuple | list | dict = ()) -> list[dict[str, Any]]:
        """Run a read-only SQL query; rows as dicts. Deleted rows have ``_deleted = 1``."""
        conn = self._read_conn()
        try:
            cur = conn.execute(sql, params)
            names = [d[0] for d in cur.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        except sqlcipher3.Error as exc:
            mapped = classify(exc)
            if mapped is not None:
                raise mapped from None
            raise InvalidRecord(f"query failed: {exc}", field="sql") from None

    @mapped
    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over people (names, document), cases and note text.

        Results come people first, then cases, then notes, newest first within each
        (FTS rowid order: cheap even when a common surname matches thousands of rows,
        where bm25 ranking would have to score every match).
        """
        query = fts_query(text)
        if not query:
            return []
        conn = self._read_conn()
        try:
            rows = conn.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                (query, int(limit)),
            ).fetchall()
            hits = (self._hit(conn, rowid, float(i)) for i, (rowid,) in enumerate(rows))
            return [hit for hit in hits if hit is not None]
        except sqlcipher3.Error as exc:
            raise (classify(exc) or exc) from None

    @staticmethod
    def _hit(conn: Conn, rowid: int, score: float) -> SearchHit | None:
        found = hit_fields(conn, rowid)
        return None if found is None else SearchHit(rank=score, **found)

    # --- audit and counters ----------------------------------------------------------------------
    @mapped
    def audit(
        self,
        action: str,
        entity: str | None = None,
        entity_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append an audit event (e.g. ``view`` of a sensitive record, ``export``).

        ``detail`` must not contain record values (names, documents, texts).
        """
        if not isinstance(action, str) or not action:
            raise InvalidRecord("audit action must be text", field="action")
        with self.transaction() as tx:
            self._chain.append(
                tx.conn, self._now_iso(), self.user_id, action, entity, entity_id, detail
            )

    @mapped
    def verify_audit(self) -> audit_mod.AuditReport:
        return audit_mod.verify(self._read_conn())

    @mapped
    def check_integrity(self) -> list[str]:
        """Check every page's HMAC (SQLCipher) and the b-trees (SQLite); [] when sound.

        Reads the whole file: seconds on a large vault, so run it on demand or at backup.
        """
        conn = self._read_conn()
        problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        return problems + [r for r in rows if r != "ok"]

    @mapped
    def next_counter(self, name: str) -> int:
        """Atomically increment and return a local counter (1 for the first call)."""
        with self.transaction() as tx:
            row = tx.conn.execute(
                "INSERT INTO counter (name, value) VALUES (?, 1) ON CONFLICT (name)"
                " DO UPDATE SET value = value + 1 RETURNING value",
                (name,),
            ).fetchone()
            return int(row[0])

    # --- meta and export -------------------------------------------------------------------------
    @mapped
    def get_meta(self, key: str) -> str | None:
        row = self._read_conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @mapped
    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as tx:
            tx.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @mapped
    def export_rows(self, include_meta: bool = True) -> dict[str, list[dict[str, Any]]]:
        """Every replicated row of every entity (deleted ones too), sorted by id."""
        conn = self._read_conn()
        out: dict[str, list[dict[str, Any]]] = {}
        for ent in ENTITIES.values():
            cols = ["id", *ent.columns]
            if include_meta:
                cols += ["_versions", "_deleted", "_delete_hlc", "_delete_base", "_extra"]
            cur = conn.execute(f"SELECT {', '.join(cols)} FROM {ent.table} ORDER BY id")
            out[ent.name] = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        return out

    def _import_failed_unlocks(self, events: list[dict[str, Any]]) -> None:
        with self.transaction() as tx:
            for event in events:
                self._chain.append(
                    tx.conn,
                    self._now_iso(),
                    None,
                    "unlock_failed",
                    None,
                    None,
                    {"at": event["at"], "user": event["user"], "method": event["method"]},
                )


__all__ = ["DB_NAME", "SearchHit", "Store", "StoreError"]
