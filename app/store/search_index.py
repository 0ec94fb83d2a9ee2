"""How a full-text hit is read back and shown, derived from the entity specification.

Owns the mapping from an FTS rowid (``tag << 40 | _rid``, see ``migrations._index_entity``)
to the record it indexes and the text a hit shows: each entity's ``spec.Search`` names
the columns of the title and the detail and the parent a hit opens in (a note's case).
"""

from __future__ import annotations

from typing import Any

from sync.spec import ENTITY_LIST, Entity

FTS_TAG_SHIFT = 40
TITLE_MAX = 80

# tag -> entity, for the entities the specification indexes
INDEXED: dict[int, Entity] = {e.search.tag: e for e in ENTITY_LIST if e.search is not None}
# search order: higher tags first (people, cases, notes, ...)
SEARCH_ORDER: tuple[str, ...] = tuple(INDEXED[t].name for t in sorted(INDEXED, reverse=True))


def _joined(values: list[Any], sep: str) -> str:
    return sep.join(str(v).strip() for v in values if v not in (None, "") and str(v).strip())


def _shown(ent: Entity, names: tuple[str, ...], values: list[Any], lang: str | None) -> list[Any]:
    """``values`` of the columns ``names``; with ``lang``, coded ones (a field with a
    vocabulary: document type, matter) as that language's label, never a raw code."""
    if lang is None:
        return values
    fields = {f.name: f for f in ent.fields}
    out = []
    for name, value in zip(names, values, strict=True):
        field = fields.get(name)
        table = field.vocab if field is not None else None
        if table is not None and value and (value in table or value in table.aliases):
            value = table.label(value, lang)
        out.append(value)
    return out


def hit_fields(conn: Any, rowid: int, lang: str | None = None) -> dict[str, Any] | None:
    """(entity, entity_id, title, detail, parent_id, parent_entity) of an index row; with
    ``lang`` ("es"/"en") the detail shows coded values by their label in that language."""
    ent = INDEXED.get(rowid >> FTS_TAG_SHIFT)
    if ent is None or ent.search is None:
        return None
    s = ent.search
    parents = [p for p, _entity in s.parents]
    cols = ["id", *s.shown_title, *s.shown_detail, *parents]
    row = conn.execute(
        f"SELECT {', '.join(cols)} FROM {ent.table} WHERE _rid = ?",
        (rowid & ((1 << FTS_TAG_SHIFT) - 1),),
    ).fetchone()
    if row is None:
        return None
    n_title, n_detail = len(s.shown_title), len(s.shown_detail)
    title = _joined(list(row[1 : 1 + n_title]), " ")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"
    parent_id = parent_entity = None
    for (_field, entity), value in zip(s.parents, row[1 + n_title + n_detail :], strict=True):
        if value:
            parent_id, parent_entity = value, entity
            break
    return {
        "entity": ent.name,
        "entity_id": row[0],
        "title": title,
        "detail": _joined(
            _shown(ent, s.shown_detail, list(row[1 + n_title : 1 + n_title + n_detail]), lang),
            s.detail_sep,
        ),
        "parent_id": parent_id,
        "parent_entity": parent_entity,
    }
