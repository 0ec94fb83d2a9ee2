"""Referrals in the case view, driven as a person does: a new referral, then its
follow-up (status, what happened, when); the table shows Peru's dates and whole texts
(long ones wrap inside their cell, nothing is cut)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from app.ui.record_page import office_today
from tests.ui.e2e import (
    button,
    click,
    click_tab,
    modal,
    on_case,
)
from tests.ui.windows import watch_windows

REASON = (
    "Riesgo severo segun la ficha de valoracion de riesgo; coordinar medidas de proteccion "
    "con el Centro Emergencia Mujer de la comisaria de Wanchaq y el juzgado de familia"
)


def _whole_text_shown(table: Any, row: int, column: int) -> bool:
    item = table.item(row, column)
    cell = table.visualItemRect(item)
    text_area = cell.adjusted(3, 0, -3, 0)  # the style's margin beside the text
    needed = table.fontMetrics().boundingRect(text_area, int(Qt.TextFlag.TextWordWrap), item.text())
    return needed.height() <= cell.height() and needed.width() <= text_area.width()


def test_new_referral_and_its_follow_up(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        click_tab(qtbot, view.tabs, "Derivaciones")
        panel = view.referrals
        assert not panel.follow_button.isEnabled()
        assert "Seleccione" in panel.follow_button.toolTip()

        click(qtbot, button(panel, "Nueva derivación…"))
        dialog = modal(qtbot)
        combo = dialog.institution
        # fresh5 #15: no institution is preselected (a DEMUNA saved as CEM counted as CEM)
        assert combo.currentText() == "— Seleccione —"
        click(qtbot, button(dialog, "Guardar"))
        assert dialog.message.text() == "Elija la institución."
        click(qtbot, combo)
        qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
        qtbot.keyClicks(combo, "DEMUNA")
        assert combo.currentText() == "DEMUNA"
        reason = dialog.findChild(QPlainTextEdit)
        click(qtbot, button(dialog, "Guardar"))  # no reason yet: said, and kept open
        assert dialog.message.text() == "Escriba el motivo de la derivación."
        click(qtbot, reason)
        qtbot.keyClicks(reason, REASON)
        assert dialog.message.text() == ""  # gone as soon as a reason is typed
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
        today = office_today().toString("dd/MM/yyyy")
        assert panel.table.item(0, 0).text() == today
        assert panel.table.item(0, 1).text() == "DEMUNA"
        assert panel.table.item(0, 2).text() == "Derivada"
        assert panel.table.item(0, 3).text() == REASON
        assert _whole_text_shown(panel.table, 0, 3)
        assert view.message.text() == "Derivación registrada."

        # The follow-up: the referral was attended.
        rect = panel.table.visualItemRect(panel.table.item(0, 0))
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        click(qtbot, panel.follow_button)
        dialog = modal(qtbot)
        status = dialog.status
        assert dialog.institution.currentText() == "DEMUNA"  # and it can be corrected
        qtbot.keyClicks(status, "Atendida")
        assert status.currentText() == "Atendida"
        text = dialog.findChild(QPlainTextEdit)
        click(qtbot, text)
        qtbot.keyClicks(text, "La DEMUNA cito a ambas partes")
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == "Atendida", timeout=10_000)
        assert panel.table.item(0, 4).text() == f"{today}: La DEMUNA cito a ambas partes"
        assert view.message.text() == "Seguimiento de la derivación guardado."
        row = store.query("SELECT status, follow_up, follow_up_on FROM referral")[0]
        assert row["status"] == "attended" and row["follow_up"] == "La DEMUNA cito a ambas partes"
        assert row["follow_up_on"] == office_today().toString("yyyy-MM-dd")

        # a wrong institution is corrected in the follow-up, audited like any edit
        click(qtbot, panel.follow_button)
        dialog = modal(qtbot)
        dialog.institution.setFocus()
        qtbot.keyClick(dialog.institution, Qt.Key.Key_Home)
        for _ in range(dialog.institution.count()):  # down the list to the right one
            if dialog.institution.currentData() == "cem":
                break
            qtbot.keyClick(dialog.institution, Qt.Key.Key_Down)
        assert dialog.institution.currentText().startswith("Centro Emergencia Mujer")
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(
            lambda: "Centro Emergencia" in panel.table.item(0, 1).text(), timeout=10_000
        )
        [referral] = store.query("SELECT id, institution FROM referral")
        assert referral["institution"] == "cem"
        updates = store.query(
            "SELECT detail FROM audit_event WHERE action = 'update' AND entity_id = ?",
            (referral["id"],),
        )
        assert any("institution" in str(u["detail"]) for u in updates)
        window.lock()
