"""Walkthrough findings 8, 9 (deadlines) and 19 (issue 13), in the real main window at
1024×600 by clicks and typing: the case's history says in Spanish what was done —
a party added, a file attached, a milestone recorded, a writ drafted — and its long lines
wrap; "Audiencias y plazos" fits the tab without sideways scrolling (status and result
on screen, whole texts in tooltips)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app import office_time
from app.core import hearings, people
from app.drafting.templates import draft
from tests.ui.e2e import (
    JULIA,
    answer_save_dialog,
    button,
    cells,
    click,
    click_tab,
    dialog_done,
    modal,
    on_case,
    party_search,
)
from tests.ui.windows import watch_windows

LONG_DETAIL = "Contestación de demanda con ofrecimiento de medios probatorios"
LONG_REASON = "El juzgado reprogramó la audiencia por falta de quórum y licencia del juez titular"


def _history(view: Any) -> list[str]:
    return [view.history.item(i).text() for i in range(view.history.count())]


def test_the_history_says_each_step_in_spanish_and_wraps(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    people.register_person(store, JULIA)
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        # a party: Julia is nobody's client here, so she is added at once
        dialog = party_search(qtbot, view, "Alarcon", 1)
        click(qtbot, button(dialog, "Agregar"))
        qtbot.waitUntil(lambda: dialog_done(view) and view.parties.count() == 2, timeout=10_000)

        # a file
        scan = tmp_path / "partida_luis.txt"
        scan.write_text("Partida de nacimiento", encoding="utf-8")
        click_tab(qtbot, view.tabs, "Adjuntos")
        answer_save_dialog(scan, [])
        click(qtbot, button(view, "Adjuntar archivo…"))
        qtbot.waitUntil(lambda: view.attachments.count() == 1, timeout=10_000)

        # a milestone
        click_tab(qtbot, view.tabs, "Hitos")
        panel = view.milestones
        click(qtbot, button(panel, "Registrar hito…"))
        dialog = modal(qtbot)
        assert dialog.findChild(QComboBox).currentText() == "Demanda o denuncia presentada"
        filed = office_time.today() - timedelta(days=1)
        click(qtbot, dialog.date.edit)
        qtbot.keyClick(dialog.date.edit, Qt.Key.Key_End)
        for _ in range(len(dialog.date.edit.text())):
            qtbot.keyClick(dialog.date.edit, Qt.Key.Key_Backspace)
        qtbot.keyClicks(dialog.date.edit, filed.strftime("%d%m%Y"))
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            click(qtbot, button(dialog, "Guardar"))

        # a writ drafted (arranged through the core: the drafting dialog has its own test)
        draft(store, "demanda_alimentos", case_id, tmp_path / "demanda.docx")

        click_tab(qtbot, view.tabs, "Resumen")
        click(qtbot, view.edit_button)  # any write reloads the view: a court file number
        dialog = modal(qtbot)
        click(qtbot, dialog.court_file)
        qtbot.keyClicks(dialog.court_file, "00123-2021-0-1801-JP-FC-01")
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: dialog_done(view), timeout=10_000)
        click_tab(qtbot, view.tabs, "Historial")
        qtbot.waitUntil(lambda: "Número de expediente" in _history(view)[0], timeout=10_000)
        lines = [line.split(" · ", 2)[2] for line in _history(view)]
        assert "Creación de parte del caso: Contraparte — Julia Yolanda Alarcon Mendoza" in lines
        assert "Creación de adjunto: partida_luis.txt" in lines
        assert (
            f"Creación de hito del caso: Demanda o denuncia presentada ({filed:%d/%m/%Y})" in lines
        )
        assert "Escrito redactado: Demanda de alimentos" in lines
        assert not any("Draft" in line or "draft" in line for line in lines)

        # long lines wrap within the list: no sideways scrolling
        width = view.history.viewport().width()
        assert view.history.horizontalScrollBar().maximum() == 0
        for i in range(view.history.count()):
            rect = view.history.visualItemRect(view.history.item(i))
            assert rect.right() <= width, _history(view)[i]
        window.lock()


def test_hearings_fit_the_tab_at_1024(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    soon = office_time.today() + timedelta(days=8)
    hearings.schedule_hearing(store, case_id, f"{soon}T23:59", LONG_DETAIL, None, "deadline")
    moved = hearings.schedule_hearing(
        store, case_id, f"{soon}T09:00", "Audiencia única", "Juzgado de Paz Letrado de Comas"
    )
    hearings.mark_hearing(store, moved, "rescheduled", LONG_REASON, f"{soon}T11:00")
    with watch_windows(window):
        assert window.width() == 1024
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        table = view.hearings
        qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=10_000)
        qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=5_000)
        header, width = table.horizontalHeader(), table.viewport().width()
        assert header.sectionViewportPosition(5) + header.sectionSize(5) <= width
        status = 4  # whole, not cut: as wide as its longest value
        metrics = table.fontMetrics()
        for row in cells(table):
            assert metrics.horizontalAdvance(row[status]) < header.sectionSize(status)
        reason = next(table.item(r, 5) for r in range(table.rowCount()) if table.item(r, 5).text())
        assert reason.text() == reason.toolTip() == LONG_REASON
        assert table.rowHeight(reason.row()) > metrics.height() + 4  # it wraps: all of it
        detail = next(
            table.item(r, 2)
            for r in range(table.rowCount())
            if table.item(r, 2).text() == LONG_DETAIL
        )
        assert detail.toolTip() == LONG_DETAIL
        window.lock()
