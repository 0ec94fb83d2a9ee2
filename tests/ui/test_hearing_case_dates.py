"""A hearing's day and the case's own facts, the one rule of
``app.core.case_dates.check_day`` — in the real main window at 1024×600.

Fresh 9 #2: a hearing held before the claim was filed (an extrajudicial conciliation) is
not the process's first hearing. Scheduled, marked held, then "Demanda o denuncia
presentada" recorded on a later day in the "Hitos" tab: saved (it was refused,
"posterior a la de la primera audiencia"), and the tab's "Primera audiencia realizada"
is the first hearing held on or after the filing, or none. A hearing typed before the
claim was filed is asked about in the dialog (it will not count as the first hearing),
as one before the case began, and saved on the second Guardar (fresh-eyes 8 #2 refused
it: an order the new rule makes possible)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from app.core import case_dates, cases, milestones
from app.store import case_timeline
from app.ui.backend import StoreBackend
from app.ui.hearing_dialogs import HearingDialog, ResultDialog
from app.ui.main_window import Services
from tests.conftest import make_vault
from tests.ui.e2e import (
    arrange_case,
    button,
    cells,
    click,
    click_tab,
    main_window,
    modal,
    nav_to,
    on_case,
    open_case_from_list,
    started_and_unlocked,
)
from tests.ui.test_case_dates import _ficha_on
from tests.ui.test_case_milestones import _type_date
from tests.ui.windows import watch_windows


@pytest.fixture
def case_filed_early(vault_dir: Path) -> tuple[Path, str, dt.date, dt.date]:
    """A locked vault with one case whose claim was filed 3 days before the case began
    (taken on in court), and an old hearing (legacy data) 2 days before that filing:
    (dir, case number, the day it began, the filing day)."""
    store = make_vault(vault_dir)
    try:
        case_id = arrange_case(store)
        case = cases.get_case(store, case_id)
        opened = case_dates.opened_day(case)
        assert opened is not None
        intake = case_timeline.timelines(store.query, [case_id])[case_id].dates().get("intake")
        began = min(opened, dt.date.fromisoformat(intake) if intake else opened)
        filed = began - dt.timedelta(days=3)
        milestones.record_milestone(store, case_id, "filed", filed.isoformat())
        old = filed - dt.timedelta(days=2)
        store.insert(
            "hearing",
            {
                "case_id": case_id,
                "category": "hearing",
                "kind": "Audiencia antigua",
                "at": f"{old.isoformat()}T10:00",
                "status": "scheduled",
            },
        )
        number = case["internal_number"]
    finally:
        store.lock()
    return vault_dir, number, began, filed


def _hearing_dialog(qtbot: Any, view: Any) -> HearingDialog:
    click(qtbot, view.add_hearing_button)
    dialog = modal(qtbot)
    assert isinstance(dialog, HearingDialog)
    return dialog


def _schedule(qtbot: Any, view: Any, kind: str, day: dt.date) -> HearingDialog:
    """ "Nueva audiencia o plazo", a hearing ``kind`` on ``day`` at 10:00 typed, Enter
    (the first "Guardar"): the dialog, its questions on screen or saved."""
    dialog = _hearing_dialog(qtbot, view)
    qtbot.keyClick(dialog.category, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.kind, kind)
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.at.edit, day.strftime("%d%m%Y") + "1000")
    qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)
    return dialog


def test_a_hearing_before_the_filing_or_the_case_is_asked_about_and_saved(
    qtbot: Any,
    ui_app: Any,
    fast_vault: Any,
    case_filed_early: tuple[Path, str, dt.date, dt.date],
) -> None:
    data_dir, number, began, filed = case_filed_early
    services = Services(vault=fast_vault, data_dir=data_dir, make_backend=StoreBackend)
    window = started_and_unlocked(qtbot, services)  # the passphrase typed, Enter
    view = open_case_from_list(qtbot, window, number)
    click_tab(qtbot, view.tabs, "Audiencias y plazos")
    assert view.hearings.rowCount() == 1  # the old one

    # Before the claim was filed: asked, naming both days, saved on the second Guardar.
    early = filed - dt.timedelta(days=1)
    dialog = _schedule(qtbot, view, "Conciliacion", early)
    asked = (
        f"La fecha de la audiencia ({early:%d/%m/%Y}) es anterior a la de la presentación de"
        f" la demanda o denuncia del caso ({filed:%d/%m/%Y}): no se contará como la primera"
        " audiencia del proceso."
    )
    qtbot.waitUntil(lambda: asked in dialog.message.text(), timeout=10_000)
    assert f"{began:%d/%m/%Y}" in dialog.message.text()  # and before the case began
    assert not dialog.field_messages["at"].isVisible()  # not refused
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)

    # After the filing but before the case began: asked, saved on the second Guardar.
    between = filed + dt.timedelta(days=1)
    dialog = _schedule(qtbot, view, "Audiencia unica", between)
    qtbot.waitUntil(lambda: "anterior" in dialog.message.text(), timeout=10_000)
    assert f"{between:%d/%m/%Y}" in dialog.message.text()
    assert f"{began:%d/%m/%Y}" in dialog.message.text()
    assert "primera audiencia" not in dialog.message.text()  # after the filing
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)
    shown = [view.hearings.item(r, 0).text() for r in range(view.hearings.rowCount())]
    assert f"{between:%d/%m/%Y} 10:00" in shown and f"{early:%d/%m/%Y} 10:00" in shown
    window.lock()


def test_marking_held_a_hearing_before_the_case_began_asks_first(
    qtbot: Any,
    ui_app: Any,
    fast_vault: Any,
    case_filed_early: tuple[Path, str, dt.date, dt.date],
) -> None:
    """The old hearing, dated before the filing and before the case began, marked held in
    the case view: "Marcar realizada" says both (as scheduling it does; the CLI says them
    as ``aviso:``) and marks nothing; a second "Marcar realizada" marks it. Fails on the
    old code: it was marked at the first click, nothing asked."""
    data_dir, number, began, filed = case_filed_early
    old = filed - dt.timedelta(days=2)
    services = Services(vault=fast_vault, data_dir=data_dir, make_backend=StoreBackend)
    window = started_and_unlocked(qtbot, services)
    view = open_case_from_list(qtbot, window, number)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        _select_hearing(qtbot, view, "Audiencia antigua")
        click(qtbot, view.status_buttons["held"])
        asked = modal(qtbot)
        assert isinstance(asked, ResultDialog)
        qtbot.keyClicks(asked.text, "Se concilio")
        qtbot.keyClick(asked.text, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "otra vez" in asked.message.text(), timeout=10_000)
        said = asked.message.text()
        assert (
            f"La fecha de la audiencia ({old:%d/%m/%Y}) es anterior a la de la presentación" in said
        )
        assert f"({filed:%d/%m/%Y}): no se contará como la primera audiencia del proceso." in said
        assert f"{began:%d/%m/%Y}" in said  # and before the case began
        assert said.endswith("Si es así, pulse «Marcar realizada» otra vez.")
        label = asked.message  # every wrapped line shown, none cut by the dialog's first size
        qtbot.waitUntil(
            lambda: label.height() >= label.heightForWidth(label.width()) > 0, timeout=5_000
        )
        assert asked.isVisible() and view.hearings.item(0, 4).text() == "Programada"
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(asked.text, Qt.Key.Key_Return)  # as it is: marked
        assert view.hearings.item(0, 4).text() == "Realizada"
        assert view.hearings.item(0, 5).text() == "Se concilio"
        window.lock()


def _select_hearing(qtbot: Any, view: Any, detail: str) -> None:
    """Click the hearings table's row whose detail is ``detail``."""
    table = view.hearings
    row = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == detail)
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_filing_after_a_hearing_held_early_is_saved_and_moves_the_first_hearing(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, office_noon: Any
) -> None:
    """Fresh 9 #2, as the defender met it: a conciliation scheduled and marked held in the
    case view, then the claim's real filing day recorded in "Hitos": saved, and the tab no
    longer says the conciliation was the first hearing; a hearing held after the filing
    is. Fails on the old code: the filing is refused under its date ("posterior a la de la
    primera audiencia"), nothing written."""
    today = office_noon.date()
    case_id = arrange_case(store)
    _ficha_on(store, case_id, today - dt.timedelta(days=60))  # the case began 60 days ago
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        held = today - dt.timedelta(days=20)
        dialog = _schedule(qtbot, view, "Conciliacion", held)
        qtbot.waitUntil(lambda: "ya pasó" in dialog.message.text(), timeout=10_000)
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)  # saved as typed
        _select_hearing(qtbot, view, "Conciliacion")
        click(qtbot, view.status_buttons["held"])
        asked = modal(qtbot)
        assert isinstance(asked, ResultDialog)
        qtbot.keyClicks(asked.text, "Sin acuerdo")
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(asked.text, Qt.Key.Key_Return)
        assert [view.hearings.item(0, 4).text()] == ["Realizada"]

        click_tab(qtbot, view.tabs, "Hitos")
        panel = view.milestones
        first = "Primera audiencia realizada"
        qtbot.waitUntil(lambda: first in {r[1] for r in cells(panel.table)}, timeout=10_000)
        assert {r[1]: r[0] for r in cells(panel.table)}[first] == f"{held:%d/%m/%Y}"

        click(qtbot, button(panel, "Registrar hito…"))
        dialog = modal(qtbot)
        assert dialog.kind.currentText() == "Demanda o denuncia presentada"
        filed = today - dt.timedelta(days=10)
        _type_date(qtbot, dialog.date.edit, filed)
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: panel.dialog is None, timeout=10_000)

        def shown() -> dict[str, str]:
            return {r[1]: r[0] for r in cells(panel.table)}

        qtbot.waitUntil(lambda: "Demanda o denuncia presentada" in shown(), timeout=10_000)
        assert shown()["Demanda o denuncia presentada"] == f"{filed:%d/%m/%Y}"
        assert first not in shown()  # the conciliation was before the claim

        after = today - dt.timedelta(days=5)  # a hearing held after the filing (synced in)
        store.insert("hearing", {"case_id": case_id, "category": "hearing", "kind": "Unica",
                                 "at": f"{after.isoformat()}T09:30", "status": "held"})  # fmt: skip
        view.reload()
        qtbot.waitUntil(lambda: shown().get(first) == f"{after:%d/%m/%Y}", timeout=10_000)
        window.lock()


