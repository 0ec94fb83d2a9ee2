"""Push storage in bulk: load what a batch touches at once, write what it produced at once.

Owns how accepted and rejected changes reach the server database (the checks that decide
between them live in ``checks`` and ``push``):

- ``Lookup`` — the stored records a batch touches, loaded with one query whatever their
  number (``bulk.KeyQueries``), then kept current in memory as the batch merges changes, so a
  later change of the batch sees an earlier one's record. A key not loaded up front (a
  check that needs another record) is read on demand and cached.
- ``BatchWriter`` — collects, in batch order, the change-log rows, the final state of
  every record the batch merged into, new conflicts and quarantine entries, then writes
  them with one ``executemany`` per statement (``flush``). A record touched several
  times by a batch is written once, with its last state and sequence.
- ``stored_docs`` — (seq, canonical text) of change ids already logged, for idempotency.
- ``store_change`` — one change (the administrator's office and user records), through
  the same writer.
- ``DERIVED`` — the hooks that maintain tables derived from records (``derived``): each
  is called once per flush with the ``StoredBatch``, in the same transaction.

Every statement is built once at import with bind parameters and compiled once per
dialect (``bulk``), so a batch pays neither statement building nor compilation per
change. Only call the writers inside ``Database.write`` (it holds the lock that makes
``next_seq`` safe).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from sqlalchemy import Connection, bindparam, func, select

from sync import protocol
from sync.changes import Change
from sync.merge import Conflict, RecordState, merge
from sync.server import consultations, schema, timeline
from sync.server.bulk import KeyQueries, execute_many, insert_many, rows
from sync.server.db import now_ms
from sync.server.derived import BatchHook, Key, Prepared, Prepares, StoredBatch, StoredRecord

Found = tuple[RecordState, str] | None  # (merge state, office id) of a stored record
# Per-batch hooks of the derived tables, called in this order inside the write
# transaction (contract in ``sync.server.derived``).
DERIVED: tuple[BatchHook, ...] = (
    Prepares(timeline.prepare),  # the per-case timeline (issue 16), computed before the lock
    consultations.on_batch,  # each intake's service day and matter (issue 16)
)

_r = schema.records.c
_cl = schema.change_log.c
_cf = schema.conflicts.c
_q = schema.quarantine.c

_NEXT_SEQ = select(func.coalesce(func.max(_cl.seq), 0))
_UNRESOLVED = select(_q.change_id).where(
    _q.device_id == bindparam("device"), _q.resolved_at.is_(None)
)
_RESOLVE_QUARANTINE = (
    schema.quarantine.update()
    .where(_q.device_id == bindparam("k_device"), _q.change_id == bindparam("k_change"))
    .values(resolved_at=bindparam("at"))
)
_RECORD_COLUMNS = (
    "office_id", "values_json", "versions_json", "delete_hlc", "delete_base", "deleted",
    "ref_sha256", "updated_seq",
)  # fmt: skip
_UPDATE_RECORD = (
    schema.records.update()
    .where(_r.entity == bindparam("k_entity"), _r.entity_id == bindparam("k_entity_id"))
    .values({name: bindparam(name) for name in _RECORD_COLUMNS})
)
_UPDATE_QUARANTINE = (
    schema.quarantine.update()
    .where(_q.device_id == bindparam("k_device"), _q.change_id == bindparam("k_change"))
    .values(code=bindparam("code"), reason=bindparam("reason"), created_at=bindparam("at"))
)


_ENCODER = msgspec.json.Encoder(order="sorted")


def dumps(value: Any) -> str:
    """The server's JSON text of stored values (sorted keys, compact, UTF-8; msgspec)."""
    return _ENCODER.encode(value).decode()


def next_seq(conn: Connection) -> int:
    """Next change-log sequence; only call inside ``Database.write`` (it holds the lock)."""
    return int(rows(conn, _NEXT_SEQ)[0][0]) + 1


_RECORD_FIELDS = (
    "entity, entity_id, values_json, versions_json, delete_hlc, delete_base, office_id, updated_seq"
)


