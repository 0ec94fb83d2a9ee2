"""Backups in the desktop app: Archivo → Copia de seguridad…, the Inicio reminder, the switch.

Owns:
- ``BackupPort`` (what the screens need) and ``StoreBackups`` (it, over ``app.store.backup``);
- ``BackupMenu``: the window's "Archivo" menu (Nueva atención, Copia de seguridad…,
  Copia diaria automática, Bloquear — the menu issue 13 extends), enabled while unlocked;
- ``BackupController``: choose a folder (a USB drive: the dialog starts on the first
  removable drive, else the folder last chosen for a backup — its own setting, never the
  one the save dialogs start in: an unencrypted export must not land on the backup's USB
  drive (fresh8 N2) — else Documents), make the backup in the
  worker, then say where it went: a message box naming the file, its folder and the time
  in office time (the file name keeps its UTC stamp, the CLI's contract), and the status
  bar's line; the daily rotation after unlocking;
- ``BackupReminder``: the Inicio line that always says when the last backup was made (in
  office time), and becomes a reminder with a "Hacer una copia ahora…" button when there
  is none or it is older than the reminder's days — N = ``backup.reminder_days``, 7 by
  default (``chasqui backup --remind-days N`` changes it): a week of a defender's work is
  the most an office should have to type again after a lost or broken laptop, and a
  weekly habit is one a busy office keeps. The changes not yet on a server (the status
  bar's figure) are named in the reminder when there are any.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app import office_time
from app.ui.errors import ErrorReporter
from app.ui.files import documents_dir, prepare, said_saved, settings
from app.ui.ports import SyncStatus
from app.ui.widgets import fmt_datetime
from app.ui.worker import Worker


@dataclass(frozen=True)
class BackupState:
    stale: bool  # no backup, or older than the reminder's days (app.store.backup.backup_stale)
    last_at: str | None  # ISO UTC of the last backup, None if never
    days: int  # the reminder's limit
    auto: bool  # the daily local rotation
    last_folder: str | None  # where the last manual backup went


class BackupPort(Protocol):
    def state(self) -> BackupState: ...
    def backup_to(self, folder: Path) -> str: ...  # the file written
    def set_auto(self, enabled: bool) -> None: ...
    def auto_if_due(self) -> str | None: ...  # the daily copy written, if any


class StoreBackups:
    """``BackupPort`` over an unlocked store."""

    LAST_FOLDER = "backup_last_folder"  # local meta: a folder, not a secret

    def __init__(self, store: Any) -> None:
        self.store = store

    def state(self) -> BackupState:
        from app.store import backup

        last = backup.last_backup(self.store)
        return BackupState(
            stale=backup.backup_stale(self.store),
            last_at=last.isoformat() if last else None,
            days=backup.reminder_days(self.store),
            auto=backup.auto_enabled(self.store),
            last_folder=self.store.get_meta(self.LAST_FOLDER),
        )

    def backup_to(self, folder: Path) -> str:
        from app.store import backup

        info = backup.create_backup(self.store, folder)
        self.store.set_meta(self.LAST_FOLDER, str(folder))
        return str(info.path)

    def set_auto(self, enabled: bool) -> None:
        from app.store import backup

        backup.set_auto(self.store, enabled)

    def auto_if_due(self) -> str | None:
        from app.store import backup

        info = backup.auto_backup_if_due(self.store)
        return None if info is None else str(info.path)


def make_store_backups(backend: Any) -> BackupPort | None:
    """The default factory of ``Services.make_backups``: the backend's store, if it has one."""
    store = getattr(backend, "store", None)
    return None if store is None else StoreBackups(store)


def removable_drives() -> list[Path]:
    """Mounted removable drives (USB sticks), best effort, in name order."""
    if sys.platform == "win32":
        import string

        return [
            Path(f"{letter}:\\")
            for letter in string.ascii_uppercase[3:]
            if os.path.exists(f"{letter}:\\")
        ]
    user = getpass.getuser()
    roots = [Path("/media") / user, Path("/run/media") / user, Path("/Volumes")]
    found: list[Path] = []
    for root in roots:
        try:
            found += sorted(p for p in root.iterdir() if p.is_dir() and p.name != "Macintosh HD")
        except OSError:
            continue
    return found


