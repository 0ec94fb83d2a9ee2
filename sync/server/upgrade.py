"""Bringing a server's database to this version, derived data included.

Owns ``migrate(db)``: ``Database.migrate`` (the schema to the newest revision), then the
office packs a re-derivation discarded stored again in the same run — 0010, 0013, 0014
and any later revision that calls ``timeline.rebuild`` drop every pack
(``timeline.forget_packs``), and without them the first ``report timeliness`` or
dashboard start after the upgrade counted the nation's timeline cold (about 8 s at 1M
cases, issue 16). ``chasqui-server migrate``, every other command and ``create_app`` (so
``serve``) call it. It looks whether packs are missing on every call, not only after an
upgrade (two one-row probes): a ``migrate`` stopped between the upgrade's commit and the
packing leaves none, and the next command or start stores them. Nothing is packed on a
database without a timeline row, and numpy is imported only when something is
(``office_packs.restore``).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from sync.server.db import Database
from sync.server.timeline import packs_missing


def migrate(db: Database) -> str:
    """``db.migrate()``, then the office packs stored again if there are none but the
    timeline has rows (a cache: if storing them fails, the first reader counts them
    instead). The epoch."""
    epoch = db.migrate()
    with db.read() as conn:
        if not packs_missing(conn):
            return epoch
    from sync.server import office_packs  # numpy: only when there is something to pack

    try:
        office_packs.restore(db)
    except SQLAlchemyError as exc:
        logging.getLogger("chasqui.server").warning(
            "the office packs were not stored again (%s): the first report counts them",
            type(exc).__name__,
        )
    return epoch
