"""A hearing's outcome in the case view, driven as a defender does it (fresh5 #20): a
hearing still to come cannot be marked held — the button is disabled and says why, the
core refuses it too (the CLI exits 2) — so no "Primera audiencia realizada" milestone
lands in the future; a hearing marked held by mistake is taken back with "Corregir
estado…" (a reason is required), and its derived milestone goes with it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app import office_time
from app.core import hearings, milestones
from tests.core.test_hearing_outcomes import midday_office
from tests.ui.e2e import (
    arrange_case,
    button,
    cells,
    click,
    click_tab,
    main_window,
    modal,
    nav_to,
    open_case_from_list,
)
from tests.ui.windows import watch_windows


def _select(qtbot: Any, view: Any, detail: str, column: int = 2) -> None:
    """Click the row of ``view``'s table (the case view's hearings, else the Agenda's)
    whose ``column`` reads ``detail``."""
    table = getattr(view, "hearings", None) or view.table
    row = next(r for r, v in enumerate(cells(table)) if v[column] == detail)
    rect = table.visualItemRect(table.item(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _two_hearings(
    qtbot: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    coming: str,
    past: str,
    term: bool = False,
) -> tuple[str, Any, Any]:
    """A case with "Audiencia única" at ``coming`` and "Conciliación" at ``past`` (with
    ``term``, the deadline "Contestar demanda" at ``coming`` too), open on its
    "Audiencias y plazos" tab in the main window: (case id, window, case view)."""
    case_id = arrange_case(store)
    hearings.schedule_hearing(store, case_id, coming, "Audiencia única")
    hearings.schedule_hearing(store, case_id, past, "Conciliación")
    if term:
        hearings.schedule_hearing(store, case_id, coming, "Contestar demanda", None, "deadline")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    click_tab(qtbot, view.tabs, "Audiencias y plazos")
    qtbot.waitUntil(lambda: view.hearings.rowCount() == 2 + term, timeout=10_000)
    return case_id, window, view


def test_a_future_hearing_cannot_be_marked_held_and_a_mistake_is_corrected(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    today = office_time.today()
    coming = f"{today + timedelta(days=10)}T09:30"
    case_id, window, view = _two_hearings(qtbot, store, vault_dir, fast_vault, coming,
                                          f"{today - timedelta(days=2)}T10:00")  # fmt: skip
    with watch_windows(window):
        held = view.status_buttons["held"]
        _select(qtbot, view, "Audiencia única")
        assert not held.isEnabled()  # still to come: said in its tooltip
        assert held.toolTip() == (
            f"La audiencia aún no ocurre ({(today + timedelta(days=10)):%d/%m/%Y} 09:30): "
            "podrá marcarla realizada desde esa hora."
        )
        assert view.status_buttons["failed"].isEnabled()  # a suspension is known beforehand
        assert not view.hearings_panel.correct_button.isEnabled()  # nothing to correct

        _select(qtbot, view, "Conciliación")  # held two days ago: but marked by mistake
        click(qtbot, held)
        asked = modal(qtbot)
        click(qtbot, button(asked, "Marcar realizada"))
        qtbot.waitUntil(lambda: view.message.text() == "Marcada como realizada.", timeout=10_000)
        qtbot.waitUntil(
            lambda: {r[2]: r[4] for r in cells(view.hearings)}["Conciliación"] == "Realizada",
            timeout=10_000,
        )
        kinds = [m["kind"] for m in milestones.case_milestones(store, case_id)]
        assert "first_hearing" in kinds

        _select(qtbot, view, "Conciliación")
        correct = view.hearings_panel.correct_button
        click(qtbot, correct)
        dialog = modal(qtbot)
        assert dialog.windowTitle() == "Corregir estado"
        click(qtbot, button(dialog, "Corregir estado"))  # no reason: refused, still open
        assert dialog.isVisible() and dialog.message.text() == "Escriba por qué corrige el estado."
        qtbot.keyClicks(dialog.reason, "Se marco la fila equivocada")
        click(qtbot, button(dialog, "Corregir estado"))
        qtbot.waitUntil(
            lambda: view.message.text() == "Estado corregido: vuelve a quedar pendiente.",
            timeout=10_000,
        )
        qtbot.waitUntil(
            lambda: {r[2]: r[4] for r in cells(view.hearings)}["Conciliación"] == "Programada",
            timeout=10_000,
        )
        shown = {r[2]: r[5] for r in cells(view.hearings)}
        assert shown["Conciliación"] == "Estado corregido: Se marco la fila equivocada"
        kinds = [m["kind"] for m in milestones.case_milestones(store, case_id)]
        assert "first_hearing" not in kinds  # the derived milestone went with it
        window.lock()


def test_a_hearing_later_today_cannot_be_marked_held_in_the_case_view_nor_the_agenda(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rule is by the hearing's moment, not its day: at noon, the 14:00 hearing of
    today has not happened (the button is disabled and says why, in the case view and in
    the Agenda alike); this morning's has."""
    midday_office(monkeypatch)
    now = office_time.now()
    later = (now + timedelta(hours=2)).replace(second=0, microsecond=0)
    earlier = (now - timedelta(hours=2)).replace(second=0, microsecond=0)
    why = (
        f"La audiencia aún no ocurre ({later:%d/%m/%Y %H:%M}): "
        "podrá marcarla realizada desde esa hora."
    )
    _case, window, view = _two_hearings(qtbot, store, vault_dir, fast_vault,
                                        later.isoformat(), earlier.isoformat(), True)  # fmt: skip
    with watch_windows(window):
        held = view.status_buttons["held"]
        _select(qtbot, view, "Audiencia única")
        assert not held.isEnabled() and held.toolTip() == why
        _select(qtbot, view, "Conciliación")
        assert held.isEnabled()

        agenda = window.workspace.agenda
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            nav_to(qtbot, window, "Agenda")
        if agenda.view != "day":
            with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
                click(qtbot, agenda.view_buttons["day"])
        shown = sorted(r[3] for r in cells(agenda.table))
        assert shown == ["Audiencia única", "Conciliación", "Contestar demanda"]
        _select(qtbot, agenda, "Contestar demanda", 3)  # a deadline later today: met early
        assert agenda.held_button.isEnabled()  # fresh7 #22: a term is met, not held
        assert (agenda.held_button.text(), agenda.failed_button.text()) == (
            "Marcar cumplido", "Marcar incumplido"
        )  # fmt: skip
        _select(qtbot, agenda, "Audiencia única", 3)
        assert not agenda.held_button.isEnabled() and agenda.held_button.toolTip() == why
        assert agenda.failed_button.isEnabled() and agenda.reschedule_button.isEnabled()
        _select(qtbot, agenda, "Conciliación", 3)
        assert agenda.held_button.isEnabled() and agenda.held_button.text() == "Marcar realizada"
        click(qtbot, agenda.held_button)
        asked = modal(qtbot)
        qtbot.keyClicks(asked.text, "Hubo acuerdo")
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            click(qtbot, button(asked, "Marcar realizada"))
        shown = {r[3]: r[6] for r in cells(agenda.table)}
        assert shown == {"Audiencia única": "Programada", "Conciliación": "Realizada",
                         "Contestar demanda": "Pendiente"}  # fmt: skip
        window.lock()


