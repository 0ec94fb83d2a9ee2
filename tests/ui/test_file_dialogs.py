"""The save and open dialogs at 1024×600 as the fresh-eyes tester met them: a save dialog
opened over a small dialog was 600 px wide and cut the file names ("caso-…e.pdf", #20);
after a restart every dialog started in the home folder again (#26). Now a dialog is sized
from the app's window and never narrower than the names need, and it starts where the user
last chose a folder, in this session or an earlier one (the app's settings keep that
folder, never a file name), else in Documents."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QTreeView

from app.ui import files
from app.ui.backend import StoreBackend
from app.ui.pdf_protect import PdfProtectionDialog
from app.ui.services import Services
from app.ui.wiring import make_reports
from tests.ui.conftest import unlocked_window
from tests.ui.e2e import (
    answer_save_dialog,
    click,
    main_window,
    shortcut,
    started_and_unlocked,
    when_modal,
)

LONG = "caso-0012-demanda-de-alimentos-maria-elena-quispe.pdf"


@pytest.fixture
def documents() -> Path:
    """The test's own Documents folder (tests/ui/conftest.py), with a PDF of a long name."""
    folder = files.documents_dir()
    (folder / LONG).write_bytes(b"%PDF-1.7\n")
    return folder


def _when_listed(name: str, look: Callable[[QFileDialog, QTreeView, Any], None]) -> None:
    """Once a file dialog is up and lists ``name`` (its folder is read in a thread), pass
    it, its file list and the row's index to ``look``, then cancel it."""

    def listed(dialog: QFileDialog, left: int = 250) -> None:
        tree = dialog.findChild(QTreeView, "treeView")
        model, root = tree.model(), tree.rootIndex()
        rows = [model.index(r, 0, root) for r in range(model.rowCount(root))]
        found = next((i for i in rows if i.data() == name), None)
        if found is None and left > 0:
            QTimer.singleShot(20, lambda: listed(dialog, left - 1))
            return
        try:
            look(dialog, tree, found)
        finally:
            dialog.reject()

    when_modal(QFileDialog, listed)


def test_a_save_dialog_over_a_small_dialog_shows_the_file_names_whole(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, documents: Path
) -> None:
    """Fails on the old code: 600×380, the name column 125 px ("caso-…e.pdf")."""
    window = main_window(qtbot, store, vault_dir, fast_vault)
    small = QDialog(window)  # e.g. "Redactar escrito…"
    small.resize(380, 300)
    small.show()
    seen: list[tuple[int, int, int, int, int, int]] = []

    def look(dialog: QFileDialog, tree: QTreeView, index: Any) -> None:
        assert index is not None, "the file is not listed"
        shown = tree.visualRect(index).width()
        needed = tree.fontMetrics().horizontalAdvance(LONG) + tree.iconSize().width() + 8
        dialog.resize(300, 200)  # the defender drags it smaller: it stops at its minimum
        seen.append(
            (dialog.width(), dialog.height(), shown, needed, *dialog.minimumSize().toTuple())
        )

    _when_listed(LONG, look)
    assert files.save_path(small, "Guardar escrito (sin cifrar)", "escrito.pdf") is None
    [(width, height, shown, needed, least_w, least_h)] = seen
    assert shown >= needed, f"the name column is {shown} px, the name needs {needed}"
    assert (width, height) == (least_w, least_h) and least_w >= 760 and least_h >= 400
    assert width <= 1024 - 24 and height <= 600 - 24  # within the screen
    small.close()


def _report_dialog(qtbot: Any, window: Any) -> None:
    """Reportes (Ctrl+6), then "Generar PDF…": the save dialog."""
    shortcut(qtbot, window, Qt.Key.Key_6)
    reports = window.workspace.reports
    qtbot.waitUntil(lambda: reports.generate_button.isEnabled(), timeout=10_000)
    click(qtbot, reports.generate_button)


