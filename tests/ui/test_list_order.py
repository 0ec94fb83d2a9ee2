"""Fresh-eyes finding 19, through the real main window at 1024x600: names starting with
"Á" or "Ñ" were listed after "Z" (byte order), and after a filter the columns kept the
widths of the first load ("DNI …" cut). Personas and Casos now sort in Spanish order
(``app.store.collation``) both ways, and every new first page fits the columns again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from app.core import people
from tests.core.test_spanish_order import SPANISH
from tests.ui.e2e import MARIA, arrange_case, click, main_window, nav_to
from tests.ui.test_list_pages import column_texts, fits
from tests.ui.test_small_screen_spanish import NETBOOK
from tests.ui.windows import watch_windows


def _column(table: Any, title: str) -> int:
    model = table.model()
    return next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == title
    )


def _click_header(qtbot: Any, table: Any, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


NO_DOC = {"doc_type": "SIN_DOCUMENTO", "doc_reason": "No lo porta"}


def _client(given: str, surname: str, n: int) -> dict[str, Any]:
    return {**MARIA, "given_names": given, "paternal_surname": surname, "doc_number": f"4587123{n}"}


def _person(store: Any, surname: str, **more: Any) -> str:
    data = {"given_names": "Rosa", "paternal_surname": surname}
    data.update(more or NO_DOC)
    return people.register_person(store, data)


def test_people_and_cases_in_spanish_alphabetical_order(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    for surname in SPANISH[::-1]:
        _person(store, surname)
    arrange_case(store, _client("Luz", "Ñaupari", 2), seed=2)
    arrange_case(store, _client("Ana", "Zapata", 3), seed=3)
    arrange_case(store, _client("Eva", "Álvarez", 4), seed=4)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Personas")
        table = window.workspace.people.table
        name = _column(table, "Apellidos y nombres")
        expected = sorted([*SPANISH, "Ñaupari", "Zapata", "Álvarez"], key=_sort_key)
        qtbot.waitUntil(lambda: table.model().rowCount() == len(expected), timeout=10_000)
        shown = _surnames(column_texts(table, name))
        assert shown == expected
        assert shown.index("Ñahui") > shown.index("Nuñoz") and shown[-1] == "Zúñiga"
        _click_header(qtbot, table, name)  # Z to A
        qtbot.waitUntil(lambda: column_texts(table, name)[:1] == ["Zúñiga, Rosa"], timeout=10_000)
        assert _surnames(column_texts(table, name)) == expected[::-1]

        nav_to(qtbot, window, "Casos")
        cases = window.workspace.cases.table
        client = _column(cases, "Beneficiario/a")
        qtbot.waitUntil(lambda: cases.model().rowCount() == 3, timeout=10_000)
        _click_header(qtbot, cases, client)  # by client, A to Z
        qtbot.waitUntil(
            lambda: _surnames(column_texts(cases, client))[:1] == ["Álvarez"], timeout=10_000
        )
        clients = _surnames(column_texts(cases, client))
        assert clients == ["Álvarez", "Ñaupari", "Zapata"]
        window.lock()


def _surnames(names: list[str]) -> list[str]:
    return [n.split(",")[0].split(" ")[0] for n in names]  # "Quispe Mamani, Rosa" -> Quispe


def _sort_key(surname: str) -> Any:
    from app.store.collation import spanish_key

    return spanish_key(surname)


def test_columns_fit_again_after_a_filter(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    for surname in ("Apaza", "Benito", "Cusi"):
        _person(store, surname)  # no document: "—"
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Personas")
        page = window.workspace.people
        table = page.table
        qtbot.waitUntil(lambda: table.model().rowCount() == 3, timeout=10_000)
        doc = _column(table, "Documento")
        # Someone registered meanwhile (here, at another desk): a wider document
        _person(store, "Quispe", doc_type="CE", doc_number="001234567890")
        qtbot.waitUntil(lambda: table.model().rowCount() == 4, timeout=10_000)
        click(qtbot, page.text)
        qtbot.keyClicks(page.text, "quispe")
        qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
        assert column_texts(table, doc)[0].endswith("001234567890")
        qtbot.waitUntil(lambda: fits(table, doc), timeout=5_000)  # whole, not "CE 0012…"
        window.lock()
