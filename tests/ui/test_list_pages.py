"""The list pages and the case summary on a 1024×600 netbook (issue 13 walkthrough #3, #4,
#5), driven through the real main window: clicks in the navigation and on the headers.

- Personas is sorted by name as it shows it, surnames first, and the header's arrow
  points up (A to Z); a click on the header turns both.
- Casos opens newest first and its "Apertura" arrow points down.
- Name columns take the spare width (no name cut) while short and empty columns fit
  their content; nothing scrolls sideways, and a wider window widens the name.
- The case "Resumen" tab is never squeezed: every row of the summary keeps its height,
  and a vertical scroll bar appears when the tab is too short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from app.core import people
from tests.ui.e2e import (
    MARIA,
    arrange_case,
    button,
    click,
    click_tab,
    main_window,
    modal,
    nav_to,
    open_case_from_list,
)
from tests.ui.test_small_screen_spanish import NETBOOK, layout_problems
from tests.ui.windows import watch_windows

# given names in the opposite order of the surnames: sorted by given names they would
# come out backwards
NAMES = [
    ("Zoila", "Apaza", "Ramos"),
    ("Yeni", "Apaza", "Condori"),
    ("Walter", "Benito", "Sulca"),
    ("Ursula", "Cusi", "Mamani"),
    ("Teodoro Alejandro", "Huamanchumo", "Villavicencio"),
    ("Rosa", "Quispe", "Mamani"),
    ("Alberto", "Zevallos", "Paz"),
]


def arrow(header: QHeaderView, section: int) -> str:
    """Which way the sort arrow drawn in ``section`` points: "up", "down" or "none" (read
    from the pixels of the header: an up arrow is narrow at its top)."""
    image = header.grab().toImage()
    right = header.sectionViewportPosition(section) + header.sectionSize(section) - 3
    left = max(right - 22, header.sectionViewportPosition(section))
    background = image.pixelColor(right - 1, 2).lightness()

    def ink(y: int) -> int:
        return sum(
            1
            for x in range(left, right)
            if abs(image.pixelColor(x, y).lightness() - background) > 60
        )

    rows = [(y, ink(y)) for y in range(3, image.height() - 3)]
    inked = [(y, n) for y, n in rows if n]
    if len(inked) < 2:
        return "none"
    top, bottom = inked[0][1], inked[-1][1]
    return "up" if top < bottom else "down" if top > bottom else "none"


def column_texts(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.index(r, column).data() or "") for r in range(model.rowCount())]


def fits(table: QTableView, column: int) -> bool:
    """Every loaded value of ``column`` shows whole (no "…")."""
    metrics = table.fontMetrics()
    widest = max(metrics.horizontalAdvance(t) for t in column_texts(table, column))
    return table.columnWidth(column) >= widest + 6


def test_people_sorted_by_surname_first_with_the_arrow_and_names_whole(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    for given, paternal, maternal in NAMES:
        people.register_person(
            store,
            {
                "given_names": given,
                "paternal_surname": paternal,
                "maternal_surname": maternal,
                "doc_type": "SIN_DOCUMENTO",
                "doc_reason": "No lo porta",
            },
        )
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Personas")
        page = window.workspace.people
        table, header = page.table, page.table.horizontalHeader()
        qtbot.waitUntil(lambda: table.model().rowCount() == len(NAMES), timeout=10_000)
        name = next(
            c
            for c in range(table.model().columnCount())
            if table.model().headerData(c, Qt.Orientation.Horizontal) == "Apellidos y nombres"
        )
        shown = column_texts(table, name)
        assert shown[0] == "Apaza Condori, Yeni" and shown[-1] == "Zevallos Paz, Alberto"
        assert shown == sorted(shown)
        assert header.sortIndicatorSection() == name
        assert arrow(header, name) == "up"
        # the long name shows whole; the short columns are no wider than they need
        qtbot.waitUntil(lambda: fits(table, name), timeout=5_000)
        assert not layout_problems(window)
        born = [c for c in range(header.count()) if c != name]
        assert all(table.columnWidth(c) < table.columnWidth(name) for c in born)

        # a click on the header: Z to A, the arrow turns down
        x = header.sectionViewportPosition(name) + header.sectionSize(name) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        qtbot.waitUntil(lambda: column_texts(table, name)[:1] == [shown[-1]], timeout=10_000)
        assert column_texts(table, name) == shown[::-1]
        assert arrow(header, name) == "down"

        # a wider window: the name column takes the new width, the others stay
        before = {c: table.columnWidth(c) for c in range(header.count())}
        window.resize(NETBOOK[0] + 300, NETBOOK[1])
        qtbot.waitUntil(lambda: table.columnWidth(name) >= before[name] + 250, timeout=5_000)
        assert all(table.columnWidth(c) == before[c] for c in born)
        window.lock()


def casos_at_1024(qtbot: Any, window: Any, rows: int) -> tuple[QTableView, int, int]:
    """The window at 1024x600 on Casos once its ``rows`` rows are in: (its table, the
    client column, the court file column)."""
    window.resize(*NETBOOK)
    nav_to(qtbot, window, "Casos")
    table = window.workspace.cases.table
    qtbot.waitUntil(lambda: table.model().rowCount() == rows, timeout=10_000)
    titles = whole_titles(table)
    return table, titles.index("Beneficiario/a"), titles.index("Expediente judicial")


def whole_titles(table: QTableView) -> list[str]:
    """The columns' whole titles (an abbreviated one says it whole in its tooltip)."""
    model = table.model()
    tip = Qt.ItemDataRole.ToolTipRole
    return [model.headerData(c, Qt.Orientation.Horizontal, tip) for c in range(7)]


