"""Records of entity types this app did not know yet, applied once a migration adds them.

Owns the read side of the ``unknown_change`` table: a pulled change for an entity this
version of the schema lacks is kept there whole (``replication.Replica._apply_one``).
After an upgrade, when the vault opens, every kept change whose entity the schema now has
is merged like any remote change (field-level LWW, conflicts recorded) and removed from
the table, in one transaction: nothing is applied twice and nothing is lost. Changes of
types still unknown stay where they are.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from app.store.schema import ENTITIES

log = logging.getLogger("chasqui.store")


def apply_kept_aside(store: Any) -> int:
    """Apply the kept changes whose entity is now known; returns how many were applied."""
    known = sorted(ENTITIES)
    marks = ", ".join("?" * len(known))
    rows = store.query(
        f"SELECT change_id, body FROM unknown_change WHERE entity IN ({marks})"
        " ORDER BY received_at, change_id",
        tuple(known),
    )
    if not rows:
        return 0
    docs = [json.loads(r["body"]) for r in rows]
    with store.transaction() as tx:
        result = store.replica.apply_remote_changes(docs)
        tx.conn.executemany(
            "DELETE FROM unknown_change WHERE change_id = ?", [(r["change_id"],) for r in rows]
        )
    log.info("applied %d change(s) kept aside until this version knew their entity", len(docs))
    return int(result.applied)
