"""Ctrl+Q while a dialog is open (fresh-eyes 5 #21: it did nothing and said nothing).

Owns ``QuitThroughDialogs``: the window's Salir shortcut pressed inside an open modal
dialog of ours, where Qt's application shortcuts do not reach (``key_pressed``, called by
the main window's one application event filter for every key press).
When something was typed into the dialog (``typed_into``; else it is closed and the window
quits at once: "Redactar escrito", a choice of writ, fresh8 #5) it asks, modal to that
dialog, whether to close it without saving and quit
("Cancelar", the default and Escape's answer, goes back to the dialog); "Cerrar y salir"
cancels the open dialogs (as their own "Cancelar" would) and then quits the window's way
(``MainWindow.quit``: its own questions — a note being typed, changes only on this
laptop — still come). Bloquear's shortcut (Ctrl+L) in a dialog cancels the dialogs and
locks at once, without a question (fresh-eyes 6 #15). ``enter_presses``: Enter on a
page's focused button presses it, as Space does (fresh 12 #19).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from app.ui.record_page import ask

MAX_DIALOGS = 8  # dialogs open one over another, at most, that "Cerrar y salir" cancels


def typed_into(dialog: QWidget) -> bool:
    """Something was typed into one of ``dialog``'s text fields (closing it loses that)."""
    lines = [e.isModified() and bool(e.text()) for e in dialog.findChildren(QLineEdit)]
    texts: list[QPlainTextEdit | QTextEdit] = [
        *dialog.findChildren(QPlainTextEdit),
        *dialog.findChildren(QTextEdit),
    ]
    return any(lines) or any(t.document().isModified() and not t.isReadOnly() for t in texts)


class QuitThroughDialogs(QObject):
    """Salir's shortcut pressed in a modal dialog over ``window``: ask, then cancel the
    dialogs and ``quit()``."""

    def __init__(
        self,
        window: QWidget,
        action: QAction,
        quit: Callable[[], None],
        lock: tuple[QAction, Callable[[], None]] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.action = action
        self.quit = quit
        self.lock = lock  # Bloquear's action and what it does: no question, at once
        self.question: QMessageBox | None = None  # the question, while it is open

    def _matches(self, event: QKeyEvent, action: QAction) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return (
            action.isEnabled()
            and pressed.matches(action.shortcut()) == QKeySequence.SequenceMatch.ExactMatch
        )

    def key_pressed(self, watched: QObject, event: QKeyEvent) -> bool:
        """Handle a key press delivered to ``watched``; True when it was Salir's shortcut
        in a dialog (the question is then open and the key is used up), or Enter on a
        focused button of a page (``enter_presses``)."""
        if enter_presses(watched, event):
            return True
        dialog = QApplication.activeModalWidget()
        if (
            dialog is None
            or dialog is self.window
            or self.question is not None
            or not self.window.isVisible()
            or not isinstance(watched, QWidget)
            or watched.window() is not dialog
        ):
            return False
        if self.lock is not None and self._matches(event, self.lock[0]):
            # Bloquear (Ctrl+L) in a dialog did nothing (fresh-eyes 6 #15): a defender
            # walking away locks at once, as the idle lock would; the dialog is cancelled.
            self.close_dialogs(self.lock[1])
            return True
        if not self._matches(event, self.action):
            return False
        if typed_into(dialog):
            self.ask(dialog)
        else:  # nothing typed to lose ("Redactar escrito": a choice): no question (fresh8 #5)
            self.close_and_quit()
        return True

    def ask(self, dialog: QWidget) -> None:
        title = dialog.windowTitle().strip()
        text = (
            self.tr(
                "Está abierta la ventana «%1». ¿Cerrarla sin guardar y salir de Chasqui?"
            ).replace("%1", title)
            if title
            else self.tr("Hay una ventana abierta. ¿Cerrarla sin guardar y salir de Chasqui?")
        )

        def keep(box: QDialog | None) -> None:
            self.question = box if isinstance(box, QMessageBox) else None

        ask(dialog, self.tr("Salir"), text, self.tr("Cerrar y salir"), self.close_and_quit, keep)

    def close_and_quit(self) -> None:
        self.close_dialogs(self.quit)

    def close_dialogs(self, then: Callable[[], None]) -> None:
        """Cancel every open modal dialog, top first, then ``then()`` once their loops end."""
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
        QTimer.singleShot(0, then)


def enter_presses(watched: QObject, event: QKeyEvent) -> bool:
    """Enter on a page's focused button presses it, as Space does (fresh 12 #19: on
    Reportes "Generar PDF…" took Enter and did nothing, and the button seemed dead); a
    dialog's buttons already do (Qt's auto-default). True when it pressed one."""
    if not (
        isinstance(watched, QPushButton)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        and watched.hasFocus()
        and watched.isEnabled()
        and not isinstance(watched.window(), QDialog)
    ):
        return False
    watched.click()
    return True
