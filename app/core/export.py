"""Full export: every live record of every entity as one JSON-ready document.

Stable ordering (entities sorted by name, records by id, keys sorted when serialized) so
that two exports of the same data are byte-identical. Audited as an ``export``.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from app.store.schema import ENTITIES


class ExportStore(Protocol):
    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...
    def audit(
        self,
        action: str,
        entity: str | None = None,
        entity_id: str | None = None,
        detail: Any = None,
    ) -> Any: ...


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def collect(store: ExportStore) -> dict[str, list[dict[str, Any]]]:
    """Every live record by entity, without auditing (used by tests and ``export_all``)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(ENTITIES):
        spec = ENTITIES[name]
        columns = ", ".join(("id", *spec.columns))
        rows = store.query(f"SELECT {columns} FROM {spec.table} WHERE _deleted = 0 ORDER BY id")
        out[name] = [
            {
                k: (_decode(v) if spec.columns.get(k) == "json" else v)
                for k, v in sorted(row.items())
            }
            for row in rows
        ]
    return out


def export_all(store: ExportStore) -> dict[str, Any]:
    """The export document; writes an ``export`` audit event with the record counts."""
    data = collect(store)
    store.audit("export", detail={"counts": {k: len(v) for k, v in data.items()}})
    return {"format": "chasqui-export", "version": 1, "entities": data}


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)