BACKUP_FOLDER = "copias/ultima_carpeta"  # the app's settings: the last backup's folder


def suggested_folder(last_folder: str | None) -> str:
    """Where the folder dialog starts: the first USB drive, else the folder last chosen
    for a backup (the app's settings, any session), else the last backup's folder (the
    vault's meta), else Documents. Never the save dialogs' folder, and a backup's folder
    is never theirs (fresh8 N2: a .docx saved without encryption onto the USB drive)."""
    drives = removable_drives()
    if drives:
        return str(drives[0])
    for last in (settings().value(BACKUP_FOLDER), last_folder):
        if isinstance(last, str) and last and Path(last).is_dir():
            return last
    return str(documents_dir())


def _remember_backup_folder(folder: Path) -> Path:
    settings().setValue(BACKUP_FOLDER, str(folder))
    return folder


class BackupController(QObject):
    """Runs backups for the open session; ``finished(path)`` after each one."""

    finished = Signal(str)
    state_changed = Signal(object)  # BackupState

    def __init__(
        self, port: BackupPort, worker: Worker, window: QMainWindow, errors: ErrorReporter
    ) -> None:
        super().__init__(window)
        self.port = port
        self.worker = worker
        self.window = window
        self.errors = errors
        self.dialog: QFileDialog | None = None
        self.saved_box: QMessageBox | None = None  # "Copia de seguridad guardada", if open
        self.state: BackupState | None = None

    def refresh(self) -> None:
        def show(state: BackupState) -> None:
            self.state = state
            self.state_changed.emit(state)

        self.worker.submit(self.port.state, show, self._failed)

    def choose_folder(self) -> None:
        """Open the folder dialog (non-modal); the backup starts when a folder is chosen."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        last = self.state.last_folder if self.state else None
        dialog = QFileDialog(
            self.window,
            self.tr("Copia de seguridad: elija la memoria USB o la carpeta"),
            suggested_folder(last),
        )
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, self.tr("Guardar la copia aquí"))
        prepare(dialog)
        dialog.fileSelected.connect(
            lambda folder: self.backup_to(_remember_backup_folder(Path(folder)))
        )
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def backup_to(self, folder: Path) -> None:
        self.window.statusBar().showMessage(self.tr("Haciendo la copia de seguridad…"))
        port = self.port

        def done(path: str) -> None:
            said_saved(self.window, self.tr("Copia de seguridad guardada"), path)
            self.tell_saved(Path(path), office_time.now())
            self.finished.emit(path)
            self.refresh()

        self.worker.submit(lambda: port.backup_to(folder), done, self._failed)

    def tell_saved(self, path: Path, when: dt.datetime) -> None:
        """A message box (window-modal, not blocking) naming the backup's file and folder
        and when it was made, in office time; "Aceptar" closes it."""
        if self.saved_box is not None:
            self.saved_box.deleteLater()
        box = QMessageBox(self.window)
        box.setObjectName("backup_saved")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Copia de seguridad guardada"))
        box.setText(
            self.tr("Se guardó la copia de seguridad el %1.").replace(
                "%1", when.strftime("%d/%m/%Y %H:%M")
            )
        )
        box.setInformativeText(
            self.tr(
                "Archivo: %1\nCarpeta: %2\n(El nombre del archivo lleva la hora universal, "
                "UTC, no la hora de la oficina.)\n\nGuarde la memoria USB en un lugar seguro."
            )
            .replace("%1", path.name)
            .replace("%2", str(path.parent))
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Aceptar"))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _r: self._saved_closed(box))
        self.saved_box = box
        box.open()

    def _saved_closed(self, box: QMessageBox) -> None:
        if self.saved_box is box:
            self.saved_box = None
        box.deleteLater()

    def _failed(self, exc: BaseException) -> None:
        self.errors.report(exc, self.window)

    def set_auto(self, enabled: bool) -> None:
        port = self.port
        self.worker.submit(lambda: port.set_auto(enabled), lambda _r: self.refresh(), self._failed)

    def auto_if_due(self) -> None:
        def done(path: str | None) -> None:
            if path:
                self.finished.emit(path)
                self.refresh()

        self.worker.submit(self.port.auto_if_due, done, self._failed)


class BackupMenu(QObject):
    """The "Archivo" menu of the window; its backup items work only while unlocked."""

    def __init__(self, window: QMainWindow, first: list[QAction], last: list[QAction]) -> None:
        super().__init__(window)
        self.menu: QMenu = window.menuBar().addMenu(self.tr("&Archivo"))
        self.menu.setObjectName("menu_archivo")
        self.menu.addActions(first)
        self.backup_action = QAction(self.tr("Copia de seguridad…"), self)
        self.auto_action = QAction(self.tr("Copia diaria automática"), self)
        self.auto_action.setCheckable(True)
        self.menu.addAction(self.backup_action)
        self.menu.addAction(self.auto_action)
        self.menu.addSeparator()
        self.menu.addActions(last)
        self.controller: BackupController | None = None
        self.backup_action.triggered.connect(self._backup)
        self.auto_action.toggled.connect(self._auto)
        self.attach(None)

    def attach(self, controller: BackupController | None) -> None:
        self.controller = controller
        self.backup_action.setEnabled(controller is not None)
        self.auto_action.setEnabled(controller is not None)
        if controller is not None:
            controller.state_changed.connect(self._show_state)

    def _show_state(self, state: BackupState) -> None:
        self.auto_action.blockSignals(True)
        self.auto_action.setChecked(state.auto)
        self.auto_action.blockSignals(False)

    def _backup(self) -> None:
        if self.controller is not None:
            self.controller.choose_folder()

    def _auto(self, enabled: bool) -> None:
        if self.controller is not None:
            self.controller.set_auto(enabled)


STALE_STYLE = "color: #8a4b00; font-weight: bold;"


class BackupReminder(QFrame):
    """The Inicio line about backups: when the last one was made, always; a reminder
    with a button when there is none or it is older than the reminder's days.

    How many changes wait is the status bar's figure ("Cambios por enviar"): the window
    passes every ``SyncStatus`` it shows to ``show_sync``, so the two never disagree (a
    sync round that sent them drops them from the reminder at once)."""

    def __init__(self, controller: BackupController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_reminder")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("Hacer una copia ahora…"))
        self.button.clicked.connect(controller.choose_folder)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()
        self._state: BackupState | None = None
        self._pending = 0
        self.stale = False  # showing a reminder (not only the last backup's time)
        controller.state_changed.connect(self.show_state)

    def show_state(self, state: BackupState) -> None:
        self._state = state
        self._show()

    def show_sync(self, status: SyncStatus) -> None:
        self._pending = status.pending
        self._show()

    def _show(self) -> None:
        state, pending = self._state, self._pending  # plural forms: fill_es.py
        if state is None:
            self.hide()
            return
        self.stale = state.stale
        when = fmt_datetime(state.last_at)  # office time, as every time on screen
        if not state.stale:
            text = self.tr("Última copia de seguridad: %1.").replace("%1", when)
        elif state.last_at is None and pending > 0:
            text = self.tr(
                "Aún no ha hecho una copia de seguridad y hay %n cambio(s) que no está(n) en "
                "el servidor. Guarde una copia en una memoria USB.",
                "",
                pending,
            )
        elif state.last_at is None:
            text = self.tr(
                "Aún no ha hecho una copia de seguridad. Guarde una copia en una memoria USB."
            )
        elif pending > 0:
            text = (
                self.tr(
                    "Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambio(s) "
                    "que no está(n) en el servidor. Guarde una copia en una memoria USB.",
                    "",
                    pending,
                )
                .replace("%1", self.tr("%n día(s)", "", state.days))
                .replace("%2", when)
            )
        else:
            text = (
                self.tr(
                    "Su última copia de seguridad, del %2, tiene más de %1. Guarde una copia "
                    "en una memoria USB."
                )
                .replace("%1", self.tr("%n día(s)", "", state.days))
                .replace("%2", when)
            )
        # a reminder stands out (amber, bold); the plain time is a quiet hint
        self.label.setStyleSheet(STALE_STYLE if state.stale else "color: palette(dark);")
        self.button.setText(
            self.tr("Hacer una copia ahora…") if state.stale else self.tr("Hacer otra copia…")
        )
        self.label.setText(text)
        self.show()
