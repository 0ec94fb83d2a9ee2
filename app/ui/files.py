"""Where the desktop app saves and opens files: the user's Documents folder, never the
program's folder.

Owns: ``documents_dir()`` (Documents, or the home folder when the system has none),
``save_path(parent, title, file_name, filters)`` and ``open_path(parent, title,
filters)`` — the ONE save/open dialog of the app: Qt's own dialog (so it speaks Spanish
with ``qtbase_es`` loaded, and looks the same on every system), starting in the folder
last chosen in the same window, else the last one chosen before (kept in the app's settings
across restarts: a folder, never a file name; ``start_dir``/``remember``; exports, opened
files and USB packages each keep their own, so a USB drive read from is never where an
unencrypted export starts), else in Documents
(or in the folder of a path given), modal to ``parent``, every label in Peruvian Spanish
(``spanish_labels``: ``qtbase_es`` leaves some in English), sized from the app's window, not
the dialog it was opened over, never so narrow that the file names are cut, within a
1024×600 screen (``prepare``); a click on one of its
buttons while the typed path's completion list is open presses that button
(``ClickThroughCompletion``: Qt spent that first click closing the list, fresh-eyes 5
#10), files' dates in office time (``OfficeTimeDates``). A file name without a folder
(``"estadistica-2026-11.pdf"``) is placed in Documents. Both return None when cancelled.
And ``said_saved(widget, what, path)`` / ``said_attached(widget, path)``: the ONE message
after a file was written where the user chose (a PDF, a backup) or attached to a case —
what it is, the file's name and its folder — in the window's status bar (``confirm``).
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QWidget,
)

from app.ui.status import confirm
from app.ui.widgets import fmt_datetime

OBJECT_NAME = "file_dialog"  # tests find the open dialog by this name


def documents_dir() -> Path:
    """The user's Documents folder (made if the system names it but it does not exist yet:
    fresh-eyes #26, a new account's dialogs started in the home folder), else their home."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else None
    if folder is not None and not folder.is_dir() and folder.parent.is_dir():
        with contextlib.suppress(OSError):  # not ours to make (read-only home): the home
            folder.mkdir()
    if folder is not None and folder.is_dir():
        return folder
    return Path.home()


LAST_FOLDER = "chasqui_last_folder"  # window property: the folder last chosen in it
SETTING = "archivos/ultima_carpeta"  # the app's settings: the last export's folder, any session
# a file opened (an attachment, a USB package) or a USB package saved: their own folder,
# never where an export starts (fresh8 N2: a file from a USB drive, then an unencrypted
# PDF or .docx saved onto the drive with Enter)
OPENED = "archivos/ultima_carpeta_abierta"
PACKAGES = "paquetes/ultima_carpeta"


def _property(key: str) -> str:
    """The window property keeping a kind of dialog's folder this session."""
    return LAST_FOLDER if key == SETTING else f"{LAST_FOLDER}:{key}"


