"""Fixtures for store tests: vaults with cheap key derivation (Argon2 at full cost is ~150 ms)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import KdfParams, Store, Vault

PASS = "correcto caballo bateria"
FAST = KdfParams.fast()


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def store(vault_dir: Path) -> Iterator[Store]:
    s, _ = Vault.create(vault_dir, "LIM01", "ALEGRA Lima", "ana", PASS, kdf=FAST)
    yield s
    s.lock()


def row(store: Store, entity: str, entity_id: str, include_deleted: bool = False) -> dict:
    """``store.get`` that fails the test when the record is missing."""
    found = store.get(entity, entity_id, include_deleted=include_deleted)
    assert found is not None, f"{entity} {entity_id} is missing"
    return found
