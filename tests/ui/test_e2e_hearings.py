"""End-to-end (issue 13, test 3): schedule and reschedule a hearing in the real main
window, the way a defender does it — unlock by typing, open the case from the Casos list,
schedule a hearing in its dialog, find it in the Agenda with the client's name, and
reschedule it from there and from the case view, each time starting from the hearing's
own date and time. Only key and mouse clicks into the real widgets; the assertions read
what the screen shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QListWidget, QTableWidget, QTabWidget, QWidget

from app.ui.backend import StoreBackend
from app.ui.hearing_dialogs import HearingDialog, RescheduleDialog
from app.ui.main_window import MainWindow, Services
from tests.conftest import PASS, make_vault

CLIENT = "Maria Elena Quispe Mamani"


@pytest.fixture
def vault_with_case(vault_dir: Path) -> Path:
    """A locked vault holding one case of Maria Elena Quispe Mamani (the day's given)."""
    from tests.ui.test_workspace import MARIA, _case

    store = make_vault(vault_dir)
    try:
        _case(store, MARIA)
    finally:
        store.lock()
    return vault_dir


def _click(qtbot: Any, widget: QWidget, pos: QPoint | None = None) -> None:
    if pos is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def _click_item(qtbot: Any, table: QTableWidget, row: int, column: int) -> None:
    _click(qtbot, table.viewport(), table.visualItemRect(table.item(row, column)).center())


def _click_nav(qtbot: Any, nav: QListWidget, label: str) -> None:
    row = next(i for i in range(nav.count()) if nav.item(i).text() == label)
    _click(qtbot, nav.viewport(), nav.visualItemRect(nav.item(row)).center())


def _click_tab(qtbot: Any, tabs: QTabWidget, label: str) -> None:
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == label)
    _click(qtbot, tabs.tabBar(), tabs.tabBar().tabRect(index).center())


