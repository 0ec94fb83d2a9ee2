"""What a device asks after a cut (``POST /v1/held``): which of its own changes the
server holds.

Owns ``held_seqs(conn, device_id, seqs)``: the seqs among ``seqs`` whose derived change
id (``sync.changes.derived_change_id(device_id, seq)``) is in the change log, in one
statement (``bulk.KeyQueries``: the ids as one parameter; only ``change_id`` is read,
never the documents). Only the authenticated device's own ids are formed, so nothing of
another device is ever named. "Logged under this id" is what an identical re-send would
be answered (``duplicate``): a device never alters a change it has sent — re-stamping
touches only changes the server refused, which the log does not hold. A quarantined
change is not named: the client sends it again and the push decides it as always.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Connection

from sync.changes import derived_change_id
from sync.server import schema
from sync.server.bulk import KeyQueries, rows


class _Queries(KeyQueries):
    def __init__(self, dialect: str) -> None:
        super().__init__(dialect)
        log = schema.change_log.name
        self.held = f"SELECT change_id FROM {log} WHERE change_id {self.ids_in}"


_QUERIES = _Queries.per_dialect()


def held_seqs(conn: Connection, device_id: str, seqs: Iterable[int]) -> list[int]:
    """The seqs of ``device_id``'s changes, among ``seqs``, that the change log holds."""
    by_id = {derived_change_id(device_id, seq): seq for seq in seqs}
    if not by_id:
        return []
    q = _QUERIES[conn.dialect.name]
    return sorted(by_id[cid] for (cid,) in rows(conn, q.held, q.ids(sorted(by_id))))
