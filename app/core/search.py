"""Full-text search over the indexed entities (people, cases, notes...), grouped by kind."""

from __future__ import annotations

from typing import Any, Protocol

from app.core.errors import InvalidInput
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


def search(store: SearchStore, text: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Hits grouped by entity kind (``person``, ``case``, ``note``), in rank order."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput.one("text", "escriba algo que buscar", "required")
    grouped: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for hit in store.search(text.strip(), limit=limit):
        item = hit_to_dict(hit)
        grouped.setdefault(str(item.get("entity")), []).append(item)
    return grouped
