"""The demo's unlock screen says the demo's user and passphrase (they were only printed in
the terminal, which a defender trying the demo from a menu never sees); a real vault's
unlock screen never shows a passphrase."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.ui import demo
from app.ui.backend import StoreBackend
from app.ui.main_window import MainWindow
from app.ui.services import Services
from tests.conftest import make_vault


def _unlock_screen(qtbot: Any, services: Services) -> Any:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.unlock_screen is not None, timeout=10_000)
    return window


def _shown(screen: Any) -> str:
    return "\n".join(w.text() for w in screen.findChildren(QLabel) if w.isVisible())


def test_the_demo_unlock_screen_says_its_passphrase_and_a_real_one_does_not(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault_dir: Path
) -> None:
    """Fails on the old code: nothing on the screen said the passphrase."""
    make_vault(vault_dir, user=demo.DEMO_USER, passphrase=demo.DEMO_PASSPHRASE).lock()
    login = (demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    services = Services(
        vault=fast_vault, data_dir=vault_dir, make_backend=StoreBackend, demo_login=login
    )
    window = _unlock_screen(qtbot, services)
    screen = window.unlock_screen
    said = _shown(screen)
    found = re.search(r"usuario «(.+?)», contraseña «(.+?)»", said)
    assert found is not None, said
    assert found.group(1) == screen.user_box.currentText() == "demo"
    qtbot.keyClicks(screen.pass_edit, found.group(2))  # typed as read on the screen
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
    window.lock()

    real = Services(vault=fast_vault, data_dir=vault_dir, make_backend=StoreBackend)
    other = _unlock_screen(qtbot, real)
    assert "contraseña «" not in _shown(other.unlock_screen)
    assert demo.DEMO_PASSPHRASE not in _shown(other.unlock_screen)
