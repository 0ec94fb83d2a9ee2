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

A hook whose work is mostly reading and computing is listed as ``Prepares(prepare)``:
``prepare(conn, batch) -> Prepared`` computes the writes and remembers what they were
computed from; ``Prepared.write(conn)`` stores them only if that is unchanged (else it
writes nothing and returns False). A push runs ``prepare`` BEFORE the write lock, on the
read snapshot its batch was decided on (``ingest.BatchWriter.prepare_derived``), and
under the lock only ``write`` — the full hook (``prepare`` and ``write`` in the write
transaction) runs there only when a concurrent write moved what it read, or when the
batch itself had to be decided again. A ``Prepared`` must not depend on the records'
``seq`` (renumbered under the lock) and must check, in ``write``, everything it read
besides the batch's own records (the push checks those).

This module holds only the types, so a hook's module imports it without importing
``ingest`` (which imports the hooks: no cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

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


class Prepared(Protocol):
    """The writes of a derived table computed for one batch, with what they came from."""

    def write(self, conn: Connection) -> bool:
        """In the write transaction: store the writes if what they were computed from is
        unchanged (True), else store nothing (False)."""
        ...


@dataclass(frozen=True)
class Prepares:
    """A hook listed with its ``prepare``: called as a ``BatchHook`` it prepares and
    writes in the write transaction; ``ingest`` also runs ``prepare`` before the lock."""

    prepare: Callable[[Connection, StoredBatch], Prepared]

    def __call__(self, conn: Connection, batch: StoredBatch) -> None:
        if not self.prepare(conn, batch).write(conn):  # nothing moves inside a transaction
            raise RuntimeError("derived rows moved inside their own transaction")
