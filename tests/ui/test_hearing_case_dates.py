"""Fresh-eyes 8 #2: a hearing's day obeys the case's own facts, the one rule of
``app.core.case_dates.check_day`` — in the real main window at 1024×600. A hearing typed
before the claim was filed is refused in the dialog (the message names both dates, nothing
saved); one before the case began is asked about, then saved on the second Guardar; an
old hearing dated before the claim cannot be marked held (it would derive "Primera
audiencia realizada" before "Demanda presentada", feeding Tiempos)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core import case_dates, cases, milestones
from app.store import case_timeline
from app.ui.backend import StoreBackend
from app.ui.hearing_dialogs import HearingDialog, ResultDialog
from app.ui.main_window import Services
from tests.conftest import make_vault
from tests.ui.e2e import (
    arrange_case,
    click,
    click_tab,
    modal,
    open_case_from_list,
    started_and_unlocked,
)


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


def test_a_hearing_out_of_the_case_order_is_refused_and_one_before_it_began_asked(
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

    # Before the claim was filed: refused under the date, naming both days; not saved.
    dialog = _hearing_dialog(qtbot, view)
    qtbot.keyClick(dialog.category, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.kind, "Audiencia unica")
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
    early = filed - dt.timedelta(days=1)
    qtbot.keyClicks(dialog.at.edit, early.strftime("%d%m%Y") + "1000")
    qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)
    problem = dialog.field_messages["at"]
    qtbot.waitUntil(problem.isVisible, timeout=10_000)
    assert f"{early:%d/%m/%Y}" in problem.text() and f"{filed:%d/%m/%Y}" in problem.text()
    assert "presentación de la demanda" in problem.text()
    qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)  # again: still refused
    qtbot.waitUntil(problem.isVisible, timeout=10_000)
    assert dialog.isVisible()

    # After the filing but before the case began: asked, saved on the second Guardar.
    between = filed + dt.timedelta(days=1)
    dialog.at.edit.selectAll()
    qtbot.keyClicks(dialog.at.edit, between.strftime("%d%m%Y") + "1000")
    qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "anterior" in dialog.message.text(), timeout=10_000)
    assert f"{between:%d/%m/%Y}" in dialog.message.text()
    assert f"{began:%d/%m/%Y}" in dialog.message.text()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.at.edit, Qt.Key.Key_Return)
    shown = [view.hearings.item(r, 0).text() for r in range(view.hearings.rowCount())]
    assert f"{between:%d/%m/%Y} 10:00" in shown and f"{early:%d/%m/%Y} 10:00" not in shown

    # The old hearing, dated before the filing, cannot be marked held.
    row = next(
        r for r in range(view.hearings.rowCount()) if "antigua" in view.hearings.item(r, 2).text()
    )
    rect = view.hearings.visualItemRect(view.hearings.item(row, 0))
    qtbot.mouseClick(view.hearings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, view.status_buttons["held"])
    asked = modal(qtbot)
    assert isinstance(asked, ResultDialog)
    qtbot.keyClick(asked, Qt.Key.Key_Return)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "presentación de la demanda" in bar.currentMessage(), timeout=10_000)
    assert f"{filed:%d/%m/%Y}" in bar.currentMessage()
    view.reload()
    qtbot.waitUntil(lambda: view.hearings.rowCount() == 2, timeout=10_000)
    states = {view.hearings.item(r, 2).text(): view.hearings.item(r, 4).text() for r in range(2)}
    assert states["Audiencia antigua"] == "Programada"
    window.lock()
