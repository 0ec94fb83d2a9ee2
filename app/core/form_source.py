"""The forms a vault can use: the definitions shipped with Chasqui plus those the
server published and sync delivered (kept in the store's sync state) — and the
published catalogs (ubigeo districts created after a release), which
:func:`apply_published_catalogs` adds to ``forms`` once the vault is unlocked.

A published definition is checked with the same loader as a shipped one; one that does
not load (or that contradicts a shipped version with the same number) is skipped with a
warning naming the form, never breaking the intake screen.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Any

import forms
from forms import peru

log = logging.getLogger("chasqui.forms")
PUBLISHED_KEY = "published_forms"  # sync.client.ports.KEY_FORMS
CATALOGS_KEY = "published_catalogs"  # sync.client.catalogs.KEY_CATALOGS
UBIGEO_CATALOG = "ubigeo_distrito"
_applied: set[str] = set()  # sha256 of catalog versions already added in this process
_applied_lock = threading.Lock()


def apply_published_catalogs(store: Any) -> int:
    """Add the district rows the server published to ``forms`` (idempotent).

    Returns the number of new district codes. Rows only ever add or rename districts;
    a catalog that does not load is skipped with a warning, never blocking the caller.
    """
    replica = getattr(store, "replica", None)  # absent on plain test doubles
    held = (replica.get_sync_state(CATALOGS_KEY, {}) or {}) if replica is not None else {}
    doc = held.get(UBIGEO_CATALOG) if isinstance(held, dict) else None
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        return 0
    rows = doc["rows"]
    digest = str(doc.get("sha256") or hashlib.sha256(repr(rows).encode()).hexdigest())
    with _applied_lock:
        if digest in _applied:
            return 0
        try:
            added = peru.add_districts(rows)
        except ValueError as exc:
            log.warning("published catalog %s skipped: %s", UBIGEO_CATALOG, exc)
            return 0
        _applied.add(digest)
    if added:
        log.info("%d district(s) added from the published ubigeo catalog", added)
    return added


def registry_for(store: Any) -> Any:
    """A ``forms`` registry with every shipped and every published version."""
    apply_published_catalogs(store)
    registry = forms.load_registry()
    published = store.replica.get_sync_state(PUBLISHED_KEY, {}) or {}
    if not isinstance(published, dict):
        return registry
    for key, held in sorted(published.items()):
        raw = held.get("definition") if isinstance(held, dict) else None
        if not isinstance(raw, dict):
            continue
        try:
            registry.add(forms.definition_from_dict(raw, source=f"servidor:{key}"))
        except forms.DefinitionError as exc:
            log.warning("published form %s skipped: %s", key, exc)
    return registry
