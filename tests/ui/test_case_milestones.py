"""The case's "Hitos" tab driven as a person does: the steps taken from the records show
(the intake, "Automático (de la ficha)"), "Registrar hito…" records a sentence on a
typed date with a note (a date after today is refused in the dialog, nothing written),
and the tab shows it "Registrado por <usuario>" with its note (fresh5 #4); the dialog
never preselects a step the case already has (fresh5 #19)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app import office_time
from tests.ui.e2e import button, cells, click, click_tab, modal, on_case
from tests.ui.windows import watch_windows


def _type_date(qtbot: Any, edit: Any, day: Any) -> None:
    click(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_End)
    for _ in range(len(edit.text())):
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, day.strftime("%d%m%Y"))


def test_record_a_milestone_in_the_case(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Hitos")
        panel = view.milestones
        qtbot.waitUntil(lambda: panel.table.rowCount() >= 1, timeout=10_000)
        assert [r[1:] for r in cells(panel.table)] == [
            ["Atención (ficha)", "Automático (de la ficha)", ""]
        ]

        click(qtbot, button(panel, "Registrar hito…"))
        dialog = modal(qtbot)
        combo = dialog.findChild(QComboBox)
        assert combo.currentText() == "Demanda o denuncia presentada"  # the usual first one
        click(qtbot, combo)
        qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
        qtbot.keyClicks(combo, "Sentencia")
        assert combo.currentText() == "Sentencia o resolución final"
        today = office_time.today()
        _type_date(qtbot, dialog.date.edit, today + timedelta(days=2))
        click(qtbot, button(dialog, "Guardar"))
        assert dialog.isVisible()  # refused: the problem under the date, nothing written
        assert dialog.field_messages["occurred_on"].text()
        assert store.query("SELECT count(*) AS n FROM case_milestone")[0]["n"] == 0

        decided = today - timedelta(days=3)
        _type_date(qtbot, dialog.date.edit, decided)
        click(qtbot, dialog.note)
        qtbot.keyClicks(dialog.note, "Leida en audiencia")
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10_000)
        shown = {r[1]: (r[0], r[2], r[3]) for r in cells(panel.table)}
        day, origin, note = shown["Sentencia o resolución final"]
        assert (day, note) == (decided.strftime("%d/%m/%Y"), "Leida en audiencia")
        assert origin.startswith("Registrado por ") and len(origin) > len("Registrado por ")
        saved = store.query("SELECT case_id, kind, occurred_on FROM case_milestone")
        assert saved == [
            {"case_id": case_id, "kind": "decision", "occurred_on": decided.isoformat()}
        ]

        click(qtbot, button(panel, "Registrar hito…"))  # the claim: the first not reached
        dialog = modal(qtbot)
        assert dialog.kind.currentText() == "Demanda o denuncia presentada"
        _type_date(qtbot, dialog.date.edit, today - timedelta(days=30))
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=10_000)
        click(qtbot, button(panel, "Registrar hito…"))  # never one the case has already
        dialog = modal(qtbot)
        assert dialog.kind.currentText() == "Demanda admitida"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