def test_rescheduling_to_a_sunday_at_an_odd_hour_is_asked_about(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh5 #14: "Marcar reprogramada" to a Sunday at 04:31 (a slip for 16:31) says both
    under the fields (``deadlines.date_warnings``, as "Nueva audiencia o plazo"); a second
    "Reprogramar" moves it as typed."""
    case_id = arrange_case(store)
    today = office_time.today()
    hearings.schedule_hearing(store, case_id, f"{today + timedelta(days=3)}T09:30", "Única")
    sunday = today + timedelta(days=(6 - today.weekday()) % 7 + 7)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 1, timeout=10_000)
        _select(qtbot, view, "Única")
        click(qtbot, view.status_buttons["rescheduled"])
        dialog = modal(qtbot)
        dialog.at.edit.selectAll()
        qtbot.keyClicks(dialog.at.edit, sunday.strftime("%d%m%Y") + "0431")
        click(qtbot, dialog.reason)
        qtbot.keyClicks(dialog.reason, "Lo fijo el juzgado")
        click(qtbot, button(dialog, "Reprogramar"))
        qtbot.waitUntil(lambda: "domingo" in dialog.message.text(), timeout=10_000)
        assert dialog.isVisible()
        assert dialog.message.text().splitlines() == [
            "La hora 04:31 es inusual para una audiencia.",
            f"El {sunday:%d/%m/%Y} no es día hábil: domingo.",
            "Corrija la fecha o pulse «Reprogramar» otra vez para guardarla así.",
        ]
        assert store.query("SELECT count(*) AS n FROM hearing")[0]["n"] == 1  # not moved yet
        click(qtbot, button(dialog, "Reprogramar"))
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 2, timeout=10_000)
        assert f"{sunday:%d/%m/%Y} 04:31" in [row[0] for row in cells(view.hearings)]
        window.lock()


def test_the_hour_of_a_hearing_coming_while_the_case_is_open_enables_marcar_realizada(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """A case open at 09:00 with a hearing at 09:30 and a deadline due that day: "Marcar
    realizada" is disabled, and one timer waits for 09:30 (the next moment that changes
    the screen, office time — no polling); when it fires (the clock at 09:30) the button
    is enabled without reopening the case, and the timer then waits for the deadline's
    end (00:00), when it reads "Vencido". The clock is the panel's, set by the test."""
    from datetime import datetime

    case_id = arrange_case(store)
    hearings.schedule_hearing(store, case_id, "2026-12-03T09:30", "Audiencia única")
    hearings.schedule_hearing(
        store, case_id, "2026-12-03T23:59", "Contestar demanda", None, "deadline"
    )
    now = [datetime(2026, 12, 3, 9, 0)]
    window = main_window(qtbot, store, vault_dir, fast_vault)
    panel = window.workspace.case_view.hearings_panel
    panel.clock = lambda: now[0]
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        qtbot.waitUntil(lambda: view.hearings.rowCount() == 2, timeout=10_000)
        _select(qtbot, view, "Audiencia única")
        held = button(view, "Marcar realizada")
        assert not held.isEnabled()
        assert panel.moment_timer.isActive()
        assert 29 * 60_000 < panel.moment_timer.remainingTime() <= 30 * 60_000 + 1_000
        now[0] = datetime(2026, 12, 3, 9, 30)  # the hour comes while the view is open
        panel.moment_timer.timeout.emit()
        assert held.isEnabled()  # the same row still selected, now markable
        waits = panel.moment_timer.remainingTime()
        assert panel.moment_timer.isActive() and 14 * 3_600_000 < waits <= 14.5 * 3_600_000 + 1_000
        assert [r[4] for r in cells(view.hearings)] == ["Programada", "Pendiente"]
        now[0] = datetime(2026, 12, 4, 0, 0)
        panel.moment_timer.timeout.emit()
        assert [r[4] for r in cells(view.hearings)] == ["Programada", "Vencido"]
        assert not panel.moment_timer.isActive()  # nothing pending is still to come
        window.lock()


