"""Backup test fixtures: the test vault (``tests/conftest.py``) with its recovery key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import create_vault


@dataclass
class Made:
    data_dir: Path
    recovery_key: str


@pytest.fixture
def made(tmp_path: Path) -> Made:
    directory = tmp_path / "vault"
    store, recovery = create_vault(directory)
    store.lock()
    return Made(directory, recovery)
