"""First run, unlock (wrong then right passphrase), recovery key, auto-lock and Ctrl+L."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.store import Vault
from app.ui.backend import StoreBackend
from app.ui.main_window import MainWindow, Services
from tests.conftest import PASS


def _window(qtbot: Any, vault: Any, data_dir: Path, idle_ms: int = 60_000) -> MainWindow:
    window = MainWindow(
        Services(vault=vault, data_dir=data_dir, make_backend=StoreBackend, idle_ms=idle_ms)
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.opening, timeout=10_000)
    return window


def test_first_run_creates_vault_and_requires_acknowledging_recovery_key(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "new"
    window = _window(qtbot, fast_vault, data_dir)
    wizard = window.first_run
    assert wizard is not None and window.stack.currentWidget() is wizard
    qtbot.mouseClick(wizard.create_radio, Qt.MouseButton.LeftButton)
    wizard.pages.setCurrentIndex(1)
    qtbot.keyClicks(wizard.office_code, "lim01")
    wizard.office_name.setText("ALEGRA Lima Centro — Atención")
    qtbot.keyClicks(wizard.user_name, "ana")
    qtbot.keyClicks(wizard.pass1, PASS)
    assert wizard.hint.text()  # a strength hint is shown
    qtbot.keyClicks(wizard.pass2, PASS + "x")
    wizard.submit_create()
    assert "no coinciden" in wizard.create_message.text()
    wizard.pass2.setText(PASS)
    wizard.submit_create()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=10_000)
    assert len(wizard.recovery_label.text()) > 20
    assert not wizard.start_button.isEnabled()
    wizard.ack.setChecked(True)
    assert wizard.start_button.isEnabled()
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    assert window.workspace is not None
    assert Vault.list_users(data_dir) == ["ana"]
    assert window.backend is not None and window.backend.office_code == "LIM01"
    window.lock()


def test_unlock_wrong_then_right_passphrase(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path
) -> None:
    window = _window(qtbot, fast_vault, vault)
    screen = window.unlock_screen
    assert screen is not None and window.stack.currentWidget() is screen
    assert screen.user_box.currentText() == "ana"
    qtbot.keyClicks(screen.pass_edit, "not-the-passphrase")
    qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "incorrecta" in screen.message.text(), timeout=10_000)
    assert window.workspace is None
    assert window.stack.currentWidget() is screen  # inline message, no dialog
    screen.pass_edit.setText(PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
    assert window.workspace is not None and window.stack.currentWidget() is window.workspace
    assert screen.pass_edit.text() == ""
    window.lock()


def test_recovery_key_sets_new_passphrase(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "rec"
    store, recovery = fast_vault.create(data_dir, "CUS01", "ALEGRA Cusco", "luz", PASS)
    store.lock()
    window = _window(qtbot, fast_vault, data_dir)
    screen = window.unlock_screen
    assert screen is not None
    qtbot.mouseClick(screen.forgot_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 1
    screen.recovery_edit.setText("AAAA-BBBB-CCCC-DDDD")
    screen.new_pass.setText("nueva-frase-segura-1")
    screen.new_pass2.setText("nueva-frase-segura-1")
    screen.submit_recovery()
    qtbot.waitUntil(lambda: "no es válida" in screen.recovery_message.text(), timeout=10_000)
    screen.recovery_edit.setText(recovery)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        screen.submit_recovery()
    window.lock()
    fast_vault.unlock(data_dir, "luz", "nueva-frase-segura-1").lock()


def test_idle_timeout_locks_and_drops_the_store(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path
) -> None:
    window = _window(qtbot, fast_vault, vault, idle_ms=300)
    screen = window.unlock_screen
    assert screen is not None
    screen.pass_edit.setText(PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        screen.submit()
    backend = window.backend
    assert isinstance(backend, StoreBackend)
    assert window.idle.is_active()
    with qtbot.waitSignal(window.locked, timeout=5_000):
        pass  # no input: the idle timer fires
    assert backend.store.locked
    assert window.backend is None and window.workspace is None
    assert window.stack.currentWidget() is screen
    assert "bloqueada" in screen.message.text()


def test_input_in_the_main_window_restarts_its_idle_timer(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path
) -> None:
    """The window's one application filter tells the idle watcher of input (it is no
    longer a second filter of its own: each costs a call on every event of the app)."""
    from tests.ui.e2e import started_and_unlocked

    services = Services(vault=fast_vault, data_dir=vault, make_backend=StoreBackend)
    window = started_and_unlocked(qtbot, services)
    window.idle._timer.stop()  # as if it were about to expire
    qtbot.keyClick(window.workspace.nav, Qt.Key.Key_Down)
    assert window.idle.is_active() and window.idle._timer.remainingTime() > 9_000
    window.idle._timer.stop()
    qtbot.mouseMove(window.workspace.nav)
    qtbot.mouseClick(window.workspace.nav.viewport(), Qt.MouseButton.LeftButton)
    assert window.idle.is_active()
    window.lock()


def test_user_input_restarts_the_idle_timer(qtbot: Any, ui_app: Any) -> None:
    from PySide6.QtWidgets import QLineEdit

    from app.ui.idle import IdleWatcher

    watcher = IdleWatcher(10_000)
    ui_app.installEventFilter(watcher)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    try:
        watcher.start()
        watcher._timer.stop()  # as if it were about to expire
        qtbot.keyClicks(edit, "a")  # any keystroke anywhere in the app
        assert watcher.is_active() and watcher._timer.remainingTime() > 9_000
        watcher.stop()
        qtbot.keyClicks(edit, "b")  # stopped (locked): input does not re-arm it
        assert not watcher.is_active()
    finally:
        ui_app.removeEventFilter(watcher)


def test_ctrl_l_locks(qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path) -> None:
    window = _window(qtbot, fast_vault, vault)
    screen = window.unlock_screen
    assert screen is not None
    screen.pass_edit.setText(PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        screen.submit()
    with qtbot.waitSignal(window.locked, timeout=5_000):
        window.lock_action.trigger()
    assert window.backend is None
