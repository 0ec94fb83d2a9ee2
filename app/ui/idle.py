"""Auto-lock after a period without user input.

Owns: ``IdleWatcher``, an application-wide event filter that restarts a single-shot timer
on every keyboard, mouse or wheel event and emits ``timed_out`` when the timer fires.
The timeout is injectable (milliseconds) so tests can drive it without sleeping.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)

DEFAULT_IDLE_MS = 10 * 60 * 1000


class IdleWatcher(QObject):
    timed_out = Signal()

    def __init__(self, timeout_ms: int = DEFAULT_IDLE_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, timeout_ms))
        self._timer.timeout.connect(self.timed_out)
        self._watching = False

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._watching = True
        self._timer.start()

    def stop(self) -> None:
        self._watching = False
        self._timer.stop()

    def is_active(self) -> bool:
        return self._watching and self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._watching and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False
