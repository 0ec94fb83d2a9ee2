"""A draft stopped for a conflict of interest is never thrown away by a key (F1).

After a conflict the question "Conflicto de intereses… Guardar borrador / Descartar" has
no "Cancelar": closed without a button (Ctrl+Q and Ctrl+L cancel the open dialogs) it
was taken as "Descartar" and a saved draft, reopened and checked again, was deleted.
Now closing it without a button keeps the draft. Driven by keys and clicks on the real
main window over a real vault.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.intake_person import STOPPED_FOR_CONFLICT
from tests.conftest import PASS
from tests.ui.e2e import arrange_case, button, click, click_list_row, modal
from tests.ui.test_intake import (
    JUAN,
    _check_by_names,
    _choose,
    _editor,
    _fill_ficha,
    _new_intake,
    _type,
    _window,
    add_juan_as_other_party,
    julia_in_a_case,
    type_names_only,
)


def _conflict_question(qtbot: Any, page: Any, row: Any = None) -> QMessageBox:
    if row is None:
        [row] = page.candidate_rows
    click(qtbot, row.buttons["conflict"])
    click(qtbot, page.check_step.decide_button)
    question = modal(qtbot)
    assert isinstance(question, QMessageBox)
    assert "Conflicto de intereses" in question.text()
    return question


@pytest.mark.parametrize("key", [Qt.Key.Key_Q, Qt.Key.Key_L])
def test_ctrl_q_or_ctrl_l_on_the_conflict_question_keeps_the_draft(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, key: Qt.Key
) -> None:
    """Fails on the old code: the reopened vault had 0 drafts (delete_draft ran)."""
    julia_in_a_case(store)
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        _check_by_names(qtbot, page, "Julia Yolanda", "Alarcon", "Mendoza")
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(_conflict_question(qtbot, page), "Guardar borrador"))
        assert len(store.list_drafts()) == 1
        home = window.workspace.home
        qtbot.waitUntil(lambda: "Julia" in home.drafts.item(0).text(), timeout=10_000)
        click_list_row(qtbot, home.drafts, 0, double=True)
        qtbot.waitUntil(lambda: window.workspace.current_name() == "intake", timeout=10_000)
        page = window.workspace.intake
        qtbot.waitUntil(lambda: page.given.text() == "Julia Yolanda", timeout=10_000)
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
        question = _conflict_question(qtbot, page)
        signal = window.closed if key == Qt.Key.Key_Q else window.locked
        with qtbot.waitSignal(signal, timeout=15_000):
            qtbot.keyClick(question, key, Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_L:
            window.close()
    reopened = fast_vault.unlock(vault_dir, "ana", PASS)
    try:
        [draft] = reopened.list_drafts()
        assert "Julia Yolanda" in str(reopened.load_draft(draft["draft_id"])["answers"])
    finally:
        reopened.lock()


def test_a_conflict_with_the_client_is_kept_as_the_clients_side(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """F8: the client checked again with an other party, the conflict marked on the
    client's row: the draft keeps side "client". Fails on the old code ("other": any
    shown group of the other side made it so)."""
    julia_in_a_case(store)
    arrange_case(store, JUAN)  # Juan is a client of this office
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        type_names_only(qtbot, page, "Julia Yolanda", "Alarcon", "Mendoza")
        _type(qtbot, page.ubigeo, "080101")
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
        [row] = page.candidate_rows
        click(qtbot, row.buttons["different"])  # a namesake: on to the ficha
        click(qtbot, page.check_step.decide_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
        _type(qtbot, _editor(page, "fecha_nacimiento").edit.edit, "12041990")  # checked again
        _fill_ficha(qtbot, page)
        _choose(qtbot, page, "sexo", "Fem")
        add_juan_as_other_party(qtbot, page)
        click(qtbot, page.open_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
        rows = {r.candidate.side: r for r in page.candidate_rows}
        assert set(rows) == {"client", "other"}, rows
        click(qtbot, rows["other"].buttons["different"])
        question = _conflict_question(qtbot, page, rows["client"])
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(question, "Guardar borrador"))
    [draft] = store.list_drafts()
    answers = store.load_draft(draft["draft_id"])["answers"]
    answers = json.loads(answers) if isinstance(answers, str) else answers
    assert answers[STOPPED_FOR_CONFLICT]["lado"] == "client"
