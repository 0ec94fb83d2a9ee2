"""The store as the sync client sees it: ``ReplicaAdapter`` implements ``ReplicaStore``.

Owns the one store operation that only sync needs — adopting the identity the server
gives at enrollment (``adopt_identity``) — and delegates everything else to ``Store``'s
sync side unchanged. Kept beside the store because it writes store tables directly.

``adopt_identity`` runs in one transaction: it stores the server's device id, device
number, office id and code in ``meta``; rewrites the changes still waiting in the outbox
so that they carry the new device id and office id (the server refuses changes from
another device or office); moves local rows from the standalone office id to the
server's; and drops from the outbox the standalone vault's own ``office`` record (the
server's office record replaces it; the local row stays). The in-memory ``Store``
follows (device id, HLC node, audit device), so no re-open is needed.

``AttachmentTransfers`` (old name ``AttachmentUploads``) implements ``AttachmentFiles``:
the encrypted attachment files going up and coming down.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from app.store.schema import ENTITIES
from app.store.store import Store
from sync.changes import Change
from sync.hlc import HybridLogicalClock


class ReplicaAdapter:
    """``sync.client.ports.ReplicaStore`` over an unlocked ``Store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def device_id(self) -> str:
        return self.store.device_id

    def pending_changes(self, limit: int) -> list[Change]:
        return self.store.pending_changes(limit)

    def pending_count(self) -> int:
        return self.store.pending_count()

    def confirm_changes(self, change_ids: Iterable[str], epoch: str | None = None) -> int:
        return self.store.confirm_changes(change_ids, epoch)

    def quarantine_change(self, change_id: str, code: str, reason: str) -> None:
        self.store.quarantine_change(change_id, code, reason)

    def list_quarantine(self) -> list[dict[str, Any]]:
        return self.store.list_quarantine()

    def requeue_for_epoch(self, epoch: str) -> int:
        return self.store.requeue_for_epoch(epoch)

    def apply_remote_changes(self, changes: Iterable[Any], cursor: Any = None) -> Any:
        return self.store.apply_remote_changes(changes, cursor)

    def get_sync_state(self, key: str, default: Any = None) -> Any:
        return self.store.get_sync_state(key, default)

    def set_sync_state(self, key: str, value: Any) -> None:
        self.store.set_sync_state(key, value)

    def list_conflicts(self, open_only: bool = True) -> list[dict[str, Any]]:
        return self.store.list_conflicts(open_only)

    def resolve_conflict(self, conflict_id: str, keep: str = "theirs") -> None:
        self.store.resolve_conflict(conflict_id, keep)

    def adopt_identity(
        self, device_id: str, device_no: int, office_id: str, office_code: str
    ) -> None:
        adopt_identity(self.store, device_id, device_no, office_id, office_code)


def adopt_identity(
    store: Store, device_id: str, device_no: int, office_id: str, office_code: str
) -> None:
    """Take the server's identity for this vault (see the module docstring)."""
    old_office = store.office_id
    with store.transaction() as tx:
        conn = tx.conn
        meta = {
            "device_id": device_id,
            "device_no": str(int(device_no)),
            "office_id": office_id,
            "office_code": office_code,
            "standalone_device_id": store.device_id,
        }
        conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items())
        )
        rows = conn.execute(
            "SELECT seq, body, entity, entity_id FROM outbox WHERE confirmed_epoch IS NULL"
        ).fetchall()
        for seq, body, entity, entity_id in rows:
            if entity == "office" and entity_id == old_office and office_id != old_office:
                conn.execute("DELETE FROM outbox WHERE seq = ?", (seq,))
                continue
            doc = json.loads(body)
            doc["device_id"] = device_id
            if doc.get("fields", {}).get("office_id") == old_office:
                doc["fields"]["office_id"] = office_id
            conn.execute(
                "UPDATE outbox SET body = ? WHERE seq = ?",
                (Change.from_dict(doc).canonical(), seq),
            )
        if office_id != old_office:
            for ent in ENTITIES.values():
                if "office_id" in ent.columns:
                    conn.execute(
                        f"UPDATE {ent.table} SET office_id = ? WHERE office_id = ?",
                        (office_id, old_office),
                    )
        store._audit_chain().append(
            conn,
            store._now_iso(),
            store.user_id,
            "enroll",
            "office",
            office_id,
            {"device_no": int(device_no)},
        )
    store.device_id = device_id
    store.device_no = int(device_no)
    store.office_id = office_id
    store.office_code = office_code
    store.clock = HybridLogicalClock(device_id, store._wall, store.clock.last())
    store._audit_chain().device_id = device_id


__all__ = ["AttachmentTransfers", "AttachmentUploads", "ReplicaAdapter", "adopt_identity"]


class AttachmentTransfers:
    """``sync.client.ports.AttachmentFiles`` over the store's encrypted attachment files.

    A file is pending upload when a live attachment record names it, the encrypted file
    is here, and the server has not confirmed it yet (kept in
    ``sync_state["attachments_uploaded"]``; after a server restore the engine asks the
    server for its offset anyway, so a stale mark costs one status request, never a lost
    file). Chunks are decrypted in memory.

    A file is pending download when a live attachment record names it and the encrypted
    file is not here (``Attachments.missing``). ``store_downloaded`` encrypts the whole
    file received in memory (``Attachments.put_bytes`` checks its SHA-256 again); a
    downloaded file counts as uploaded (the server has it).
    """

    STATE_KEY = "attachments_uploaded"

    def __init__(self, store: Store) -> None:
        from app.store.attachments import Attachments

        self.store = store
        self.files = Attachments(store)

    def _uploaded(self) -> set[str]:
        value = self.store.get_sync_state(self.STATE_KEY)
        return set(value) if isinstance(value, list) else set()

    def _live(self) -> list[tuple[str, int]]:
        rows = self.store.query(
            "SELECT sha256, max(size) AS size FROM attachment WHERE _deleted = 0"
            " AND sha256 IS NOT NULL GROUP BY sha256 ORDER BY sha256"
        )
        return [(str(row["sha256"]), int(row["size"] or 0)) for row in rows]

    def pending_uploads(self) -> list[tuple[str, int]]:
        done = self._uploaded()
        return [
            (sha, size) for sha, size in self._live() if sha not in done and self.files.has(sha)
        ]

    def read_chunk(self, sha256: str, offset: int, length: int) -> bytes:
        out = bytearray()
        position = 0
        for plain in self.files.iter_plaintext(sha256):
            end = position + len(plain)
            if end > offset and position < offset + length:
                out += plain[max(0, offset - position) : offset + length - position]
            position = end
            if position >= offset + length:
                break
        return bytes(out)

    def mark_uploaded(self, sha256: str) -> None:
        self.store.set_sync_state(self.STATE_KEY, sorted(self._uploaded() | {sha256}))

    def pending_downloads(self) -> list[tuple[str, int]]:
        missing = set(self.files.missing())
        return [(sha, size) for sha, size in self._live() if sha in missing]

    def store_downloaded(self, sha256: str, data: bytes) -> None:
        self.files.put_bytes(data, sha256)
        self.mark_uploaded(sha256)


AttachmentUploads = AttachmentTransfers  # the former name (uploads only), kept for callers
