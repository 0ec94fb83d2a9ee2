"""Forms and catalogs published by the server (e.g. new ubigeo districts), kept here.

Owns the ``forms`` sync-state key (every published form version received, as
``"id@version": PublishedForm.to_dict()``) and the ``published_catalogs`` key:
``{name: PublishedCatalog.to_dict()}`` holding the newest version received of each
catalog. A published version is cumulative (the server merges every publication into
the previous rows), so the newest alone is complete; an older or equal version received
later never replaces a newer one. The app reads this key after unlock and extends
``forms`` with the rows.

Nothing published is kept unless it is the server's: its SHA-256 must be the content's
and its signature must verify under the server key this vault pinned
(``sync.client.identity``). ``save_forms`` / ``save_catalogs`` return one line per
publication they refused (the round reports them); the rest is kept.
"""

from __future__ import annotations

from typing import TypeVar

from sync import identity, protocol
from sync.client.identity import pinned
from sync.client.ports import KEY_FORMS, ReplicaStore

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


P = TypeVar("P", protocol.PublishedForm, protocol.PublishedCatalog)


def genuine(store: ReplicaStore, items: list[P]) -> tuple[list[P], list[str]]:
    """(the items that are the server's, one line per item refused)."""
    keys = pinned(store)
    kept: list[P] = []
    refused: list[str] = []
    for item in items:
        purpose = identity.FORM if isinstance(item, protocol.PublishedForm) else identity.CATALOG
        if not item.content_matches():
            refused.append(f"{item.label} refused: its content does not match its SHA-256")
        elif keys is None or not keys.verify(purpose, item.signed_fields(), item.signature):
            refused.append(f"{item.label} refused: not signed by the server this laptop pinned")
        else:
            kept.append(item)
    return kept, refused


def save_catalogs(store: ReplicaStore, catalogs: list[protocol.PublishedCatalog]) -> list[str]:
    """Keep each received catalog unless a newer version of it is already held; returns
    why any was refused (not the server's)."""
    if not catalogs:
        return []
    catalogs, refused = genuine(store, catalogs)
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
    return refused


def form_versions(store: ReplicaStore) -> dict[str, int]:
    """Newest published version held of each form (sent so the server skips the rest)."""
    forms = store.get_sync_state(KEY_FORMS, {}) or {}
    newest: dict[str, int] = {}
    for held in forms.values():
        if isinstance(held, dict) and isinstance(held.get("form_id"), str):
            form_id, version = held["form_id"], int(held.get("version", 0))
            newest[form_id] = max(version, newest.get(form_id, 0))
    return newest


def save_forms(store: ReplicaStore, forms: list[protocol.PublishedForm]) -> list[str]:
    """Keep every received form version that is the server's; returns why any was
    refused."""
    if not forms:
        return []
    forms, refused = genuine(store, forms)
    # Every version is kept ("id@version"): an intake filled with an older version must
    # keep validating and displaying after a newer one is published.
    known = dict(store.get_sync_state(KEY_FORMS, {}) or {})
    for form in forms:
        known[f"{form.form_id}@{form.version}"] = form.to_dict()
    if forms:
        store.set_sync_state(KEY_FORMS, known)
    return refused
