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
def _own_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's settings of this test in a folder of its own (not the user's, not the
    previous test's): a file dialog's last folder must not leak between tests. So is the
    user's Documents folder (XDG's user-dirs.dirs): a dialog makes it when it is missing
    (``app.ui.files.documents_dir``), never in the home of the machine running the tests."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    for kind in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        # NativeFormat too: Qt's own QFileDialog keeps "QtProject" settings there (F7)
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
    (folder / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{folder}/Documentos"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))


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
