"""Keyboard focus kept within one step of a page: Tab and Shift+Tab walk the step's own
stops and wrap around, never escaping into the sidebar or onto an invisible widget.

Owns ``tab_stops(widgets)`` (the widgets that can take the focus by Tab now: visible,
enabled, accepting Tab focus — of a group of radio buttons with one checked, only that
one, as Qt decides), ``move_focus(stops, forward)`` (the next or previous stop after the
widget that has the focus, wrapping; it is scrolled into view) and ``focus_first(stops)``
(the first of them, scrolled into view). A page calls ``move_focus`` from its
``focusNextPrevChild`` with the stops of the step on screen. ``arrows_choose(group)``:
an arrow key on a radio button of a group with nothing chosen yet chooses the button it
moves to, as when one is chosen (Qt then only moved the focus, and a keyboard user took
the question for answered: fresh-eyes 6 #3). ``laid_out(widget)``: the layouts Qt
posted done before a place is measured.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QButtonGroup, QScrollArea, QWidget


def tab_stops(widgets: Iterable[QWidget | None]) -> list[QWidget]:
    """The widgets of ``widgets`` that Tab can reach now, in the order given."""
    out: list[QWidget] = []
    for widget in widgets:
        if widget is None or widget in out:
            continue
        policy = widget.focusPolicy().value
        if not policy & Qt.FocusPolicy.TabFocus.value:
            continue
        window = widget.window()
        if widget.isEnabled() and widget.isVisibleTo(window) and window.isVisible():
            out.append(widget)
    return out


def _index_of(stops: list[QWidget], focused: QWidget | None) -> int:
    """Which stop holds ``focused`` (itself, an ancestor, or the one it is a proxy of)."""
    if focused is None:
        return -1
    for i, stop in enumerate(stops):
        if stop is focused or stop.isAncestorOf(focused) or stop.focusProxy() is focused:
            return i
    return -1


def laid_out(widget: QWidget, rounds: int = 12) -> None:
    """Run the layout requests Qt posted — and those they post in turn, one level of the
    widget tree at a time — until ``widget`` stops moving (at most ``rounds``): a place
    measured before is not where the person will see it (fresh 9 N5, fresh 11 #8: a
    message's room given back above the field moved it under the top edge after the
    scroll was set)."""
    top, last = widget.window(), None
    for _ in range(rounds):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        where = (widget.mapTo(top, QPoint(0, 0)), widget.size(), top.size())
        if where == last:
            return
        last = where


def show_in_scroll_area(widget: QWidget, only_focused: bool = False) -> None:
    """Scroll every scroll area holding ``widget`` so that it is in view: all of it where
    it fits (Qt's ``ensureWidgetVisible`` shows only a text box's cursor line: a box at
    the bottom stayed half hidden). ``only_focused``: only if it still has the keyboard."""
    if only_focused and QApplication.focusWidget() is not widget:
        return
    parent = widget.parentWidget()
    while parent is not None:
        inner = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and inner is not None:
            parent.ensureWidgetVisible(widget, 20, 20)
            bar, room = parent.verticalScrollBar(), parent.viewport().height()
            bottom = widget.mapTo(inner, QPoint(0, widget.height())).y() + 20
            if widget.height() + 40 <= room and bottom > bar.value() + room:
                bar.setValue(bottom - room)
        parent = parent.parentWidget()


def focus_first(stops: list[QWidget]) -> QWidget | None:
    """Give the focus to the first stop (scrolled into view); returns it."""
    if not stops:
        return None
    show_in_scroll_area(stops[0])
    stops[0].setFocus(Qt.FocusReason.TabFocusReason)
    return stops[0]


def move_focus(stops: list[QWidget], forward: bool) -> bool:
    """Move the focus to the stop after (or before) the focused one, wrapping; False when
    there is no stop."""
    if not stops:
        return False
    i = _index_of(stops, QApplication.focusWidget())
    if i < 0:
        target = stops[0] if forward else stops[-1]
    else:
        target = stops[(i + (1 if forward else -1)) % len(stops)]
    show_in_scroll_area(target)
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    target.setFocus(reason)
    return True


_BACK = (Qt.Key.Key_Left.value, Qt.Key.Key_Up.value)
_ON = (Qt.Key.Key_Right.value, Qt.Key.Key_Down.value)


class _ArrowsChoose(QObject):
    """The event filter of ``arrows_choose`` (one per group, parented to it)."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self.group = group

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self.group.checkedButton() is not None:
            return False  # once something is chosen, Qt's own arrows choose as they move
        assert isinstance(event, QKeyEvent)
        key, buttons = int(event.key()), self.group.buttons()
        if key not in (*_BACK, *_ON) or watched not in buttons:
            return False
        step = -1 if key in _BACK else 1
        i = buttons.index(watched)
        target = buttons[(i + step) % len(buttons)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        target.click()
        return True


def arrows_choose(group: QButtonGroup) -> None:
    """Arrow keys choose within ``group`` from the first press (see the module docstring)."""
    watcher = _ArrowsChoose(group)
    button: QAbstractButton
    for button in group.buttons():
        button.installEventFilter(watcher)