def settings() -> QSettings:
    """The app's settings for this user of the computer (an INI file in their config
    folder): nothing secret goes there — a folder, never a file name or personal data."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Chasqui", "Chasqui")


def _main_window(parent: QWidget | None) -> QWidget | None:
    """The top window ``parent`` is in: a dialog's own window belongs to the window it
    was opened over (fresh-eyes 6 #6: "Redactar escrito…", a dialog, started its save
    dialog in the home folder while the case's PDF had just gone elsewhere)."""
    window = parent.window() if parent is not None else None
    above = window.parentWidget() if window is not None else None
    while above is not None:  # the window a dialog was opened over, up to the top one
        window = above.window()
        above = window.parentWidget()
    return window


def start_dir(parent: QWidget | None, key: str = SETTING) -> Path:
    """Where a dialog of ``parent``'s window starts: the folder last chosen in that window
    or in a dialog over it (fresh-eyes 5 #5, every dialog went back to the home folder after
    a PDF was saved elsewhere), else the last one chosen in an earlier session (fresh-eyes
    #26: after a restart they started in the home folder), else Documents. ``key``: which
    kind of dialog (exports by default; ``OPENED``, ``PACKAGES`` keep their own folder and
    fall back to the exports' one, which never falls back to theirs: fresh8 N2)."""
    window = _main_window(parent)
    for kind in dict.fromkeys((key, SETTING)):
        here = window.property(_property(kind)) if window is not None else None
        for last in (here, settings().value(kind)):
            if isinstance(last, str) and last and Path(last).is_dir():
                return Path(last)
    return documents_dir()


def remember(parent: QWidget | None, chosen: Path, key: str = SETTING) -> Path:
    """Note the folder of ``chosen`` (only the folder: a file's name may name a client) as
    where the next dialog of this window, and of the next session, starts."""
    folder = str(chosen if chosen.is_dir() else chosen.parent)
    window = _main_window(parent)
    if window is not None:
        window.setProperty(_property(key), folder)
    settings().setValue(key, folder)
    return chosen


def _start(parent: QWidget | None, file_name: str, key: str = SETTING) -> str:
    path = Path(file_name)
    if file_name and path.parent != Path(".") and path.parent.is_dir():
        return str(path)
    folder = start_dir(parent, key)
    return str(folder / path.name) if file_name else str(folder)


def spanish_labels(dialog: QFileDialog) -> None:
    """Labels ``qtbase_es`` leaves in English ("Look in", "Files of type") or words the
    Spain way ("fichero"): Peruvian Spanish for every label of Qt's file dialog."""
    label = QFileDialog.DialogLabel
    dialog.setLabelText(label.LookIn, QCoreApplication.translate("files", "Buscar en:"))
    dialog.setLabelText(label.FileType, QCoreApplication.translate("files", "Tipo de archivo:"))
    if dialog.fileMode() == QFileDialog.FileMode.Directory:
        name = QCoreApplication.translate("files", "Carpeta:")
    else:
        name = QCoreApplication.translate("files", "Nombre del archivo:")
    dialog.setLabelText(label.FileName, name)
    dialog.setLabelText(label.Reject, QCoreApplication.translate("files", "Cancelar"))
    if dialog.labelText(label.Accept) in ("", "&Save", "&Open", "&Guardar", "&Abrir"):
        if dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            accept = QCoreApplication.translate("files", "Guardar")
        else:
            accept = QCoreApplication.translate("files", "Abrir")
        dialog.setLabelText(label.Accept, accept)


class ClickThroughCompletion(QObject):
    """A press outside the open completion list of a dialog's name field that lands on one
    of the dialog's buttons closes the list AND presses the button. Qt's completer eats
    that press to close its list, so typing a folder and clicking "Guardar la copia aquí"
    did nothing the first time (fresh-eyes 5 #10). Installed on the list after the
    completer's own filter, so it sees the press first."""

    def __init__(self, dialog: QFileDialog, popup: QWidget) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.popup = popup
        popup.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.MouseButtonPress or not isinstance(event, QMouseEvent):
            return False
        where = event.globalPosition().toPoint()
        if self.popup.geometry().contains(where):
            return False
        for button in self.dialog.findChildren(QAbstractButton):
            if (
                button.isVisible()
                and button.isEnabled()
                and button.rect().contains(button.mapFromGlobal(where))
            ):
                self.popup.hide()
                button.click()
                return True
        return False


def click_through_completion(dialog: QFileDialog) -> None:
    """Install ``ClickThroughCompletion`` on the completion list of ``dialog``'s name
    field (Qt's own dialog only)."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    completer = edit.completer() if edit is not None else None
    popup = completer.popup() if completer is not None else None
    if popup is not None:
        ClickThroughCompletion(dialog, popup)


KIND, MODIFIED = 2, 3  # QFileSystemModel's "Tipo" and "Fecha de modificación" columns
MIN_SIZE = (760, 420)  # a file dialog, at least (within the room a 1024×600 screen leaves)


class OfficeTimeDates(QIdentityProxyModel):
    """The file list as Qt's dialog shows it, its modification date in office time and
    the app's dd/mm/aaaa hh:mm (``widgets.fmt_datetime``): Qt wrote it in the computer's
    zone, so the dialog said 21:02 for a file saved at 16:02 on screen (fresh-eyes 6 #12).
    Only the text shown changes (the process's zone and Qt's sorting do not)."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        source = self.sourceModel()
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.column() == MODIFIED
            and isinstance(source, QFileSystemModel)
        ):
            stamp = source.lastModified(self.mapToSource(index))
            try:
                if stamp.isValid():
                    moment = datetime.fromtimestamp(stamp.toSecsSinceEpoch(), UTC)
                    return fmt_datetime(moment.isoformat())
            except (ValueError, OverflowError, OSError):  # past 9999, or before 1970 on
                pass  # Windows (a camera's or an old USB stick's zero date): Qt's own text
        return super().data(index, role)


def prepare(dialog: QFileDialog) -> None:
    """Spanish labels, a first click on a button that works while a typed path's
    completion list is open, and a size that shows every column of the file list without
    scrolling sideways while fitting a 1024×600 screen."""
    spanish_labels(dialog)
    dialog.setProxyModel(OfficeTimeDates(dialog))  # before the list's columns are sized
    click_through_completion(dialog)
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is not None:  # size, type and date whole ("30 11 2...6": fresh-eyes 6 #6)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tree.setColumnHidden(KIND, True)  # "documento PDF": the name and the filter say it
    # Sized from the app's window (or the screen), not from a small dialog it was opened
    # over: 600 px wide cut the names ("caso-…e.pdf", fresh-eyes #20); and never narrower.
    window = _main_window(dialog.parentWidget())
    screen = QGuiApplication.primaryScreen()  # not the dialog's: before it shows, a crash
    if window is not None:
        room = window.size()
    else:
        room = screen.availableGeometry().size() if screen is not None else QSize(1024, 600)
    least = QSize(min(MIN_SIZE[0], room.width() - 24), min(MIN_SIZE[1], room.height() - 24))
    dialog.setMinimumSize(least)
    width, height = min(900, room.width() - 24), min(520, room.height() - 24)
    dialog.resize(max(width, least.width()), max(height, least.height()))


def _dialog(parent: QWidget | None, title: str, start: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setObjectName(OBJECT_NAME)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    return dialog


def _chosen(dialog: QFileDialog, parent: QWidget | None, key: str) -> Path | None:
    """Run ``dialog``: the file chosen (its folder remembered), None when cancelled. Then
    the dialog goes and the window under it has the keyboard again (it stayed, hidden, the
    active window: Ctrl+Q in "Redactar escrito" after Esc on its save dialog went to it
    and did nothing, fresh8 #5)."""
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.selectedFiles()
    finally:
        dialog.deleteLater()
        under = parent.window() if parent is not None else None
        if under is not None and under.isVisible():
            under.activateWindow()
    return remember(parent, Path(chosen[0]), key) if accepted and chosen else None


def save_path(
    parent: QWidget | None,
    title: str,
    file_name: str,
    filters: str = "PDF (*.pdf)",
    key: str = SETTING,
) -> Path | None:
    """Ask where to save ``file_name`` (suggested in Documents); None when cancelled."""
    dialog = _dialog(parent, title, _start(parent, file_name, key), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(file_name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    prepare(dialog)
    return _chosen(dialog, parent, key)


def open_path(
    parent: QWidget | None, title: str, filters: str = "", key: str = OPENED
) -> Path | None:
    """Ask for an existing file, starting where the last one was opened (else in
    Documents); None when cancelled."""
    dialog = _dialog(parent, title, str(start_dir(parent, key)), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    prepare(dialog)
    return _chosen(dialog, parent, key)


SAID_MS = 15000  # a file's whereabouts stay long enough to read (and copy from the tooltip)


def saved_message(what: str, path: Path | str) -> str:
    """``what`` was written to ``path``: "PDF guardado: caso-0012.pdf, en
    /home/ana/Documentos"."""
    target = Path(path)
    text = QCoreApplication.translate("files", "%1: %2, en %3")
    return text.replace("%1", what).replace("%2", target.name).replace("%3", str(target.parent))


def said_saved(widget: QWidget, what: str, path: Path | str) -> None:
    """Say in ``widget``'s window where ``what`` went (``saved_message``; when the status
    bar is short of room the folder, then the file name, are shortened in the middle: the
    name reads whole, fresh 9 N4)."""
    target = Path(path)
    confirm(widget, saved_message(what, target), SAID_MS, (str(target.parent), target.name))


def said_attached(widget: QWidget, path: Path | str) -> None:
    """Say that the file at ``path`` was attached (an encrypted copy; the original stays)."""
    source = Path(path)
    text = QCoreApplication.translate("files", "Adjuntado al caso (copia cifrada): %1, de %2")
    message = text.replace("%1", source.name).replace("%2", str(source.parent))
    # the name the person chose stays whole, the folder gives way first (fresh8 #15b)
    confirm(widget, message, SAID_MS, (str(source.parent), source.name))
