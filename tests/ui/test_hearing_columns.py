"""The case view's hearings table at 1024×600 fits its columns to what they show (fresh 9
N3: "Resultado" was squeezed to a sliver while "Lugar" kept room it did not need)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt

from app import office_time
from app.core import hearings
from app.ui.lists import CELL_MARGIN, CELL_PADDING
from tests.ui.e2e import arrange_case, click_tab, main_window, open_case_from_list

RESULT = (
    "Se fijó una pensión provisional de S/ 600 mensuales; el demandado se comprometió a "
    "pagar los meses adeudados"
)


def test_the_result_column_is_not_squeezed_while_the_place_has_room(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: "Resultado" a sliver ("provisio…") beside a roomy "Lugar"."""
    case_id = arrange_case(store)
    number = store.get("case", case_id)["internal_number"]
    now = office_time.now().replace(second=0, microsecond=0)
    past = (now - timedelta(days=20)).replace(hour=9, minute=0)
    held = hearings.schedule_hearing(
        store, case_id, past.isoformat(timespec="minutes"), "Audiencia única",
        "Juzgado de Paz Letrado de Wánchaq", "hearing",
    )  # fmt: skip
    hearings.mark_hearing(store, held, "held", RESULT)
    later = (now + timedelta(days=12)).replace(hour=10, minute=30)
    hearings.schedule_hearing(
        store, case_id, later.isoformat(timespec="minutes"), "Audiencia de conciliación",
        "CEM Cusco", "hearing",
    )  # fmt: skip
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, number)
    table = view.hearings
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=10_000)
    click_tab(qtbot, view.tabs, "Audiencias y plazos")
    metrics, header = table.fontMetrics(), table.horizontalHeader()
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            text, width = table.item(r, c).text(), table.columnWidth(c)
            title = table.horizontalHeaderItem(c).text()
            for word in text.split():  # no word cut ("provisio…", "mensua…")
                assert metrics.horizontalAdvance(word) + CELL_MARGIN <= width, (title, word)
            box = QRect(0, 0, width - CELL_MARGIN, 10_000)
            lines = metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text).height()
            assert lines + CELL_PADDING <= table.rowHeight(r), (title, text)  # all of it
    # the result, the longest text, is not the narrowest free column
    assert table.columnWidth(5) >= table.columnWidth(3)
    assert header.length() <= table.viewport().width()  # and nothing scrolls sideways
    assert not table.horizontalScrollBar().isVisible()
    window.lock()
