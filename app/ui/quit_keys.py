"""Ctrl+Q while a dialog is open (fresh-eyes 5 #21: it did nothing and said nothing).

Owns ``QuitThroughDialogs``: the window's Salir shortcut pressed inside an open modal
dialog of ours, where Qt's application shortcuts do not reach (``key_pressed``, called by
the main window's one application event filter for every key press).
It asks, modal to that dialog, whether to close it without saving and quit
("Cancelar", the default and Escape's answer, goes back to the dialog); "Cerrar y salir"
cancels the open dialogs (as their own "Cancelar" would) and then quits the window's way
(``MainWindow.quit``: its own questions — a note being typed, changes only on this
laptop — still come).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app.ui.record_page import ask

MAX_DIALOGS = 8  # dialogs open one over another, at most, that "Cerrar y salir" cancels


class QuitThroughDialogs(QObject):
    """Salir's shortcut pressed in a modal dialog over ``window``: ask, then cancel the
    dialogs and ``quit()``."""

    def __init__(self, window: QWidget, action: QAction, quit: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.action = action
        self.quit = quit
        self.question: QMessageBox | None = None  # the question, while it is open

    def key_pressed(self, watched: QObject, event: QKeyEvent) -> bool:
        """Handle a key press delivered to ``watched``; True when it was Salir's shortcut
        in a dialog (the question is then open and the key is used up)."""
        dialog = QApplication.activeModalWidget()
        if (
            dialog is None
            or dialog is self.window
            or self.question is not None
            or not self.window.isVisible()
            or not self.action.isEnabled()
            or not isinstance(watched, QWidget)
            or watched.window() is not dialog
        ):
            return False
        pressed = QKeySequence(event.keyCombination())
        if pressed.matches(self.action.shortcut()) != QKeySequence.SequenceMatch.ExactMatch:
            return False
        self.ask(dialog)
        return True

    def ask(self, dialog: QWidget) -> None:
        title = dialog.windowTitle().strip()
        text = (
            self.tr("Está abierta la ventana «%1». ¿Cerrarla sin guardar y salir de Chasqui?")
            .replace("%1", title)
            if title
            else self.tr("Hay una ventana abierta. ¿Cerrarla sin guardar y salir de Chasqui?")
        )

        def keep(box: QDialog | None) -> None:
            self.question = box if isinstance(box, QMessageBox) else None

        ask(dialog, self.tr("Salir"), text, self.tr("Cerrar y salir"), self.close_and_quit, keep)

    def close_and_quit(self) -> None:
        """Cancel every open modal dialog, top first, then quit once their loops end."""
        closed: list[QWidget] = []
        for _ in range(MAX_DIALOGS):
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog is self.window or dialog in closed:
                break  # none left, or one that stays open (it asks first): it has the say
            closed.append(dialog)
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
        QTimer.singleShot(0, self.quit)
