"""Full-text search over the indexed entities (people, cases, notes...), grouped by kind.

``ranked`` is the one ranking of hits (the CLI's ``search`` and the window's Ctrl+K): people
whose name starts with the words searched, in order — "maria garcia": María García Ramírez,
her given name and first surname — come before those with the words side by side later in
the name (Norma María García Luna), and those before scattered matches (María Fernández
García; fresh8 #15e); newest first within each. The store is asked for ``FETCH`` times as
many hits, so that the best names are found among more than the newest ``limit``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from app.core.errors import InvalidInput
from app.core.text import search_key
from app.store.search_index import SEARCH_ORDER

KINDS = SEARCH_ORDER  # the entities the specification indexes, in result order


class SearchStore(Protocol):
    def search(self, text: str, limit: int = 50) -> list[Any]: ...


def _field(hit: Any, *names: str) -> Any:
    for name in names:
        if isinstance(hit, dict) and name in hit:
            return hit[name]
        if hasattr(hit, name):
            return getattr(hit, name)
    return None


def hit_to_dict(hit: Any) -> dict[str, Any]:
    """A search hit as a plain dict (whatever the store's hit type)."""
    if hasattr(hit, "_asdict"):
        return dict(hit._asdict())
    if hasattr(hit, "__dataclass_fields__"):
        return {k: getattr(hit, k) for k in hit.__dataclass_fields__}
    if isinstance(hit, dict):
        return dict(hit)
    return {"entity": _field(hit, "entity"), "entity_id": _field(hit, "entity_id", "id")}


FETCH = 3  # hits asked of the store for each one shown
_WORD = re.compile(r"\w+", re.UNICODE)  # the words of the store's full-text query


def name_match(name: str, text: str) -> int:
    """How the words of ``text`` match the person ``name``: 0 they are its first words in
    order, 1 side by side in order later, 2 otherwise (each a word's start, as searched)."""
    words = _WORD.findall(search_key(text))
    have = _WORD.findall(search_key(name))
    for start in range(len(have) - len(words) + 1):
        if all(h.startswith(w) for h, w in zip(have[start:], words, strict=False)):
            return 0 if start == 0 else 1
    return 2


def listed_match(listed: str, text: str) -> int:
    """``name_match`` for a name as the lists show it, "Díaz Campos, Juana": the typed
    words against the name given names first and surnames first, the better of the two
    (fresh 11 #30: "Juana Diaz" in "Agregar parte…" put "Díaz Álvarez, Sofía Juana"
    above "Díaz Campos, Juana")."""
    surnames, _, given = listed.partition(", ")
    return min(name_match(f"{given} {surnames}", text), name_match(f"{surnames} {given}", text))


def ranked(hits: Sequence[Any], text: str, limit: int) -> list[Any]:
    """``hits`` (the store's order: people first, newest first) with the people reordered
    by ``name_match`` (stable), cut to ``limit``."""
    people = [i for i, hit in enumerate(hits) if _field(hit, "entity") == "person"]
    order = sorted(people, key=lambda i: name_match(str(_field(hits[i], "title") or ""), text))
    out = list(hits)
    for slot, i in zip(people, order, strict=True):
        out[slot] = hits[i]
    return out[:limit]


def search(store: SearchStore, text: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Hits grouped by entity kind (``person``, ``case``, ``note``), in rank order."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput.one("text", "escriba algo que buscar", "required")
    grouped: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for hit in ranked(store.search(text.strip(), limit=limit * FETCH), text, limit):
        item = hit_to_dict(hit)
        grouped.setdefault(str(item.get("entity")), []).append(item)
    return grouped
