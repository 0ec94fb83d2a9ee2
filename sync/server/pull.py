"""Pull and snapshot: what a device reads, always limited to its own office.

Owns the read side of the protocol: pages of the change log after a cursor (scope =
``change_log.office_id``), snapshot pages of merged records for a new device, and the
list of published forms a device does not have yet.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import msgspec
from sqlalchemy import Connection, and_, bindparam, case, func, or_, select

from sync import protocol
from sync.changes import Change
from sync.protocol import PublishedForm, SnapshotRecord
from sync.server import bulk, schema
from sync.server.push import DeviceContext

# A page skips at most this many of the device's own changes (their text is not read):
# after a first upload the office's log is mostly the device's own, and a page limited
# by rows scanned came back empty, one round trip per ``limit`` changes (issue 14).
OWN_SKIP_MAX = 100_000
# The log is read in chunks of at least this many rows whatever the page's ``limit``:
# a chunk sized by what is still wanted was one statement per skipped own change at
# ``limit=1`` (review 4 F3: 3,000 own changes, 3,000 statements). At most this many
# texts are read beyond the limit, as a pull asking for this limit would read anyway.
SCAN_CHUNK = 500

_cl = schema.change_log.c
_p = schema.published_forms.c
# Built once (a pull is the most frequent request): the device's own changes come
# without their text.
_LOG_AFTER = (
    select(_cl.seq, _cl.device_id, case((_cl.device_id == bindparam("me"), None), else_=_cl.doc))
    .where(_cl.office_id == bindparam("office"), _cl.seq > bindparam("after"))
    .order_by(_cl.seq)
    .limit(bindparam("rows"))
)
_FORM_VERSIONS = select(_p.form_id, _p.version)
_FORMS_OF = (
    select(_p.form_id, _p.version, _p.sha256, _p.definition)
    .where(_p.form_id.in_(bindparam("ids", expanding=True)))
    .order_by(_p.form_id, _p.version)
)


_CHANGE = msgspec.json.Decoder(Change)
Pulled = tuple[int, Change | dict[str, Any]]  # (seq, the change; its document if unreadable)


# Only texts up to this size are remembered (a usual change is 0.3-2 KB): the cache
# holds at most ~4,096 x 4 KB of text and its decoded copy, whatever a device pushes
# (review 5 F3: bounded by count alone, 4,096 changes of 300,000 characters were GBs).
CACHED_CHARS = 4096


def _stored(doc: str) -> Change | dict[str, Any]:
    """A stored change text as a ``Change``, decoded straight from the text (no dict in
    between) and, when small (``CACHED_CHARS``), remembered by its text: the office's
    recent changes go to every device of the office, a burst of them pulling the same
    ones. The object is shared: only read it."""
    return _remembered(doc) if len(doc) <= CACHED_CHARS else _decoded(doc)


def _decoded(doc: str) -> Change | dict[str, Any]:
    """``doc`` as a ``Change``; a text the type does not read (none should: it was
    checked on the way in) stays a document, sent as it is."""
    try:
        return _CHANGE.decode(doc)
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError):
        found: dict[str, Any] = json.loads(doc)
        return found


_remembered = lru_cache(maxsize=4096)(_decoded)


def pull_changes(
    conn: Connection,
    device: DeviceContext,
    cursor: int,
    limit: int,
    max_bytes: int = protocol.MAX_PAGE_BYTES,
) -> tuple[list[Pulled], int, bool]:
    """(changes as (seq, change), next cursor, more) for the device's office after
    ``cursor``.

    The device's own changes are not sent back (it has them), but the cursor moves past
    them: ``next_cursor`` is the last sequence scanned, never one not yet looked at.
    A page holds at most ``limit`` changes and ``max_bytes`` bytes of change text (capped
    at ``protocol.MAX_PAGE_BYTES``), but always at least one change: a change larger than
    the budget travels alone, so one big record never stops an office's pull. The
    device's own changes do not count against ``limit`` (their text is not even read);
    a page skips at most ``OWN_SKIP_MAX`` of them, reading the log ``SCAN_CHUNK`` rows
    or more per statement.
    """
    budget = min(max_bytes, protocol.MAX_PAGE_BYTES)
    changes: list[Pulled] = []
    used = skipped = 0
    next_cursor = cursor
    where = {"me": device.device_id, "office": device.office_id}
    while True:
        chunk = max(limit - len(changes), SCAN_CHUNK)
        rows = bulk.rows(conn, _LOG_AFTER, {**where, "after": next_cursor, "rows": chunk + 1})
        for seq, device_id, doc in rows[:chunk]:
            if device_id == device.device_id:
                skipped += 1
            elif len(changes) >= limit:
                return changes, next_cursor, True
            else:
                size = len(doc.encode("utf-8"))
                if changes and used + size > budget:
                    return changes, next_cursor, True
                used += size
                changes.append((int(seq), _stored(doc)))
            next_cursor = int(seq)
        if len(rows) <= chunk:
            return changes, next_cursor, False
        if len(changes) >= limit or skipped >= OWN_SKIP_MAX:
            return changes, next_cursor, True


def forms_newer_than(conn: Connection, known: dict[str, int]) -> list[PublishedForm]:
    """Published forms whose version is newer than the newest the client holds (their
    definitions are read only when there are some: usually there are none)."""
    newer = {
        str(form_id)
        for form_id, version in bulk.rows(conn, _FORM_VERSIONS)
        if int(version) > known.get(form_id, 0)
    }
    if not newer:
        return []
    rows = conn.execute(_FORMS_OF, {"ids": sorted(newer)}).all()
    return [
        PublishedForm(r.form_id, int(r.version), r.sha256, json.loads(r.definition))
        for r in rows
        if int(r.version) > known.get(r.form_id, 0)
    ]


def published_form(conn: Connection, form_id: str, version: int) -> PublishedForm | None:
    p = schema.published_forms.c
    row = conn.execute(
        select(p.form_id, p.version, p.sha256, p.definition).where(
            p.form_id == form_id, p.version == version
        )
    ).first()
    if row is None:
        return None
    return PublishedForm(row.form_id, int(row.version), row.sha256, json.loads(row.definition))


def current_seq(conn: Connection) -> int:
    return int(
        conn.execute(select(func.coalesce(func.max(schema.change_log.c.seq), 0))).scalar_one()
    )


def _split_after(after: str | None) -> tuple[str, str] | None:
    if after is None:
        return None
    entity, sep, entity_id = after.partition("/")
    if not sep:
        raise protocol.ProtocolError(protocol.ErrorCode.BAD_REQUEST, "snapshot 'after' is invalid")
    return entity, entity_id


def snapshot_page(
    conn: Connection, device: DeviceContext, req: protocol.SnapshotRequest
) -> tuple[list[SnapshotRecord], int, str | None, bool]:
    """(records, cursor, next_after, more). The first page (cursor 0) fixes the cursor."""
    cursor = req.cursor if req.after is not None or req.cursor else current_seq(conn)
    r = schema.records.c
    query = select(
        r.entity, r.entity_id, r.values_json, r.versions_json, r.delete_hlc, r.delete_base
    ).where(r.office_id == device.office_id)
    position = _split_after(req.after)
    if position is not None:
        entity, entity_id = position
        query = query.where(
            or_(r.entity > entity, and_(r.entity == entity, r.entity_id > entity_id))
        )
    rows = conn.execute(query.order_by(r.entity, r.entity_id).limit(req.limit + 1)).all()
    more = len(rows) > req.limit
    rows = rows[: req.limit]
    budget = min(req.max_bytes, protocol.MAX_PAGE_BYTES)
    records: list[SnapshotRecord] = []
    used = 0
    for row in rows:  # byte budget as for pulls: at least one record per page
        size = len(row.values_json.encode("utf-8")) + len(row.versions_json)
        if records and used + size > budget:
            more = True
            rows = rows[: len(records)]
            break
        used += size
        records.append(
            SnapshotRecord(
                row.entity,
                row.entity_id,
                json.loads(row.values_json),
                json.loads(row.versions_json),
                row.delete_hlc,
                row.delete_base,
            )
        )
    next_after = f"{rows[-1].entity}/{rows[-1].entity_id}" if rows else req.after
    return records, cursor, next_after, more


def stamp(doc: dict[str, Any], epoch: str, server_time: int) -> dict[str, Any]:
    doc["epoch"] = epoch
    doc["server_time"] = server_time
    return doc
