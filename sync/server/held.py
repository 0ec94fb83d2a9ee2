"""What a device asks after a cut (``POST /v1/held``): which of its own changes the
server holds — and the claims that make that answer right across server processes.

Owns ``held_seqs(conn, device_id, seqs)``: the seqs among ``seqs`` whose derived change
id (``sync.changes.derived_change_id(device_id, seq)``) is in the change log, in one
statement (``bulk.KeyQueries``: the ids as one parameter; only ``change_id`` is read,
never the documents). Only the authenticated device's own ids are formed, so nothing of
another device is ever named. "Logged under this id" is what an identical re-send would
be answered (``duplicate``): a device never alters a change it has sent — re-stamping
touches only changes the server refused, which the log does not hold. A quarantined
change is not named: the client sends it again and the push decides it as always.

Owns ``Claim`` too: a ``/v1/push`` being stored is claimed in the database
(``schema.push_claims``, a row per request, taken while the batch is decoded and
released after its answer is decided), so the question waits for a batch whose answer
a cut lost even when another process behind the load balancer is storing it
(``claimed(conn, device_id)``, polled by ``PushOrder.quiet``). Before, only the pushes
of the answering process were waited for: another's were resent and answered
"duplicate" (safe, but their bytes again). A claim its crashed process left ends by
itself after ``CLAIM_S``.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import delete, insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from sync.changes import derived_change_id
from sync.server import schema
from sync.server.bulk import KeyQueries, rows
from sync.server.db import Database, now_ms

log = logging.getLogger("chasqui.server")
CLAIM_S = 300  # a claim left by a process that died ends after this long (a push is shorter)


class _Queries(KeyQueries):
    def __init__(self, dialect: str) -> None:
        super().__init__(dialect)
        table = schema.change_log.name
        self.held = f"SELECT change_id FROM {table} WHERE change_id {self.ids_in}"
        self.claimed = (
            f"SELECT 1 FROM {schema.push_claims.name} WHERE device_id = {self.param('device')}"
            f" AND until_ms > {self.param('now')} LIMIT 1"
        )


_QUERIES = _Queries.per_dialect()


def held_seqs(conn: Connection, device_id: str, seqs: Iterable[int]) -> list[int]:
    """The seqs of ``device_id``'s changes, among ``seqs``, that the change log holds."""
    by_id = {derived_change_id(device_id, seq): seq for seq in seqs}
    if not by_id:
        return []
    q = _QUERIES[conn.dialect.name]
    return sorted(by_id[cid] for (cid,) in rows(conn, q.held, q.ids(sorted(by_id))))


def claimed(conn: Connection, device_id: str) -> bool:
    """Whether a push of ``device_id`` is being stored (in any server process)."""
    q = _QUERIES[conn.dialect.name]
    return bool(rows(conn, q.claimed, {"device": device_id, "now": now_ms()}))


@contextmanager
def claiming(db: Database, device_id: str) -> Iterator[None]:
    """A push of ``device_id`` claimed while the block runs: taken in a thread of its own
    (the batch is decoded meanwhile: the claim waits for the group commit), released once
    the block ends however it ends (the thread running it is never cancelled). No thread
    outlives the block: a pool's idle threads made every later fork unsafe in the
    process (the CLI tests' forked runner refuses to fork beside another thread)."""
    claim = Claim(db, device_id)
    taking = threading.Thread(target=claim.take, name="chasqui-claim", daemon=True)
    taking.start()
    try:
        yield
    finally:
        taking.join()
        claim.release()


class Claim:
    """One ``/v1/push`` request's claim: ``take()`` and ``release()`` once its answer is
    decided, each a group-committed write of one row (``Database.grouped``). Releasing a
    claim never taken is nothing."""

    def __init__(self, db: Database, device_id: str) -> None:
        self.db = db
        self.device_id = device_id
        self.claim = secrets.token_hex(16)
        self.taken = False

    def take(self) -> None:
        """Claim (a database failure is logged: the push goes on, the question may then
        not wait for it)."""
        try:
            self.db.grouped(self._take)
            self.taken = True
        except SQLAlchemyError:
            log.warning("cannot claim a push of a device in the database", exc_info=True)

    def release(self) -> None:
        if not self.taken:
            return
        try:
            self.db.grouped(self._release)
            self.taken = False
        except SQLAlchemyError:  # it ends by itself after CLAIM_S
            log.warning("cannot release a push's claim in the database", exc_info=True)

    def _take(self, conn: Connection) -> None:
        c = schema.push_claims.c
        now = now_ms()
        conn.execute(  # with the device's claims a dead process left
            delete(schema.push_claims).where(c.device_id == self.device_id, c.until_ms <= now)
        )
        conn.execute(
            insert(schema.push_claims).values(
                claim=self.claim, device_id=self.device_id, until_ms=now + CLAIM_S * 1000
            )
        )

    def _release(self, conn: Connection) -> None:
        c = schema.push_claims.c
        conn.execute(delete(schema.push_claims).where(c.claim == self.claim))
