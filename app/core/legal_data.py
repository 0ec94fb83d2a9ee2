"""The calendar and deadline rules a vault uses: the newest received, else the shipped.

Owns the reading of the legal catalogs the server published (kept by sync in the
store's ``published_catalogs`` sync state, newest version of each name, already verified
as the server's): ``calendar(store)`` (a ``WorkingCalendar`` over the newest
``calendario``), ``rules(store)`` (the newest ``plazos`` ``RuleSet``) and
``published(store, name)`` (a version's rows; the writ templates are chosen in
``app.drafting.templates``). A published version that does not load is skipped with a
warning naming it; the shipped one stays in use.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from forms import legal_catalogs as legal
from forms.deadline_rules import RuleSet, bundled_rules
from forms.workdays import WorkingCalendar

log = logging.getLogger("chasqui.legal")
CATALOGS_KEY = "published_catalogs"  # sync.client.catalogs.KEY_CATALOGS


def held_names(store: Any) -> list[str]:
    """The names of the published catalogs this vault received."""
    return sorted(_held(store))


def _held(store: Any) -> Mapping[str, Any]:
    replica = getattr(store, "replica", None)  # absent on plain test doubles
    held = replica.get_sync_state(CATALOGS_KEY, {}) if replica is not None else {}
    return held if isinstance(held, dict) else {}


def published(store: Any, name: str) -> tuple[int, list[dict[str, str]]] | None:
    doc = _held(store).get(name)
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        return None
    version = doc.get("version")
    return (version, doc["rows"]) if isinstance(version, int) else None


def calendar(store: Any) -> WorkingCalendar:
    """Working days under the newest calendar received (the shipped one before any)."""
    found = published(store, legal.CALENDAR)
    if found is not None:
        try:
            return WorkingCalendar(legal.calendar_from_rows(*found))
        except legal.LegalCatalogError as exc:
            log.warning("published calendar skipped: %s", exc)
    return WorkingCalendar()


def rules(store: Any) -> RuleSet:
    """The newest deadline rule set received (the shipped starter set before any)."""
    found = published(store, legal.RULES)
    if found is not None:
        try:
            return legal.rules_from_rows(*found)
        except legal.LegalCatalogError as exc:
            log.warning("published deadline rules skipped: %s", exc)
    return bundled_rules()
