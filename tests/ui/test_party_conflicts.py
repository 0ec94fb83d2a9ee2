"""Walkthrough finding 5 (issue 13), in the real main window by clicks and typing:
"Agregar parte…" runs the intake's conflict check. An office client chosen as the other
side of a case is shown with the case that makes it a conflict; "Conflicto de intereses:
detener" adds nobody, and the decision is audited as in the intake (with the case)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.core.duplicates import CONFLICT, DIFFERENT, SAME
from tests.ui.e2e import arrange_case, button, click, dialog_done, modal, on_case
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
    click(qtbot, view.add_party_button)
    dialog = modal(qtbot)
    qtbot.keyClicks(dialog.query, "Apaza")
    qtbot.waitUntil(lambda: dialog.people.count() == 1, timeout=10_000)
    click(qtbot, button(dialog, "Agregar"))
    qtbot.waitUntil(lambda: dialog.check.isVisible(), timeout=10_000)
    return dialog


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

        # "Es la misma persona": never silently — a question says it is a conflict of
        # interest; "Cancelar" leaves the choice open, nothing written
        dialog = _choose_fernando(qtbot, view)
        [row] = dialog.check.candidate_rows
        click(qtbot, row.buttons[SAME])
        click(qtbot, button(dialog, "Agregar"))
        question = QApplication.activeModalWidget()
        assert isinstance(question, QMessageBox)
        assert f"es cliente de esta oficina en {number}" in question.text()
        assert "conflicto de intereses" in question.text()
        click(qtbot, button(question, "Cancelar"))
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=5_000)
        assert len(_decisions(store)) == 1 and view.parties.count() == 1
        # the defender may decide otherwise: the decision is recorded, he is added
        click(qtbot, button(dialog, "Agregar"))
        question = QApplication.activeModalWidget()
        assert isinstance(question, QMessageBox)
        click(qtbot, button(question, "Agregar de todos modos"))
        qtbot.waitUntil(lambda: dialog_done(view) and view.parties.count() == 2, timeout=10_000)
        assert _parties(view)[1] == "Contraparte: Fernando Apaza Delgado"
        assert view.message.text() == "Parte agregada al caso."
        assert [d["decision"] for d in _decisions(store)] == [CONFLICT, SAME]
        window.lock()


def test_a_new_person_like_an_office_client_is_checked_before_being_registered(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    arrange_case(store, FERNANDO, seed=2)
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    before = store.query("SELECT count(*) AS n FROM person")[0]["n"]
    with watch_windows(window):
        click(qtbot, view.add_party_button)
        dialog = modal(qtbot)
        box = dialog.new_person  # a click on its label, at the left
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(12, box.height() // 2))
        fields = dialog.person
        qtbot.keyClicks(fields.edits["given_names"], "Fernando")
        qtbot.keyClicks(fields.edits["paternal_surname"], "Apaza")
        qtbot.keyClicks(fields.edits["maternal_surname"], "Delgado")
        qtbot.keyClicks(fields.doc_type, "Sin")
        qtbot.keyClicks(fields.edits["doc_reason"], "No lo sabe")
        click(qtbot, button(dialog, "Agregar"))
        qtbot.waitUntil(lambda: dialog.check.isVisible(), timeout=10_000)
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
