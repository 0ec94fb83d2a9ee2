"""Helpers for end-to-end tests that drive the real main window as a person does.

Only mouse clicks, key clicks and typed text on real widgets; waiting is on conditions
(``qtbot.waitUntil``), never on sleeps. Data that a test needs beforehand is arranged
with ``app.core`` on the real store (that is the arrangement, not a step of the flow).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)

from app.core import cases, intakes, people
from tests.conftest import PASS

MARIA = {
    "given_names": "Maria Elena",
    "paternal_surname": "Quispe",
    "maternal_surname": "Mamani",
    "doc_type": "DNI",
    "doc_number": "45871236",
    "birth_date": "1990-04-12",
    "sex": "F",
    "ubigeo": "080101",
    "phone": "987654321",
}


JULIA = {
    "given_names": "Julia Yolanda",
    "paternal_surname": "Alarcon",
    "maternal_surname": "Mendoza",
    "doc_type": "DNI",
    "doc_number": "41234567",
}


def main_window(
    qtbot: Any, store: Any, data_dir: Any, vault: Any, with_forms: bool = False, sync: Any = None
) -> Any:
    """The real main window at 1024x600, unlocked on ``store`` (a vault in ``data_dir``
    opened through ``vault``, the fast-KDF port); ``with_forms``: the real form renderer
    (the ficha of a new intake); ``sync``: the sync port (e.g. ``fakes.FakeSync``)."""
    from app.ui.backend import StoreBackend
    from app.ui.services import Services
    from tests.ui.conftest import unlocked_window

    extra: dict[str, Any] = {}
    if with_forms:
        from app.ui.forms import make_form_factory

        extra["form_factory"] = make_form_factory
    if sync is not None:
        extra["make_sync"] = lambda _b: sync
    services = Services(vault=vault, data_dir=data_dir, make_backend=StoreBackend, **extra)
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    return window


def on_case(qtbot: Any, store: Any, data_dir: Any, vault: Any) -> tuple[Any, Any, str]:
    """A case arranged (``arrange_case``), the main window, the case opened from the case
    list: (window, case view, case id)."""
    case_id = arrange_case(store)
    window = main_window(qtbot, store, data_dir, vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    return window, view, case_id


def retype(qtbot: Any, edit: Any, text: str) -> None:
    """Click into a line edit, select everything, delete it and type ``text``."""
    click(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def arrange_case(store: Any, person: dict[str, Any] | None = None, seed: int = 1) -> str:
    """A person, their ficha and an open case, written through ``app.core``."""
    import forms
    from app.core import sample

    person = dict(person or MARIA)
    person_id = people.register_person(store, person)
    definition = forms.load_registry().get("ficha_atencion")
    answers = sample.intake_answers(random.Random(seed), person, definition)
    intake_id = intakes.add_intake(
        store, person_id, {"answers": answers}, intakes.FormsIntakeValidator(), "ficha_atencion"
    )
    return cases.open_case(store, intake_id)


def click(qtbot: Any, widget: QWidget) -> None:
    """A left click in the middle of a visible, enabled widget."""
    assert widget.isVisible(), f"{widget.objectName() or widget} is not visible"
    assert widget.isEnabled(), f"{widget.objectName() or widget} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def shortcut(
    qtbot: Any, window: QWidget, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.ControlModifier
) -> None:
    """A window's shortcut (Ctrl+Q, Ctrl+6) typed once the window is in front, as a person
    types it. A dialog that just closed can stay the active window until the main window
    takes the keyboard back (a posted event): a key typed before that reaches no window
    (CI: Ctrl+Q right after the report's password dialog, "closed" never came)."""
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, key, modifier)


def click_list_row(qtbot: Any, widget: QListWidget, row: int, double: bool = False) -> None:
    rect = widget.visualItemRect(widget.item(row))
    assert not rect.isEmpty(), "the row is not on screen"
    target = widget.viewport()
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(target, Qt.MouseButton.LeftButton, pos=rect.center())


def click_tab(qtbot: Any, tabs: QTabWidget, title: str) -> None:
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def nav_to(qtbot: Any, window: Any, label: str) -> None:
    """Click a navigation entry of the workspace ("Casos", "Personas", …)."""
    nav = window.workspace.nav
    row = next(i for i in range(nav.count()) if nav.item(i).text() == label)
    click_list_row(qtbot, nav, row)
    assert nav.currentRow() == row


def modal(qtbot: Any, timeout: int = 10_000) -> QWidget:
    """The modal dialog that the last action opened (waits for it to be shown)."""
    found: list[QWidget] = []

    def shown() -> bool:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible():
            found[:] = [widget]
            return True
        return False

    qtbot.waitUntil(shown, timeout=timeout)
    return found[0]