def test_the_agenda_asks_before_marking_held_a_hearing_before_the_case_began(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, office_noon: Any
) -> None:
    """The same question in the Agenda's "Vencidos": a hearing dated before the case
    began (its ficha's day) asks under "Qué pasó", marks nothing; a second "Marcar
    realizada" marks it. Fails on fcce9a9 (before 8d7c003): marked at the first click."""
    today = office_noon.date()
    case_id = arrange_case(store)
    began = today - dt.timedelta(days=5)
    _ficha_on(store, case_id, began)
    early = today - dt.timedelta(days=9)
    hearing = store.insert("hearing", {"case_id": case_id, "category": "hearing",
                                       "kind": "Audiencia unica", "at": f"{early}T10:00",
                                       "status": "scheduled"})  # fmt: skip
    window = main_window(qtbot, store, vault_dir, fast_vault)
    agenda = window.workspace.agenda
    with watch_windows(window):
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            nav_to(qtbot, window, "Agenda")
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            click(qtbot, agenda.view_buttons["overdue"])
        cell = agenda.table.visualItemRect(agenda.table.item(0, 3)).center()
        qtbot.mouseClick(agenda.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        click(qtbot, agenda.held_button)
        asked = modal(qtbot)
        assert isinstance(asked, ResultDialog)
        qtbot.keyClicks(asked.text, "Se fijo pension provisional")
        qtbot.keyClick(asked.text, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "otra vez" in asked.message.text(), timeout=10_000)
        assert asked.message.text() == (
            f"La fecha de la audiencia ({early:%d/%m/%Y}) es anterior al inicio del caso"
            f" (la atención del {began:%d/%m/%Y}).\nSi es así, pulse «Marcar realizada» otra vez."
        )
        assert asked.isVisible() and store.get("hearing", hearing)["status"] == "scheduled"
        with qtbot.waitSignal(agenda.refreshed, timeout=10_000):
            qtbot.keyClick(asked.text, Qt.Key.Key_Return)
        assert store.get("hearing", hearing)["status"] == "held"
        window.lock()


def test_a_warning_goes_as_soon_as_the_date_it_was_about_changes(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, office_noon: Any
) -> None:
    """Fresh 10 #17: "Nueva audiencia o plazo" warned about a past date and the warning
    stayed, naming the old date, under the corrected one until "Guardar" again. Now it
    goes as the date is edited — its line keeps its room, the buttons do not move — and
    the next "Guardar" asks about the new date (a working day ahead: saved at once).
    Fails on the old code: the old warning still on screen after the edit."""
    from app.core import legal_data

    today = office_noon.date()
    ahead = today + dt.timedelta(days=7)
    while legal_data.calendar(store).closed(ahead, None) is not None:
        ahead += dt.timedelta(days=1)  # a working day: nothing to warn about
    window, view, _case = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        dialog = _schedule(qtbot, view, "Audiencia unica", today - dt.timedelta(days=2))
        qtbot.waitUntil(lambda: "ya pasó" in dialog.message.text(), timeout=10_000)
        save = button(dialog, "Guardar")
        where = save.mapTo(dialog, save.rect().center())
        dialog.at.edit.selectAll()
        qtbot.keyClicks(dialog.at.edit, ahead.strftime("%d%m%Y") + "1000")
        assert dialog.message.text() == ""  # the warning about the old date went
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        assert save.mapTo(dialog, save.rect().center()) == where  # nothing moved
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)  # asked anew: nothing, saved
        shown = [view.hearings.item(r, 0).text() for r in range(view.hearings.rowCount())]
        assert shown == [f"{ahead:%d/%m/%Y} 10:00"]
        window.lock()
