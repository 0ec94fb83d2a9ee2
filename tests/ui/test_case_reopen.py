"""Walkthrough finding 12 (issue 13), in the real main window by clicks and typing:
reopening a case lists what its closing cancelled that is still to come, ticked
"Restaurar…", and restores it in the same write; a row no longer pending cannot be marked
(its buttons say why); "Marcar realizada" asks what happened (optional) and shows it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app import office_time
from app.core import hearings
from tests.ui.e2e import (
    button,
    cells,
    choose,
    click,
    click_tab,
    dialog_done,
    modal,
    on_case,
)
from tests.ui.windows import watch_windows


def _arrange(store: Any, case_id: str) -> dict[str, str]:
    today = office_time.today()
    soon, later = today + timedelta(days=10), today + timedelta(days=20)
    past = today - timedelta(days=2)
    return {
        "hearing": hearings.schedule_hearing(
            store, case_id, f"{later}T09:00", "Audiencia única", "Juzgado de Paz Letrado"
        ),
        "deadline": hearings.schedule_hearing(
            store, case_id, f"{soon}T23:59", "Contestar demanda", None, "deadline"
        ),
        "past": hearings.schedule_hearing(store, case_id, f"{past}T09:00", "Conciliación"),
    }


def _close(qtbot: Any, view: Any) -> None:
    click_tab(qtbot, view.tabs, "Resumen")
    click(qtbot, view.close_button)
    dialog = modal(qtbot)
    assert dialog.cancel_pending.isChecked()
    choose(qtbot, dialog, "motivo_cierre", "Acuerdo")
    choose(qtbot, dialog, "resultado", "Favorable")
    click(qtbot, button(dialog, "Cerrar el caso"))
    qtbot.waitUntil(
        lambda: dialog_done(view) and "Concluido" in view.summary.text(), timeout=10_000
    )


def _reopen(qtbot: Any, view: Any, dialog: Any, reason: str) -> None:
    """Type the reason into the open reopen dialog, click "Reabrir", wait for the case."""
    click(qtbot, dialog.reason)
    qtbot.keyClicks(dialog.reason, reason)
    click(qtbot, button(dialog, "Reabrir"))
    qtbot.waitUntil(
        lambda: dialog_done(view) and "En trámite" in view.summary.text(), timeout=10_000
    )


def _select(qtbot: Any, view: Any, detail: str) -> None:
    row = next(r for r, v in enumerate(cells(view.hearings)) if v[2] == detail)
    rect = view.hearings.visualItemRect(view.hearings.item(row, 0))
    qtbot.mouseClick(view.hearings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _shown(view: Any) -> dict[str, tuple[str, str]]:
    return {row[2]: (row[4], row[5]) for row in cells(view.hearings)}


def test_reopening_restores_what_the_closing_cancelled_still_to_come(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    ids = _arrange(store, case_id)
    with watch_windows(window):
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 3, timeout=10_000)
        _close(qtbot, view)
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        qtbot.waitUntil(lambda: _shown(view)["Audiencia única"][0] == "Cancelada", timeout=10_000)
        _select(qtbot, view, "Audiencia única")  # a cancelled row cannot be marked
        for b in view.status_buttons.values():
            assert not b.isEnabled() and b.toolTip() == "Ya no está pendiente: Cancelada."

        click_tab(qtbot, view.tabs, "Resumen")
        click(qtbot, view.reopen_button)
        dialog = modal(qtbot)
        assert dialog.restore.isVisible() and dialog.restore.isChecked()
        assert dialog.restore.text() == (
            "Restaurar las 2 audiencias y plazos que el cierre canceló:"
        )
        listed = dialog.restore_list.text().splitlines()  # the past one is not offered
        assert [line.split(" · ", 1)[1] for line in listed] == [
            "Plazo · Contestar demanda",
            "Audiencia · Audiencia única",
        ]
        _reopen(qtbot, view, dialog, "La demandada apelo")
        assert view.message.text() == "Caso reabierto. Se restauraron 2 audiencias o plazos."
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        qtbot.waitUntil(lambda: _shown(view)["Audiencia única"][0] == "Programada", timeout=10_000)
        assert _shown(view) == {
            "Audiencia única": ("Programada", ""),
            "Contestar demanda": ("Pendiente", ""),
            "Conciliación": ("Cancelada", "Caso cerrado"),
        }
        assert store.get("hearing", ids["hearing"])["status"] == "scheduled"
        assert store.get("hearing", ids["past"])["status"] == "cancelled"

        # Still to come, it cannot be marked held (fresh5 #20); "Marcar frustrada" asks
        # what happened; the answer is its result, shown.
        _select(qtbot, view, "Audiencia única")
        assert not view.status_buttons["held"].isEnabled()
        click(qtbot, view.status_buttons["failed"])
        asked = modal(qtbot)
        assert asked.windowTitle() == "Marcar frustrada"
        qtbot.keyClicks(asked.text, "El juzgado suspendio la audiencia")
        click(qtbot, button(asked, "Marcar frustrada"))
        qtbot.waitUntil(
            lambda: _shown(view)["Audiencia única"]
            == ("Frustrada", "El juzgado suspendio la audiencia"),
            timeout=10_000,
        )
        assert view.message.text() == "Marcada como frustrada."
        _select(qtbot, view, "Audiencia única")
        assert view.status_buttons["held"].toolTip() == "Ya no está pendiente: Frustrada."
        window.lock()


def test_reopening_can_leave_them_cancelled(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    ids = _arrange(store, case_id)
    with watch_windows(window):
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 3, timeout=10_000)
        _close(qtbot, view)
        click(qtbot, view.reopen_button)
        dialog = modal(qtbot)
        click(qtbot, dialog.restore)
        assert not dialog.restore.isChecked()
        _reopen(qtbot, view, dialog, "Nuevo hecho")
        assert view.message.text() == "Caso reabierto. Siguen canceladas 2 audiencias o plazos."
        assert store.get("hearing", ids["hearing"])["status"] == "cancelled"

        # Review4 F6: a second closing and reopening does not offer (nor restore) what
        # the first reopening chose to leave cancelled.
        _close(qtbot, view)
        click(qtbot, view.reopen_button)
        dialog = modal(qtbot)
        assert not dialog.restore.isVisible() and not dialog.restore_list.isVisible()
        _reopen(qtbot, view, dialog, "Otro hecho")
        assert view.message.text() == "Caso reabierto."
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        left = "Caso cerrado; no se restauró al reabrir"
        qtbot.waitUntil(
            lambda: _shown(view)["Audiencia única"] == ("Cancelada", left), timeout=10_000
        )
        assert _shown(view)["Contestar demanda"] == ("Cancelado", left)
        assert _shown(view)["Conciliación"] == ("Cancelada", "Caso cerrado")
        assert store.get("hearing", ids["hearing"])["status"] == "cancelled"
        # fresh6 #7: the Historial's line of each reopening says why; its note is named
        click_tab(qtbot, view.tabs, "Historial")
        lines = [view.history.item(i).text() for i in range(view.history.count())]
        reopened = [line for line in lines if "→ En trámite" in line]
        assert len(reopened) == 2, lines
        assert reopened[0].endswith("; Motivo: Otro hecho")  # newest first
        assert reopened[1].endswith("; Motivo: Nuevo hecho")
        assert sum(line.endswith("Motivo de la reapertura") for line in lines) == 2
        window.lock()
