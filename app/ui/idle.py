"""Auto-lock after a period without user input.

Owns: ``IdleWatcher``, which restarts a single-shot timer on every keyboard, mouse or wheel
event (``INPUT_EVENTS``) and emits ``timed_out`` when the timer fires. It can be an
application-wide event filter itself; the main window instead tells it of input from its
own one filter (``saw_input``): every Python event filter of the application costs a call
on every event of the app (two of them doubled the cost of building the ficha: 81 → 186 ms).
The timeout is injectable (milliseconds) so tests can drive it without sleeping.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

INPUT_EVENTS = frozenset(
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

    def saw_input(self) -> None:
        """The user typed, clicked, moved the mouse or scrolled: the idle time restarts."""
        if self._watching:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.saw_input()
        return False
