"""A draft stopped for a conflict of interest is never thrown away by a key (F1).

After a conflict the question "Conflicto de intereses… Guardar borrador / Descartar" has
no "Cancelar": closed without a button (Ctrl+Q and Ctrl+L cancel the open dialogs) it
was taken as "Descartar" and a saved draft, reopened and checked again, was deleted.
Now closing it without a button keeps the draft. Driven by keys and clicks on the real
main window over a real vault.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import PASS
from tests.ui.e2e import button, click, click_list_row, modal
from tests.ui.test_intake import _check_by_names, _new_intake, _window, julia_in_a_case


def _conflict_question(qtbot: Any, page: Any) -> QMessageBox:
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
