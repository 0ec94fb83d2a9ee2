"""The "Tiempos" page at 1024x600 with every matter of the vocabulary (fresh-eyes 6 #13):
the survival chart's legend names every group its table lists, and no table of the page
scrolls sideways or leaves the window, whichever interval and tab is shown. Driven through
the real main window with the mouse and the keyboard."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QTableWidget, QWidget

from app import office_time
from app.core import milestones
from sync.spec import vocab
from tests.ui.e2e import cells, click, click_tab, main_window, nav_to
from tests.ui.windows import watch_windows

SENTENCE = "survival:filing_to_decision"


def _arrange(store: Any) -> None:
    """Two cases of each matter, filed 50 days ago; one of each decided 20 days ago."""
    today = office_time.today()
    opened = (today - timedelta(days=60)).isoformat() + "T10:00:00-05:00"
    with store.transaction() as tx:
        person = tx.insert("person", {"office_id": store.office_id, "given_names": "Rosa",
                                      "paternal_surname": "Quispe", "doc_type": "DNI",
                                      "doc_number": "12345678"})  # fmt: skip
        made = [
            tx.insert("case", {"office_id": store.office_id, "person_id": person,
                               "status": "open", "matter": matter, "defender_id": store.user_id,
                               "internal_number": f"T-{matter}-{n}", "opened_at": opened})
            for matter in vocab.MATTER.codes() for n in range(2)
        ]  # fmt: skip
    for n, case in enumerate(made):
        milestones.record_milestone(store, case, "filed", str(today - timedelta(days=50)))
        if n % 2:
            milestones.record_milestone(store, case, "decision", str(today - timedelta(days=20)))


def _outside(page: QWidget, window: QWidget) -> list[str]:
    """The visible widgets of ``page`` not wholly inside the window."""
    frame = QRect(QPoint(0, 0), window.size())
    out = []
    for w in page.findChildren(QWidget):
        if w.isVisible() and w.width() > 0 and w.height() > 0:
            where = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
            if not frame.contains(where):
                out.append(f"{type(w).__name__} {w.accessibleName()!r} {where}")
    return out


def _sideways(table: QTableWidget) -> bool:
    return table.horizontalScrollBar().maximum() > 0


def test_every_matter_in_the_legend_and_nothing_scrolls_sideways(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    _arrange(store)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        page = window.workspace.times
        with qtbot.waitSignal(page.loaded, timeout=30_000):
            nav_to(qtbot, window, "Tiempos")
        assert window.width() <= 1024 and window.height() <= 600
        page.interval.setFocus()
        qtbot.keyClick(page.interval, Qt.Key.Key_Home)
        for _ in range(page.interval.count()):
            qtbot.waitUntil(lambda: not _sideways(page.survival_table), timeout=5_000)
            assert _outside(page, window) == []
            if page.interval.currentData() == "filing_to_decision":
                listed = [row[0] for row in cells(page.survival_table)]
                assert len(listed) == 1 + len(vocab.MATTER.codes())  # "Todas" and each
                qtbot.waitUntil(lambda: page.survival_chart.key == SENTENCE, timeout=10_000)
                drawn = page.view.charts[SENTENCE].decode()
                missing = [m for m in listed[1:] if f"{m} (n=2)" not in drawn]
                assert missing == []
            qtbot.keyClick(page.interval, Qt.Key.Key_Down)
        # each figure is explained once, in the same words on the page and in the PDFs
        from app.reports.labels import explained
        from app.reports.office_pdf import EXPLAINED

        for column, term in ((3, "median"), (4, "range"), (5, "working")):
            header = page.survival_table.horizontalHeaderItem(column)
            assert header is not None and header.toolTip() == explained(term)
            assert explained(term) in EXPLAINED
        for title, table in (("Carga procesal", page.caseload_table),
                             ("Tendencia", page.trend_table),
                             ("Demanda por defensor(a)", page.demand_table),
                             ("Derivaciones", page.referral_table)):  # fmt: skip
            click_tab(qtbot, page.tabs, title)
            assert table.isVisible() and not _sideways(table), title
            assert _outside(page, window) == [], title


def test_the_survival_chart_enlarged_and_the_selected_rows_curve_stands_out(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 8 #6: at 1024×600 the survival plot was ~280×160 px with an 8-row
    legend, and selecting a row did not show its curve. Selecting a matter makes its
    line stand out; "Ampliar gráfico" draws it at the window's size, every matter named
    whole."""
    from app.ui.chart_dialog import ChartDialog
    from tests.ui.e2e import modal
    from tests.ui.test_timeliness_page import tiempos

    _arrange(store)
    with tiempos(qtbot, store, vault_dir, fast_vault) as page:
        window = page.window()
        page.interval.setFocus()
        qtbot.keyClick(page.interval, Qt.Key.Key_Home)
        while page.interval.currentData() != "filing_to_decision":
            qtbot.keyClick(page.interval, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda: page.survival_chart.key == SENTENCE, timeout=10_000)
        table = page.survival_table
        matter = table.item(2, 0).text()
        rect = table.visualItemRect(table.item(2, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        chosen = f"{SENTENCE}:{matter}"
        qtbot.waitUntil(lambda: page.survival_chart.key == chosen, timeout=10_000)
        assert "stroke-width: 4" in page.view.charts[chosen].decode()  # its line stands out
        assert "stroke-width: 4" not in page.view.charts[SENTENCE].decode()

        click(qtbot, page.zoom_button)
        dialog = modal(qtbot)
        assert isinstance(dialog, ChartDialog)
        qtbot.waitUntil(lambda: dialog.chart.key == "zoom", timeout=10_000)
        assert dialog.chart.width() >= 900 and dialog.chart.height() >= 450
        [big] = [k for k in page.view.charts if k.startswith(f"{chosen}@")]
        drawn = page.view.charts[big].decode()
        listed = [row[0] for row in cells(table)]
        assert [m for m in listed[1:] if f"{m} (n=2)" not in drawn] == []  # whole names
        assert "stroke-width: 4" in drawn
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
        window.lock()
