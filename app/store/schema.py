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

Kind = Literal["text", "int", "json"]


@dataclass(frozen=True)
class EntityDef:
    name: str
    table: str
    columns: dict[str, Kind]


def _cols(text: str, ints: tuple[str, ...] = (), jsons: tuple[str, ...] = ()) -> dict[str, Kind]:
    out: dict[str, Kind] = {}
    for name in text.split():
        out[name] = "int" if name in ints else "json" if name in jsons else "text"
    return out


ENTITIES: dict[str, EntityDef] = {
    e.name: e
    for e in (
        EntityDef("office", "office", _cols("code name kind ubigeo")),
        EntityDef("user", "app_user", _cols("office_id name display_name role")),
        EntityDef(
            "person",
            "person",
            _cols(
                "office_id given_names paternal_surname maternal_surname doc_type doc_number "
                "doc_reason birth_date sex ubigeo phone mother_tongue interpreter_needed "
                "created_by",
                ints=("interpreter_needed",),
            ),
        ),
        EntityDef(
            "intake",
            "intake",
            _cols(
                "office_id person_id form_id form_version answers status service_type matter "
                "defender_id recorded_at campaign_id",
                ints=("form_version",),
                jsons=("answers",),
            ),
        ),
        EntityDef(
            "eligibility",
            "eligibility",
            _cols(
                "office_id person_id intake_id form_id form_version answers result assessed_at",
                ints=("form_version",),
                jsons=("answers",),
            ),
        ),
        EntityDef(
            "case",
            "legal_case",
            _cols(
                "office_id internal_number intake_id person_id matter status court_file_number "
                "court_file_parts defender_id summary opened_at closed_at closure",
                jsons=("court_file_parts", "closure"),
            ),
        ),
        EntityDef("case_party", "case_party", _cols("case_id person_id role")),
        EntityDef(
            "note", "note", _cols("case_id text author_id created_at signed_at supersedes_id")
        ),
        EntityDef("hearing", "hearing", _cols("case_id category kind at place status result")),
        EntityDef(
            "attachment",
            "attachment",
            _cols("case_id person_id filename mime size sha256 created_at", ints=("size",)),
        ),
        EntityDef(
            "campaign", "campaign", _cols("office_id name ubigeo locality starts_on ends_on")
        ),
    )
}

META_COLUMNS = ("_rid", "_versions", "_deleted", "_delete_hlc", "_delete_base", "_hlc", "_extra")

# Entities indexed for full-text search, with the tag used in FTS rowids:
# fts rowid = tag << 40 | entity _rid (search returns rowid DESC: people, cases, notes).
FTS_TAGS: dict[str, int] = {"person": 3, "case": 2, "note": 1}
FTS_TAG_SHIFT = 40


def entity(name: str) -> EntityDef | None:
    return ENTITIES.get(name)