def test_cases_newest_first_with_a_down_arrow_and_whole_names(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    arrange_case(store)
    long_name = {
        **MARIA,
        "given_names": "Teodoro",
        "paternal_surname": "Huamanchumo",
        "maternal_surname": "Villa",
        "doc_number": "41234567",
    }
    arrange_case(store, long_name, 2)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Casos")
        page = window.workspace.cases
        table, header = page.table, page.table.horizontalHeader()
        qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=10_000)
        titles = whole_titles(table)
        opened, client = titles.index("Apertura"), titles.index("Beneficiario/a")
        court = titles.index("Expediente judicial")
        assert header.sortIndicatorSection() == opened
        assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert arrow(header, opened) == "down"  # newest first: the arrow points down
        assert column_texts(table, client)[0].startswith("Huamanchumo Villa, Teodoro")
        qtbot.waitUntil(lambda: fits(table, client), timeout=5_000)
        # the empty court file column is narrower than its title; its tooltip says it
        title_width = header.fontMetrics().horizontalAdvance("Expediente judicial")
        assert table.columnWidth(court) < title_width
        tip = table.model().headerData(
            court, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
        )
        assert tip == "Expediente judicial"
        assert not layout_problems(window)
        window.lock()


def test_the_case_summary_is_never_squeezed(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    case_id = arrange_case(store)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
        click_tab(qtbot, view.tabs, "Resumen")
        summary = view.summary
        assert "Apertura" in summary.text()

        def whole() -> bool:
            return summary.height() >= summary.heightForWidth(summary.width())

        qtbot.waitUntil(whole, timeout=5_000)
        assert view.parties.height() >= 3 * view.parties.fontMetrics().lineSpacing()
        assert not layout_problems(window)
        # a shorter window: the tab scrolls instead of cutting rows
        window.resize(NETBOOK[0], 420)
        bar = view.summary_area.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0, timeout=5_000)
        assert whole()
        assert view.parties.height() >= 3 * view.parties.fontMetrics().lineSpacing()
        assert not view.summary_area.horizontalScrollBar().isVisible()
        window.lock()


