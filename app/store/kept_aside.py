"""Records received by sync that this vault cannot apply: the rule, the listing, the retry.

Owns what "cannot apply" means for a received change (``remote_problem``) and the
``unknown_change`` table that keeps such changes whole (written by
``replication.Replica.apply_remote_changes``, which never aborts a page for them: the
rest of the page, its cursor and the round go on). The client trusts no peer, so every
pulled change and snapshot record is checked before anything is written, against the
same entity specification the server checks pushes with (``sync.spec``):

- ``malformed``: not the shape of a change;
- ``unknown_entity``: an entity type this version does not know yet (a newer app);
- ``invalid_field``: a value of the wrong kind, size, format or vocabulary (e.g. an
  attachment ``sha256`` of ``../../etc/passwd``), JSON nested deeper than
  ``sync.spec.MAX_JSON_DEPTH``, or a change over ``sync.spec.MAX_CHANGE_CHARS``;
- ``clock_ahead``: an HLC further ahead of the server's clock (as this device measured
  it) than ``sync.hlc.MAX_SKEW_MS`` (it would win last-writer-wins for ever).

Immutability (a signed note) is the server's check: it decides in arrival order, and a
replica that judged on its own order could part from the server's record.

``list_kept_aside(store)`` shows them with their reason (the rule applied again now:
one definition, no stored copy to drift). ``apply_kept_aside(store)`` runs when the vault
opens: every kept change that can be applied now (an upgrade made its entity known, the
clock caught up) is merged like any remote change and leaves the table, in one
transaction; the others stay. Nothing is applied twice and nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from app.store.schema import ENTITIES, EntityDef
from sync import hlc, spec
from sync.changes import Change, MalformedChange

log = logging.getLogger("chasqui.store")
Conn = Any

MALFORMED = "malformed"
UNKNOWN_ENTITY = "unknown_entity"


def remote_problem(ent: EntityDef | None, change: Change, wall_ms: int) -> tuple[str, str] | None:
    """(code, reason) when a received change cannot be applied here, else None."""
    for k in change.fields:
        if not isinstance(k, str) or k.startswith("_"):
            return MALFORMED, "a field name starts with '_' (store metadata)"
    if ent is None:
        return UNKNOWN_ENTITY, f"unknown entity {change.entity[:64]!r} (a newer version of Chasqui)"
    _values, problems = spec.check_fields(ent.spec, change.fields, allow_unknown=True)
    if not problems and not change.fields.keys() <= ent.columns.keys():
        unknown = {k: v for k, v in change.fields.items() if k not in ent.columns}
        problems = spec.check_unknown_fields(unknown)
    if not problems and change.extra:
        extra = spec.check_unknown_fields(change.extra)
        if extra:
            return MALFORMED, f"extra: {extra[0].message}"
    if problems:
        return "invalid_field", f"{ent.name}: " + "; ".join(str(p) for p in problems[:5])
    if hlc.too_far_ahead(hlc.Timestamp.parse(change.hlc), wall_ms):
        return "clock_ahead", "its clock stamp is far ahead of this computer's clock"
    return None


def keep(conn: Conn, doc: Any, at: str) -> int:
    """Keep a received change (or what came as one) whole; returns rows added (0 or 1)."""
    change = doc if isinstance(doc, Change) else None
    if change is not None:
        key = (change.change_id, change.entity, change.entity_id, change.canonical())
    else:
        text = _safe_text(doc)
        raw = doc if isinstance(doc, dict) else {}
        key = (
            _text(raw.get("change_id")) or "malformed-" + _digest(text),
            _text(raw.get("entity")) or "?",
            _text(raw.get("entity_id")) or "?",
            text,
        )
    cur = conn.execute(
        "INSERT OR IGNORE INTO unknown_change (change_id, entity, entity_id, body,"
        " received_at) VALUES (?,?,?,?,?)",
        (*key, at),
    )
    return int(cur.rowcount)


def list_kept_aside(store: Any) -> list[dict[str, Any]]:
    """The kept changes with the reason each cannot be applied now (oldest first)."""
    rows = store.query(
        "SELECT change_id, entity, entity_id, body, received_at FROM unknown_change"
        " ORDER BY received_at, change_id"
    )
    conn = store.read_conn()
    wall = store.context.wall()
    out = []
    for row in rows:
        code, reason = _reason(row["body"], conn, wall)
        keys = ("change_id", "entity", "entity_id", "received_at")
        out.append({**{k: row[k] for k in keys}, "code": code, "reason": reason})
    return out


def _reason(body: str, conn: Conn, wall: int) -> tuple[str, str]:
    try:
        change = Change.from_dict(json.loads(body))
    except (MalformedChange, ValueError, RecursionError) as exc:
        return MALFORMED, str(exc)[:300]
    found = remote_problem(ENTITIES.get(change.entity), change, wall)
    return found or ("", "can be applied now: it will be at the next unlock")


def apply_kept_aside(store: Any) -> int:
    """Apply the kept changes that can be applied now; returns how many changed a record."""
    known = sorted(ENTITIES)
    marks = ", ".join("?" * len(known))
    rows = store.query(
        f"SELECT change_id, body FROM unknown_change WHERE entity IN ({marks})"
        " ORDER BY received_at, change_id",
        tuple(known),
    )
    if not rows:
        return 0
    docs = []
    for r in rows:
        try:
            docs.append(json.loads(r["body"]))
        except (ValueError, RecursionError):
            continue  # stays kept (and listed as malformed)
    with store.transaction() as tx:
        result = store.replica.apply_remote_changes(docs)
        still = set(result.kept_ids)
        done = [(r["change_id"],) for r in rows if r["change_id"] not in still]
        tx.conn.executemany("DELETE FROM unknown_change WHERE change_id = ?", done)
    if done:
        log.info("applied %d change(s) kept aside until this vault could apply them", len(done))
    return int(result.applied)


def _text(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= 128:
        return value
    return None


def _safe_text(doc: Any) -> str:
    try:
        return json.dumps(doc, sort_keys=True, ensure_ascii=False)[:400_000]
    except (TypeError, ValueError, RecursionError):
        return repr(doc)[:10_000]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]
