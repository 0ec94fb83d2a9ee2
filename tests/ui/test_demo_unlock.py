"""The demo's unlock screen says the demo's user and passphrase (they were only printed in
the terminal, which a defender trying the demo from a menu never sees); a real vault's
unlock screen never shows a passphrase."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
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


def _run_demo_and_read_the_unlock_screen(
    qtbot: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """``main.py --demo --data-dir root`` as started from a terminal: what its unlock
    screen says (read, then the window closed as a person closes it), and the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui import app as gui

    monkeypatch.setattr(demo.DemoServer, "ensure_started", lambda self: False)
    for name in gui.NOT_USED:  # blocked as the start blocks them, for this run only
        if name not in sys.modules:
            monkeypatch.setitem(sys.modules, name, None)
    said: list[str] = []

    def look() -> None:  # on the UI thread, once the unlock screen shows
        for widget in QApplication.topLevelWidgets():
            screen = getattr(widget, "unlock_screen", None)
            if isinstance(widget, MainWindow) and screen is not None and screen.isVisible():
                said.append(_shown(screen))
                widget.close()
                return
        QTimer.singleShot(20, look)

    def session() -> int:  # the person's session: until the window is read and closed
        qtbot.waitUntil(lambda: bool(said), timeout=20_000)
        return 0

    # app.exec itself would leave Qt quitting: every later event loop of the session
    # (qtbot.waitSignal) would return at once
    monkeypatch.setattr(QApplication.instance(), "exec", session)
    QTimer.singleShot(0, look)
    code = gui.run(["--demo", "--data-dir", str(root)])
    assert said, "no unlock screen"
    return code, said[0]


def test_a_real_vault_in_the_demos_folder_is_never_told_the_demos_passphrase(
    qtbot: Any, ui_app: Any, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--demo --data-dir D`` on a folder whose vault the demo did not make (review 9
    F10): neither the unlock screen nor the terminal says the demo's login. Fails on the
    old code: "usuario «demo», contraseña «chasqui-demo-2026»" on that vault's screen."""
    make_vault(tmp_path / "vault", user="ana").lock()
    code, said = _run_demo_and_read_the_unlock_screen(qtbot, tmp_path, monkeypatch)
    assert code == 0
    assert "contraseña «" not in said and demo.DEMO_PASSPHRASE not in said, said
    out = capsys.readouterr().out
    assert demo.DEMO_PASSPHRASE not in out
    assert "una bóveda que no creó la demo" in out


def test_the_vault_the_demo_made_is_marked_and_its_screen_says_the_login(
    qtbot: Any, ui_app: Any, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "fill_sample", lambda store, people: {})  # data: not needed
    vault_dir = demo.ensure_demo_vault(tmp_path, people=0)  # standalone: no server
    assert (vault_dir / demo.DEMO_MARKER).is_file()
    assert demo.demo_login(tmp_path) == (demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    code, said = _run_demo_and_read_the_unlock_screen(qtbot, tmp_path, monkeypatch)
    assert code == 0 and "usuario «demo», contraseña «chasqui-demo-2026»" in said, said
    assert f"Contraseña: {demo.DEMO_PASSPHRASE}" in capsys.readouterr().out
