"""Change capture: validate a mutation, stamp it, merge it into its row, queue it, audit it.

Every local insert/update/delete becomes a ``sync.changes.Change`` (UUIDv7 change id, HLC,
device id, per-device sequence = outbox seq, user id, per-field base versions) and is
applied to the row through the same ``sync.merge.merge`` used for remote changes, so the
local row always equals what every other replica computes from the same changes. The
row, its outbox entry, the full-text index (kept by triggers on the row) and the audit
event are written by the caller's single transaction (``Tx``). ``Tx`` stamps with the
``WriteContext`` it is handed (it never sees the store) and collects what it altered in
``tx.changed`` (a ``sync.changes.Changed``).

An update that changes nothing writes nothing. Entity and field names, and value types,
are checked against ``schema.ENTITIES`` (``InvalidRecord`` names the field). A signed note
is immutable (``ImmutableRecord``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from app.store.context import WriteContext
from app.store.errors import ImmutableRecord, InvalidRecord, RecordNotFound
from app.store.schema import ENTITIES, EntityDef
from sync.changes import RECORD_BASE_KEY, Change, Changed, derived_change_id
from sync.hlc import ZERO
from sync.merge import Conflict, MergeOutcome, RecordState, merge
from sync.spec import check_value

Conn = Any


def entity_def(name: Any) -> EntityDef:
    ent = ENTITIES.get(name) if isinstance(name, str) else None
    if ent is None:
        raise InvalidRecord(f"unknown entity {name!r}", field="entity")
    return ent


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(change: Change) -> str:
    """``change.canonical()`` without ``dataclasses.asdict``'s deep copies (hot path).

    Must produce the identical text; a test compares both.
    """
    doc = {
        "base": change.base,
        "change_id": change.change_id,
        "device_id": change.device_id,
        "entity": change.entity,
        "entity_id": change.entity_id,
        "extra": change.extra,
        "fields": change.fields,
        "hlc": change.hlc,
        "op": change.op,
        "seq": change.seq,
        "user_id": change.user_id,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_id(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 128:
        raise InvalidRecord("the record id must be text of 1-128 characters", field="id")
    return value


def normalize_fields(ent: EntityDef, fields: Any) -> dict[str, Any]:
    """Validate caller-supplied fields against the entity specification (``sync.spec``).

    JSON columns accept dict/list or JSON text and store canonical JSON text.
    """
    if not isinstance(fields, dict):
        raise InvalidRecord("fields must be a dictionary", field=None)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        spec = ent.spec.field(name) if isinstance(name, str) else None
        if spec is None:
            raise InvalidRecord(f"unknown field {name!r} for {ent.name}", field=str(name))
        stored, problem = check_value(spec, value)  # the rule the server applies too
        if problem is not None:
            raise InvalidRecord(f"field {name!r} {problem.message}", field=name)
        out[name] = stored
    return out


def normalize_remote(ent: EntityDef, fields: dict[str, Any]) -> dict[str, Any]:
    """Coerce remote values for known columns into storable ones; never raises. Returns
    ``fields`` itself when every value is stored as it is (text, None, a number outside
    a JSON column: the usual page), else a new dict."""
    columns = ent.columns
    for name, value in fields.items():
        if value is None or type(value) is str:
            continue
        if type(value) in _NUMBERS and columns.get(name) != "json":
            continue
        break  # a bool, a container, or a number for a JSON column: coerced below
    else:
        return fields
    out: dict[str, Any] = {}
    for name, value in fields.items():
        kind = ent.columns.get(name)
        if kind is None:
            out[name] = value  # unknown field: kept in _extra as-is
        elif kind == "json" and value is not None and not isinstance(value, str):
            out[name] = dumps(value)
        elif isinstance(value, bool):
            out[name] = int(value)
        elif isinstance(value, dict | list):
            out[name] = dumps(value)
        else:
            out[name] = value
    return out


_NUMBERS = (int, float)  # stored as they come, except in a JSON column (not bool: 0/1)


# --- rows <-> merge state ---------------------------------------------------------------------


def read_row(
    conn: Conn, entity: str, entity_id: str, include_deleted: bool = False
) -> dict[str, Any] | None:
    """The record as a dict (id + columns; JSON columns as JSON text), or None."""
    ent = entity_def(entity)
    cols = ["id", *ent.columns]
    row = conn.execute(
        f"SELECT {', '.join(cols)}, _deleted FROM {ent.table} WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None or (row[-1] and not include_deleted):
        return None
    out = dict(zip(cols, row[:-1], strict=True))
    if include_deleted:
        out["_deleted"] = bool(row[-1])
    return out


def _state_of(ent: EntityDef, row: Any) -> RecordState:
    """The merge state of a row selected as ``_STATE_COLUMNS`` (columns, then metadata)."""
    cols = ent.columns
    n = len(cols)
    versions = RecordState.versions_from_json(row[n])
    values = {c: row[i] for i, c in enumerate(cols) if c in versions or row[i] is not None}
    if row[n + 3]:
        values.update(json.loads(row[n + 3]))
    return RecordState(values, versions, row[n + 1], row[n + 2])


def _state_select(ent: EntityDef) -> str:
    return f"SELECT {', '.join(ent.columns)}, _versions, _delete_hlc, _delete_base, _extra"


def load_state(conn: Conn, ent: EntityDef, entity_id: str) -> RecordState | None:
    row = conn.execute(
        f"{_state_select(ent)} FROM {ent.table} WHERE id = ?", (entity_id,)
    ).fetchone()
    return None if row is None else _state_of(ent, row)


LOAD_CHUNK = 500  # ids per statement (well under SQLite's 32,766 host parameters)


def load_states(conn: Conn, ent: EntityDef, ids: Iterable[str]) -> dict[str, RecordState]:
    """The merge states of the records among ``ids`` that exist (one statement per 500)."""
    wanted = list(dict.fromkeys(ids))
    out: dict[str, RecordState] = {}
    select = f"{_state_select(ent)}, id FROM {ent.table} WHERE id IN "
    for start in range(0, len(wanted), LOAD_CHUNK):
        chunk = wanted[start : start + LOAD_CHUNK]
        for row in conn.execute(select + f"({', '.join('?' * len(chunk))})", chunk):
            out[row[-1]] = _state_of(ent, row)
    return out


WAS_MAX = 200  # characters of a replaced text kept for the history (it shows fewer)


def replaced_elsewhere(
    ent: EntityDef,
    fields: dict[str, Any],
    base: dict[str, str],
    state: RecordState | None,
    stamp: str,
) -> dict[str, Any]:
    """The values a local edit replaces that another device wrote (their version's stamp
    names another node than ``stamp``): kept in the edit's audit detail (``was``) so the
    history says from what to what — this device's own values are in its outbox. Only
    fields a person reads (labelled, not JSON); long texts cut to ``WAS_MAX``."""
    if state is None:
        return {}
    node = stamp[22:]
    out: dict[str, Any] = {}
    for name in fields:
        seen = base.get(name, ZERO)
        spec_field = ent.spec.field(name)
        if seen == ZERO or seen[22:] == node or spec_field is None:
            continue
        if spec_field.label is None or spec_field.kind == "json":
            continue
        value = state.values.get(name)
        out[name] = value[:WAS_MAX] if isinstance(value, str) else value
    return out


def same_state(before: RecordState | None, after: RecordState) -> bool:
    """True when merging left the record as it was (nothing to write)."""
    return before is not None and (
        before.versions == after.versions
        and before.values == after.values
        and before.delete_hlc == after.delete_hlc
        and before.delete_base == after.delete_base
    )


def state_write(
    ent: EntityDef, entity_id: str, before: RecordState | None, state: RecordState
) -> tuple[str, tuple[Any, ...]] | None:
    """The statement writing ``state`` over ``before`` (an INSERT when the row is new;
    an UPDATE of the changed columns only), or None when nothing changed."""
    if same_state(before, state):
        return None
    extra = {k: v for k, v in state.values.items() if k not in ent.columns}
    newest = max(state.newest_field_hlc, state.delete_hlc or ZERO)
    meta: dict[str, Any] = {
        "_versions": state.versions_json(),
        "_deleted": 1 if state.deleted else 0,
        "_delete_hlc": state.delete_hlc,
        "_delete_base": state.delete_base,
        "_hlc": newest,
        "_extra": dumps(extra) if extra else None,
    }
    if before is None:
        values = {c: state.values.get(c) for c in ent.columns if c in state.values}
        row = {"id": entity_id, **values, **meta}
        sql = f"INSERT INTO {ent.table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
        return sql, tuple(row.values())
    changed = {
        c: state.values.get(c) for c in ent.columns if state.values.get(c) != before.values.get(c)
    }
    if (1 if before.deleted else 0) == meta["_deleted"]:
        del meta["_deleted"]  # keeps the FTS trigger quiet when nothing indexed changed
    sets = {**changed, **meta}
    sql = f"UPDATE {ent.table} SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?"
    return sql, (*sets.values(), entity_id)


def write_state(
    conn: Conn,
    ent: EntityDef,
    entity_id: str,
    before: RecordState | None,
    outcome: MergeOutcome,
) -> bool:
    """Write the merged state to the row; only changed columns are SET. Returns True if written."""
    statement = state_write(ent, entity_id, before, outcome.state)
    if statement is None:
        return False
    conn.execute(*statement)
    return True


def record_conflicts(conn: Conn, conflicts: list[Conflict], at: str) -> int:
    added = 0
    for c in conflicts:
        cur = conn.execute(
            "INSERT OR IGNORE INTO conflict (conflict_id, entity, entity_id, field, kind,"
            " winner_value, winner_hlc, loser_value, loser_hlc, detected_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                c.conflict_id,
                c.entity,
                c.entity_id,
                c.field,
                c.kind,
                dumps(c.winner_value),
                c.winner_hlc,
                dumps(c.loser_value),
                c.loser_hlc,
                at,
            ),
        )
        added += cur.rowcount
    return added


class Tx:
    """Mutations inside one store transaction (obtained from ``Store.transaction()``).

    ``changed`` collects every record the transaction altered (local writes, and remote
    changes applied through it); read it after the ``with`` block. ``before`` keeps, per
    altered record ``(entity, id)``, its values as they were before the transaction
    first altered it (empty for a new record): the post-write hooks read the owners a
    record had (a hearing moved to another case leaves its old case to refresh too).
    """

    def __init__(self, context: WriteContext, conn: Conn) -> None:
        self.context = context
        self.conn = conn
        self.changed = Changed()
        self.before: dict[tuple[str, str], Mapping[str, Any]] = {}

    def saw(self, entity: str, entity_id: str, state: RecordState | None) -> None:
        """Note a record's state before this transaction alters it (the first one counts)."""
        self.before.setdefault((entity, entity_id), state.values if state is not None else {})

    # reads see this transaction's own writes
    def get(self, entity: str, entity_id: str, include_deleted: bool = False) -> dict | None:
        return read_row(self.conn, entity, entity_id, include_deleted)

    def insert(self, entity: str, fields: dict[str, Any]) -> str:
        ent = entity_def(entity)
        if not isinstance(fields, dict):
            raise InvalidRecord("fields must be a dictionary")
        given = dict(fields)
        supplied = "id" in given
        entity_id = check_id(given.pop("id")) if supplied else self.context.new_id()
        values = {k: v for k, v in normalize_fields(ent, given).items() if v is not None}
        if supplied:  # a fresh UUIDv7 cannot collide; skip the lookup on the hot path
            exists = self.conn.execute(
                f"SELECT 1 FROM {ent.table} WHERE id = ?", (entity_id,)
            ).fetchone()
            if exists:
                raise InvalidRecord(f"a {ent.name} with this id already exists", field="id")
        base = dict.fromkeys(values, ZERO)
        self._local_change(ent, entity_id, "upsert", values, base, None, "create")
        return entity_id

    def update(
        self,
        entity: str,
        entity_id: str,
        fields: dict[str, Any],
        linked: Mapping[str, str] | None = None,
    ) -> bool:
        """Change some fields; returns False (and writes nothing) when nothing changed.
        ``linked``: ids of other records written with this change (e.g. ``note_id``, the
        note giving a reopening's reason), kept in its audit detail — ids only, never
        record values."""
        ent = entity_def(entity)
        values = normalize_fields(ent, fields)
        state = load_state(self.conn, ent, entity_id)
        if state is None or state.deleted:
            raise RecordNotFound(f"there is no {ent.name} with this id", field="id")
        changed = {k: v for k, v in values.items() if state.values.get(k) != v}
        if not changed:
            return False
        if ent.spec.is_frozen(state.values):
            raise ImmutableRecord("a signed note cannot be changed; add a correcting note")
        base = {k: (state.versions[k].hlc if k in state.versions else ZERO) for k in changed}
        self._local_change(ent, entity_id, "upsert", changed, base, state, "update", linked)
        return True

    def delete(self, entity: str, entity_id: str) -> None:
        ent = entity_def(entity)
        state = load_state(self.conn, ent, entity_id)
        if state is None or state.deleted:
            raise RecordNotFound(f"there is no {ent.name} with this id", field="id")
        if ent.spec.is_frozen(state.values):
            raise ImmutableRecord("a signed note cannot be deleted; add a correcting note")
        base = {RECORD_BASE_KEY: state.newest_field_hlc}
        self._local_change(ent, entity_id, "delete", {}, base, state, "delete")

    def _local_change(
        self,
        ent: EntityDef,
        entity_id: str,
        op: str,
        fields: dict[str, Any],
        base: dict[str, str],
        state: RecordState | None,
        action: str,
        linked: Mapping[str, str] | None = None,
    ) -> Change:
        ctx = self.context
        seq = ctx.next_seq()
        for seen in base.values():  # a new stamp is always later than what the writer saw
            if seen != ZERO:
                ctx.clock.observe(seen)
        change = Change(
            change_id=derived_change_id(ctx.device_id, seq),  # left out on the wire
            entity=ent.name,
            entity_id=entity_id,
            op=op,  # type: ignore[arg-type]
            fields=fields,
            base=base,
            hlc=ctx.clock.now(),
            device_id=ctx.device_id,
            seq=seq,
            user_id=ctx.user_id,
        )
        outcome = merge(state, change)
        self.saw(ent.name, entity_id, state)
        write_state(self.conn, ent, entity_id, state, outcome)
        self.changed.add(ent.name, entity_id)
        at = ctx.now_iso()
        if outcome.conflicts:  # cannot happen for a fresh local stamp; kept for safety
            record_conflicts(self.conn, outcome.conflicts, at)
        self.conn.execute(
            "INSERT INTO outbox (seq, change_id, entity, entity_id, op, hlc, body, created_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (seq, change.change_id, ent.name, entity_id, op, change.hlc, canonical(change), at),
        )
        detail: dict[str, Any] | None = {"fields": sorted(fields)} if fields else None
        was = replaced_elsewhere(ent, fields, base, state, change.hlc)
        if detail is not None and was:
            detail["was"] = was
        if detail is not None and linked:
            detail.update({str(k): str(v) for k, v in linked.items()})
        ctx.audit(self.conn, action, ent.name, entity_id, detail, at=at)
        return change
