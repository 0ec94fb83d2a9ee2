"""The case's life in the real main window, by clicks and typing (issue 13, walkthrough
findings 4, 5 and 17): closing a case lists its pending hearings and deadlines and
cancels them; a new hearing or deadline warns about a past date or a day off; the case's
summary shows what the ficha and the closure say; history lines say what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from app.core import hearings
from tests.ui.e2e import button, cells, choose, click, click_tab, modal, on_case
from tests.ui.windows import watch_windows


def _idle(view: Any) -> bool:
    return view.dialog is None and QApplication.activeModalWidget() is None


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
        qtbot.waitUntil(lambda: _idle(view) and "Concluido" in view.summary.text(), timeout=10_000)
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
        qtbot.waitUntil(lambda: _idle(view) and "Concluido" in view.summary.text(), timeout=10_000)
        assert view.message.text() == "Caso cerrado. Queda 1 audiencia o plazo pendiente."
        assert store.get("hearing", hearing)["status"] == "scheduled"
        window.lock()
