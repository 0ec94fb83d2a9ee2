"""The forms a vault can use: the definitions shipped with Chasqui plus those the
server published and sync delivered (kept in the store's sync state).

A published definition is checked with the same loader as a shipped one; one that does
not load (or that contradicts a shipped version with the same number) is skipped with a
warning naming the form, never breaking the intake screen.
"""

from __future__ import annotations

import logging
from typing import Any

import forms

log = logging.getLogger("chasqui.forms")
PUBLISHED_KEY = "published_forms"  # sync.client.ports.KEY_FORMS


def registry_for(store: Any) -> Any:
    """A ``forms`` registry with every shipped and every published version."""
    registry = forms.load_registry()
    published = store.get_sync_state(PUBLISHED_KEY, {}) or {}
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
