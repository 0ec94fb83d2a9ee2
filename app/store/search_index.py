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


def hit_fields(conn: Any, rowid: int) -> dict[str, Any] | None:
    """(entity, entity_id, title, detail, parent_id, parent_entity) of an index row."""
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
        "detail": _joined(list(row[1 + n_title : 1 + n_title + n_detail]), s.detail_sep),
        "parent_id": parent_id,
        "parent_entity": parent_entity,
    }
