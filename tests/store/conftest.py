"""Helpers of the store tests (the vault fixtures are in ``tests/conftest.py``)."""

from __future__ import annotations

from app.store import Store


def row(store: Store, entity: str, entity_id: str, include_deleted: bool = False) -> dict:
    """``store.get`` that fails the test when the record is missing."""
    found = store.get(entity, entity_id, include_deleted=include_deleted)
    assert found is not None, f"{entity} {entity_id} is missing"
    return found
