"""The shell at 1024 px (issue 13, fresh-eyes findings 1, 4, 6 and 20), driven through the
real main window: clicks in the navigation, on Inicio's rows and the Agenda's buttons,
text typed into the list filters.

- A case opened from anywhere (Inicio, the Agenda, a list) highlights "Casos" in the
  navigation, a person "Personas" (#4; a new intake's "Abrir caso" is in
  ``test_intake_keyboard``).
- Casos: a filled-in court file number no longer squeezes the client's name; it gives way
  (its tooltip says it whole); the filter's hint reads whole (#6).
- Personas after a filter: document, district and phone show whole (#1).
- Inicio's sync conflicts say so: "Conflictos de sincronización" (#20).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app import office_time
from app.core import cases, hearings, people
from tests.ui.e2e import MARIA, arrange_case, click, click_list_row, main_window, nav_to
from tests.ui.test_list_pages import casos_at_1024, column_texts, fits
from tests.ui.test_small_screen_spanish import NETBOOK, layout_problems
from tests.ui.windows import watch_windows

LONG = {
    **MARIA,
    "given_names": "Maria Sonia",
    "paternal_surname": "Chambilla",
    "maternal_surname": "Quispehuaman",
    "doc_number": "41234567",
}


def _highlighted(window: Any) -> str:
    nav = window.workspace.nav
    item = nav.currentItem()
    return item.text() if item is not None and item.isSelected() else ""


def test_a_case_opened_from_inicio_or_the_agenda_highlights_casos(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    case_id = arrange_case(store)
    at = office_time.now().replace(hour=23, minute=0, second=0, microsecond=0)
    hearings.schedule_hearing(store, case_id, at.isoformat(), "Conciliación", "Juzgado")
    # fresh-eyes walkthrough 4, finding 10: one moved to another day is not counted as
    # today's; fresh-eyes 6 #3: it is listed as the Agenda's day lists it, saying so
    moved = hearings.schedule_hearing(store, case_id, at.isoformat(), "Audiencia única")
    later = (at + timedelta(days=4)).isoformat()
    hearings.mark_hearing(store, moved, "rescheduled", "El juzgado reprogramó", later)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        ws = window.workspace
        home = ws.home
        qtbot.waitUntil(
            lambda: (
                home.hearings.count() == 2
                and home.hearings.item(0).flags() != Qt.ItemFlag.NoItemFlags
            ),
            timeout=10_000,
        )
        assert _highlighted(window) == "Inicio"
        assert home.hearings_title.text() == (
            "Audiencias de hoy (1) — además, 1 reprogramada a otra fecha"
        )
        assert "Conciliación" in home.hearings.item(0).text()
        went = (at + timedelta(days=4)).strftime("%d/%m/%Y %H:%M")
        assert home.hearings.item(1).text().endswith(f"Reprogramada para el {went}")
        click_list_row(qtbot, home.hearings, 0)
        with qtbot.waitSignal(ws.case_view.loaded, timeout=10_000):
            qtbot.keyClick(home.hearings, Qt.Key.Key_Return)
        assert ws.pages.currentWidget() is ws.case_view
        assert _highlighted(window) == "Casos"

        nav_to(qtbot, window, "Agenda")
        agenda = ws.agenda
        click(qtbot, agenda.view_buttons["day"])
        qtbot.waitUntil(
            lambda: agenda.table.rowCount() == 2, timeout=10_000
        )  # the moved one too (it happened)
        rect = agenda.table.visualItemRect(agenda.table.item(0, 0))
        qtbot.mouseClick(agenda.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        with qtbot.waitSignal(ws.case_view.loaded, timeout=10_000):
            click(qtbot, agenda.open_button)
        assert _highlighted(window) == "Casos"

        assert ws.case_view.case_id == case_id
        # a click on the highlighted "Casos" goes back to the list
        nav_to(qtbot, window, "Casos")
        assert ws.pages.currentWidget() is ws.cases and _highlighted(window) == "Casos"
        window.lock()


def test_cases_show_the_court_file_number_whole_and_the_surnames(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 5 #13: the court file number ("01534-20…") is what a defender looks a
    case up by at court: whole. The client's surnames stay whole too (fresh-eyes 3 #6:
    clients were cut to the first surname); given names may elide (whole in the
    tooltip), after matter and defender gave way."""
    filed = arrange_case(store, LONG)
    cases.edit_case(store, filed, {"court_file_number": "04521-2026-0-0901-JP-FC-02"})
    arrange_case(store, {**LONG, "given_names": "Rosa Elvira", "doc_number": "42345678"}, 2)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        table, client, court = casos_at_1024(qtbot, window, 2)
        page = window.workspace.cases
        assert sorted(column_texts(table, client)) == [
            "Chambilla Quispehuaman, Maria Sonia",
            "Chambilla Quispehuaman, Rosa Elvira",
        ]
        qtbot.waitUntil(lambda: fits(table, court), timeout=5_000)  # the number whole
        metrics = table.fontMetrics()
        surnames = metrics.horizontalAdvance("Chambilla Quispehuaman,") + 12
        assert table.columnWidth(client) >= surnames
        for row, name in enumerate(column_texts(table, client)):
            assert table.model().index(row, client).data(Qt.ItemDataRole.ToolTipRole) == name
        # the filter's hint reads whole; one office: no office filter to choose from
        assert page.office.isHidden() and page.status.isVisible()
        hint = page.text.placeholderText()
        assert page.text.width() >= page.text.fontMetrics().horizontalAdvance(hint) + 30
        assert not layout_problems(window)
        window.lock()


