"""Issue 13, end-to-end test 3: schedule and reschedule a hearing in the real main window
at 1024×600, the way a defender does it — unlock by typing the passphrase, open the case
from the Casos list, schedule a hearing in its dialog from the keyboard (Tab between
fields, digits only in the date), find it in the Agenda with the client's name, and
reschedule it from there and from the case view, each time starting from the hearing's
own date and time. Only key and mouse clicks into the real widgets; the assertions read
what the screen shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QWidget

from app import office_time
from app.ui.backend import StoreBackend
from app.ui.hearing_dialogs import HearingDialog, RescheduleDialog
from app.ui.main_window import MainWindow, Services
from forms.workdays import WorkingCalendar
from tests.conftest import PASS, make_vault
from tests.ui.e2e import arrange_case, click, click_tab, modal, nav_to, open_case_from_list
from tests.ui.windows import watch_windows

CLIENT = "Maria Elena Quispe Mamani"


@pytest.fixture
def vault_with_case(vault_dir: Path) -> tuple[Path, str]:
    """A locked vault holding one case of Maria Elena Quispe Mamani, and its number."""
    store = make_vault(vault_dir)
    try:
        number = store.get("case", arrange_case(store))["internal_number"]
    finally:
        store.lock()
    return vault_dir, number


def _dialog(qtbot: Any, kind: type) -> Any:
    """The dialog the last click opened, active as a window manager leaves a new one
    (keys then go where its focus is, as on screen)."""
    dialog = modal(qtbot)
    assert isinstance(dialog, kind)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    return dialog


def _click_cell(qtbot: Any, table: QTableWidget, row: int, column: int) -> None:
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _digits(day: date, hhmm: str) -> str:
    """What a person types into the date field: the digits only (ddmmaaaahhmm)."""
    return day.strftime("%d%m%Y") + hhmm


def _rows(table: QTableWidget) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(top_left) and window.rect().contains(
        widget.mapTo(window, widget.rect().bottomRight())
    )


def test_schedule_and_reschedule_a_hearing(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault_with_case: tuple[Path, str]
) -> None:
    data_dir, number = vault_with_case
    window = MainWindow(Services(vault=fast_vault, data_dir=data_dir, make_backend=StoreBackend))
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    with watch_windows(window):  # only the main window and modal dialogs ever show
        qtbot.waitUntil(lambda: window.unlock_screen is not None, timeout=10_000)
        screen = window.unlock_screen
        assert screen is not None
        qtbot.keyClicks(screen.pass_edit, PASS)
        with qtbot.waitSignal(window.unlocked, timeout=10_000):
            qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
        workspace = window.workspace
        assert workspace is not None

        # Casos at 1024 px: codes and dates whole, no horizontal scrolling.
        view = open_case_from_list(qtbot, window, number)
        cases = workspace.cases.table
        fits = cases.fontMetrics().horizontalAdvance(number)
        assert cases.columnWidth(0) >= fits and not cases.horizontalScrollBar().isVisible()

        # Schedule from the case view: Tab between fields, digits only, Enter to save.
        assert CLIENT in view.title.text()
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        # a working day (a hearing on a day off is asked about): hearings are in office time
        first_day = WorkingCalendar().add_working_days(office_time.today(), 1)
        click(qtbot, view.add_hearing_button)
        dialog = _dialog(qtbot, HearingDialog)
        dialog.category.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(dialog.category, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.kind, "Audiencia unica")
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
        assert dialog.at.edit.hasFocus() and dialog.at.raw_text() == ""  # no date nobody set
        qtbot.keyClicks(dialog.at.edit, _digits(first_day, "1030"))
        assert dialog.at.raw_text() == first_day.strftime("%d/%m/%Y") + " 10:30"
        qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.place, "JPL Wanchaq")
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
        shown = first_day.strftime("%d/%m/%Y") + " 10:30"
        assert [view.hearings.item(0, c).text() for c in (0, 2, 3, 4)] == [
            shown,
            "Audiencia unica",
            "JPL Wanchaq",
            "Programada",
        ]

        # The Agenda, day view, next day: the hearing with the client's name; the status
        # column is on screen at 1024 px.
        agenda = workspace.agenda
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            nav_to(qtbot, window, "Agenda")
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            click(qtbot, agenda.view_buttons["day"])
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000) as loaded:
            click(qtbot, agenda.next_button)
        assert loaded.args == [1]
        row = _rows(agenda.table)[0]
        assert (row[0], row[1], row[3], row[6]) == (
            "10:30",
            CLIENT,
            "Audiencia unica",
            "Programada",
        )
        header = agenda.table.horizontalHeader()
        assert header.sectionViewportPosition(6) + header.sectionSize(6) <= header.width()
        assert _inside(agenda.table, window)
        assert not agenda.reschedule_button.isEnabled()
        assert "Seleccione" in agenda.reschedule_button.toolTip()

        # Reschedule from the Agenda: the dialog starts on the hearing's own date and time.
        _click_cell(qtbot, agenda.table, 0, 1)
        second_day = WorkingCalendar().add_working_days(first_day, 1)  # no day-off question
        click(qtbot, agenda.reschedule_button)
        dialog = _dialog(qtbot, RescheduleDialog)
        assert dialog.at.raw_text() == shown
        assert dialog.at.edit.selectedText() == shown  # typing replaces it
        qtbot.keyClicks(dialog.at.edit, _digits(second_day, "1500"))
        qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Tab)  # then why (required)
        assert dialog.reason.hasFocus()
        qtbot.keyClicks(dialog.reason, "Pedido de la demandada")
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
        moved = second_day.strftime("%d/%m/%Y") + " 15:00"
        # where it went, under its status (fresh-eyes 6 #3: as Inicio says it)
        went = moved[:5] + moved[10:] if second_day.year == first_day.year else moved
        assert [r[6] for r in _rows(agenda.table)] == [f"Reprogramada\n→ {went}"]
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage() == f"Reprogramada para el {moved}.",
            timeout=5_000,
        )
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            click(qtbot, agenda.next_button)
        row = _rows(agenda.table)[0]
        assert (row[0], row[1], row[6]) == ("15:00", CLIENT, "Programada")

        # Enter on the row opens the case; reschedule again from its hearings tab, also
        # starting from that hearing's own date and time.
        _click_cell(qtbot, agenda.table, 0, 1)
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(agenda.table, Qt.Key.Key_Return)
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        pending = next(r for r, v in enumerate(_rows(view.hearings)) if v[4] == "Programada")
        _click_cell(qtbot, view.hearings, pending, 0)
        third_day = WorkingCalendar().add_working_days(second_day, 5)
        click(qtbot, view.status_buttons["rescheduled"])
        dialog = _dialog(qtbot, RescheduleDialog)
        assert dialog.at.raw_text() == second_day.strftime("%d/%m/%Y") + " 15:00"
        qtbot.keyClicks(dialog.at.edit, _digits(third_day, "0900"))
        qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)  # no reason yet: asked
        assert dialog.isVisible() and "motivo" in dialog.message.text()
        click(qtbot, dialog.reason)
        qtbot.keyClicks(dialog.reason, "Licencia del juez")
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
        states = sorted((v[0], v[4]) for v in _rows(view.hearings))
        assert (third_day.strftime("%d/%m/%Y") + " 09:00", "Programada") in states
        assert [s for _, s in states].count("Reprogramada") == 2
        window.lock()