def test_the_agenda_enables_marcar_realizada_when_the_hour_comes(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """The same in the Agenda's day (its clock set by the test): a hearing selected at
    09:00 for 09:30 cannot be marked held; at 09:30 its timer fires and it can, the same
    row still selected; a deadline of that day reads "Vencido" once it ended."""
    from datetime import datetime

    day = office_time.today() + timedelta(days=3)
    case_id = arrange_case(store)
    hearings.schedule_hearing(store, case_id, f"{day}T09:30", "Audiencia única")
    hearings.schedule_hearing(store, case_id, f"{day}T23:59", "Contestar demanda", None, "deadline")
    now = [datetime.combine(day, datetime.min.time()).replace(hour=9)]
    window = main_window(qtbot, store, vault_dir, fast_vault)
    agenda = window.workspace.agenda
    agenda.clock = lambda: now[0]
    with watch_windows(window):
        nav_to(qtbot, window, "Agenda")
        click(qtbot, agenda.view_buttons["day"])
        for _ in range(3):
            click(qtbot, agenda.next_button)
        qtbot.waitUntil(lambda: agenda.table.rowCount() == 2, timeout=10_000)
        _select(qtbot, agenda, "Audiencia única", 3)
        assert not agenda.held_button.isEnabled()
        assert 29 * 60_000 < agenda.moment_timer.remainingTime() <= 30 * 60_000 + 1_000
        now[0] = now[0].replace(minute=30)
        agenda.moment_timer.timeout.emit()
        assert agenda.held_button.isEnabled()  # the same row, now markable
        assert agenda.selected() is not None and agenda.selected()["kind"] == "Audiencia única"
        now[0] = datetime.combine(day + timedelta(days=1), datetime.min.time())
        agenda.moment_timer.timeout.emit()
        assert [r[-1] for r in cells(agenda.table)] == ["Programada", "Vencido"]
        window.lock()
