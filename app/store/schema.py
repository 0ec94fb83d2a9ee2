"""The current entity schema: entity names, their tables, columns and column kinds.

This is what the store validates inserts and updates against (``InvalidRecord`` naming
the field) and what maps a replicated change onto a table. The DDL that creates these
tables lives in ``migrations.py`` (frozen per version); a test checks that both agree.

Every entity table also has store-private columns, all starting with ``_`` (a change may
never carry a field starting with ``_``, so they cannot collide with entity fields):

- ``_rid``     INTEGER PRIMARY KEY, stable row number (keys the full-text index)
- ``_versions`` JSON ``{field: [hlc, base_hlc]}``: the per-field merge versions
- ``_deleted``  0/1 tombstone flag (rows are never physically deleted)
- ``_delete_hlc``, ``_delete_base``: the newest delete and the newest version it had seen
- ``_hlc``      HLC of the newest change applied to the row
- ``_extra``    JSON of fields this version of the app does not know (kept, not lost)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sync.entities import ENTITY_TABLES, INT_FIELDS, JSON_FIELDS

Kind = Literal["text", "int", "json"]


@dataclass(frozen=True)
class EntityDef:
    name: str
    table: str
    columns: dict[str, Kind]


def _kind(entity: str, field: str) -> Kind:
    if field in INT_FIELDS.get(entity, ()):
        return "int"
    return "json" if field in JSON_FIELDS.get(entity, ()) else "text"


# Built from the one entity table shared with the server (sync/entities.py).
ENTITIES: dict[str, EntityDef] = {
    name: EntityDef(name, table, {f: _kind(name, f) for f in fields})
    for name, (table, fields) in ENTITY_TABLES.items()
}

META_COLUMNS = ("_rid", "_versions", "_deleted", "_delete_hlc", "_delete_base", "_hlc", "_extra")

# Entities indexed for full-text search, with the tag used in FTS rowids:
# fts rowid = tag << 40 | entity _rid (search returns rowid DESC: people, cases, notes).
FTS_TAGS: dict[str, int] = {"person": 3, "case": 2, "note": 1}
FTS_TAG_SHIFT = 40


def entity(name: str) -> EntityDef | None:
    return ENTITIES.get(name)