class _Queries(KeyQueries):
    """The lookups by a list of keys of a batch (``bulk.KeyQueries``)."""

    def __init__(self, dialect: str) -> None:
        super().__init__(dialect)
        rec, log, conf, quar = (
            t.name for t in (schema.records, schema.change_log, schema.conflicts, schema.quarantine)
        )  # fmt: skip
        self.records = (
            f"SELECT {_RECORD_FIELDS} FROM {rec} WHERE (entity, entity_id) {self.pairs_in}"
        )
        self.stamps = (
            f"SELECT entity, entity_id, updated_seq FROM {rec}"
            f" WHERE (entity, entity_id) {self.pairs_in}"
        )
        self.stored = f"SELECT change_id, seq, doc FROM {log} WHERE change_id {self.ids_in}"
        self.conflicts = f"SELECT conflict_id FROM {conf} WHERE conflict_id {self.ids_in}"
        self.quarantined = (
            f"SELECT change_id FROM {quar} WHERE device_id = {self.param('device')}"
            f" AND change_id {self.ids_in}"
        )


_QUERIES = _Queries.per_dialect()


def _queries(conn: Connection) -> _Queries:
    return _QUERIES[conn.dialect.name]


def load_records(
    conn: Connection, keys: Iterable[Key], stamps: dict[Key, int | None] | None = None
) -> dict[Key, Found]:
    """Stored state of every key (None where there is no record), in one query; with
    ``stamps``, each key's ``updated_seq`` (None: no record) is put there too."""
    wanted = sorted(set(keys))
    found: dict[Key, Found] = dict.fromkeys(wanted)
    if stamps is not None:
        stamps.update(dict.fromkeys(wanted))
    if not wanted:
        return found
    q = _queries(conn)
    for row in rows(conn, q.records, q.pairs(wanted)):
        entity, entity_id, values_json, versions_json, delete_hlc, delete_base, office, seq = row
        state = RecordState(
            json.loads(values_json),
            RecordState.versions_from_json(versions_json),
            delete_hlc,
            delete_base,
        )
        found[(entity, entity_id)] = (state, office)
        if stamps is not None:
            stamps[(entity, entity_id)] = int(seq)
    return found


def load_record(conn: Connection, entity: str, entity_id: str) -> Found:
    """(merge state, office id) of one stored record, or None."""
    return load_records(conn, [(entity, entity_id)])[(entity, entity_id)]


def record_stamps(conn: Connection, keys: Iterable[Key]) -> dict[Key, int | None]:
    """Each key's ``updated_seq`` (None: no record), in one query and no JSON: whether
    records read earlier are still as they were (every write of a record moves it)."""
    wanted = sorted(set(keys))
    out: dict[Key, int | None] = dict.fromkeys(wanted)
    if wanted:
        q = _queries(conn)
        for entity, entity_id, seq in rows(conn, q.stamps, q.pairs(wanted)):
            out[(entity, entity_id)] = int(seq)
    return out


