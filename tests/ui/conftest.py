"""Shared fixtures of the desktop UI tests (pytest-qt, offscreen).

``QT_QPA_PLATFORM=offscreen`` is set before anything imports Qt. Fixtures give a
QApplication with the bundled fonts and Peru locale and a fast-KDF vault adapter (the
vaults themselves: ``tests/conftest.py``). Every test has its own app settings folder
(``app.ui.files.settings``: the last folder chosen in a file dialog), never the user's.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest

from tests.conftest import FAST


@pytest.fixture(autouse=True)
def _own_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The app's settings of this test in a folder of its own (not the user's, not the
    previous test's): a file dialog's last folder must not leak between tests."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("settings"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


@pytest.fixture(scope="session")
def ui_app(qapp: Any) -> Any:
    from app.ui.app import make_application

    return make_application("es")


@pytest.fixture(autouse=True)
def _gc_on_the_ui_thread(qapp: Any) -> None:
    """Every UI test, worker or not, leaves cyclic collection to the UI thread: a later
    test's server thread must not collect this test's Qt wrappers (``app.ui.gc_guard``)."""
    from app.ui import gc_guard

    gc_guard.install()


@pytest.fixture
def fast_vault() -> Any:
    from app.ui.vault_port import StoreVault

    return StoreVault(kdf=FAST)


def unlocked_window(qtbot: Any, services: Any, store: Any) -> Any:
    """A shown ``MainWindow`` over ``services`` with its workspace open on ``store``."""
    from app.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        window.open_workspace(store)
    return window
