"""Backup test fixtures: a vault (cheap key derivation) with its recovery key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from app.store import KdfParams, Vault

PASS = "frase de prueba larga"  # the CLI fixtures' passphrase (tests/cli/conftest.py)


@dataclass
class Made:
    data_dir: Path
    recovery_key: str


@pytest.fixture
def made(tmp_path: Path) -> Made:
    directory = tmp_path / "vault"
    store, recovery = Vault.create(
        directory, "LIM01", "ALEGRA Lima", "ana", PASS, kdf=KdfParams.fast()
    )
    store.lock()
    return Made(directory, recovery)
