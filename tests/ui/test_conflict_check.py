"""Issue 13 (#18): the intake's conflict check, clicked through the real widgets.

A conflict of interest decided on one candidate stops the check at once (the other
candidates need no decision, and only the decision made is audited), and a candidate
without a document reads "sin documento", never the stored code."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QMessageBox

from app.core import people
from tests.core.conftest import JULIA
from tests.ui.e2e import button, click, modal
from tests.ui.test_intake import _check_by_names, _new_intake, _type, _window, julia_in_a_case


def test_a_conflict_stops_the_check_at_once(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    julia = julia_in_a_case(store)
    namesake = people.register_person(
        store,
        {
            **JULIA,
            "doc_type": "SIN_DOCUMENTO",
            "doc_number": None,
            "doc_reason": "No lo recuerda",
            "birth_date": None,
        },
    )
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        _check_by_names(qtbot, page, "Julia Yolanda", "Alarcon", "Mendoza")
        rows = {r.candidate.person_id: r for r in page.candidate_rows}
        assert set(rows) == {julia, namesake}
        head = " ".join(w.text() for w in rows[namesake].findChildren(QLabel))
        assert "sin documento" in head and "SIN_DOCUMENTO" not in head
        check = page.check_step
        assert check.decide_button.text() == "Continuar"
        click(qtbot, rows[julia].buttons["conflict"])
        assert check.decide_button.text() == "Detener: conflicto de intereses"
        click(qtbot, check.decide_button)  # the namesake is left undecided
        question = modal(qtbot)
        assert isinstance(question, QMessageBox)
        assert "Conflicto de intereses" in question.text()
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(question, "Descartar"))
    events = store.query(
        "SELECT entity_id, detail FROM audit_event WHERE action = 'conflict_check'"
    )
    assert [(e["entity_id"], json.loads(e["detail"])["decision"]) for e in events] == [
        (julia, "conflict")
    ]


def test_the_same_person_despite_a_conflict_is_asked_again(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 4, finding 2: "Es la misma persona" about someone whose office cases
    make them a conflict of interest went on silently. Now a warning asks, stopping is
    the default; going on ("es otra disputa") is recorded as such."""
    julia_in_a_case(store)  # the other side of a case
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        _check_by_names(qtbot, page, "Julia Yolanda", "Alarcon", "Mendoza")
        [row] = page.candidate_rows
        click(qtbot, row.buttons["same"])
        click(qtbot, page.check_step.decide_button)
        warning = modal(qtbot)
        assert isinstance(warning, QMessageBox)
        assert "ambos lados" in warning.text() and "Julia Yolanda" in warning.text()
        assert warning.defaultButton().text() == "Detener: conflicto de intereses"
        click(qtbot, button(warning, "Continuar: es otra disputa"))
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)  # the ficha
        [event] = store.query("SELECT detail FROM audit_event WHERE action = 'conflict_check'")
        detail = json.loads(event["detail"])
        assert detail["decision"] == "same" and detail["despite_conflict"] is True

        # The default stops: the conflict is ticked and the intake is stopped.
        click(qtbot, button(page, "Volver"))
        page.given.clear()
        _type(qtbot, page.given, "Julia Yolanda")  # changed: checked again
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=20_000)
        [row] = page.candidate_rows
        click(qtbot, row.buttons["same"])
        click(qtbot, page.check_step.decide_button)
        warning = modal(qtbot)
        click(qtbot, button(warning, "Detener: conflicto de intereses"))
        question = modal(qtbot)  # the intake stops: keep a draft?
        assert "Conflicto de intereses" in question.text() and row.decision() == "conflict"
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(question, "Descartar"))
