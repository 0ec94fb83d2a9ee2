"""The write context: what a transaction needs to stamp its writes, and nothing else.

Owns the device's HLC (``clock``, stamping with the computer's clock corrected by
``clock_offset_ms``, measured against the server's; meta ``hlc_offset_ms``), the outbox
sequence, the audit chain, the device and
user ids, new ids (UUIDv7) and the time of a write. ``Database.transaction`` hands it to
``Tx`` (so a transaction never reaches into the store) and drives its life cycle under
the write lock: ``begin`` (pick up what another process committed), ``before_commit``
(persist the HLC and the audit head in the same transaction), then ``committed`` or
``rolled_back`` (the in-memory sequence and audit head follow the database).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from uuid6 import uuid7

from app.store.audit import AuditChain
from sync.hlc import HybridLogicalClock

Conn = Any
Wall = Callable[[], int]  # ms since the Unix epoch
MAX_CLOCK_CORRECTION_MS = 366 * 24 * 3600 * 1000
_SAME_USER: Any = object()


class WriteContext:
    """Clock, sequence, audit chain, ids and time for the writes of one open store."""

    def __init__(self, conn: Conn, device_id: str, user_id: str, wall: Wall) -> None:
        self.device_id = device_id
        self.user_id = user_id
        self.wall = wall
        last = _meta(conn, "hlc_last")
        newest = conn.execute("SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
        self.clock_offset_ms = int(_meta(conn, "hlc_offset_ms") or 0)
        self.server_ahead_ms = 0  # how far the server's clock is ahead (this session)
        self.clock = HybridLogicalClock(device_id, self.hlc_wall, last)
        if newest and newest[0]:  # (hlc_last is the real guard)
            self.clock.observe(newest[0])
        self._hlc_saved = last
        self.seq = self._seq_saved = _max_seq(conn)
        self.chain = AuditChain(conn, device_id)

    # --- stamps -----------------------------------------------------------------------------
    def hlc_wall(self) -> int:
        """The wall clock the HLC stamps with: this computer's, corrected by the offset
        measured against the server's clock when this one runs ahead (``correct_clock``)."""
        return self.wall() + self.clock_offset_ms

    def server_wall(self) -> int:
        """The server's clock as this computer best knows it (received stamps are bounded
        by it: ``app.store.kept_aside``)."""
        return self.hlc_wall() + self.server_ahead_ms

    def correct_clock(self, offset_ms: int, restart: bool) -> bool:
        """Stamp with this computer's clock plus ``offset_ms`` (the server's clock minus
        this computer's; only a clock that runs ahead is corrected, by at most a year: one
        behind keeps stamping as it did, the HLC stays monotonic). ``restart`` starts a
        fresh HLC from the corrected clock (the caller rewrites the stamps that were ahead,
        ``app.store.restamp``). Returns True when the offset changed (save it)."""
        self.server_ahead_ms = max(0, int(offset_ms))  # a computer years behind, too
        offset = max(-MAX_CLOCK_CORRECTION_MS, min(0, int(offset_ms)))
        changed = offset != self.clock_offset_ms
        self.clock_offset_ms = offset
        if restart:
            self.clock = HybridLogicalClock(self.device_id, self.hlc_wall)
        return changed

    def now_iso(self) -> str:
        ms = self.wall()
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    @staticmethod
    def new_id() -> str:
        return str(uuid7())

    def audit(
        self,
        conn: Conn,
        action: str,
        entity: str | None = None,
        entity_id: str | None = None,
        detail: dict[str, Any] | None = None,
        *,
        at: str | None = None,
        user_id: str | None = _SAME_USER,
    ) -> None:
        """Append an audit event (by this context's user unless ``user_id`` is given)."""
        who = self.user_id if user_id is _SAME_USER else user_id
        self.chain.append(conn, at or self.now_iso(), who, action, entity, entity_id, detail)

    def adopt_device(self, device_id: str) -> None:
        """The server gave this vault its device id (enrollment): stamp with it from now."""
        self.device_id = device_id
        self.clock = HybridLogicalClock(device_id, self.hlc_wall, self.clock.last())
        self.chain.device_id = device_id

    # --- life cycle (driven by Database.transaction under the write lock) --------------------
    def begin(self, conn: Conn) -> None:
        """Pick up what another process (a second app instance on the same vault)
        committed: outbox sequence, audit head, HLC. Three indexed reads."""
        self.seq = self._seq_saved = max(_max_seq(conn), self._seq_saved)
        self.chain.reload(conn)
        last = _meta(conn, "hlc_last")
        if last is not None and last != self._hlc_saved:
            self.clock.observe(last)
            self._hlc_saved = last

    def before_commit(self, conn: Conn) -> None:
        last = self.clock.last()
        if last != self._hlc_saved:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('hlc_last', ?)", (last,))
            self._hlc_saved = last
        self.chain.write_head(conn)

    def committed(self) -> None:
        self._seq_saved = self.seq
        self.chain.committed()

    def rolled_back(self) -> None:
        self.seq = self._seq_saved
        self.chain.rolled_back()


def _meta(conn: Conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _max_seq(conn: Conn) -> int:
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0])
