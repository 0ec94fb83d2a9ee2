"""The audit trail: append-only, hash-chained events in ``audit_event``.

Each event: seq, time (UTC ISO), user id, device id, action, entity, entity id, detail
(JSON without record values — field names, counts, reasons), ``prev_hash`` and
``hash = SHA-256(canonical JSON of all those fields + prev_hash)``. The first event's
``prev_hash`` is 64 zeros. The chain head (last seq and hash) is also kept in
``meta['audit_head']``, updated in the same transaction as every append, so removing
events at the end (truncation) is detected as well as edits, removals and reordering.

This is tamper-*evident* against someone who edits the database without the app's
logic; whoever holds the data key could rewrite the whole chain and head.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
Conn = Any


@dataclass
class AuditReport:
    ok: bool
    events: int
    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok


def event_hash(
    seq: int,
    at: str,
    user_id: str | None,
    device_id: str,
    action: str,
    entity: str | None,
    entity_id: str | None,
    detail: str | None,
    prev_hash: str,
) -> str:
    doc = [seq, at, user_id, device_id, action, entity, entity_id, detail, prev_hash]
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AuditChain:
    """Appends events on the writer connection; the caller owns the transaction."""

    def __init__(self, conn: Conn, device_id: str) -> None:
        self.device_id = device_id
        self.reload(conn)

    def reload(self, conn: Conn) -> None:
        """Re-read the head (another process may have appended since)."""
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,)).fetchone()
        self.seq, self.head = (0, GENESIS)
        if row is not None:
            seq, _, digest = str(row[0]).partition(":")
            self.seq, self.head = int(seq), digest
        self._saved = (self.seq, self.head)

    def append(
        self,
        conn: Conn,
        at: str,
        user_id: str | None,
        action: str,
        entity: str | None = None,
        entity_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> int:
        seq = self.seq + 1
        detail_text = (
            None
            if detail is None
            else json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        )
        digest = event_hash(
            seq, at, user_id, self.device_id, action, entity, entity_id, detail_text, self.head
        )
        conn.execute(
            "INSERT INTO audit_event (seq, at, user_id, device_id, action, entity, entity_id,"
            " detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                seq,
                at,
                user_id,
                self.device_id,
                action,
                entity,
                entity_id,
                detail_text,
                self.head,
                digest,
            ),
        )
        self.seq, self.head = seq, digest
        return seq

    def write_head(self, conn: Conn) -> None:
        if (self.seq, self.head) != self._saved:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (HEAD_KEY, f"{self.seq}:{self.head}"),
            )

    def committed(self) -> None:
        self._saved = (self.seq, self.head)

    def rolled_back(self) -> None:
        self.seq, self.head = self._saved


def verify(conn: Conn) -> AuditReport:
    """Walk the whole chain; report edits, gaps, reordering and truncation."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    count = 0
    cursor = conn.execute(
        "SELECT seq, at, user_id, device_id, action, entity, entity_id, detail, prev_hash, hash"
        " FROM audit_event ORDER BY seq"
    )
    for row in cursor:
        count += 1
        seq = row[0]
        if seq != expected_seq:
            problems.append(f"event {expected_seq} is missing (next is {seq})")
            expected_seq = seq
        if row[8] != prev:
            problems.append(f"event {seq} does not follow the previous event")
        if event_hash(*row[:9]) != row[9]:
            problems.append(f"event {seq} was modified")
        prev = row[9]
        expected_seq += 1
        if len(problems) > 20:
            problems.append("... more problems")
            break
    head = conn.execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,)).fetchone()
    if head is None:
        if count:
            problems.append("the chain head record is missing")
    else:
        seq_text, _, digest = str(head[0]).partition(":")
        if int(seq_text) != expected_seq - 1 or digest != prev:
            problems.append(
                f"the chain ends at event {expected_seq - 1} but its head says {seq_text}"
                " (events were removed at the end, or the head was altered)"
            )
    return AuditReport(ok=not problems, events=count, problems=problems)
