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

Owns ``Claim`` too: a push being stored (``/v1/push``, and ``/v1/sync`` when it carries
changes: review 7 F4) is claimed in the database (``schema.push_claims``, a row per
request, taken ahead of the push's own write — on PostgreSQL a transaction beside the
serialized writer that awaits no WAL flush, on SQLite a job of the group commit written
while the batch is decoded and checked (``Database.loose``) — and ended by the push's
own write transaction, so the claim ends exactly when its changes become visible and a
push costs one write more, not two), so the question
waits for a batch whose answer a cut lost even when another process behind the load
balancer is storing it (``claimed(conn, device_id)``, polled by ``PushOrder.quiet``).
Before, only the pushes of the answering process were waited for: another's were resent
and answered "duplicate" (safe, but their bytes again). A claim its crashed process left
ends by itself after ``CLAIM_S``.

Owns ``Questions``: the questions of one device that arrive while one of its questions
waits share that one wait (in the event loop: no thread each), so every question is
answered after the claims check (review 7 F5: a repeated question was answered at once,
without it) and a device still holds at most one thread of the shared pool (review 6 F5).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from sync.changes import derived_change_id
from sync.server import schema
from sync.server.bulk import KeyQueries, rows, run
from sync.server.db import Database, now_ms

log = logging.getLogger("chasqui.server")
CLAIM_S = 300  # a claim left by a process that died ends after this long (a push is shorter)


class _Queries(KeyQueries):
    def __init__(self, dialect: str) -> None:
        super().__init__(dialect)
        table, claims, p = schema.change_log.name, schema.push_claims.name, self.param
        self.held = f"SELECT change_id FROM {table} WHERE change_id {self.ids_in}"
        self.claimed = (
            f"SELECT 1 FROM {claims} WHERE device_id = {p('device')}"
            f" AND until_ms > {p('now')} LIMIT 1"
        )
        self.stale = (
            f"DELETE FROM {claims} WHERE device_id = {p('device')} AND until_ms <= {p('now')}"
        )
        self.take = (
            f"INSERT INTO {claims} (claim, device_id, until_ms)"
            f" VALUES ({p('claim')}, {p('device')}, {p('until')})"
        )
        self.release = f"DELETE FROM {claims} WHERE claim = {p('claim')} RETURNING claim"


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
def claiming(db: Database, device_id: str) -> Iterator[Claim]:
    """A push of ``device_id`` claimed while the block runs, ahead of the push's own write
    (``Database.loose``: on SQLite queued in the group commit before the block runs, and
    committed by a thread of its own while the batch is decoded and checked). The block
    hands ``Claim.release_in`` to the push's write transaction; a claim that transaction
    did not end (the push failed) is released once the block ends, however it ends (the
    thread is never cancelled). No thread outlives the block: a pool's idle threads made
    every later fork unsafe in the process (the CLI tests' forked runner refuses to fork
    beside another thread)."""
    claim = Claim(db, device_id)
    finish = claim.take()
    taking = None
    if finish is not None:
        taking = threading.Thread(target=finish, name="chasqui-claim", daemon=True)
        try:
            taking.start()
        except RuntimeError:  # no thread to be had: the queued claim is written here, or
            taking = None  # no later write of the process would ever run (it heads the queue)
            finish()
    ended = False
    try:
        yield claim
        ended = claim.ended
    finally:
        if taking is not None:
            taking.join()
        if not ended:
            claim.release()


def clear(db: Database) -> None:
    """End every claim: called by ``serve`` on a SQLite file before its workers start (one
    ``serve`` per file, so a claim there was left by a server that died; each would hold
    its device's questions ``HELD_WAIT_S`` for up to ``CLAIM_S``, review 8 F3). Not on
    PostgreSQL, where other live servers may hold claims."""
    with db.write() as conn:
        run(conn, f"DELETE FROM {schema.push_claims.name}")


class Claim:
    """One push request's claim: ``take()``, then ``release_in(conn)`` in the push's own
    write transaction, or ``release()`` (a write of its own) when that did not end it.
    Releasing a claim never taken is nothing."""

    def __init__(self, db: Database, device_id: str) -> None:
        self.db = db
        self.device_id = device_id
        self.claim = secrets.token_hex(16)
        self.taken = False
        self.ended = False  # deleted by the push's transaction (true once it committed)

    def take(self) -> Callable[[], None] | None:
        """Claim, ahead of every write started later (``Database.loose``); None when done,
        else the call that waits for its commit. A database failure is logged: the push
        goes on, the question may then not wait for it."""
        try:
            pending = self.db.loose(self._take)
        except SQLAlchemyError:
            self._failed()
            return None
        self.taken = pending is None
        return None if pending is None else partial(self._wait, pending)

    def _wait(self, pending: Callable[[], None]) -> None:
        try:
            pending()
            self.taken = True
        except SQLAlchemyError:
            self._failed()

    def _failed(self) -> None:
        log.warning("cannot claim a push of a device in the database", exc_info=True)

    def release_in(self, conn: Connection) -> None:
        """End the claim in ``conn``'s write transaction (the push's): its changes and the
        claim's end become visible at the same commit."""
        q = _QUERIES[conn.dialect.name]
        self.ended = bool(rows(conn, q.release, {"claim": self.claim}))

    def release(self) -> None:
        if not self.taken:
            return
        try:
            finish = self.db.loose(self.release_in)
            if finish is not None:
                finish()
            self.taken = False
        except SQLAlchemyError:  # it ends by itself after CLAIM_S
            log.warning("cannot release a push's claim in the database", exc_info=True)

    def _take(self, conn: Connection) -> None:
        q = _QUERIES[conn.dialect.name]
        now = now_ms()  # with the device's claims a dead process left
        run(conn, q.stale, {"device": self.device_id, "now": now})
        run(conn, q.take, {"claim": self.claim, "device": self.device_id,
                           "until": now + CLAIM_S * 1000})  # fmt: skip


class Questions:
    """The ``/v1/held`` questions of this process that wait, one wait per device: a
    question arriving while another of its device waits shares that wait (and its
    answer), holding no thread of its own. Lives in one event loop (a serving process's);
    a question from another loop (an in-process test client's per-request loop) waits on
    its own."""

    def __init__(self) -> None:
        self._waits: dict[str, asyncio.Future[bool]] = {}
        self.sharing: dict[str, int] = {}  # questions waiting per device (figures, tests)

    async def quiet(self, device_id: str, wait: Callable[[], Awaitable[bool]]) -> bool:
        """``await wait()`` — or the wait of the device already under way — its answer."""
        loop = asyncio.get_running_loop()
        found = self._waits.get(device_id)
        if found is None or found.done() or found.get_loop() is not loop:
            found = self._waits[device_id] = asyncio.ensure_future(wait())
            found.add_done_callback(lambda done: self._ended(device_id, done))
        self.sharing[device_id] = self.sharing.get(device_id, 0) + 1
        try:
            return await asyncio.shield(found)
        finally:
            left = self.sharing.get(device_id, 1) - 1
            if left:
                self.sharing[device_id] = left
            else:
                self.sharing.pop(device_id, None)

    def _ended(self, device_id: str, done: asyncio.Future[bool]) -> None:
        if self._waits.get(device_id) is done:
            del self._waits[device_id]
