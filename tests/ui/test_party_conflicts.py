"""Walkthrough finding 5 (issue 13), in the real main window by clicks and typing:
"Agregar parte…" runs the intake's conflict check. An office client chosen as the other
side of a case is shown with the case that makes it a conflict; "Conflicto de intereses:
detener" adds nobody, and the decision is audited as in the intake (with the case)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from app.core.duplicates import CONFLICT, DIFFERENT, SAME
from tests.ui.e2e import (
    arrange_case,
    button,
    click,
    click_tab,
    dialog_done,
    modal,
    on_case,
    party_search,
)
from tests.ui.windows import watch_windows

FERNANDO = {
    "given_names": "Fernando",
    "paternal_surname": "Apaza",
    "maternal_surname": "Delgado",
    "doc_type": "DNI",
    "doc_number": "40123987",
    "birth_date": "1985-07-02",
    "sex": "M",
    "ubigeo": "150110",
    "phone": "987111222",
}


def _parties(view: Any) -> list[str]:
    return [view.parties.item(i).text() for i in range(view.parties.count())]


def _decisions(store: Any) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT entity_id, detail FROM audit_event WHERE action = 'conflict_check' ORDER BY seq"
    )
    return [{"person": r["entity_id"], **json.loads(r["detail"])} for r in rows]


def _choose_fernando(qtbot: Any, view: Any) -> Any:
    dialog = party_search(qtbot, view, "Apaza", 1)
    click(qtbot, button(dialog, "Agregar"))
    qtbot.waitUntil(lambda: dialog.check.isVisible(), timeout=10_000)
    return dialog


def _new_person_checked(qtbot: Any, view: Any, given: str, paternal: str, maternal: str) -> Any:
    """ "Agregar parte…", "No está registrada", her names typed (no document), "Agregar":
    the dialog once the conflict check is on screen."""
    click(qtbot, view.add_party_button)
    dialog = modal(qtbot)
    box = dialog.new_person  # a click on its label, at the left
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(12, box.height() // 2))
    fields = dialog.person
    qtbot.keyClicks(fields.edits["given_names"], given)
    qtbot.keyClicks(fields.edits["paternal_surname"], paternal)
    qtbot.keyClicks(fields.edits["maternal_surname"], maternal)
    qtbot.keyClicks(fields.doc_type, "Sin")
    qtbot.keyClicks(fields.edits["doc_reason"], "No lo sabe")
    click(qtbot, button(dialog, "Agregar"))
    qtbot.waitUntil(lambda: dialog.check.isVisible(), timeout=10_000)
    return dialog


def _same_despite_the_conflict(qtbot: Any, dialog: Any) -> Any:
    """ "Es la misma persona", "Agregar", and "Continuar: es otra disputa" to the
    intake's question about the conflict of interest; the candidate's row."""
    [row] = dialog.check.candidate_rows
    click(qtbot, row.buttons[SAME])
    click(qtbot, button(dialog, "Agregar"))
    question = modal(qtbot)
    assert isinstance(question, QMessageBox) and question is not dialog
    click(qtbot, button(question, "Continuar: es otra disputa"))
    return row


def test_an_office_client_added_as_the_other_side_meets_the_conflict_check(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    other_case = arrange_case(store, FERNANDO, seed=2)  # Fernando is a client of the office
    number = store.get("case", other_case)["internal_number"]
    fernando = store.get("case", other_case)["person_id"]
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        dialog = _choose_fernando(qtbot, view)
        [row] = dialog.check.candidate_rows
        shown = [w.text() for w in row.findChildren(QLabel) if w.isVisible()]
        assert f"Es cliente de esta oficina en: {number}" in shown
        assert "Fernando Apaza Delgado" in shown[0]
        # the person chosen in the list cannot be "another person"
        assert not row.buttons[DIFFERENT].isEnabled()
        assert "eligió en la lista" in row.buttons[DIFFERENT].toolTip()
        click(qtbot, button(dialog, "Agregar"))  # nothing decided yet: said, nothing written
        assert dialog.isVisible() and "Decida" in dialog.message.text()

        click(qtbot, row.buttons[CONFLICT])
        click(qtbot, button(dialog, "Agregar"))
        qtbot.waitUntil(lambda: dialog_done(view), timeout=10_000)
        qtbot.waitUntil(lambda: "Conflicto de intereses" in view.message.text(), timeout=10_000)
        assert "no se agregó" in view.message.text()
        assert _parties(view) == ["Beneficiario(a): Maria Elena Quispe Mamani"]
        assert (
            store.query("SELECT count(*) AS n FROM case_party WHERE case_id = ?", (case_id,))[0][
                "n"
            ]
            == 1
        )
        [decision] = _decisions(store)
        assert decision["person"] == fernando and decision["decision"] == CONFLICT
        assert decision["case_id"] == case_id and decision["side"] == "other"

        # "Es la misma persona": never silently — the intake's own question (review4 F1):
        # it says the office would be on both sides; "Detener", the default, ticks the
        # conflict and adds nobody
        dialog = _choose_fernando(qtbot, view)
        [row] = dialog.check.candidate_rows
        click(qtbot, row.buttons[SAME])
        click(qtbot, button(dialog, "Agregar"))
        question = modal(qtbot)
        assert isinstance(question, QMessageBox) and question is not dialog
        assert "ambos lados" in question.text() and number in question.text()
        assert question.defaultButton().text() == "Detener: conflicto de intereses"
        qtbot.keyClick(question, Qt.Key.Key_Return)  # the default
        qtbot.waitUntil(lambda: dialog_done(view), timeout=10_000)
        qtbot.waitUntil(lambda: "no se agregó" in view.message.text(), timeout=10_000)
        assert view.parties.count() == 1
        assert [d["decision"] for d in _decisions(store)] == [CONFLICT, CONFLICT]
        # the defender may decide otherwise: "Continuar: es otra disputa" adds him, and the
        # audit line says it was decided despite the conflict, as in the intake
        dialog = _choose_fernando(qtbot, view)
        row = _same_despite_the_conflict(qtbot, dialog)
        qtbot.waitUntil(lambda: dialog_done(view) and view.parties.count() == 2, timeout=10_000)
        assert _parties(view)[1] == "Contraparte: Fernando Apaza Delgado"
        assert view.message.text() == "Parte agregada al caso."
        last = _decisions(store)[-1]
        assert (last["person"], last["decision"]) == (fernando, SAME)
        assert last["despite_conflict"] is True and last["case_id"] == case_id
        assert not any(d.get("despite_conflict") for d in _decisions(store)[:-1])
        # fresh5 #3: the override shows in the case's Historial (once: the latest decision)
        click_tab(qtbot, view.tabs, "Historial")
        said = "Fernando Apaza Delgado: se continuó pese al conflicto de intereses (es cliente"
        qtbot.waitUntil(lambda: view.history.count() > 0, timeout=10_000)
        lines = [view.history.item(i).text() for i in range(view.history.count())]
        assert sum(said in line for line in lines) == 1, lines
        window.lock()


def test_a_new_person_like_an_office_client_is_checked_before_being_registered(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    arrange_case(store, FERNANDO, seed=2)
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    before = store.query("SELECT count(*) AS n FROM person")[0]["n"]
    with watch_windows(window):
        dialog = _new_person_checked(qtbot, view, "Fernando", "Apaza", "Delgado")
        [row] = dialog.check.candidate_rows
        assert row.buttons[DIFFERENT].isEnabled()  # a new person may be another one
        click(qtbot, row.buttons[CONFLICT])
        click(qtbot, button(dialog, "Agregar"))
        qtbot.waitUntil(lambda: dialog_done(view), timeout=10_000)
        qtbot.waitUntil(lambda: "Conflicto de intereses" in view.message.text(), timeout=10_000)
        assert view.parties.count() == 1
        assert store.query("SELECT count(*) AS n FROM person")[0]["n"] == before  # nobody new
        assert [d["decision"] for d in _decisions(store)] == [CONFLICT]
        window.lock()


def test_an_acknowledged_conflict_is_forgotten_when_the_decision_changes(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Review4 F10: "the same person despite the conflict" is audited only on a "same"
    decision. A new party like the case's own client, decided the same and confirmed, is
    refused (she is the client already); changed to "Es otra persona", the new audit line
    does not say despite_conflict."""
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    maria = store.get("case", case_id)["person_id"]
    with watch_windows(window):
        dialog = _new_person_checked(qtbot, view, "Maria Elena", "Quispe", "Mamani")
        row = _same_despite_the_conflict(qtbot, dialog)
        qtbot.waitUntil(lambda: "ya es parte" in dialog.message.text(), timeout=10_000)
        assert dialog.isVisible() and view.parties.count() == 1
        click(qtbot, row.buttons[DIFFERENT])
        click(qtbot, button(dialog, "Agregar"))
        qtbot.waitUntil(lambda: dialog_done(view) and view.parties.count() == 2, timeout=10_000)
        assert _parties(view)[1] == "Contraparte: Maria Elena Quispe Mamani"
        first, second = _decisions(store)
        assert (first["person"], first["decision"], first["despite_conflict"]) == (
            maria,
            SAME,
            True,
        )
        assert (second["person"], second["decision"]) == (maria, DIFFERENT)
        assert "despite_conflict" not in second
        window.lock()


def test_the_conflict_panel_stands_alone_and_names_the_role_it_is_about(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 11 #29: while "Agregar parte…" asked about a conflict, the greyed "No está
    registrada" above its panel and "Rol" below read as rows overlapping it. They go
    while it asks (its title names the role: "Contraparte: …") and come back with
    "Volver". Fails on the old code (both still shown, greyed)."""
    arrange_case(store, FERNANDO, seed=2)  # Fernando is a client of the office
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        dialog = _choose_fernando(qtbot, view)
        assert not dialog.new_person.isVisible() and not dialog.role.isVisible()
        titles = [w.text() for w in dialog.check.findChildren(QLabel) if w.isVisible()]
        assert any(t.startswith("Contraparte: Apaza Delgado, Fernando") for t in titles), titles
        click(qtbot, button(dialog, "Volver"))
        qtbot.waitUntil(lambda: dialog.new_person.isVisible(), timeout=5_000)
        assert dialog.role.isVisible() and dialog.role.isEnabled()
        assert dialog.role.currentText() == "Contraparte"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: dialog_done(view), timeout=5_000)
    window.lock()