def test_the_agenda_shows_client_names_whole(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Walkthrough #4 in the Agenda: the client shows whole; a long detail wraps onto
    more lines instead of being cut (its tooltip says it whole too)."""
    from app import office_time
    from app.core import hearings
    from tests.ui.test_shell_fit import _whole

    client = {**MARIA, "given_names": "Teodoro", "maternal_surname": "Villavicencio"}
    case_id = arrange_case(store, client)
    at = office_time.now().replace(hour=9, minute=30, second=0, microsecond=0)
    kind = "Audiencia única de alimentos con actuación de pruebas"
    hearings.schedule_hearing(store, case_id, at.isoformat(), kind, "Juzgado de Paz Letrado")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Agenda")
        agenda = window.workspace.agenda
        click(qtbot, agenda.view_buttons["day"])
        table = agenda.table
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
        assert column_texts(table, 1) == ["Teodoro Quispe Villavicencio"]
        qtbot.waitUntil(lambda: _whole(table, 0, 1) and _whole(table, 0, 3), timeout=5_000)
        assert table.columnWidth(3) < table.fontMetrics().horizontalAdvance(kind)
        assert table.item(0, 3).toolTip() == kind
        assert not layout_problems(window)
        window.lock()


def test_the_people_filter_ignores_accents_and_case(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes walkthrough: "garcia vega" found nothing for "García Vega" (the filter
    is now accent- and case-insensitive, as Ctrl+K)."""
    for given, paternal in (("Lucía", "García"), ("Lucas", "Garcés")):
        people.register_person(
            store,
            {
                "given_names": given,
                "paternal_surname": paternal,
                "maternal_surname": "Vega",
                "doc_type": "SIN_DOCUMENTO",
                "doc_reason": "No lo porta",
            },
        )
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        nav_to(qtbot, window, "Personas")
        page = window.workspace.people
        qtbot.waitUntil(lambda: page.table.model().rowCount() == 2, timeout=10_000)
        click(qtbot, page.text)
        qtbot.keyClicks(page.text, "garcia vega")
        qtbot.waitUntil(
            lambda: column_texts(page.table, 0) == ["García Vega, Lucía"], timeout=10_000
        )
        assert page.count_label.text() == "Registros: 1"
        window.lock()


def test_marking_an_overdue_hearing_asks_what_happened(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes walkthrough: Agenda → Vencidos "Marcar realizada" acted on one click,
    with no result. Now it asks what happened (required) and records it."""
    from datetime import timedelta

    from app import office_time
    from app.core import hearings

    case_id = arrange_case(store)
    past = (office_time.now() - timedelta(days=9)).replace(hour=9, minute=0, second=0)
    hearing_id = hearings.schedule_hearing(store, case_id, past.isoformat(), "Audiencia única")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        nav_to(qtbot, window, "Agenda")
        agenda = window.workspace.agenda
        click(qtbot, agenda.view_buttons["overdue"])
        table = agenda.table
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
        rect = table.visualItemRect(table.item(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        click(qtbot, agenda.held_button)
        dialog = modal(qtbot)
        assert hearings.get_hearing(store, hearing_id)["status"] == "scheduled"  # not yet
        click(qtbot, button(dialog, "Marcar realizada"))  # nothing typed: refused
        assert dialog.isVisible() and "qué pasó" in dialog.message.text()  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.text, "Se fijo pension provisional")  # type: ignore[attr-defined]
        click(qtbot, button(dialog, "Marcar realizada"))
        qtbot.waitUntil(
            lambda: hearings.get_hearing(store, hearing_id)["status"] == "held", timeout=10_000
        )
        assert hearings.get_hearing(store, hearing_id)["result"] == "Se fijo pension provisional"
        qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=10_000)  # no longer overdue
        window.lock()


def test_a_long_client_name_is_whole_before_an_empty_court_file_column(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes #15: at 1024 px a long client name was cut while the court file column,
    empty in every row, kept its title's first word ("Expediente…"). An empty column
    gives way first: its title abbreviated, "Exp." (fresh10 #2: "Exp…" read as cut off;
    the tooltip says it whole). Fails on the old code ("Exp…")."""
    long_name = {**MARIA, "given_names": "María Sonia Esperanza",
                 "paternal_surname": "Chambilla", "maternal_surname": "Huamaní Quispe"}  # fmt: skip
    case_id = arrange_case(store, long_name, 2)
    store.update("case", case_id, {"matter": "violencia"})  # the longest matter's label
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        table, client, court = casos_at_1024(qtbot, window, 1)
        assert column_texts(table, client) == ["Chambilla Huamaní Quispe, María Sonia Esperanza"]
        qtbot.waitUntil(lambda: fits(table, client), timeout=5_000)
        header = table.horizontalHeader()
        first_word = header.fontMetrics().horizontalAdvance("Expediente…")
        assert table.columnWidth(court) < first_word
        # fresh10 #2: "Exp…" read as a title cut off; an abbreviation reads as one, whole
        assert table.model().headerData(court, Qt.Orientation.Horizontal) == "Exp."
        assert table.columnWidth(court) >= header.fontMetrics().horizontalAdvance("Exp.") + 8
        tip = Qt.ItemDataRole.ToolTipRole
        assert table.model().headerData(court, Qt.Orientation.Horizontal, tip) == (
            "Expediente judicial"
        )
        assert table.horizontalScrollBar().maximum() == 0  # nothing scrolls sideways
        assert not layout_problems(window)
        window.lock()


def test_personas_counts_the_cases_a_person_is_the_client_of(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #35: Pedro, only the other party of a case, read "Casos 1" in Personas as
    if he were a client, while his profile said "Casos como cliente (0)". The column says
    how he takes part. Fails on the old code (1)."""
    from app.core import cases

    case_id = arrange_case(store)  # María is the client
    pedro = people.register_person(
        store,
        {"given_names": "Pedro", "paternal_surname": "Alarcón", "maternal_surname": "Mendoza",
         "doc_type": "SIN_DOCUMENTO", "doc_reason": "No lo porta"},
    )  # fmt: skip
    cases.add_party(store, case_id, pedro, "counterparty")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Personas")
        table = window.workspace.people.table
        model = table.model()
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
        titles = [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
        count = titles.index("Casos")
        names = column_texts(table, titles.index("Apellidos y nombres"))
        counted = dict(zip(names, column_texts(table, count), strict=True))
        assert counted == {
            "Alarcón Mendoza, Pedro": "1 como otra parte",
            "Quispe Mamani, Maria Elena": "1",
        }
        assert fits(table, count) and not layout_problems(window)
        window.lock()
