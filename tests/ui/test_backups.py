"""Archivo → Copia de seguridad…, the Inicio reminder and the daily copy switch, driven
through the real window (menu clicks, the folder dialog, the banner's button)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMenu

from app import office_time
from app.store.restore import Opener, verify_backup
from app.ui.backend import StoreBackend
from app.ui.backups import BackupState
from app.ui.main_window import MainWindow, Services
from tests.conftest import PASS
from tests.ui.e2e import button


def _unlocked(qtbot: Any, fast_vault: Any, data_dir: Path, **extra: Any) -> MainWindow:
    services = Services(vault=fast_vault, data_dir=data_dir, make_backend=StoreBackend, **extra)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.unlock_screen is not None, timeout=10_000)
    _unlock(qtbot, window)
    return window


def _unlock(qtbot: Any, window: MainWindow) -> None:
    screen = window.unlock_screen
    assert screen is not None
    screen.pass_edit.setText(PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)


def _click_menu_item(qtbot: Any, window: MainWindow, text: str) -> None:
    bar = window.menuBar()
    menu: QMenu = window.file_menu.menu
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible, timeout=5_000)
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def _choose_in_dialog(qtbot: Any, window: MainWindow, folder: Path) -> None:
    controller = window.backups
    assert controller is not None
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible())
    dialog = controller.dialog
    assert dialog is not None
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    dialog.activateWindow()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(edit.hasFocus, timeout=5_000)
    qtbot.keyClicks(edit, str(folder))  # typed, as a person does: Qt's completion list opens
    completions = edit.completer().popup()
    qtbot.waitUntil(completions.isVisible, timeout=5_000)
    buttons = dialog.findChild(QDialogButtonBox)
    accept = next(b for b in buttons.buttons() if b.text() == "Guardar la copia aquí")
    # ONE click, through the window as the mouse gives it (the open list sees it first):
    # fresh-eyes 5 #10, Qt's completer spent the first click closing its list.
    where = accept.mapTo(dialog, accept.rect().center())
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        QTest.mouseClick(dialog.windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    assert controller.dialog is None  # closed by that one click


def test_backup_from_the_menu_and_the_reminder(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path, tmp_path: Path
) -> None:
    store = fast_vault.unlock(vault, "ana", PASS)
    store.insert("person", {"office_id": store.office_id, "given_names": "Rosa"})
    store.lock()
    window = _unlocked(qtbot, fast_vault, vault)
    home = window.workspace.home if window.workspace else None
    assert home is not None
    reminder = home.findChild(object, "backup_reminder")
    qtbot.waitUntil(lambda: reminder.isVisible(), timeout=10_000)
    assert "Aún no ha hecho una copia" in reminder.label.text()

    usb = tmp_path / "usb"
    usb.mkdir()
    _click_menu_item(qtbot, window, "Copia de seguridad…")
    _choose_in_dialog(qtbot, window, usb)
    files = list(usb.glob("chasqui-LIM01-device01-*.chqbak"))
    assert len(files) == 1
    assert "Copia de seguridad guardada" in window.statusBar().currentMessage()
    # Fresh-eyes finding 16: a message names the file and its folder, in office time
    # (the file name keeps its UTC stamp: the CLI's contract).
    box = window.backups.saved_box
    qtbot.waitUntil(lambda: box.isVisible(), timeout=5_000)
    assert box.windowTitle() == "Copia de seguridad guardada"
    assert f"Archivo: {files[0].name}" in box.informativeText()
    assert f"Carpeta: {usb}" in box.informativeText()
    assert "hora universal, UTC" in box.informativeText()  # fresh-eyes 5 #10: the name's
    now = office_time.now()
    assert now.strftime("%d/%m/%Y") in box.text()
    qtbot.mouseClick(button(box, "Aceptar"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.backups.saved_box is None, timeout=5_000)
    # Inicio now says when, in office time, without the reminder's button text
    qtbot.waitUntil(
        lambda: reminder.label.text().startswith("Última copia de seguridad: "), timeout=10_000
    )
    assert now.strftime("%d/%m/%Y") in reminder.label.text() and not reminder.stale
    assert reminder.button.text() == "Hacer otra copia…"
    info = verify_backup(files[0], Opener("ana", PASS))
    assert info.office_code == "LIM01"

    # The banner's own button opens the same dialog; the next dialog starts in the folder used.
    reminder.show_state(BackupState(True, None, 7, False, str(usb)))
    qtbot.mouseClick(reminder.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.backups.dialog is not None)
    assert Path(window.backups.dialog.directory().absolutePath()) == usb
    window.backups.dialog.reject()
    window.lock()


def test_daily_copy_switch(qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path) -> None:
    window = _unlocked(qtbot, fast_vault, vault)
    auto = window.file_menu.auto_action
    qtbot.waitUntil(lambda: window.backups is not None and window.backups.state is not None)
    assert not auto.isChecked()  # off by default
    _click_menu_item(qtbot, window, "Copia diaria automática")
    qtbot.waitUntil(lambda: window.backups.state.auto, timeout=10_000)
    with qtbot.waitSignal(window.locked, timeout=5_000):
        window.lock_action.trigger()
    assert not window.file_menu.backup_action.isEnabled()  # locked: nothing to back up
    _unlock(qtbot, window)  # after unlocking, the daily copy is made
    qtbot.waitUntil(lambda: len(list((vault / "backups").glob("*.chqbak"))) == 1, timeout=20_000)
    assert auto.isChecked()
    window.lock()


def test_inicio_banner_and_status_bar_say_the_same_pending_changes(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path
) -> None:
    """Fresh-eyes finding 12: Inicio said "hay 2 cambios que no están en el servidor"
    while the status bar said "Por enviar: 0" (the banner kept its figure from
    before a sync round sent them). Both now show the one figure, and F5 updates both."""
    from app.ui.status import SyncStatusBar
    from tests.ui.conftest import unlocked_window
    from tests.ui.test_auto_sync import _enrolled
    from tests.ui.test_sync_ui import LocalServer, _services

    server = LocalServer(tmp_path / "server.db")
    try:
        data_dir, store = _enrolled(tmp_path, server)
        for name in ("Rosa", "Luz"):
            store.insert("person", {"given_names": name, "paternal_surname": "Ccori"})
        waiting = store.replica.pending_count()
        assert waiting >= 2
        window = unlocked_window(qtbot, _services(server, data_dir, fast_vault), store)
        home = window.workspace.home
        reminder = home.findChild(object, "backup_reminder")
        bar = window.statusBar()
        assert isinstance(bar, SyncStatusBar)
        qtbot.waitUntil(reminder.isVisible, timeout=10_000)
        said = f"hay {waiting} cambios que no están en el servidor"
        # the backup state and the status bar's figures arrive from the worker in either
        # order: the line says the count once the figures are in (no fixed wait)
        qtbot.waitUntil(lambda: said in reminder.label.text(), timeout=10_000)
        assert bar.pending.text() == f"Por enviar: {waiting}"

        qtbot.keyClick(window, Qt.Key.Key_F5)  # a round sends them (the Sync page shows)
        qtbot.waitUntil(lambda: bar.pending.text() == "Por enviar: 0", timeout=20_000)
        assert store.replica.pending_count() == 0
        # at once, with the status bar (not on Inicio's reload): no changes waiting; the
        # reminder stays, as no backup was ever made
        assert "Aún no ha hecho una copia de seguridad. Guarde" in reminder.label.text()
        window.workspace.navigate("home")
        qtbot.waitUntil(lambda: "Hola" in home.greeting.text(), timeout=10_000)
        assert reminder.isVisible() and "servidor" not in reminder.label.text()

        store.insert("person", {"given_names": "Ana", "paternal_surname": "Ccori"})
        window.workspace.status_changed.emit()  # as every write does
        qtbot.waitUntil(lambda: bar.pending.text() == "Por enviar: 1", timeout=10_000)
        assert reminder.isVisible() and "hay 1 cambio que no está" in reminder.label.text()
        window.lock()
    finally:
        server.close()


def test_the_folder_dialog_starts_in_documents_without_a_last_folder(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path
) -> None:
    """Fresh-eyes finding 16: the folder dialog opened in another session's folder. With
    no USB drive and no folder used before, it starts in Documents."""
    from app.ui.backups import removable_drives
    from app.ui.files import documents_dir

    if removable_drives():
        pytest.skip("a removable drive is mounted here: the dialog starts on it instead")
    window = _unlocked(qtbot, fast_vault, vault)
    qtbot.waitUntil(lambda: window.backups is not None and window.backups.state is not None)
    assert window.backups.state.last_folder is None
    _click_menu_item(qtbot, window, "Copia de seguridad…")
    qtbot.waitUntil(lambda: window.backups.dialog is not None)
    shown = Path(window.backups.dialog.directory().absolutePath())
    assert shown == documents_dir()
    window.backups.dialog.reject()
    window.lock()


def test_a_backups_folder_is_never_where_the_save_dialogs_start(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path, tmp_path: Path
) -> None:
    """fresh8 N2 (privacy): after a backup to a USB drive, a save dialog for a PDF started
    on the drive, and Enter saved an unencrypted file there. Now a backup into "usb" leaves
    the save dialogs where they were (Documents here); the backup's own dialog starts in
    "usb" next time. Fails on the old code: the report's save dialog started in "usb"."""
    from PySide6.QtWidgets import QFileDialog

    from app.ui import files
    from app.ui.backups import removable_drives
    from app.ui.wiring import make_reports
    from tests.ui.e2e import click, when_modal

    if removable_drives():
        pytest.skip("a removable drive is mounted here: the dialog starts on it instead")
    usb = tmp_path / "usb"
    usb.mkdir()
    window = _unlocked(qtbot, fast_vault, vault, make_reports=make_reports)
    qtbot.waitUntil(lambda: window.backups is not None and window.backups.state is not None)
    _click_menu_item(qtbot, window, "Copia de seguridad…")
    _choose_in_dialog(qtbot, window, usb)
    box = window.backups.saved_box  # "Copia de seguridad guardada"
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=5_000)
    qtbot.mouseClick(button(box, "Aceptar"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.backups.saved_box is None, timeout=5_000)
    starts: list[str] = []
    when_modal(QFileDialog, lambda d: (starts.append(d.directory().absolutePath()), d.reject()))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # Reportes
    reports = window.workspace.reports
    qtbot.waitUntil(lambda: reports.generate_button.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: reports.generate_button.isEnabled(), timeout=10_000)
    click(qtbot, reports.generate_button)  # "Generar PDF…": its save dialog
    qtbot.waitUntil(lambda: len(starts) == 1, timeout=10_000)
    assert starts == [str(files.documents_dir())]
    _click_menu_item(qtbot, window, "Copia de seguridad…")  # the backup's own folder
    qtbot.waitUntil(lambda: window.backups.dialog is not None)
    assert Path(window.backups.dialog.directory().absolutePath()) == usb
    window.backups.dialog.reject()
    window.lock()


def test_a_status_read_answered_late_does_not_bring_back_an_old_count(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """The status bar's reads run in parallel in the worker's pool: one that read the count
    before a change (or before a round sent the changes) and was answered after the read
    made since showed the old figure again, and Inicio's reminder with it — why
    test_inicio_banner_and_status_bar_say_the_same_pending_changes failed once under load.
    Now the newest read counts. Fails on the old code (the count before came back)."""
    import threading

    from PySide6.QtWidgets import QApplication

    from app.ui.worker import wait_all
    from tests.ui.e2e import main_window

    window = main_window(qtbot, store, vault_dir, fast_vault)
    bar, backend = window.statusBar(), window.backend
    before = store.replica.pending_count()
    qtbot.waitUntil(lambda: bar.pending.text() == f"Por enviar: {before}", timeout=10_000)
    real, release, hold = backend.sync_status, threading.Event(), [True]

    def sync_status() -> Any:
        status = real()  # the count now
        if hold and hold.pop():  # the first read after arming: answered late
            release.wait(10)
        return status

    backend.sync_status = sync_status
    window.refresh_status()  # reads the count before, held
    store.insert("person", {"given_names": "Ana", "paternal_surname": "Ccori"})
    window.workspace.status_changed.emit()  # as every write does: reads one more
    after = f"Por enviar: {before + 1}"
    qtbot.waitUntil(lambda: bar.pending.text() == after, timeout=10_000)
    release.set()  # the old read answers now
    assert wait_all(10_000)
    QApplication.processEvents()  # its answer delivered, if it is to be
    assert bar.pending.text() == after
