"""The current entity schema: entity names, their tables, columns and column kinds.

This is what the store validates inserts and updates against (``InvalidRecord`` naming
the field) and what maps a replicated change onto a table. The DDL that creates these
tables is derived from the same specification in ``migrations.py``, version by version.

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

from sync.spec import ENTITY_LIST
from sync.spec import Entity as SpecEntity
from sync.spec.kinds import Kind


@dataclass(frozen=True)
class EntityDef:
    name: str
    table: str
    columns: dict[str, Kind]
    spec: SpecEntity


# Built from the one entity specification shared with the server (sync/spec).
ENTITIES: dict[str, EntityDef] = {
    e.name: EntityDef(e.name, e.table, {f.name: f.kind for f in e.fields}, e) for e in ENTITY_LIST
}

META_COLUMNS = ("_rid", "_versions", "_deleted", "_delete_hlc", "_delete_base", "_hlc", "_extra")


def entity(name: str) -> EntityDef | None:
    return ENTITIES.get(name)
