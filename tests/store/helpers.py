"""Shared helpers for store tests: replaying the outbox, comparing replicas."""

from __future__ import annotations

import json
from typing import Any

from app.store import Store
from app.store.schema import ENTITIES
from sync.changes import Change
from sync.merge import RecordState, merge


def outbox_changes(store: Store) -> list[Change]:
    rows = store.query("SELECT body FROM outbox ORDER BY seq")
    return [Change.from_dict(json.loads(r["body"])) for r in rows]


def replay(changes: list[Change]) -> dict[tuple[str, str], RecordState]:
    states: dict[tuple[str, str], RecordState] = {}
    for change in changes:
        key = (change.entity, change.entity_id)
        states[key] = merge(states.get(key), change).state
    return states


def assert_outbox_matches_rows(store: Store) -> None:
    """Every row equals what its outbox changes produce, and every change has its row."""
    states = replay(outbox_changes(store))
    rows = store.export_rows()
    seen = set()
    for name, records in rows.items():
        cols = ENTITIES[name].columns
        for rec in records:
            key = (name, rec["id"])
            seen.add(key)
            state = states.get(key)
            assert state is not None, f"row {key} has no outbox change"
            for col in cols:
                assert rec[col] == state.values.get(col), (key, col)
            assert bool(rec["_deleted"]) == state.deleted, key
            assert rec["_versions"] == state.versions_json(), key
    assert set(states) == seen


def exported(store: Store) -> dict[str, Any]:
    return store.export_rows()
