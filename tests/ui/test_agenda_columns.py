"""The Agenda's "Vencidos" at 1024×600 (fresh-eyes 8 #15d): deadlines filed nowhere in
particular leave the "Lugar" column empty; its short title stays whole, not "Lu…"."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from app import office_time
from app.core import hearings
from tests.ui.e2e import MARIA, arrange_case, cells, click, main_window, nav_to


def test_an_empty_place_column_keeps_its_short_title_whole(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    today = office_time.today()
    for seed in range(3):
        who = {**MARIA, "doc_number": f"4587123{seed}", "given_names": f"Maria Elena {seed}"}
        case_id = arrange_case(store, who, seed=seed + 1)
        past = today - timedelta(days=10 + seed)
        detail = "Contestar la demanda de alimentos con ofrecimiento de pruebas"
        hearings.schedule_hearing(store, case_id, f"{past}T23:59", detail, None, "deadline")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    agenda = window.workspace.agenda
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        nav_to(qtbot, window, "Agenda")
    with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
        click(qtbot, agenda.view_buttons["overdue"])
    assert len(cells(agenda.table)) == 3
    model, header = agenda.table.model(), agenda.table.horizontalHeader()
    titles = [str(model.headerData(c, header.orientation())) for c in range(model.columnCount())]
    place = titles.index("Lugar")
    assert all(row[place] == "" for row in cells(agenda.table))  # nothing to show
    wide = header.fontMetrics().horizontalAdvance("Lugar") + 12
    qtbot.waitUntil(lambda: header.sectionSize(place) >= wide, timeout=5_000)
    window.lock()