def test_people_columns_stay_whole_after_a_filter(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes finding 1: after typing "apaza valdivia" the document, district and
    phone were cut ("DNI ...", "CARA...", "98765...") with plenty of room."""
    people.register_person(
        store,
        {
            **MARIA,
            "given_names": "Teresa",
            "paternal_surname": "Apaza",
            "maternal_surname": "Valdivia",
            "ubigeo": "150106",
        },
    )
    people.register_person(store, {**MARIA, "doc_number": "41234567"})
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Personas")
        page = window.workspace.people
        table = page.table
        qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=10_000)
        click(qtbot, page.text)
        qtbot.keyClicks(page.text, "apaza valdivia")
        qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
        titles = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
        assert column_texts(table, titles.index("Documento")) == ["DNI 45871236"]
        for title in ("Documento", "Distrito", "Teléfono", "Apellidos y nombres"):
            column = titles.index(title)
            qtbot.waitUntil(lambda c=column: fits(table, c), timeout=5_000)
        assert not layout_problems(window)
        window.lock()


def test_inicio_names_sync_conflicts_as_such(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes finding 20: "Conflictos por revisar" under "Fichas en borrador" read as
    conflicts of interest."""
    window = main_window(qtbot, store, vault_dir, fast_vault)
    home = window.workspace.home
    qtbot.waitUntil(lambda: bool(home.greeting.text()), timeout=10_000)
    assert home.conflicts_title.text() == "Conflictos de sincronización"
    assert "No son conflictos de intereses" in home.conflicts_title.toolTip()
    assert home.conflicts.item(0).text() == "No hay conflictos de sincronización."
    window.lock()


def _rows_shown(view: Any) -> tuple[int, int]:
    """(whole rows in sight, rows cut by the list's bottom edge) of a list on screen."""
    bottom = view.viewport().height()
    rects = [view.visualItemRect(view.item(i)) for i in range(view.count())]
    whole = sum(1 for r in rects if r.top() >= 0 and r.top() + r.height() <= bottom)
    cut = sum(1 for r in rects if r.top() < bottom < r.top() + r.height())
    return whole, cut


def test_inicio_gives_the_room_to_lists_with_rows_and_shows_whole_rows(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 5 #11: at 1024×600 "Plazos de los próximos 7 días (6)" showed 2½ rows
    while an empty "Audiencias de hoy (0)" kept the same height. Now an empty list takes
    one line, the lists with rows share the rest, and no row is cut in half — at the
    netbook's size and after the window grows."""
    now = office_time.now().replace(hour=23, minute=58, second=0, microsecond=0)
    for i in range(6):
        person = {**LONG, "doc_number": f"4123456{i}", "given_names": f"Maria Sonia {'ab'[i % 2]}"}
        case_id = arrange_case(store, person, i + 1)
        for at, kind in ((now + timedelta(days=1 + i % 5), "Contestar la demanda"),
                         (now - timedelta(days=20 + i), "Presentar alegatos")):
            hearings.schedule_hearing(store, case_id, at.isoformat(), kind, None, "deadline")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Agenda")
        nav_to(qtbot, window, "Inicio")
        home = window.workspace.home
        qtbot.waitUntil(lambda: home.deadlines.count() == 6, timeout=10_000)
        qtbot.waitUntil(lambda: home.overdue.count() == 6, timeout=10_000)
        assert home.hearings_title.text() == "Audiencias de hoy (0)"
        assert home.hearings.item(0).text() == "No hay audiencias hoy."
        for size in (NETBOOK, (1366, 700)):
            window.resize(*size)
            qtbot.waitUntil(lambda s=size: window.width() == s[0], timeout=5_000)
            qtbot.wait_until(lambda: _rows_shown(home.deadlines)[0] >= 4, timeout=5_000)
            # the empty list is one line tall; the deadlines have the room
            line = home.hearings.fontMetrics().height()
            assert home.hearings.viewport().height() < 2 * line
            assert home.deadlines.height() > 3 * home.hearings.height()
            for view in (home.hearings, home.deadlines, home.overdue, home.drafts, home.conflicts):
                whole, cut = _rows_shown(view)
                assert cut == 0, f"{view.accessibleName()}: a row cut in half"
                assert whole >= 1
            assert not layout_problems(window)
        assert _rows_shown(home.deadlines)[0] == 6  # a taller window shows them all
        window.lock()


def _whole(table: Any, row: int, column: int) -> bool:
    """The cell's text shows whole: every word within the column, every wrapped line
    within the row's height."""
    from PySide6.QtCore import QRect

    text = table.item(row, column).text()
    metrics = table.fontMetrics()
    width = table.columnWidth(column) - 8
    if any(metrics.horizontalAdvance(w) > width for w in text.split()):
        return False
    flags = int(Qt.TextFlag.TextWordWrap)
    needed = metrics.boundingRect(QRect(0, 0, width, 10_000), flags, text).height()
    return table.rowHeight(row) >= needed


def test_the_agenda_week_fits_1024_and_flags_a_deadline_on_a_day_off(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes finding 13: at 1024 px the week cut Cliente, Detalle and Lugar
    ("María Sonia Chamb…", "Conciliació…", "Juzgado P…") and the deadlines box took
    ~90 px for two lines; a deadline due on a Saturday was not flagged."""
    import datetime as dt

    case_id = arrange_case(store, LONG)
    other = arrange_case(store, {**LONG, "given_names": "Rosa Elvira", "doc_number": "42345678"}, 2)
    today = office_time.now().date()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)  # the coming one
    monday = saturday - dt.timedelta(days=5)
    place = "Juzgado de Paz Letrado de San Juan de Lurigancho"
    for day, hour, kind in ((1, 9, "Conciliación"), (2, 10, "Lectura de sentencia")):
        at = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour, 30))
        hearings.schedule_hearing(store, case_id, at.isoformat(), kind, place)
    # fresh-eyes 5 #14: a hearing typed at 04:31 (for 16:31) went unflagged
    odd = dt.datetime.combine(monday + dt.timedelta(days=3), dt.time(4, 31))
    hearings.schedule_hearing(store, other, odd.isoformat(), "Audiencia única", place)
    due = dt.datetime.combine(saturday, dt.time(23, 59))
    hearings.schedule_hearing(store, other, due.isoformat(), "Alegatos", None, "deadline")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    with watch_windows(window):
        nav_to(qtbot, window, "Agenda")
        agenda = window.workspace.agenda
        table = agenda.table
        if monday > today:
            click(qtbot, agenda.next_button)
        qtbot.waitUntil(lambda: table.rowCount() == 4, timeout=10_000)
        for row in range(4):
            for column in (1, 3, 5):  # client, detail, place: wrapped, never cut
                qtbot.waitUntil(lambda r=row, c=column: _whole(table, r, c), timeout=5_000)
        assert table.item(0, 5).text() == place
        # the Saturday deadline says so under its date; why and the next working day
        # in its tooltip; the total line explains the mark
        flagged = table.item(3, 0)
        assert flagged.text().endswith("\n⚠ día no hábil")
        assert "sábado" in flagged.toolTip() and "siguiente día hábil" in flagged.toolTip()
        assert _whole(table, 3, 0)
        assert "⚠ 1 audiencia o plazo en día no hábil" in agenda.empty_label.text()
        assert not table.item(0, 0).text().endswith("día no hábil")  # a weekday hearing
        assert "⚠" not in table.item(0, 0).text()  # 09:30 on a weekday: nothing to say
        # the 04:31 hearing: said under its time, why in its tooltip, counted below
        early = table.item(2, 0)
        assert "04:31" in early.text() and early.text().endswith("\n⚠ hora inusual")
        assert early.toolTip() == "04:31 es una hora inusual para una audiencia."
        assert _whole(table, 2, 0)
        assert "⚠ 1 audiencia a una hora inusual: revise la hora." in agenda.empty_label.text()
        # one line per row when its text fits: more rows on a 600 px screen
        single = table.fontMetrics().height() + 12
        assert table.rowHeight(3) <= 2 * single
        assert not layout_problems(window)
        # Inicio's "Plazos de los próximos 7 días" flags it the same way
        nav_to(qtbot, window, "Inicio")
        home = window.workspace.home
        qtbot.waitUntil(lambda: "Alegatos" in home.deadlines.item(0).text(), timeout=10_000)
        line = home.deadlines.item(0)
        assert line.text().endswith("⚠ día no hábil") and "sábado" in line.toolTip()
        window.lock()


def test_the_court_file_number_stays_whole_the_matter_gives_way(qtbot: Any, ui_app: Any) -> None:
    """Fresh-eyes walkthrough 4 #12 and 5 #13: the court file number ("00457-20…") is what
    a defender reads at court: when room is short, the long matter elides, never it."""
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    from app.ui.lists import fit_columns

    values = ["Quispe Mamani, Rosa", "Filiación y alimentos", "00457-2026-0-1801-JP-FC-01"]
    table = QTableWidget(1, 3)
    qtbot.addWidget(table)
    for c, text in enumerate(values):
        table.setItem(0, c, QTableWidgetItem(text))
    table.setHorizontalHeaderLabels(["Beneficiario/a", "Materia", "Expediente judicial"])
    metrics = table.fontMetrics()
    need = [metrics.horizontalAdvance(t) + 16 for t in values]
    # room for the name and the number whole, and the matter at 90 px
    table.resize(need[0] + need[2] + 90 + 40, 200)
    table.show()
    qtbot.waitUntil(table.isVisible)
    fit_columns(table, 0, {1})  # as the Casos list: the number is not free text
    assert table.columnWidth(2) >= need[2]  # whole
    assert table.columnWidth(1) < need[1]  # elided (whole in its tooltip)


def test_a_hearing_on_a_day_off_is_flagged_as_a_deadline_is(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 5 #14: a hearing rescheduled to a Sunday showed in the week with no
    mark while the weekend deadlines beside it had "⚠ día no hábil" (a date typed wrong
    goes unnoticed). Scheduled hearings are checked against the same calendar."""
    import datetime as dt

    case_id = arrange_case(store)
    today = office_time.now().date()
    sunday = today + dt.timedelta(days=(6 - today.weekday()) % 7 or 7)  # a coming one
    at = dt.datetime.combine(sunday, dt.time(9, 30)).isoformat()
    hearings.schedule_hearing(store, case_id, at, "Audiencia única", "Juzgado de Paz")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        nav_to(qtbot, window, "Agenda")
        agenda = window.workspace.agenda
        if sunday - dt.timedelta(days=6) > today:  # its Monday is next week's
            click(qtbot, agenda.next_button)
        table = agenda.table
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: table.item(0, 0).text().endswith("\n⚠ día no hábil"), timeout=5_000)
        assert "domingo" in table.item(0, 0).toolTip()
        assert "⚠ 1 audiencia o plazo en día no hábil" in agenda.empty_label.text()
        window.lock()


def test_an_empty_list_stays_one_line_beside_a_list_that_scrolls(qtbot: Any, ui_app: Any) -> None:
    """Inicio's left column: an empty "Audiencias de hoy" over thirty overdue deadlines
    that scroll by whole rows. Whatever the column's height, the remainder under a row is
    left blank; it is not given to the empty list (fails on the old code: at some heights
    the empty list was two lines tall, seen under load in test_inicio_gives_the_room…)."""
    from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

    from app.ui.fit_column import FitColumn

    column = FitColumn()
    qtbot.addWidget(column)
    empty, overdue = QListWidget(), QListWidget()
    none = QListWidgetItem("No hay audiencias hoy.")
    none.setFlags(Qt.ItemFlag.NoItemFlags)  # the "No hay…" line, as Inicio shows it
    empty.addItem(none)
    overdue.addItems([f"Plazo vencido {n}: contestar la demanda" for n in range(30)])
    column.add(QLabel("Audiencias de hoy (0)"), empty)
    column.add(QLabel("Vencidos sin resultado (30)"), overdue)
    one_line = column.heights(480, 2_000)[0]  # room for everything: the empty list's rows
    seen = {h: column.heights(480, h)[0] for h in range(150, 400)}
    assert {h for h, first in seen.items() if first != one_line} == set()
