"""``lists.fit_rows`` and ``widgets.day_off_text``: the one row-height rule of wrapped
tables (the Agenda, a case's "Audiencias y plazos") and the one wording of a deadline on
a day that does not count (Inicio and the Agenda) — review 4, F9: each was written twice.

Real ``QTableWidget``s, shown at a netbook's width: every wrapped cell shows whole (each
line within its row), a row whose text fits keeps one line, a stretched column is
measured at the width it gets.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from app.ui.lists import fit_columns, fit_rows
from app.ui.widgets import day_off_text

PLACE = "Juzgado de Paz Letrado de San Juan de Lurigancho, sede Canto Grande"
REASON = "El juzgado reprogramó la audiencia por la licencia del juez titular del despacho"


def _table(qtbot: Any, rows: list[list[str]], width: int) -> QTableWidget:
    table = QTableWidget(len(rows), len(rows[0]))
    qtbot.addWidget(table)
    table.setWordWrap(True)
    table.setHorizontalHeaderLabels([f"Columna {c}" for c in range(len(rows[0]))])
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resize(width, 400)
    table.show()
    qtbot.waitExposed(table)
    return table


def _whole(table: QTableWidget, row: int, column: int) -> bool:
    """Every wrapped line of the cell fits its row as Qt paints it (8 px of margin)."""
    text = table.item(row, column).text()
    width = table.horizontalHeader().sectionSize(column) - 8
    box = QRect(0, 0, width, 10_000)
    needed = table.fontMetrics().boundingRect(box, int(Qt.TextFlag.TextWordWrap), text)
    return table.rowHeight(row) >= needed.height()


@pytest.mark.parametrize("wrap", [True, False])
def test_wrapped_cells_show_whole_and_short_rows_keep_one_line(
    qtbot: Any, ui_app: Any, wrap: bool
) -> None:
    rows = [
        ["lun 01/12 09:30", "Rosa Elena Quispe Mamani", PLACE, REASON],
        ["mar 02/12 10:00", "Ana Ruiz", "Comas", ""],
    ]
    table = _table(qtbot, rows, 520)
    fit_columns(table, 1, {2, 3}, wrap=wrap)
    table.horizontalHeader().resizeSections()
    fit_rows(table, None if wrap else {2, 3})
    line = table.fontMetrics().height()
    for column in (2, 3):
        assert _whole(table, 0, column)
    assert table.rowHeight(0) > 2 * line  # the long place and reason wrap: all of them
    assert table.rowHeight(1) < 2 * line  # one line where everything fits


def test_only_the_wrapping_columns_set_the_height(qtbot: Any, ui_app: Any) -> None:
    table = _table(qtbot, [["corto", REASON]], 300)
    fit_columns(table, 0, {1}, wrap=True)
    fit_rows(table, {0})
    assert table.rowHeight(0) < 2 * table.fontMetrics().height()
    fit_rows(table, {0, 1})
    assert _whole(table, 0, 1) and table.rowHeight(0) > 2 * table.fontMetrics().height()


def test_a_day_off_is_worded_once(ui_app: Any) -> None:
    badge, why = day_off_text({"day_off": {"message": "cae sábado; siguiente día hábil: 01/12"}})
    assert badge == "⚠ día no hábil"
    assert why == "Cae sábado; siguiente día hábil: 01/12."
    assert day_off_text({"day_off": None}) == ("", "")
    assert day_off_text({}) == ("", "")
