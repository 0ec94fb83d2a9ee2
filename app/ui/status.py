"""The status bar that always shows the state of synchronization, and confirmations.

Owns: ``SyncStatusBar`` — online/offline, changes waiting to be sent, last successful
sync, conflicts to review (clickable: opens the sync page); when the last round failed
for another reason than the link (``SyncStatus.failing``: the server does not know this
device, refused the round...) "⚠ Sincronización fallida" in red instead of "● En línea",
the round's sentence in its tooltip; ``current`` is the last status shown. ``show_status`` takes a
``SyncStatus``; the main window refreshes it from the worker on a timer, after writes and
after sync rounds; ``shown(status)`` passes each one on (the one "changes waiting" figure:
Inicio's backup banner says the same number).
``confirm(widget, message)`` — the ONE way a screen confirms a finished action ("Caso
abierto", "Nota firmada"): the message shows in the window's status bar for
``CONFIRM_MS`` (no layout shift, nothing to dismiss) and ``SyncStatusBar.confirmed``
carries it (tests, accessibility).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QSizePolicy, QStatusBar, QWidget

from app.ui.ports import SyncStatus
from app.ui.widgets import fmt_datetime

CONFIRM_MS = 8000
FAILING_STYLE = "color: #b00020; font-weight: bold;"


def confirm(
    widget: QWidget, message: str, ms: int = CONFIRM_MS, squeeze: Sequence[str] = ()
) -> bool:
    """Confirm a finished action in the status bar of ``widget``'s window (``squeeze``:
    parts of ``message`` shortened first when the room is short, see ``MessageLabel``).

    Returns False (and shows nothing) when the widget is not inside a main window, e.g.
    a page built on its own in a test."""
    window = widget.window()
    if not isinstance(window, QMainWindow):
        return False
    bar = window.statusBar()
    if isinstance(bar, SyncStatusBar):
        bar.say(message, ms, squeeze)
        bar.confirmed.emit(message)
    else:
        bar.showMessage(message, ms)
    return True


class MessageLabel(QLabel):
    """A one-line message that never pushes the window wider. When the room is short,
    the ``squeeze`` parts (e.g. a file name, then its folder) are shortened in their
    middle first, then the whole text in its middle; the tooltip has it whole."""

    MIN_PART = 12  # characters a squeezed part keeps (its two ends)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.squeeze: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full(self, text: str, squeeze: Sequence[str] = ()) -> None:
        self.full = text
        self.squeeze = tuple(p for p in squeeze if p and p in text)
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics, room = self.fontMetrics(), max(0, self.contentsRect().width())
        text = self.full
        for part in self.squeeze:
            over = metrics.horizontalAdvance(text) - room
            if over <= 0:
                break
            floor = metrics.horizontalAdvance(part[: self.MIN_PART // 2] + "…" + part[-6:])
            keep = max(floor, metrics.horizontalAdvance(part) - over)
            short = metrics.elidedText(part, Qt.TextElideMode.ElideMiddle, keep)
            text = text.replace(part, short, 1)
        self.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room))


class SyncStatusBar(QStatusBar):
    """The sync state on the right, compact (whole sentences in the tooltips), and the
    messages on the left in their own ``MessageLabel`` with the rest of the width. A
    message longer than its room first takes the room of "Sincronizado: …", then of
    "Por enviar: N", then of "Conflictos: 0" (none of them needed for the seconds a
    message shows; "● En línea" and conflicts to review always stay), so a file's name
    reads whole at 1024 px (fresh 9 #15b, N4); they come back when it goes. Only what
    still does not fit is elided, never cut or drawn under "● En línea".
    ``showMessage``/``currentMessage``/``clearMessage`` keep Qt's contract."""

    conflicts_clicked = Signal()
    confirmed = Signal(str)  # a confirmation shown by ``confirm``
    shown = Signal(object)  # the SyncStatus just shown (Inicio's backup banner reads it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = MessageLabel()
        self.message.setObjectName("status_message")
        self.addWidget(self.message, 1)
        self._expire = QTimer(self)
        self._expire.setSingleShot(True)
        self._expire.timeout.connect(self.clearMessage)
        self.online = QLabel()
        self.online.setContentsMargins(0, 0, 4, 0)  # off the window's edge when alone
        self.pending = QLabel()
        self.pending.setToolTip(self.tr("Cambios de este equipo que aún no están en el servidor"))
        self.last = QLabel()
        self.last.setToolTip(self.tr("Última sincronización completa con el servidor"))
        self.conflicts = QPushButton()
        self.conflicts.setFlat(True)
        self.conflicts.setAccessibleName(self.tr("Conflictos de sincronización"))
        self.conflicts.setToolTip(
            self.tr("Conflictos de sincronización por revisar (abre Sincronización)")
        )
        self.conflicts.clicked.connect(self.conflicts_clicked)
        for widget in (self.online, self.pending, self.last, self.conflicts):
            self.addPermanentWidget(widget)
        self.current = SyncStatus()  # the last status shown (quitting reads it)
        self.show_status(self.current)

    # -- messages (Qt's API, shown in ``message``)
    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self.say(text, timeout or 0)

    def say(self, text: str, timeout: int = 0, squeeze: Sequence[str] = ()) -> None:
        """Show ``text`` (for ``timeout`` ms; 0: until replaced), see ``MessageLabel``."""
        self.message.set_full(text, squeeze)
        self._make_room()
        if timeout:
            self._expire.start(timeout)
        else:
            self._expire.stop()
        self.messageChanged.emit(text)

    def clearMessage(self) -> None:
        self._expire.stop()
        if self.message.full:
            self.message.set_full("")
            self._make_room()
            self.messageChanged.emit("")

    def currentMessage(self) -> str:
        return self.message.full

    def _make_room(self) -> None:
        """Hide the sync details the message needs the room of, in ``yielding`` order;
        show again those it does not need (all of them once it is gone)."""
        yielding: list[QWidget] = [self.last, self.pending]
        if not self.current.conflicts:
            yielding.append(self.conflicts)
        layout = self.layout()
        gap = max(layout.spacing(), 0) if layout is not None else 0
        # the message's width with every one of them shown, then what each one gives
        room = self.message.width() - sum(
            w.sizeHint().width() + gap for w in yielding if w.isHidden()
        )
        need = self.message.fontMetrics().horizontalAdvance(self.message.full) + 8
        hide: list[QWidget] = []
        for widget in yielding:
            if not self.message.full or room >= need:
                break
            hide.append(widget)
            room += widget.sizeHint().width() + gap
        for widget in (self.last, self.pending, self.conflicts):
            widget.setHidden(widget in hide)

    def show_status(self, status: SyncStatus) -> None:
        self.current = status
        self.online.setStyleSheet(FAILING_STYLE if status.failing else "")
        self.online.setToolTip("")
        if status.failing:  # the link works, the rounds do not: never "En línea"
            from app.ui.sync_adapter import status_text  # loaded by the workspace already

            self.online.setText("⚠ " + self.tr("Sincronización fallida"))
            self.online.setToolTip(
                status_text(str(status.last_round))
                + "\n"
                + self.tr("Los cambios se guardan en este equipo; vea la página Sincronización.")
            )
        elif status.online is None:
            self.online.setText("○ " + self.tr("Sin sincronizar aún"))
        elif status.online:
            self.online.setText("● " + self.tr("En línea"))
        else:
            self.online.setText("○ " + self.tr("Sin conexión"))
        self.pending.setText(self.tr("Por enviar: %n", "", status.pending))
        self.last.setText(
            self.tr("Sincronizado: %1").replace("%1", fmt_datetime(status.last_success))
            if status.last_success
            else self.tr("Sincronizado: nunca")
        )
        self.conflicts.setText(self.tr("Conflictos: %n", "", status.conflicts))
        self.conflicts.setStyleSheet(FAILING_STYLE if status.conflicts else "")
        self._make_room()  # conflicts to review always show
        self.shown.emit(status)