def stored_docs(conn: Connection, change_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """(seq, canonical text) of the change ids already in the log, in one query."""
    wanted = sorted(set(change_ids))
    if not wanted:
        return {}
    q = _queries(conn)
    return {cid: (int(seq), doc) for cid, seq, doc in rows(conn, q.stored, q.ids(wanted))}


_LOGGED = select(_cl.seq).where(_cl.change_id == bindparam("change"))
_HELD = select(_q.id).where(
    _q.device_id == bindparam("device"), _q.change_id == bindparam("change")
)


def received(conn: Connection, device_id: str, change_id: str) -> bool:
    """Whether the server holds ``change_id`` of ``device_id``: logged, or quarantined
    (asked under the lock by every pipelined push: statements built once, on the driver)."""
    if rows(conn, _LOGGED, {"change": change_id}):
        return True
    return bool(rows(conn, _HELD, {"device": device_id, "change": change_id}))


class Lookup:
    """Records of one batch: loaded in bulk, then current as the batch merges changes."""

    def __init__(self, conn: Connection, keys: Iterable[Key]) -> None:
        self.conn = conn
        self.stamps: dict[Key, int | None] = {}  # ``updated_seq`` of every key read
        self.records = load_records(conn, keys, self.stamps)

    def get(self, entity: str, entity_id: str) -> Found:
        """The record as the batch sees it so far (read on demand if not preloaded)."""
        key = (entity, entity_id)
        if key not in self.records:
            self.records.update(load_records(self.conn, [key], self.stamps))
        return self.records[key]

    def put(self, key: Key, state: RecordState, office_id: str) -> None:
        self.records[key] = (state, office_id)


@dataclass
class BatchWriter:
    """What one push transaction writes, collected in order and flushed in bulk."""

    seq: int  # the next sequence to give
    received_at: int = field(default_factory=now_ms)
    log: list[dict[str, Any]] = field(default_factory=list)
    records: dict[Key, StoredRecord] = field(default_factory=dict)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejected: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    _rows: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = field(
        default=None, init=False, repr=False
    )
    # the derived tables' writes prepared before the lock (``prepare_derived``), by hook
    _prepared: dict[BatchHook, Prepared] = field(default_factory=dict, init=False, repr=False)

    def accept(
        self, lookup: Lookup, office_id: str, change: Change, canonical: str, previous: Found
    ) -> int:
        """Merge ``change`` over ``previous`` (its record as the batch sees it); its seq."""
        seq = self.seq
        self.seq += 1
        outcome = merge(previous[0] if previous else None, change)
        key = (change.entity, change.entity_id)
        self.log.append(
            {
                "seq": seq,
                "change_id": change.change_id,
                "office_id": office_id,
                "device_id": change.device_id,
                "user_id": change.user_id,
                "entity": change.entity,
                "entity_id": change.entity_id,
                "doc": canonical,
                "received_at": self.received_at,
            }
        )
        earlier = self.records.get(key)
        existed = earlier.existed if earlier is not None else previous is not None
        self.records[key] = StoredRecord(outcome.state, office_id, seq, existed)
        lookup.put(key, outcome.state, office_id)
        for conflict in outcome.conflicts:
            self.conflicts.setdefault(conflict.conflict_id, _conflict_row(office_id, conflict, seq))
        return seq

    def reject(
        self, device_id: str, office_id: str, change_id: str, doc: str, code: str, reason: str
    ) -> None:
        """Quarantine a refused change (a second refusal of the same id updates the entry)."""
        self.rejected[(device_id, change_id)] = {
            "device_id": device_id,
            "office_id": office_id,
            "change_id": change_id,
            "doc": doc,
            "code": code,
            "reason": reason,
            "created_at": now_ms(),
        }

    def record_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(inserts, updates) of ``records``: the final state of each record the batch
        touched, encoded once (a batch prepared outside the lock encodes them there)."""
        if self._rows is None:
            inserts: list[dict[str, Any]] = []
            updates: list[dict[str, Any]] = []
            for (entity, entity_id), w in self.records.items():
                sha = w.state.values.get("sha256") if entity == "attachment" else None
                row = {
                    "office_id": w.office_id,
                    "values_json": dumps(w.state.values),
                    "versions_json": w.state.versions_json(),
                    "delete_hlc": w.state.delete_hlc,
                    "delete_base": w.state.delete_base,
                    "deleted": w.state.deleted,
                    "ref_sha256": sha if protocol.is_sha256(sha) else None,
                    "updated_seq": w.seq,
                }
                if w.existed:
                    updates.append({"k_entity": entity, "k_entity_id": entity_id, **row})
                else:
                    inserts.append({"entity": entity, "entity_id": entity_id, **row})
            self._rows = (inserts, updates)
        return self._rows

    def shift(self, base: int) -> None:
        """Renumber a batch collected from ``seq`` 0 (prepared outside the write lock) so
        that its first accepted change gets ``base``: change log, records, conflicts."""
        for row in self.log:
            row["seq"] += base
        for record in self.records.values():
            record.seq += base
        for row in self.conflicts.values():
            row["seq"] += base
        for written in self._rows or ():
            for row in written:
                row["updated_seq"] += base
        self.seq += base

    def prepare_derived(self, conn: Connection) -> None:
        """Compute the derived tables' writes of what was collected on ``conn`` (the read
        snapshot the batch was decided on, before the write lock): the hooks listed as
        ``derived.Prepares``; ``flush`` then only writes them if they still hold."""
        if not self.log:
            return
        batch = StoredBatch(self.records)
        for hook in DERIVED:
            if isinstance(hook, Prepares):
                self._prepared[hook] = hook.prepare(conn, batch)

    def flush(self, conn: Connection) -> None:
        """Write everything collected: one executemany per statement; then the derived
        tables' hooks (``DERIVED``), once, when the batch accepted anything (a hook's
        writes prepared before the lock are written if they hold, else it runs here)."""
        if self.log:
            insert_many(conn, schema.change_log, self.log)
        inserts, updates = self.record_rows()
        if inserts:
            insert_many(conn, schema.records, inserts)
        if updates:
            execute_many(conn, _UPDATE_RECORD, updates)
        self._flush_conflicts(conn)
        self._flush_quarantine(conn)
        self._resolve_quarantine(conn)
        if self.log and DERIVED:
            batch = StoredBatch(self.records)
            for hook in DERIVED:
                prepared = self._prepared.get(hook)
                if prepared is None or not prepared.write(conn):
                    hook(conn, batch)

    def _flush_conflicts(self, conn: Connection) -> None:
        if not self.conflicts:
            return
        q = _queries(conn)
        found = rows(conn, q.conflicts, q.ids(sorted(self.conflicts)))
        existing = {cid for (cid,) in found}
        new = [row for cid, row in self.conflicts.items() if cid not in existing]
        if new:
            insert_many(conn, schema.conflicts, new)

    def _resolve_quarantine(self, conn: Connection) -> None:
        """A change refused earlier and accepted now (re-stamped by a laptop whose clock ran
        ahead) is no longer pending: its quarantine entry is marked resolved, kept as a log.
        One read per sending device, usually empty; updates only for what it finds."""
        by_device: dict[str, set[str]] = {}
        for row in self.log:
            by_device.setdefault(row["device_id"], set()).add(row["change_id"])
        done = []
        for device_id, accepted in by_device.items():
            held = {r[0] for r in rows(conn, _UNRESOLVED, {"device": device_id})}
            done += [
                {"k_device": device_id, "k_change": cid, "at": self.received_at}
                for cid in sorted(held & accepted)
            ]
        if done:
            execute_many(conn, _RESOLVE_QUARANTINE, done)

    def _flush_quarantine(self, conn: Connection) -> None:
        by_device: dict[str, list[str]] = {}
        for device_id, change_id in self.rejected:
            by_device.setdefault(device_id, []).append(change_id)
        existing: set[tuple[str, str]] = set()
        q = _queries(conn)
        for device_id, ids in by_device.items():
            found = rows(conn, q.quarantined, {"device": device_id, **q.ids(sorted(ids))})
            existing.update((device_id, cid) for (cid,) in found)
        inserts = [row for key, row in self.rejected.items() if key not in existing]
        updates = [
            {"k_device": row["device_id"], "k_change": row["change_id"], "code": row["code"],
             "reason": row["reason"], "at": row["created_at"]}
            for key, row in self.rejected.items()
            if key in existing
        ]  # fmt: skip
        if inserts:
            insert_many(conn, schema.quarantine, inserts)
        if updates:
            execute_many(conn, _UPDATE_QUARANTINE, updates)


def _conflict_row(office_id: str, conflict: Conflict, seq: int) -> dict[str, Any]:
    return {
        "conflict_id": conflict.conflict_id,
        "office_id": office_id,
        "entity": conflict.entity,
        "entity_id": conflict.entity_id,
        "field": conflict.field,
        "kind": conflict.kind,
        "winner_json": dumps(conflict.winner_value),
        "winner_hlc": conflict.winner_hlc,
        "loser_json": dumps(conflict.loser_value),
        "loser_hlc": conflict.loser_hlc,
        "seq": seq,
        "created_at": now_ms(),
    }


def store_change(
    conn: Connection, office_id: str, change: Change, previous: RecordState | None
) -> int:
    """Merge one change into its record and log it (inside ``Database.write``); its seq."""
    key = (change.entity, change.entity_id)
    lookup = Lookup(conn, [])
    lookup.records[key] = None if previous is None else (previous, office_id)
    writer = BatchWriter(next_seq(conn))
    seq = writer.accept(lookup, office_id, change, change.canonical(), lookup.get(*key))
    writer.flush(conn)
    return seq
