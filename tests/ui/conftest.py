"""Shared fixtures of the desktop UI tests (pytest-qt, offscreen).

``QT_QPA_PLATFORM=offscreen`` is set before anything imports Qt. Fixtures give a
QApplication with the bundled fonts and Peru locale, a fast-KDF vault adapter, an
unlocked store in a temporary folder, and a ``Services`` bundle for ``MainWindow``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PASSPHRASE = "correcto-caballo-9"


@pytest.fixture(scope="session")
def ui_app(qapp: Any) -> Any:
    from app.ui.app import make_application

    return make_application("es")


@pytest.fixture
def fast_vault() -> Any:
    from app.store import KdfParams
    from app.ui.vault_port import StoreVault

    return StoreVault(kdf=KdfParams.fast())


@pytest.fixture
def vault_dir(tmp_path: Path, fast_vault: Any) -> Path:
    """A vault with one user ``ana`` (passphrase ``PASSPHRASE``), locked again."""
    data_dir = tmp_path / "vault"
    store, _key = fast_vault.create(data_dir, "LIM01", "ALEGRA Lima", "ana", PASSPHRASE)
    store.lock()
    return data_dir


@pytest.fixture
def store(vault_dir: Path, fast_vault: Any) -> Iterator[Any]:
    s = fast_vault.unlock(vault_dir, "ana", PASSPHRASE)
    yield s
    s.lock()