def _in_dialog(qtbot: Any, kind: type, act: Callable[[Any], None], seen: list[Any]) -> None:
    """Run ``act(dialog)`` on the modal ``kind`` dialog once it is up (a click opens it
    with ``exec()``, which blocks until the dialog is closed)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            dialog.activateWindow()  # what the window manager does with a new dialog
            QTest.qWaitForWindowActive(dialog)  # keys go where the focus is, as on screen
            qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _digits(day: date, hhmm: str) -> str:
    """What a person types into a dd/mm/aaaa hh:mm field: the digits only."""
    return day.strftime("%d%m%Y") + hhmm


def _agenda_rows(page: Any) -> list[tuple[str, ...]]:
    return [
        tuple(page.table.item(r, c).text() for c in range(page.table.columnCount()))
        for r in range(page.table.rowCount())
    ]


def test_schedule_and_reschedule_a_hearing(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault_with_case: Path
) -> None:
    window = MainWindow(
        Services(vault=fast_vault, data_dir=vault_with_case, make_backend=StoreBackend)
    )
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitUntil(lambda: window.unlock_screen is not None, timeout=10_000)
    screen = window.unlock_screen
    assert screen is not None
    qtbot.keyClicks(screen.pass_edit, PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
    workspace = window.workspace
    assert workspace is not None

    # Casos: the case is there; Enter on it opens the case view.
    cases = workspace.cases
    with qtbot.waitSignal(cases.model.loaded, timeout=10_000):
        _click_nav(qtbot, workspace.nav, "Casos")
    assert cases.model.rowCount() == 1
    table = cases.table
    _click(qtbot, table.viewport(), table.visualRect(cases.model.index(0, 1)).center())
    view = workspace.case_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert CLIENT in view.title.text()

    # Schedule: the dialog is filled from the keyboard (Tab between fields, digits only
    # in the date field) and accepted with Enter.
    _click_tab(qtbot, view.tabs, "Audiencias y plazos")
    first_day = date.today() + timedelta(days=1)

    def schedule(dialog: HearingDialog) -> None:
        dialog.category.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(dialog.category, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.kind, "Audiencia unica")
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.at, _digits(first_day, "1030"))
        qtbot.keyClick(dialog.at, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.place, "JPL Wanchaq")
        qtbot.keyClick(dialog.place, Qt.Key.Key_Return)

    seen: list[Any] = []
    _in_dialog(qtbot, HearingDialog, schedule, seen)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        _click(qtbot, view.add_hearing_button)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert view.hearings.rowCount() == 1
    shown = first_day.strftime("%d/%m/%Y") + " 10:30"
    assert [view.hearings.item(0, c).text() for c in (0, 2, 3, 4)] == [
        shown,
        "Audiencia unica",
        "JPL Wanchaq",
        "Programada",
    ]

    # Agenda, day view, next day: the hearing with the client's name.
    agenda = workspace.agenda
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        _click_nav(qtbot, workspace.nav, "Agenda")
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        _click(qtbot, agenda.view_buttons["day"])
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000) as loaded:
        _click(qtbot, agenda.next_button)
    assert loaded.args == [1]
    row = _agenda_rows(agenda)[0]
    assert row[0] == "10:30" and row[1] == CLIENT and row[3] == "Audiencia unica"
    assert row[6] == "Programada"
    status_header = agenda.table.horizontalHeader()
    right_edge = status_header.sectionViewportPosition(6) + status_header.sectionSize(6)
    assert right_edge <= agenda.table.viewport().width()  # the status column is on screen
    assert not agenda.reschedule_button.isEnabled()
    assert "Seleccione" in agenda.reschedule_button.toolTip()

    # Reschedule from the Agenda: the dialog starts on the hearing's own date and time.
    _click_item(qtbot, agenda.table, 0, 1)
    assert agenda.reschedule_button.isEnabled()
    second_day = first_day + timedelta(days=1)
    opened_at: list[str] = []

    def move(dialog: RescheduleDialog) -> None:
        opened_at.append(dialog.at.text())
        dialog.at.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClicks(dialog.at, _digits(second_day, "1500"))
        qtbot.keyClick(dialog.at, Qt.Key.Key_Return)

    seen.clear()
    _in_dialog(qtbot, RescheduleDialog, move, seen)
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        _click(qtbot, agenda.reschedule_button)
    assert opened_at == [shown]
    assert [r[6] for r in _agenda_rows(agenda)] == ["Reprogramada"]
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000) as loaded:
        _click(qtbot, agenda.next_button)
    row = _agenda_rows(agenda)[0]
    assert row[:2] == ("15:00", CLIENT) and row[6] == "Programada"

    # Reschedule again from the case view: also from that hearing's own date and time.
    _click_item(qtbot, agenda.table, 0, 1)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(agenda.table, Qt.Key.Key_Return)
    _click_tab(qtbot, view.tabs, "Audiencias y plazos")
    pending = next(
        r
        for r in range(view.hearings.rowCount())
        if view.hearings.item(r, 4).text() == "Programada"
    )
    _click_item(qtbot, view.hearings, pending, 0)
    third_day = second_day + timedelta(days=7)
    opened_at.clear()

    def move_again(dialog: RescheduleDialog) -> None:
        opened_at.append(dialog.at.text())
        dialog.at.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClicks(dialog.at, _digits(third_day, "0900"))
        qtbot.keyClick(dialog.at, Qt.Key.Key_Return)

    _in_dialog(qtbot, RescheduleDialog, move_again, seen)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        _click(qtbot, view.status_buttons["rescheduled"])
    assert opened_at == [second_day.strftime("%d/%m/%Y") + " 15:00"]
    states = sorted(
        (view.hearings.item(r, 0).text(), view.hearings.item(r, 4).text())
        for r in range(view.hearings.rowCount())
    )
    assert (third_day.strftime("%d/%m/%Y") + " 09:00", "Programada") in states
    assert [s for _, s in states].count("Reprogramada") == 2
    window.lock()
