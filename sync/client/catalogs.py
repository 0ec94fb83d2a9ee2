"""Catalogs published by the server (e.g. new ubigeo districts), kept on the device.

Owns the ``published_catalogs`` sync-state key: ``{name: PublishedCatalog.to_dict()}``
holding the newest version received of each catalog. A published version is cumulative
(the server merges every publication into the previous rows), so the newest alone is
complete; an older or equal version received later never replaces a newer one. The
app reads this key after unlock and extends ``forms`` with the rows.
"""

from __future__ import annotations

from sync import protocol
from sync.client.ports import ReplicaStore

KEY_CATALOGS = "published_catalogs"


def catalog_versions(store: ReplicaStore) -> dict[str, int]:
    """Newest version held of each catalog (sent so the server skips what we have)."""
    held = store.get_sync_state(KEY_CATALOGS, {}) or {}
    out: dict[str, int] = {}
    if isinstance(held, dict):
        for name, doc in held.items():
            if isinstance(doc, dict) and isinstance(doc.get("version"), int):
                out[str(name)] = int(doc["version"])
    return out


def save_catalogs(store: ReplicaStore, catalogs: list[protocol.PublishedCatalog]) -> None:
    """Keep each received catalog unless a newer version of it is already held."""
    if not catalogs:
        return
    held = store.get_sync_state(KEY_CATALOGS, {}) or {}
    known = dict(held) if isinstance(held, dict) else {}
    versions = catalog_versions(store)
    changed = False
    for catalog in catalogs:
        if catalog.version > versions.get(catalog.name, 0):
            known[catalog.name] = catalog.to_dict()
            versions[catalog.name] = catalog.version
            changed = True
    if changed:
        store.set_sync_state(KEY_CATALOGS, known)
