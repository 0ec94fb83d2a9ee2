"""The unlocked store: record writes and reads, search, audit, counters, meta, drafts.

A ``Store`` is obtained from ``Vault.create``/``Vault.unlock``. Its key, connections,
transactions and change notices are those of ``Database`` (database.py), which it
extends; its sync side (outbox, remote changes, conflicts, enrollment) is the separate
``Replica`` class (replication.py), reached as ``store.replica``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlcipher3

from app.store import audit as audit_mod
from app.store import case_timeline, intake_days
from app.store.changes import dumps, read_row
from app.store.connection import classify, mapped
from app.store.database import DB_NAME, Database
from app.store.errors import InvalidRecord, StoreError
from app.store.introspect import schema_problems
from app.store.replication import Replica
from app.store.schema import ENTITIES
from app.store.search_index import hit_fields

log = logging.getLogger(__name__)
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
DRAFT = "draft"  # the change notices' name for a local form draft (never replicated)


def fts_query(text: str) -> str:
    """User text → an FTS5 query: every word must match, words of 2+ letters as prefixes."""
    parts = []
    for token in _TOKEN.findall(text or ""):
        token = token.replace('"', "")
        parts.append(f'"{token}"*' if len(token) >= 2 else f'"{token}"')
    return " AND ".join(parts)


class Store(Database):
    """Records, search, audit, counters, meta and drafts over the open ``Database``;
    ``replica`` is its sync side (``Replica``)."""

    # derived tables kept in step before every commit (``Database.POST_WRITE_HOOKS``)
    POST_WRITE_HOOKS = (case_timeline.refresh, intake_days.refresh)

    @cached_property
    def replica(self) -> Replica:
        """The sync side of this store (``sync.client.ports.ReplicaStore``)."""
        return Replica(self)

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
    @mapped
    def get(
        self, entity: str, entity_id: str, include_deleted: bool = False
    ) -> dict[str, Any] | None:
        """The record as a dict (id + columns; JSON columns as JSON text), or None."""
        try:
            return read_row(self.read_conn(), entity, entity_id, include_deleted)
        except sqlcipher3.Error as exc:
            raise (classify(exc) or exc) from None

    @mapped
    def query(self, sql: str, params: tuple | list | dict = ()) -> list[dict[str, Any]]:
        """Run a read-only SQL query; rows as dicts. Deleted rows have ``_deleted = 1``."""
        conn = self.read_conn()
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
    def search(self, text: str, limit: int = 50, lang: str | None = None) -> list[SearchHit]:
        """Full-text search over people (names, document), cases and note text; with
        ``lang`` a hit's detail names coded values by their label (``hit_fields``).

        Results come people first, then cases, then notes, newest first within each
        (FTS rowid order: cheap even when a common surname matches thousands of rows,
        where bm25 ranking would have to score every match).
        """
        query = fts_query(text)
        if not query:
            return []
        conn = self.read_conn()
        try:
            rows = conn.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                (query, int(limit)),
            ).fetchall()
            hits = (self._hit(conn, rowid, float(i), lang) for i, (rowid,) in enumerate(rows))
            return [hit for hit in hits if hit is not None]
        except sqlcipher3.Error as exc:
            raise (classify(exc) or exc) from None

    @staticmethod
    def _hit(conn: Conn, rowid: int, score: float, lang: str | None = None) -> SearchHit | None:
        found = hit_fields(conn, rowid, lang)
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
            tx.context.audit(tx.conn, action, entity, entity_id, detail)

    @mapped
    def verify_audit(self) -> audit_mod.AuditReport:
        return audit_mod.verify(self.read_conn())

    @mapped
    def check_integrity(self) -> list[str]:
        """Check every page's HMAC (SQLCipher), the b-trees (SQLite) and the schema
        (``introspect.schema_problems``); [] when sound.

        Reads the whole file: seconds on a large vault, so run it on demand or at backup.
        """
        conn = self.read_conn()
        problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        return problems + [r for r in rows if r != "ok"] + schema_problems(conn)

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
        row = self.read_conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @mapped
    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as tx:
            tx.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @mapped
    def export_rows(self, include_meta: bool = True) -> dict[str, list[dict[str, Any]]]:
        """Every replicated row of every entity (deleted ones too), sorted by id."""
        conn = self.read_conn()
        out: dict[str, list[dict[str, Any]]] = {}
        for ent in ENTITIES.values():
            cols = ["id", *ent.columns]
            if include_meta:
                cols += ["_versions", "_deleted", "_delete_hlc", "_delete_base", "_extra"]
            cur = conn.execute(f"SELECT {', '.join(cols)} FROM {ent.table} ORDER BY id")
            out[ent.name] = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        return out

    def import_failed_unlocks(self, events: list[dict[str, Any]]) -> None:
        """Move the failed-unlock log (kept outside the database) into the audit trail."""
        with self.transaction() as tx:
            for event in events:
                tx.context.audit(
                    tx.conn,
                    "unlock_failed",
                    detail={"at": event["at"], "user": event["user"], "method": event["method"]},
                    user_id=None,
                )

    # --- drafts --------------------------------------------------------------------------------
    @mapped
    def save_draft(
        self,
        draft_id: str,
        form_id: str,
        form_version: int | None,
        answers: Any,
        person_id: str | None = None,
    ) -> None:
        """Create or replace a local form draft (never replicated). Its notice names the
        draft (``Changed`` entity "draft"): Inicio lists drafts and refreshes from it."""
        text = answers if isinstance(answers, str) else dumps(answers)
        with self.transaction() as tx:
            tx.conn.execute(
                "INSERT OR REPLACE INTO draft (draft_id, form_id, form_version, answers,"
                " person_id, user_id, updated_at) VALUES (?,?,?,?,?,?,?)",
                (
                    draft_id,
                    form_id,
                    form_version,
                    text,
                    person_id,
                    self.user_id,
                    tx.context.now_iso(),
                ),
            )
            tx.changed.add(DRAFT, draft_id)

    @mapped
    def list_drafts(self) -> list[dict[str, Any]]:
        rows = (
            self.read_conn()
            .execute(
                "SELECT draft_id, form_id, form_version, person_id, user_id, updated_at"
                " FROM draft ORDER BY updated_at DESC"
            )
            .fetchall()
        )
        keys = ("draft_id", "form_id", "form_version", "person_id", "user_id", "updated_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    @mapped
    def load_draft(self, draft_id: str) -> dict[str, Any] | None:
        row = (
            self.read_conn()
            .execute(
                "SELECT draft_id, form_id, form_version, answers, person_id, user_id, updated_at"
                " FROM draft WHERE draft_id = ?",
                (draft_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        keys = (
            "draft_id",
            "form_id",
            "form_version",
            "answers",
            "person_id",
            "user_id",
            "updated_at",
        )
        doc = dict(zip(keys, row, strict=True))
        doc["answers"] = json.loads(doc["answers"])
        return doc

    @mapped
    def delete_draft(self, draft_id: str) -> None:
        with self.transaction() as tx:
            gone = tx.conn.execute("DELETE FROM draft WHERE draft_id = ?", (draft_id,))
            if gone.rowcount:
                tx.changed.add(DRAFT, draft_id)


__all__ = ["DB_NAME", "SearchHit", "Store", "StoreError"]
