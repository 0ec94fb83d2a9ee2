"""The store's apply path: one page of remote changes merged in the writer's transaction.

Owns how ``Replica.apply_remote_changes`` turns a page into rows, in bulk (issue 14: a
first sync of 9,000 records within 3 s of client CPU):

1. every item becomes a ``Change`` (the page's documents converted in one call; a page
   with a malformed one is converted item by item, and that one is kept aside);
2. every change is checked once, before anything is written or observed
   (``kept_aside.remote_problem``: the entity specification, ``_`` names, the clock
   bound); what fails is kept aside whole and the page goes on;
3. the clock observes the newest stamp of the checked changes (observing each in turn
   ends at the same place: ``observe`` moves the clock to the maximum, bounded);
4. this device's own changes (already in the outbox) are found with one statement per
   500 ids, the records the page touches are loaded with one statement per entity and
   500 ids (``changes.load_states``);
5. the changes are merged in page order in memory with ``sync.merge.merge`` — a record
   changed twice in a page is merged twice, in order, exactly as row by row; a change
   "applied" is one that altered its record, as before — and conflicts are recorded;
6. each record's final state is written once: new rows with one ``executemany`` per
   table and column set, changed rows with an UPDATE of their changed columns
   (``changes.state_write``: the statements a single write would run). The search
   triggers and the store's post-write hooks (``tx.changed``) follow as for any write.

Nothing here decides differently from applying the changes one at a time: same rows,
same conflicts, same kept-aside records, same counts (``tests/store/test_apply_batch.py``
compares both on random pages).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import msgspec

from app.store import kept_aside
from app.store.changes import (
    LOAD_CHUNK,
    Tx,
    load_states,
    normalize_remote,
    record_conflicts,
    same_state,
    state_write,
)
from app.store.schema import ENTITIES, EntityDef
from sync.changes import Change, MalformedChange
from sync.merge import RecordState, merge

log = logging.getLogger(__name__)

_LIST_OF_CHANGES = list[Change]


def as_changes(items: list[Any]) -> list[Change | MalformedChange]:
    """Each item as a ``Change``, or the ``MalformedChange`` saying why it is not one."""
    if all(isinstance(i, dict) for i in items):
        try:
            return list(msgspec.convert(items, _LIST_OF_CHANGES))
        except (msgspec.ValidationError, RecursionError):
            pass  # one of them is malformed: find which, one by one
    out: list[Change | MalformedChange] = []
    for item in items:
        if isinstance(item, Change):
            out.append(item)
            continue
        try:
            out.append(Change.from_dict(item))
        except MalformedChange as exc:
            out.append(exc)
    return out


def _own_change_ids(conn: Any, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = ids[start : start + LOAD_CHUNK]
        rows = conn.execute(
            f"SELECT change_id FROM outbox WHERE change_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        found.update(r[0] for r in rows)
    return found


def apply_page(tx: Tx, items: Iterable[Any], at: str, wall: int, result: Any) -> None:
    """Merge ``items`` (changes or documents) into the store; counts go to ``result``
    (an ``ApplyResult``). Runs inside ``tx``; writes no cursor (the caller does)."""
    conn = tx.conn
    items = list(items)
    checked: list[tuple[EntityDef, Change]] = []
    for item, change in zip(items, as_changes(items), strict=True):
        if isinstance(change, MalformedChange):
            log.warning("keeping a malformed remote change aside: %s", change)
            result.malformed += 1
            kept_aside.keep(conn, item, at)
            result.kept_ids.append(_raw_id(item))
            continue
        ent = ENTITIES.get(change.entity)
        problem = kept_aside.remote_problem(ent, change, wall)
        if problem is not None:  # checked before anything is written or observed
            code = problem[0]
            log.warning("keeping change %s aside (%s)", change.change_id, code)
            added = kept_aside.keep(conn, change, at)
            if code == kept_aside.UNKNOWN_ENTITY:
                result.unknown += added
            else:
                result.set_aside += 1
            result.kept_ids.append(change.change_id)
            continue
        assert ent is not None
        checked.append((ent, change))
    if not checked:
        return
    tx.context.clock.observe(max(change.hlc for _ent, change in checked))
    own = _own_change_ids(conn, [change.change_id for _ent, change in checked])
    touched: dict[str, list[str]] = {}
    for ent, change in checked:
        if change.change_id not in own:
            touched.setdefault(ent.name, []).append(change.entity_id)
    before: dict[tuple[str, str], RecordState | None] = {}
    for name, ids in touched.items():
        found = load_states(conn, ENTITIES[name], ids)
        for entity_id in ids:
            before[(name, entity_id)] = found.get(entity_id)
    now = dict(before)
    for ent, change in checked:
        if change.change_id in own:
            result.unchanged += 1
            continue
        if not change.fields.keys() <= ent.columns.keys():
            log.warning(
                "change %s carries %d field(s) unknown to this version; kept in _extra",
                change.change_id,
                len(change.fields.keys() - ent.columns.keys()),
            )
        fields = normalize_remote(ent, change.fields)
        if fields is not change.fields:
            change = msgspec.structs.replace(change, fields=fields)
        key = (ent.name, change.entity_id)
        state = now[key]
        outcome = merge(state, change)
        if same_state(state, outcome.state):
            result.unchanged += 1
        else:
            now[key] = outcome.state
            result.applied += 1
            result.changed.add(ent.name, change.entity_id)
            tx.saw(ent.name, change.entity_id, before[key])
        if outcome.conflicts:
            result.conflicts += record_conflicts(conn, outcome.conflicts, at)
    _write(conn, before, now)


def _write(
    conn: Any,
    before: dict[tuple[str, str], RecordState | None],
    now: dict[tuple[str, str], RecordState | None],
) -> None:
    """Each record's final state, once: INSERTs grouped into ``executemany`` by statement
    (table and columns), UPDATEs one by one."""
    inserts: dict[str, list[tuple[Any, ...]]] = {}
    for (name, entity_id), state in now.items():
        if state is None:
            continue
        statement = state_write(ENTITIES[name], entity_id, before[(name, entity_id)], state)
        if statement is None:
            continue
        sql, params = statement
        if before[(name, entity_id)] is None:
            inserts.setdefault(sql, []).append(params)
        else:
            conn.execute(sql, params)
    for sql, rows in inserts.items():
        conn.executemany(sql, rows)


def _raw_id(item: Any) -> str:
    cid = item.get("change_id") if isinstance(item, dict) else None
    return cid if isinstance(cid, str) else ""
