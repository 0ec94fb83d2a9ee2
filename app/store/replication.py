"""The sync side of the store: ``Replica`` implements ``sync.client.ports.ReplicaStore``.

``Replica`` works on the shared ``Database`` (``store.replica`` of an unlocked ``Store``):
outbox, remote changes, conflicts, quarantine, sync state and enrollment's identity.
``apply_remote_changes`` merges a page of changes with ``sync.merge.merge`` (field-level
LWW by HLC), writes rows (the FTS triggers follow), records conflicts, observes every
HLC and stores the cursor — all in one transaction, in bulk (``app.store.apply``), so
a page and its checkpoint land together or not at all. Applying the same page twice
changes nothing. A change it cannot apply (``kept_aside.remote_problem``: malformed,
unknown entity, a value against the entity specification, a far-future clock) is kept
whole in ``unknown_change`` before anything is written or observed, and the page goes
on; unknown fields of a known entity are kept in the row's ``_extra``. Warnings name the
entity or change id, never values. What a page altered is ``ApplyResult.changed`` (and
reaches ``on_change``).

``adopt_identity`` runs in one transaction: it stores the server's device id, device
number, office id and code in ``meta``; rewrites the changes still waiting in the outbox
so that they carry the new device id, office id and HLC node (the server refuses changes
from another device, office or node; ``app.store.restamp`` rewrites every copy of the
stamps, rows' versions included); turns a local ``admin`` role into ``supervisor``
(only the server's administrator makes administrators); moves local rows from the
standalone office id to the server's; and drops from the outbox the standalone vault's
own ``office`` record (the server's office record replaces it; the local row stays).
The open database follows (device id, HLC node, audit device), so no re-open is needed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.store.apply import apply_page
from app.store.changes import dumps
from app.store.connection import mapped
from app.store.database import Database
from app.store.errors import InvalidRecord, RecordNotFound
from app.store.restamp import restamp
from app.store.schema import ENTITIES
from sync.changes import Change, Changed
from sync.client.ports import KEY_PUSHED_UPTO
from sync.hlc import Timestamp
from sync.protocol import RESTAMP_CODES
from sync.spec.vocab import DEVICE_TOP_ROLE, SERVER_ONLY_ROLE

log = logging.getLogger(__name__)
Conn = Any
# A computer's clock less than this far from the server's is left alone.
CLOCK_TOLERANCE_MS = 60_000


@dataclass
class ApplyResult:
    applied: int = 0  # changes that altered a row
    unchanged: int = 0  # already known (idempotent re-apply, own changes, older values)
    conflicts: int = 0  # new conflict records
    unknown: int = 0  # unknown entity: kept aside, not applied
    malformed: int = 0  # not a valid change: kept aside
    set_aside: int = 0  # known entity but cannot be applied (kept_aside.remote_problem)
    changed: Changed = field(default_factory=Changed)  # the records that changed
    kept_ids: list[str] = field(default_factory=list)  # change ids kept aside (any reason)


class Replica:
    """``sync.client.ports.ReplicaStore`` over an open ``Database`` (no forwarding)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def device_id(self) -> str:
        return self.db.device_id

    # --- outbox --------------------------------------------------------------------------------
    @mapped
    def pending_changes(self, limit: int = 500, after: int = 0) -> list[Change]:
        """Unconfirmed, unquarantined local changes in sequence order (those whose seq
        is above ``after``: the pipeline reads past the batches it has in flight)."""
        rows = (
            self.db.read_conn()
            .execute(
                "SELECT body FROM outbox WHERE confirmed_epoch IS NULL AND quarantined = 0"
                " AND seq > ? ORDER BY seq LIMIT ?",
                (int(after), int(limit)),
            )
            .fetchall()
        )
        return [Change.from_json(r[0]) for r in rows]

    @mapped
    def pending_count(self) -> int:
        row = (
            self.db.read_conn()
            .execute(
                "SELECT count(*) FROM outbox WHERE confirmed_epoch IS NULL AND quarantined = 0"
            )
            .fetchone()
        )
        return int(row[0])

    @mapped
    def confirm_changes(self, change_ids: Iterable[str], epoch: str | None = None) -> int:
        """Mark changes as confirmed by the server (kept for re-send after an epoch change)."""
        ids = list(change_ids)
        count = 0
        with self.db.transaction() as tx:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                cur = tx.conn.execute(
                    f"UPDATE outbox SET confirmed_epoch = ? WHERE change_id IN"
                    f" ({', '.join('?' * len(chunk))})",
                    (epoch or "", *chunk),
                )
                count += cur.rowcount
        return count

    @mapped
    def quarantine_change(self, change_id: str, code: str, reason: str) -> None:
        """Take a change the server rejected out of the queue and keep it visible."""
        with self.db.transaction() as tx:
            row = tx.conn.execute(
                "SELECT body, entity, entity_id FROM outbox WHERE change_id = ?", (change_id,)
            ).fetchone()
            if row is None:
                raise RecordNotFound("there is no such change in the outbox", field="change_id")
            tx.conn.execute("UPDATE outbox SET quarantined = 1 WHERE change_id = ?", (change_id,))
            tx.conn.execute(
                "INSERT OR REPLACE INTO quarantine (change_id, code, reason, body, at)"
                " VALUES (?,?,?,?,?)",
                (change_id, code, reason, row[0], tx.context.now_iso()),
            )
            tx.context.audit(
                tx.conn, "quarantine", row[1], row[2], {"change_id": change_id, "code": code}
            )

    @mapped
    def list_quarantine(self) -> list[dict[str, Any]]:
        rows = (
            self.db.read_conn()
            .execute(
                "SELECT q.change_id, q.code, q.reason, q.at, o.entity, o.entity_id, o.op"
                " FROM quarantine q LEFT JOIN outbox o USING (change_id) ORDER BY q.at"
            )
            .fetchall()
        )
        keys = ("change_id", "code", "reason", "at", "entity", "entity_id", "op")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    @mapped
    def release_quarantine(self, change_id: str) -> None:
        """Put a quarantined change back in the queue (after the cause was fixed)."""
        with self.db.transaction() as tx:
            tx.conn.execute("DELETE FROM quarantine WHERE change_id = ?", (change_id,))
            tx.conn.execute(
                "UPDATE outbox SET quarantined = 0, confirmed_epoch = NULL WHERE change_id = ?",
                (change_id,),
            )

    @mapped
    def requeue_for_epoch(self, epoch: str) -> int:
        """The server's epoch changed (restored backup): unconfirm changes confirmed before."""
        with self.db.transaction() as tx:
            cur = tx.conn.execute(
                "UPDATE outbox SET confirmed_epoch = NULL"
                " WHERE confirmed_epoch IS NOT NULL AND confirmed_epoch != ?",
                (epoch,),
            )
            return int(cur.rowcount)

    @mapped
    def restamp_changes(
        self, change_ids: Iterable[str], skew_ms: int | None, bound: bool = False
    ) -> int:
        """Correct the clock against the server's and give waiting changes new stamps.

        ``skew_ms`` is the server's clock minus this computer's (None: not measured). When
        this computer runs ahead by more than ``CLOCK_TOLERANCE_MS``, the HLC stamps from
        then on with the corrected clock (saved: meta ``hlc_offset_ms``); when it no longer
        does, the correction goes (a clock fixed by hand). The
        changes ``change_ids`` (refused for ``clock_ahead`` or ``wrong_node``) and every
        waiting change stamped ahead of the corrected clock get new stamps in outbox order
        (``app.store.restamp``: bodies, bases, rows' versions); any of them in the
        quarantine go back to the queue. Returns how many changes were re-stamped.

        ``bound``: ``skew_ms`` is only an upper bound of the true skew (a USB reply: the
        stick took time to travel), so it may deepen the correction, never lessen or
        remove it.
        """
        ids = set(change_ids)
        db = self.db
        ctx = db.context
        with db.transaction() as tx:
            conn = tx.conn
            offset = skew_ms if skew_ms is not None and abs(skew_ms) > CLOCK_TOLERANCE_MS else 0
            if skew_ms is None:
                offset = ctx.clock_offset_ms
            elif bound:
                offset = min(ctx.clock_offset_ms, offset)
            if ctx.correct_clock(offset, restart=bool(ids)):
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('hlc_offset_ms', ?)",
                    (str(ctx.clock_offset_ms),),
                )
            if not ids:
                return 0
            # changes an earlier round quarantined for their stamp come back too
            held = conn.execute(
                "SELECT change_id FROM quarantine WHERE code IN (?, ?)", tuple(RESTAMP_CODES)
            ).fetchall()
            released = [(cid,) for (cid,) in held]
            ids.update(cid for (cid,) in released)
            clock = ctx.clock
            now_ms = ctx.hlc_wall()
            node = ctx.device_id

            def pick(change: Change) -> bool:
                stamp = Timestamp.parse(change.hlc)
                return change.change_id in ids or stamp.ms > now_ms or stamp.node != node

            def stamp(change: Change, mapping: dict[str, str]) -> str:
                for base in change.base.values():
                    if base not in mapping:
                        clock.observe(base)  # still after what the writer saw (bounded)
                return clock.now()

            mapping = restamp(conn, pick, stamp)
            if mapping:  # new bodies under ids the server may hold (a lost answer): they are
                # sent and decided by the push, never confirmed by /v1/held (review 6 F1)
                _set_state(conn, KEY_PUSHED_UPTO, 0)
            conn.executemany("DELETE FROM quarantine WHERE change_id = ?", released)
            conn.executemany("UPDATE outbox SET quarantined = 0 WHERE change_id = ?", released)
            tx.context.audit(
                conn,
                "restamp",
                detail={"changes": len(mapping), "clock_offset_ms": ctx.clock_offset_ms},
            )
            return len(mapping)

    # --- sync state ----------------------------------------------------------------------------
    @mapped
    def get_sync_state(self, key: str, default: Any = None) -> Any:
        row = (
            self.db.read_conn()
            .execute("SELECT value FROM sync_state WHERE key = ?", (key,))
            .fetchone()
        )
        return default if row is None else json.loads(row[0])

    @mapped
    def set_sync_state(self, key: str, value: Any) -> None:
        with self.db.transaction() as tx:
            _set_state(tx.conn, key, value)

    # --- remote changes ------------------------------------------------------------------------
    @mapped
    def apply_remote_changes(
        self, changes: Iterable[Change | dict[str, Any]], cursor: Any = None
    ) -> ApplyResult:
        """Merge a page of changes from the server and store ``cursor``, in one transaction."""
        result = ApplyResult()
        with self.db.transaction() as tx:
            conn = tx.conn
            at = tx.context.now_iso()
            wall = tx.context.server_wall()  # this computer's clock, corrected by the server's
            apply_page(tx, changes, at, wall, result)
            if cursor is not None:
                _set_state(conn, "cursor", cursor)
            if result.applied or result.conflicts or result.unknown or result.set_aside:
                tx.context.audit(
                    conn,
                    "sync_apply",
                    detail={
                        "applied": result.applied,
                        "conflicts": result.conflicts,
                        "unknown": result.unknown,
                        "set_aside": result.set_aside + result.malformed,
                    },
                    at=at,
                )
            tx.changed.update(result.changed)
        return result

    # --- conflicts -----------------------------------------------------------------------------
    @mapped
    def list_conflicts(self, open_only: bool = True) -> list[dict[str, Any]]:
        sql = (
            "SELECT conflict_id, entity, entity_id, field, kind, winner_value, winner_hlc,"
            " loser_value, loser_hlc, detected_at, resolved_at, resolution FROM conflict"
        )
        if open_only:
            sql += " WHERE resolved_at IS NULL"
        rows = self.db.read_conn().execute(sql + " ORDER BY detected_at, conflict_id").fetchall()
        keys = (
            "conflict_id",
            "entity",
            "entity_id",
            "field",
            "kind",
            "winner_value",
            "winner_hlc",
            "loser_value",
            "loser_hlc",
            "detected_at",
            "resolved_at",
            "resolution",
        )
        out = []
        for row in rows:
            doc = dict(zip(keys, row, strict=True))
            doc["winner_value"] = json.loads(doc["winner_value"])
            doc["loser_value"] = json.loads(doc["loser_value"])
            out.append(doc)
        return out

    @mapped
    def resolve_conflict(self, conflict_id: str, keep: str = "theirs") -> None:
        """``theirs`` keeps the current winner; ``mine`` writes a new local change
        restoring the value that lost (for edit-versus-delete: deletes the record)."""
        if keep not in ("mine", "theirs"):
            raise InvalidRecord("keep must be 'mine' or 'theirs'", field="keep")
        with self.db.transaction() as tx:
            row = tx.conn.execute(
                "SELECT entity, entity_id, field, kind, loser_value FROM conflict"
                " WHERE conflict_id = ?",
                (conflict_id,),
            ).fetchone()
            if row is None:
                raise RecordNotFound("there is no such conflict", field="conflict_id")
            entity, entity_id, field_name, kind, loser = row
            if keep == "mine":
                if kind == "edit_delete":
                    if tx.get(entity, entity_id) is not None:
                        tx.delete(entity, entity_id)
                else:
                    if tx.get(entity, entity_id) is None:
                        raise RecordNotFound("the record of this conflict is gone", field="id")
                    tx.update(entity, entity_id, {field_name: json.loads(loser)})
            tx.conn.execute(
                "UPDATE conflict SET resolved_at = ?, resolution = ? WHERE conflict_id = ?",
                (tx.context.now_iso(), keep, conflict_id),
            )
            tx.context.audit(
                tx.conn,
                "resolve_conflict",
                entity,
                entity_id,
                {"field": field_name, "keep": keep},
            )

    # --- enrollment ----------------------------------------------------------------------------
    @mapped
    def adopt_identity(
        self,
        device_id: str,
        device_no: int,
        office_id: str,
        office_code: str,
        state: Mapping[str, Any] | None = None,
    ) -> None:
        """Take the server's identity for this vault (see the module docstring), and store
        the sync-state keys in ``state`` (token, server URL, epoch...) in the same
        transaction, so that enrollment is all or nothing."""
        db = self.db
        old_office = db.office_id
        with db.transaction() as tx:
            conn = tx.conn
            meta = {
                "device_id": device_id,
                "device_no": str(int(device_no)),
                "office_id": office_id,
                "office_code": office_code,
                "standalone_device_id": db.device_id,
            }
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items())
            )
            rows = conn.execute(
                "SELECT seq, body, entity, entity_id FROM outbox WHERE confirmed_epoch IS NULL"
            ).fetchall()
            demoted: list[tuple[str, str, str]] = []
            for seq, body, entity, entity_id in rows:
                if entity == "office" and entity_id == old_office and office_id != old_office:
                    conn.execute("DELETE FROM outbox WHERE seq = ?", (seq,))
                    continue
                doc = json.loads(body)
                fields = doc.get("fields", {})
                if fields.get("office_id") == old_office:
                    fields["office_id"] = office_id
                if entity == "user" and fields.get("role") == SERVER_ONLY_ROLE:
                    fields["role"] = DEVICE_TOP_ROLE  # only the server makes administrators
                    demoted.append((DEVICE_TOP_ROLE, entity_id, SERVER_ONLY_ROLE))
                conn.execute(
                    "UPDATE outbox SET body = ? WHERE seq = ?",
                    (Change.from_dict(doc).canonical(), seq),
                )
            conn.executemany(
                f"UPDATE {ENTITIES['user'].table} SET role = ? WHERE id = ? AND role = ?",
                demoted,
            )
            # the server takes only stamps that name the sending device as their node
            restamp(
                conn,
                pick=lambda change: _node(change.hlc) != device_id,
                stamp=lambda change, _mapping: _with_node(change.hlc, device_id),
                device_id=device_id,
            )
            if office_id != old_office:
                for ent in ENTITIES.values():
                    if "office_id" in ent.columns:
                        moved = conn.execute(
                            f"UPDATE {ent.table} SET office_id = ? WHERE office_id = ?"
                            " RETURNING id",
                            (office_id, old_office),
                        ).fetchall()
                        for (moved_id,) in moved:
                            tx.changed.add(ent.name, moved_id)
            for key, value in (state or {}).items():
                _set_state(conn, key, value)
            tx.context.audit(conn, "enroll", "office", office_id, {"device_no": int(device_no)})
        db.device_no = int(device_no)
        db.office_id = office_id
        db.office_code = office_code
        db.context.adopt_device(device_id)


def _node(stamp: str) -> str:
    return Timestamp.parse(stamp).node


def _with_node(stamp: str, node: str) -> str:
    ts = Timestamp.parse(stamp)
    return Timestamp(ts.ms, ts.counter, node).encode()


def _set_state(conn: Conn, key: str, value: Any) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (key, dumps(value))
    )
