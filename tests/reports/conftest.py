"""Fixtures for the report tests: a vault with cheap key derivation, seeded or empty."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import KdfParams, Store, Vault

PASS = "correcto caballo bateria"
OFFICE_NAME = "ALEGRA Lima — Sede Cercado"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def store(vault_dir: Path) -> Iterator[Store]:
    s, _ = Vault.create(
        vault_dir, "LIM01", OFFICE_NAME, "jefa", PASS, kdf=KdfParams.fast(),
        display_name="Jefa de Oficina",
    )  # fmt: skip
    yield s
    s.lock()