def party_search(qtbot: Any, view: Any, text: str, found: int) -> Any:
    """The case view's "Agregar parte…", ``text`` typed into its search, ``found`` people
    listed: the dialog."""
    click(qtbot, view.add_party_button)
    dialog = modal(qtbot)
    qtbot.keyClicks(dialog.query, text)
    qtbot.waitUntil(lambda: dialog.people.count() == found, timeout=10_000)
    return dialog


def dialog_done(view: Any) -> bool:
    """The view's dialog has closed and no modal question is left on screen."""
    return view.dialog is None and QApplication.activeModalWidget() is None


def when_modal(kind: type[Any], act: Callable[[Any], None], tries: int = 500) -> None:
    """Once a modal of ``kind`` is up, ``act`` on it. For dialogs that run their own event
    loop (``exec()``, ``QMessageBox.question``, the file dialog) the test cannot wait for
    them in its own frame, so a timer polls from inside their loop (20 ms steps)."""

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            assert left > 0, f"no {kind.__name__} appeared"
            QTimer.singleShot(20, lambda: poll(left - 1))
            return
        act(widget)

    QTimer.singleShot(0, lambda: poll(tries))


def answer_save_dialog(path: Any, seen: list[str]) -> None:
    """Once the save dialog is up: type the file name into it and press Enter."""

    def answer(dialog: QFileDialog) -> None:
        seen.append(dialog.windowTitle())
        name = next(e for e in dialog.findChildren(QLineEdit) if e.isVisible())
        name.selectAll()
        name.insert(str(path))
        QTest.keyClick(name, Qt.Key.Key_Return)

    when_modal(QFileDialog, answer)


def button(parent: QWidget, text: str) -> QAbstractButton:
    """The visible button of ``parent`` whose text (without the & mnemonic) is ``text``."""
    for b in parent.findChildren(QAbstractButton):
        if b.text().replace("&", "") == text and b.isVisible():
            return b
    shown = [b.text() for b in parent.findChildren(QAbstractButton) if b.isVisible()]
    raise AssertionError(f"no button {text!r}; visible: {shown}")


def list_row(qtbot: Any, page: Any, text: str) -> int:
    """Wait until a row of a list page shows ``text`` in a cell; its row number."""
    model = page.table.model()

    def find() -> int:
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                if text in str(model.index(r, c).data() or ""):
                    return r
        return -1

    qtbot.waitUntil(lambda: find() >= 0, timeout=10_000)
    return find()


def open_from_list(qtbot: Any, window: Any, nav: str, text: str, view: Any) -> Any:
    """``nav`` ("Casos", "Personas") → click the row showing ``text`` → Enter; waits for
    ``view`` (the case view, the person profile) to load, and returns it."""
    nav_to(qtbot, window, nav)
    ws = window.workspace
    page = ws.cases if nav == "Casos" else ws.people
    row = list_row(qtbot, page, text)
    table = page.table
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert ws.pages.currentWidget() is view
    return view


def open_case_from_list(qtbot: Any, window: Any, number: str) -> Any:
    """Casos → the row with this internal number → Enter; returns the case view."""
    return open_from_list(qtbot, window, "Casos", number, window.workspace.case_view)


def open_person_from_list(qtbot: Any, window: Any, name: str) -> Any:
    """Personas → the row showing ``name`` → Enter; returns the person's profile."""
    return open_from_list(qtbot, window, "Personas", name, window.workspace.profile)


def cells(table: Any) -> list[list[str]]:
    """The texts of a ``QTableWidget``, row by row."""
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def choose(qtbot: Any, dialog: Any, field: str, text: str) -> None:
    """In a dialog's form (``dialog.form``, a ``FormView``), pick the answer of the
    select field ``field`` that starts with ``text``, by typing it into its combo."""
    from PySide6.QtWidgets import QComboBox

    combo = dialog.form.rows[field].editor.findChild(QComboBox)
    click(qtbot, combo)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text)


def center(widget: QWidget) -> QPoint:
    return widget.rect().center()


def lock_and_unlock(qtbot: Any, window: Any, at: Any = None) -> Any:
    """Ctrl+L typed into ``at`` (default: the window), then the passphrase typed on the
    unlock screen and Enter."""
    with qtbot.waitSignal(window.locked, timeout=10_000):
        qtbot.keyClick(at or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    screen = window.unlock_screen
    qtbot.keyClicks(screen.pass_edit, PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
    assert window.workspace is not None
    return window.workspace


def started_and_unlocked(qtbot: Any, services: Any) -> Any:
    """The app started again over ``services``' vault: a new main window at 1024x600,
    the passphrase typed on its unlock screen and Enter."""
    from app.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    window.resize(1024, 600)
    qtbot.keyClicks(window.unlock_screen.pass_edit, PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(window.unlock_screen.pass_edit, Qt.Key.Key_Return)
    return window
