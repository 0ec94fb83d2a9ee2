"""Re-stamping this device's waiting changes: new HLCs for what the server has not taken.

Owns ``restamp(conn, pick, stamp)``, the one rewrite of own stamps. The server takes a
change only when its HLC names the sending device as its node and is not too far ahead
of the server's clock (``sync.server.checks.check_sender``). Two situations therefore
give waiting (unconfirmed) changes a new stamp:

- **enrollment** (``Replica.adopt_identity``): a standalone vault stamped its changes
  with its own node; they get the server's device id as their node (same time and
  counter);
- **a clock that ran ahead** (``Replica.restamp_changes``): the server refused changes
  for ``clock_ahead`` (or ``wrong_node``); once the device's clock is corrected against
  the server's, they get fresh stamps from the corrected clock, in outbox order.

Every place that holds an old stamp follows the mapping old -> new in the same
transaction: the outbox body and ``hlc`` column, the ``base`` of later waiting changes,
the record rows' ``_versions`` (each ``[hlc, base]``), ``_hlc``, ``_delete_hlc`` and
``_delete_base``, and the local conflict records. A change the server confirmed is
never touched (the server holds it under its old stamp).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from app.store.schema import ENTITIES
from sync.changes import Change, derived_change_id
from sync.hlc import ZERO
from sync.merge import FieldVersion, RecordState

Conn = Any
Pick = Callable[[Change], bool]
Stamp = Callable[[Change, dict[str, str]], str]


def restamp(conn: Conn, pick: Pick, stamp: Stamp, device_id: str | None = None) -> dict[str, str]:
    """Give every waiting change ``pick`` selects the stamp ``stamp(change, mapping)``
    (called in outbox order; ``mapping`` holds the stamps rewritten so far) and rewrite
    every copy of the old stamps. ``device_id`` also becomes every waiting change's
    device, and a change id derived from the old device (``derived_change_id``) is
    derived again from the new one: a vault restored from a backup and the laptop it came
    from number their changes alike, so ids made of the old device would collide.
    Returns the mapping old -> new."""
    rows = conn.execute(
        "SELECT seq, body FROM outbox WHERE confirmed_epoch IS NULL ORDER BY seq"
    ).fetchall()
    waiting = [(seq, Change.from_dict(json.loads(body))) for seq, body in rows]
    mapping: dict[str, str] = {}
    for _seq, change in waiting:
        if pick(change) and change.hlc not in mapping:
            mapping[change.hlc] = stamp(change, mapping)
    if not mapping and device_id is None:
        return mapping
    touched: set[tuple[str, str]] = set()
    for seq, change in waiting:
        doc = change.to_dict()
        doc["hlc"] = mapping.get(change.hlc, change.hlc)
        doc["base"] = {k: mapping.get(v, v) for k, v in change.base.items()}
        if device_id is not None:
            doc["device_id"] = device_id
            if change.change_id == derived_change_id(change.device_id, change.seq):
                doc["change_id"] = derived_change_id(device_id, change.seq)
        if doc["hlc"] != change.hlc:
            touched.add((change.entity, change.entity_id))
        new = Change.from_dict(doc)
        if new != change:
            conn.execute(
                "UPDATE outbox SET body = ?, hlc = ?, change_id = ? WHERE seq = ?",
                (new.canonical(), new.hlc, new.change_id, seq),
            )
    for entity, entity_id in sorted(touched):
        _rewrite_row(conn, entity, entity_id, mapping)
    conn.executemany(
        "UPDATE conflict SET winner_hlc = ? WHERE winner_hlc = ?",
        [(new, old) for old, new in mapping.items()],
    )
    conn.executemany(
        "UPDATE conflict SET loser_hlc = ? WHERE loser_hlc = ?",
        [(new, old) for old, new in mapping.items()],
    )
    return mapping


def _rewrite_row(conn: Conn, entity: str, entity_id: str, mapping: dict[str, str]) -> None:
    ent = ENTITIES.get(entity)
    if ent is None:
        return
    row = conn.execute(
        f"SELECT _versions, _delete_hlc, _delete_base FROM {ent.table} WHERE id = ?",
        (entity_id,),
    ).fetchone()
    if row is None:
        return
    state = RecordState(
        {},
        {
            f: FieldVersion(mapping.get(v.hlc, v.hlc), mapping.get(v.base, v.base))
            for f, v in RecordState.versions_from_json(row[0]).items()
        },
        mapping.get(row[1], row[1]) if row[1] else row[1],
        mapping.get(row[2], row[2]) if row[2] else row[2],
    )
    newest = max(state.newest_field_hlc, state.delete_hlc or ZERO)
    conn.execute(
        f"UPDATE {ent.table} SET _versions = ?, _delete_hlc = ?, _delete_base = ?, _hlc = ?"
        " WHERE id = ?",
        (
            state.versions_json(),
            state.delete_hlc,
            state.delete_base,
            newest,
            entity_id,
        ),
    )
