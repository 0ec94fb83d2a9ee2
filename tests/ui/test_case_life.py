"""The case's life in the real main window, by clicks and typing (issue 13, walkthrough
findings 4, 5 and 17): closing a case lists its pending hearings and deadlines and
cancels them; a new hearing or deadline warns about a past date or a day off; the case's
summary shows what the ficha and the closure say; history lines say what changed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app import office_time
from app.core import hearings
from forms.workdays import WorkingCalendar
from tests.ui.e2e import (
    arrange_case,
    button,
    cells,
    choose,
    click,
    click_tab,
    dialog_done,
    main_window,
    modal,
    nav_to,
    on_case,
    open_case_from_list,
)
from tests.ui.windows import watch_windows


def test_closing_a_case_cancels_its_pending_hearings_and_deadlines(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    hearing = hearings.schedule_hearing(store, case_id, "2027-03-15T09:00", "Audiencia única")
    deadline = hearings.schedule_hearing(
        store, case_id, "2027-03-10T23:59", "Contestar demanda", category="deadline"
    )
    with watch_windows(window):
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 2, timeout=10_000)
        click(qtbot, view.close_button)
        dialog = modal(qtbot)
        # the dialog lists what is still to come and offers to cancel it (ticked)
        assert dialog.cancel_pending.isVisible() and dialog.cancel_pending.isChecked()
        assert "2 audiencias y plazos pendientes" in dialog.cancel_pending.text()
        listed = dialog.pending_list.text().splitlines()
        assert listed == [
            "• 10/03/2027 23:59 · Plazo · Contestar demanda",
            "• 15/03/2027 09:00 · Audiencia · Audiencia única",
        ]
        choose(qtbot, dialog, "motivo_cierre", "Acuerdo")
        choose(qtbot, dialog, "resultado", "Favorable")
        click(qtbot, button(dialog, "Cerrar el caso"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "Concluido" in view.summary.text(), timeout=10_000
        )
        assert view.message.text() == (
            "Caso cerrado. Se cancelaron 2 audiencias o plazos pendientes."
        )
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        qtbot.waitUntil(lambda: "Caso cerrado" in str(cells(view.hearings)), timeout=10_000)
        shown = {row[2]: (row[4], row[5]) for row in cells(view.hearings)}
        assert shown["Audiencia única"] == ("Cancelada", "Caso cerrado")
        assert shown["Contestar demanda"][1] == "Caso cerrado"
        assert store.get("hearing", hearing)["status"] == "cancelled"
        assert store.get("hearing", deadline)["status"] == "cancelled"
        window.lock()


def test_closing_can_leave_them_pending(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    hearing = hearings.schedule_hearing(store, case_id, "2027-03-15T09:00", "Audiencia única")
    with watch_windows(window):
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 1, timeout=10_000)
        click(qtbot, view.close_button)
        dialog = modal(qtbot)
        assert "1 audiencia o plazo pendiente" in dialog.cancel_pending.text()
        click(qtbot, dialog.cancel_pending)
        assert not dialog.cancel_pending.isChecked()
        choose(qtbot, dialog, "motivo_cierre", "Acuerdo")
        choose(qtbot, dialog, "resultado", "Favorable")
        click(qtbot, button(dialog, "Cerrar el caso"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "Concluido" in view.summary.text(), timeout=10_000
        )
        assert view.message.text() == "Caso cerrado. Queda 1 audiencia o plazo pendiente."
        assert store.get("hearing", hearing)["status"] == "scheduled"
        window.lock()


def _digits(day: date, hhmm: str = "") -> str:
    """What a person types into a date field: the digits only."""
    return day.strftime("%d%m%Y") + hhmm


def _new_item(qtbot: Any, view: Any) -> Any:
    click_tab(qtbot, view.tabs, "Audiencias y plazos")
    click(qtbot, view.add_hearing_button)
    return modal(qtbot)


def test_a_hearing_in_the_past_is_saved_only_when_confirmed(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        dialog = _new_item(qtbot, view)
        assert dialog.at.raw_text() == ""  # no date nobody set
        click(qtbot, button(dialog, "Guardar"))  # nothing typed: said under the fields
        assert dialog.isVisible() and dialog.field_messages["kind"].text() == "Escriba el detalle."
        assert dialog.field_messages["at"].text() == "Escriba la fecha y la hora."
        qtbot.keyClicks(dialog.kind, "Audiencia unica")
        click(qtbot, dialog.at.edit)
        past = WorkingCalendar().add_working_days(office_time.today() - timedelta(days=31), 1)
        qtbot.keyClicks(dialog.at.edit, _digits(past, "1000"))
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: "ya pasó" in dialog.message.text(), timeout=10_000)
        assert dialog.isVisible() and hearings.list_hearings(store, case_id) == []
        assert "pulse «Guardar» otra vez" in dialog.message.text()
        assert not dialog.next_day_button.isVisible()  # a working day: no day-off question
        click(qtbot, button(dialog, "Guardar"))  # confirmed: saved as typed
        qtbot.waitUntil(lambda: dialog_done(view) and view.hearings.rowCount() == 1, timeout=10_000)
        assert view.message.text() == "Audiencia programada."
        row = cells(view.hearings)[0]
        assert (row[0], row[2], row[4]) == (past.strftime("%d/%m/%Y") + " 10:00",
                                            "Audiencia unica", "Programada")  # fmt: skip
        window.lock()


def _gap(dialog: Any) -> int:
    """Pixels between the last field shown (the due day) and the buttons."""
    due = dialog.due.mapTo(dialog, dialog.due.rect().bottomLeft()).y()
    return int(dialog.buttons.mapTo(dialog, dialog.buttons.rect().topLeft()).y() - due)


def test_a_deadline_on_a_sunday_is_moved_to_the_next_working_day(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    start = office_time.today() + timedelta(days=7)
    sunday = start + timedelta(days=(6 - start.weekday()) % 7)
    monday = WorkingCalendar().add_working_days(sunday, 1)  # Monday unless a holiday
    with watch_windows(window):
        dialog = _new_item(qtbot, view)
        click(qtbot, dialog.category)
        qtbot.keyClick(dialog.category.view(), Qt.Key.Key_Escape)
        qtbot.keyClicks(dialog.category, "Plazo")
        assert dialog.category.currentData() == "deadline"
        # a deadline: the day it falls due, no time; where it is filed, optional
        assert dialog.due.isVisible() and not dialog.at.isVisible()
        assert dialog.place.isVisible() and dialog.due.raw_text() == ""
        tight = _gap(dialog)  # the form as it opens: rows, message line, buttons
        qtbot.keyClicks(dialog.kind, "Contestar demanda")
        click(qtbot, button(dialog, "Guardar"))
        assert dialog.field_messages["due"].text() == "Escriba el día en que vence."
        click(qtbot, dialog.due.edit)
        qtbot.keyClicks(dialog.due.edit, _digits(sunday))
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(dialog.next_day_button.isVisible, timeout=10_000)
        assert f"El {sunday:%d/%m/%Y} no es día hábil: domingo." in dialog.message.text()
        assert dialog.next_day_button.text() == (f"Usar el siguiente día hábil: {monday:%d/%m/%Y}")
        assert hearings.list_hearings(store, case_id) == []
        click(qtbot, dialog.next_day_button)
        assert dialog.due.raw_text() == f"{monday:%d/%m/%Y}"
        # no empty gap where the warning and the button were (fresh8 #13)
        qtbot.waitUntil(lambda: _gap(dialog) <= tight + 4, timeout=5_000)
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: dialog_done(view) and view.hearings.rowCount() == 1, timeout=10_000)
        assert view.message.text() == "Plazo registrado."
        row = cells(view.hearings)[0]
        assert (row[0], row[1], row[2], row[3], row[4]) == (
            f"{monday:%d/%m/%Y} 23:59",
            "Plazo",
            "Contestar demanda",
            "",
            "Pendiente",
        )
        window.lock()


def test_a_hearing_on_a_sunday_at_an_odd_hour_is_asked_about(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh5 #14: a hearing typed on a Sunday at 04:31 (a typo of 16:31) was saved with
    no word. Both are said; "Usar el siguiente día hábil" keeps the time."""
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    start = office_time.today() + timedelta(days=7)
    sunday = start + timedelta(days=(6 - start.weekday()) % 7)
    monday = WorkingCalendar().add_working_days(sunday, 1)
    with watch_windows(window):
        dialog = _new_item(qtbot, view)
        qtbot.keyClicks(dialog.kind, "Audiencia unica")
        click(qtbot, dialog.at.edit)
        qtbot.keyClicks(dialog.at.edit, _digits(sunday, "0431"))
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(dialog.next_day_button.isVisible, timeout=10_000)
        said = dialog.message.text()
        assert "La hora 04:31 es inusual para una audiencia." in said
        assert f"El {sunday:%d/%m/%Y} no es día hábil: domingo." in said
        assert hearings.list_hearings(store, case_id) == []
        click(qtbot, dialog.next_day_button)
        assert dialog.at.raw_text() == f"{monday:%d/%m/%Y} 04:31"
        dialog.at.edit.selectAll()
        qtbot.keyClicks(dialog.at.edit, _digits(monday, "1631"))
        click(qtbot, button(dialog, "Guardar"))  # nothing to ask now: saved
        qtbot.waitUntil(lambda: dialog_done(view) and view.hearings.rowCount() == 1, timeout=10_000)
        assert cells(view.hearings)[0][0] == f"{monday:%d/%m/%Y} 16:31"
        window.lock()


