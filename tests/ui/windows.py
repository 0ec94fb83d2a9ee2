"""Top-level windows during UI tests: only the main window and modal dialogs may show.

``watch_windows(main)`` (a context manager for any E2E test) records every top-level
window shown while it is active that is neither ``main`` nor a modal dialog nor a popup
(menus, combo lists, calendars, tooltips), and fails at the end naming each one with its
class and text. ``stray_windows(main)`` lists those visible right now. A parentless
widget shown by mistake becomes such a window (issue 13 #2: a form note's label).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget

_POPUPS = {
    Qt.WindowType.Popup,
    Qt.WindowType.ToolTip,
    Qt.WindowType.SplashScreen,
    Qt.WindowType.Desktop,
}


def allowed(widget: QWidget, main: QWidget) -> bool:
    """The main window, a modal dialog or a popup."""
    if widget is main or widget.windowType() in _POPUPS:
        return True
    if isinstance(widget, QDialog):
        return widget.isModal() or widget.windowModality() != Qt.WindowModality.NonModal
    return widget.windowModality() != Qt.WindowModality.NonModal


def describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    return f"{type(widget).__name__}({widget.objectName()!r}, {text or widget.windowTitle()!r})"


def stray_windows(main: QWidget) -> list[str]:
    """Visible top-level windows other than ``main``, modal dialogs and popups."""
    return [
        describe(w)
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and not allowed(w, main)
    ]


class WindowWatch(QObject):
    """Records the top-level windows shown (an application event filter)."""

    def __init__(self, main: QWidget) -> None:
        super().__init__()
        self.main = main
        self.stray: list[str] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and not allowed(obj, self.main)
        ):
            self.stray.append(describe(obj))
        return False


@contextmanager
def watch_windows(main: QWidget) -> Iterator[WindowWatch]:
    """Fail if a stray top-level window was shown inside the block (or is still visible)."""
    app = QApplication.instance()
    assert app is not None
    watch = WindowWatch(main)
    app.installEventFilter(watch)
    try:
        yield watch
    finally:
        app.removeEventFilter(watch)
    leftover = stray_windows(main)
    assert not watch.stray and not leftover, f"stray windows: {watch.stray + leftover}"
