"""The status bar that always shows the state of synchronization, and confirmations.

Owns: ``SyncStatusBar`` — online/offline, changes waiting to be sent, last successful
sync, conflicts to review (clickable: opens the sync page). ``show_status`` takes a
``SyncStatus``; the main window refreshes it from the worker on a timer, after writes and
after sync rounds; ``shown(status)`` passes each one on (the one "changes waiting" figure:
Inicio's backup banner says the same number).
``confirm(widget, message)`` — the ONE way a screen confirms a finished action ("Caso
abierto", "Nota firmada"): the message shows in the window's status bar for
``CONFIRM_MS`` (no layout shift, nothing to dismiss) and ``SyncStatusBar.confirmed``
carries it (tests, accessibility).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QStatusBar, QWidget

from app.ui.ports import SyncStatus
from app.ui.widgets import fmt_datetime

CONFIRM_MS = 8000


def confirm(widget: QWidget, message: str, ms: int = CONFIRM_MS) -> bool:
    """Confirm a finished action in the status bar of ``widget``'s window.

    Returns False (and shows nothing) when the widget is not inside a main window, e.g.
    a page built on its own in a test."""
    window = widget.window()
    if not isinstance(window, QMainWindow):
        return False
    bar = window.statusBar()
    bar.showMessage(message, ms)
    if isinstance(bar, SyncStatusBar):
        bar.confirmed.emit(message)
    return True


class SyncStatusBar(QStatusBar):
    conflicts_clicked = Signal()
    confirmed = Signal(str)  # a confirmation shown by ``confirm``
    shown = Signal(object)  # the SyncStatus just shown (Inicio's backup banner reads it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.online = QLabel()
        self.pending = QLabel()
        self.last = QLabel()
        self.conflicts = QPushButton()
        self.conflicts.setFlat(True)
        self.conflicts.setAccessibleName(self.tr("Conflictos por revisar"))
        self.conflicts.clicked.connect(self.conflicts_clicked)
        for widget in (self.online, self.pending, self.last, self.conflicts):
            self.addPermanentWidget(widget)
        self.show_status(SyncStatus())

    def show_status(self, status: SyncStatus) -> None:
        if status.online is None:
            self.online.setText("○ " + self.tr("Sin sincronizar aún"))
        elif status.online:
            self.online.setText("● " + self.tr("En línea"))
        else:
            self.online.setText("○ " + self.tr("Sin conexión"))
        self.pending.setText(self.tr("Cambios por enviar: %n", "", status.pending))
        self.last.setText(
            self.tr("Última sincronización: %1").replace("%1", fmt_datetime(status.last_success))
            if status.last_success
            else self.tr("Última sincronización: nunca")
        )
        self.conflicts.setText(self.tr("Conflictos por revisar: %n", "", status.conflicts))
        self.conflicts.setStyleSheet(
            "color: #b00020; font-weight: bold;" if status.conflicts else ""
        )
        self.shown.emit(status)