def test_after_a_restart_the_dialogs_start_in_the_folder_last_chosen(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, documents: Path
) -> None:
    """A report saved into "casos", the app quit and started again: its save dialog
    starts in "casos" (fails on the old code: Documents, the folder was forgotten). The
    settings hold the folder and not the file's name. The folder gone: Documents."""
    chosen = documents.parent / "casos"
    chosen.mkdir()
    services = Services(
        vault=fast_vault, data_dir=vault_dir, make_backend=StoreBackend, make_reports=make_reports
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    titles: list[str] = []
    answer_save_dialog(chosen / "estadistica-quispe.pdf", titles)
    when_modal(PdfProtectionDialog, lambda d: d.reject())  # its password: not this test's
    _report_dialog(qtbot, window)
    assert titles == ["Guardar reporte"]
    with qtbot.waitSignal(window.closed, timeout=10_000):
        shortcut(qtbot, window, Qt.Key.Key_Q)
    again = started_and_unlocked(qtbot, services)  # the app started again
    starts: list[str] = []
    when_modal(QFileDialog, lambda d: (starts.append(d.directory().absolutePath()), d.reject()))
    _report_dialog(qtbot, again)
    qtbot.waitUntil(lambda: len(starts) == 1, timeout=10_000)
    assert starts == [str(chosen)]
    ini = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Chasqui", "Chasqui")
    kept = Path(ini.fileName()).read_text(encoding="utf-8")
    assert "casos" in kept and "estadistica" not in kept and "quispe" not in kept
    shutil.rmtree(chosen)
    when_modal(QFileDialog, lambda d: (starts.append(d.directory().absolutePath()), d.reject()))
    _report_dialog(qtbot, again)
    qtbot.waitUntil(lambda: len(starts) == 2, timeout=10_000)
    assert starts == [str(chosen), str(documents)]
    again.lock()


def test_qt_file_dialogs_own_settings_stay_out_of_the_users_home(
    qtbot: Any, ui_app: Any, tmp_path: Path
) -> None:
    """F7: Qt's QFileDialog keeps its own settings in QSettings(NativeFormat, "QtProject");
    the tests' settings folder covered IniFormat only, so a dialog answered in a test wrote
    ~/.config/QtProject.conf in the real home. Fails on the old code (the path was there)."""
    dialog = QFileDialog(None, "Guardar", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, dialog.reject)
    dialog.exec()
    where = QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "QtProject")
    assert not Path(where.fileName()).is_relative_to(Path.home() / ".config"), where.fileName()


def test_a_file_opened_from_a_usb_drive_is_not_where_exports_start(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, documents: Path
) -> None:
    """fresh8 N2 (privacy): a file opened from a USB drive (an attachment, a USB package)
    moved every save dialog there, so Enter saved an unencrypted PDF or .docx onto the
    drive. An open dialog keeps its own folder: the report's save dialog next starts in
    Documents, and the next open dialog on the drive. Fails on the old code (the report's
    save dialog started on the drive)."""
    usb = documents.parent / "usb"
    usb.mkdir()
    (usb / "dni.pdf").write_bytes(b"%PDF-1.7\n")
    services = Services(
        vault=fast_vault, data_dir=vault_dir, make_backend=StoreBackend, make_reports=make_reports
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    titles: list[str] = []
    answer_save_dialog(usb / "dni.pdf", titles)  # types the path and presses Enter
    assert files.open_path(window, "Adjuntar archivo") == usb / "dni.pdf"
    starts: list[str] = []
    when_modal(QFileDialog, lambda d: (starts.append(d.directory().absolutePath()), d.reject()))
    _report_dialog(qtbot, window)
    qtbot.waitUntil(lambda: len(starts) == 1, timeout=10_000)
    assert starts == [str(documents)]
    when_modal(QFileDialog, lambda d: (starts.append(d.directory().absolutePath()), d.reject()))
    assert files.open_path(window, "Adjuntar archivo") is None
    assert starts == [str(documents), str(usb)]
    window.lock()
    shutil.rmtree(usb)
