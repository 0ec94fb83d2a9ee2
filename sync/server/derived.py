"""What one ingest batch stored, as handed to the server's derived tables.

Owns the contract of the per-batch hook: tables derived from the records (the per-case
timeline of issue 16) are maintained in the SAME write transaction as the changes that
move them, by a function ``hook(conn, batch: StoredBatch) -> None`` listed in
``sync.server.ingest.DERIVED``. ``ingest.BatchWriter.flush`` calls every listed hook once
per flush — a push batch, a USB bundle's batch, one administrator record — after the
change log, records, conflicts and quarantine were written, so a hook may read them. A
hook that raises rolls the whole batch back (group commit: that push alone) and the
device is answered with an error: nothing is stored without its derived rows. Keep hooks
cheap (one or a few statements per batch, never one per change): they run under the
write lock.

This module holds only the types, so a hook's module imports it without importing
``ingest`` (which imports the hooks: no cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from sync.merge import RecordState

Key = tuple[str, str]  # (entity, entity_id)


@dataclass
class StoredRecord:
    """The final state of a record the batch merged into (written once per batch)."""

    state: RecordState
    office_id: str
    seq: int  # the sequence of the batch's last change to it (its ``updated_seq``)
    existed: bool  # stored before this batch (an update), else created by it


@dataclass(frozen=True)
class StoredBatch:
    """What one flush stored: the final state of every record its accepted changes touched
    (duplicates and rejected changes are not in it; the changes themselves are in
    ``change_log``, which a hook may read)."""

    records: dict[Key, StoredRecord]


BatchHook = Callable[[Connection, StoredBatch], None]