def test_a_deadline_says_pending_overdue_met(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    case_id = arrange_case(store)
    past = (office_time.today() - timedelta(days=3)).isoformat()
    future = (office_time.today() + timedelta(days=1)).isoformat()
    met = hearings.schedule_hearing(store, case_id, f"{past}T23:58", "Apelar", None, "deadline")
    hearings.mark_hearing(store, met, "held")
    hearings.schedule_hearing(store, case_id, f"{past}T23:59", "Contestar", None, "deadline")
    hearings.schedule_hearing(store, case_id, f"{future}T23:59", "Alegatos", None, "deadline")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    click_tab(qtbot, view.tabs, "Audiencias y plazos")
    shown = {row[2]: row[4] for row in cells(view.hearings)}
    assert shown == {"Apelar": "Cumplido", "Contestar": "Vencido", "Alegatos": "Pendiente"}
    buttons = view.status_buttons
    before = [b.geometry() for b in buttons.values()]
    assert [b.text() for b in buttons.values()] == [
        "Marcar realizada", "Marcar frustrada", "Marcar reprogramada"
    ]  # fmt: skip
    row = next(r for r, v in enumerate(cells(view.hearings)) if v[2] == "Contestar")
    rect = view.hearings.visualItemRect(view.hearings.item(row, 0))
    qtbot.mouseClick(view.hearings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # a deadline is met or missed: its words, and nothing moved under the mouse
    assert [b.text() for b in buttons.values()] == [
        "Marcar cumplido", "Marcar incumplido", "Cambiar fecha"
    ]  # fmt: skip
    assert [b.geometry() for b in buttons.values()] == before
    click(qtbot, buttons["held"])
    asked = modal(qtbot)  # what happened: optional in the case view
    assert asked.windowTitle() == "Marcar cumplido"
    click(qtbot, button(asked, "Marcar cumplido"))
    qtbot.waitUntil(lambda: view.message.text() == "Plazo marcado como cumplido.", timeout=10_000)
    qtbot.waitUntil(
        lambda: {r[2]: r[4] for r in cells(view.hearings)}["Contestar"] == "Cumplido",
        timeout=10_000,
    )
    # the Agenda says a deadline's status in the same words
    agenda = window.workspace.agenda
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        nav_to(qtbot, window, "Agenda")
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        click(qtbot, agenda.view_buttons["day"])
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        click(qtbot, agenda.next_button)
    assert [(r[3], r[6]) for r in cells(agenda.table)] == [("Alegatos", "Pendiente")]
    window.lock()


def _history(view: Any) -> list[str]:
    return [view.history.item(i).text() for i in range(view.history.count())]


def test_the_summary_shows_the_ficha_and_the_closure_and_the_history_what_changed(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    case_id = arrange_case(store, seed=3)  # alimentos: two children, S/ 600 a month
    children = store.get("intake", store.get("case", case_id)["intake_id"])["answers"]
    born = [(h["hijo_nombres"], date.fromisoformat(h["hijo_fecha_nacimiento"]))
            for h in json.loads(children)["hijos"]]  # fmt: skip
    due = WorkingCalendar().add_working_days(office_time.today(), 5)
    hearings.schedule_hearing(store, case_id, f"{due}T23:59", "Alegatos", None, "deadline")
    today = office_time.today()
    expected = "; ".join(
        f"{name} ({today.year - b.year - ((today.month, today.day) < (b.month, b.day))} años)"
        for name, b in born
    )
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    with watch_windows(window):
        summary = " ".join(view.summary.text().split())
        assert f"Hijas e hijos</b>&nbsp;&nbsp;</td><td>{expected}" in summary
        assert "Monto mensual solicitado</b>&nbsp;&nbsp;</td><td>S/ 600.00" in summary
        assert "Cierre</b>" not in summary  # open: no closing row

        # the court file number: the history says from what to what
        click(qtbot, view.edit_button)
        dialog = modal(qtbot)
        click(qtbot, dialog.court_file)
        qtbot.keyClicks(dialog.court_file, "00123-2021-0-1801-JP-FC-01")
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "00123-2021" in view.summary.text(), timeout=10_000
        )
        click_tab(qtbot, view.tabs, "Historial")
        qtbot.waitUntil(lambda: "Número de expediente" in _history(view)[0], timeout=10_000)
        assert _history(view)[0].endswith(
            "Modificación de caso: Número de expediente: — → 00123-2021-0-1801-JP-FC-01"
        )

        click_tab(qtbot, view.tabs, "Resumen")
        click(qtbot, view.close_button)
        dialog = modal(qtbot)
        choose(qtbot, dialog, "motivo_cierre", "Acuerdo")
        choose(qtbot, dialog, "resultado", "Favorable")
        amount = dialog.form.rows["monto_alimentos"].editor.findChild(QLineEdit)
        click(qtbot, amount)
        qtbot.keyClicks(amount, "500")
        click(qtbot, button(dialog, "Cerrar el caso"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "Concluido" in view.summary.text(), timeout=10_000
        )
        summary = " ".join(view.summary.text().split())
        assert (
            f"Cierre</b>&nbsp;&nbsp;</td><td>{today:%d/%m/%Y} · Favorable · Acuerdo conciliatorio"
            in summary
        )
        click_tab(qtbot, view.tabs, "Historial")
        closed = next(line for line in _history(view) if "de caso: " in line)
        assert "Cambio de estado de caso: " in closed
        assert "Estado: En trámite → Concluido" in closed
        # fresh4 #5: what the closing said is readable, no empty value on either side
        closing = "Acuerdo conciliatorio, Favorable, S/ 500.00"
        assert closed.endswith(f"; Cierre: — → {closing}")

        click_tab(qtbot, view.tabs, "Resumen")
        click(qtbot, view.reopen_button)
        dialog = modal(qtbot)
        click(qtbot, dialog.reason)
        qtbot.keyClicks(dialog.reason, "Apelacion")
        click(qtbot, button(dialog, "Reabrir"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "En trámite" in view.summary.text(), timeout=10_000
        )
        click_tab(qtbot, view.tabs, "Historial")
        qtbot.waitUntil(lambda: "Concluido → En trámite" in str(_history(view)), timeout=10_000)
        [reopened] = [line for line in _history(view) if "Concluido → En trámite" in line]
        # fresh6 #7: the reopening's line ends with its reason
        assert reopened.endswith(f"; Cierre: {closing} → —; Motivo: Apelacion")
        assert ":  →" not in reopened and "→ ;" not in reopened
        # fresh8 #15c: the deadline closing cancelled and reopening restored, in the words
        # the screen uses for a deadline ("Pendiente"), not a hearing's ("Programada")
        lines = [line for line in _history(view) if "Alegatos" in line or "Estado: Cancel" in line]
        assert any("Estado: Pendiente → Cancelado" in line for line in lines), lines
        assert any("Estado: Cancelado → Pendiente" in line for line in lines), lines
        assert not any("Programada" in line or "Cancelada" in line for line in _history(view))
        window.lock()


def test_rescheduling_asks_why_and_the_history_says_it(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    hearings.schedule_hearing(store, case_id, "2027-03-15T09:00", "Audiencia única")
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 1, timeout=10_000)
        rect = view.hearings.visualItemRect(view.hearings.item(0, 0))
        qtbot.mouseClick(view.hearings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        click(qtbot, view.status_buttons["rescheduled"])
        dialog = modal(qtbot)
        dialog.at.edit.selectAll()
        qtbot.keyClicks(dialog.at.edit, "220320270930")
        click(qtbot, button(dialog, "Reprogramar"))  # no reason: asked
        assert dialog.isVisible() and dialog.message.text() == (
            "Escriba el motivo de la reprogramación."
        )
        click(qtbot, dialog.reason)
        qtbot.keyClicks(dialog.reason, "Licencia del juez")
        click(qtbot, button(dialog, "Reprogramar"))
        qtbot.waitUntil(lambda: dialog_done(view) and view.hearings.rowCount() == 2, timeout=10_000)
        moved = next(row for row in cells(view.hearings) if row[4] == "Reprogramada")
        assert moved[5] == "Licencia del juez"
        click_tab(qtbot, view.tabs, "Historial")
        assert any(  # which hearing, then what changed
            line.endswith(
                "Modificación de audiencia o plazo: Audiencia única (15/03/2027 09:00) — "
                "Estado: Programada → Reprogramada; Resultado: — → Licencia del juez"
            )
            for line in _history(view)
        ), _history(view)
        window.lock()


def test_an_unsigned_note_is_edited_a_signed_one_corrected(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, _case = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Notas")
        click(qtbot, view.note_edit)
        qtbot.keyClicks(view.note_edit, "Se presento la demanda")
        click(qtbot, view.add_note_button)
        qtbot.waitUntil(lambda: view.notes.count() == 1, timeout=10_000)
        view.notes.setCurrentRow(0)
        assert view.correct_button.isEnabled()  # unsigned: its text can be changed
        assert "aún no está firmada" in view.correct_button.toolTip()
        click(qtbot, view.correct_button)
        dialog = modal(qtbot)
        assert dialog.windowTitle() == "Editar nota"
        dialog.text.selectAll()
        qtbot.keyClicks(dialog.text, "Se presento la demanda el lunes")
        click(qtbot, button(dialog, "Guardar cambios"))
        qtbot.waitUntil(lambda: "el lunes" in view.notes.item(0).text(), timeout=10_000)
        assert view.notes.count() == 1 and "sin firmar" in view.notes.item(0).text()
        assert view.message.text() == "Nota cambiada."
        window.lock()


def test_an_edit_of_another_devices_value_says_from_what_in_the_history(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh4: editing a value another device wrote showed only the new one."""
    from sync import hlc

    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    node = "dev.other"
    remote = {
        "change_id": f"{node}#1", "entity": "case", "entity_id": case_id, "op": "upsert",
        "fields": {"court_file_number": "00777-2023-0-1801-JP-FC-03"},
        "base": {"court_file_number": hlc.ZERO},
        "hlc": f"{hlc.wall_clock_ms() - 1_000:015d}-00000-{node}",
        "device_id": node, "seq": 1, "user_id": None, "extra": {},
    }  # fmt: skip
    assert store.replica.apply_remote_changes([remote]).applied == 1  # a sync round's
    with watch_windows(window):
        qtbot.waitUntil(lambda: "00777-2023" in view.summary.text(), timeout=10_000)
        click(qtbot, view.edit_button)
        dialog = modal(qtbot)
        dialog.court_file.selectAll()
        qtbot.keyClicks(dialog.court_file, "00123-2021-0-1801-JP-FC-01")
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "00123-2021" in view.summary.text(), timeout=10_000
        )
        click_tab(qtbot, view.tabs, "Historial")
        qtbot.waitUntil(lambda: "Número de expediente" in _history(view)[0], timeout=10_000)
        assert _history(view)[0].endswith(
            "Número de expediente: 00777-2023-0-1801-JP-FC-03 → 00123-2021-0-1801-JP-FC-01"
        )
        window.lock()


def test_a_deadline_typed_from_the_keyboard_takes_its_place_not_the_save_button(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 8 #9: in the Plazo dialog Tab after "Vence el" landed on Guardar, and
    typing a place there pressed it with the space bar (saved, then a letter opened an
    empty dialog; the typed text lost). Tab from the day goes into "Lugar"; what is typed
    is kept; Enter saves once."""
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    due = WorkingCalendar().add_working_days(office_time.today(), 5)
    with watch_windows(window):
        dialog = _new_item(qtbot, view)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
        dialog.category.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClicks(dialog.category, "P")  # "Plazo"
        assert dialog.category.currentData() == "deadline"
        qtbot.keyClick(dialog.category, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.kind, "Contestar demanda")
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
        assert dialog.due.edit.hasFocus()
        qtbot.keyClicks(dialog.due.edit, _digits(due))
        qtbot.keyClick(dialog.due.edit, Qt.Key.Key_Tab)
        assert dialog.place.hasFocus()  # a field, not a button a typed space presses
        qtbot.keyClicks(dialog.place, "JPL Wanchaq")
        assert dialog.isVisible() and dialog.place.text() == "JPL Wanchaq"
        assert hearings.list_hearings(store, case_id) == []
        qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog_done(view) and view.hearings.rowCount() == 1, timeout=10_000)
        row = cells(view.hearings)[0]
        assert (row[0], row[2], row[3], row[4]) == (
            f"{due:%d/%m/%Y} 23:59",
            "Contestar demanda",
            "JPL Wanchaq",
            "Pendiente",
        )
        assert len(hearings.list_hearings(store, case_id)) == 1
        window.lock()


def test_a_note_written_on_another_device_is_in_the_history(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #40: after a sync the Historial listed only this laptop's actions — a
    colleague's note, there in Notas, was missing. Now its writing is a line of the
    history (its time, its author, "escrita en otro equipo"), in time order among this
    laptop's, and the tab says what it lists. Fails on the old code (no such line)."""
    from sync import hlc

    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    node = "dev.other"
    remote = {
        "change_id": f"{node}#1", "entity": "note", "entity_id": "note-remote-1", "op": "upsert",
        "fields": {"case_id": case_id, "text": "Llamé a la demandante",
                   "author_id": store.user_id, "created_at": "2026-11-30T15:00:00+00:00"},
        "base": {}, "hlc": f"{hlc.wall_clock_ms() - 1_000:015d}-00000-{node}",
        "device_id": node, "seq": 1, "user_id": None, "extra": {},
    }  # fmt: skip
    assert store.replica.apply_remote_changes([remote]).applied == 1  # a sync round's
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Historial")
        qtbot.waitUntil(
            lambda: any("escrita en otro equipo" in line for line in _history(view)),
            timeout=10_000,
        )
        (line,) = [x for x in _history(view) if "escrita en otro equipo" in x]
        assert line.startswith("30/11/2026 10:00 · ")
        assert line.endswith("Creación de nota del caso: escrita en otro equipo")
        assert _history(view)[-1] == line  # the oldest: the case was opened today
        assert view.history_scope.isVisible() and "otros equipos" in view.history_scope.text()
        window.lock()
