"""Issue 13, end-to-end tests 4 and 5 in the real main window, by clicks and typing:

4. edit the person (from the case's party list, their profile) and the case's court file
   number — a malformed number is refused under its field, nothing written;
5. close the case with the ``cierre_caso`` form (incomplete answers refused), then
   reopen it with a reason (kept as a signed note).

Also: a party is added to the case from the registered people and removed again
(confirmed); the client cannot be removed (the button says why)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from app.core import people
from tests.ui.e2e import (
    JULIA,
    button,
    choose,
    click,
    click_list_row,
    click_tab,
    dialog_done,
    modal,
    on_case,
    party_search,
    retype,
)
from tests.ui.windows import watch_windows

COURT_FILE = "00123-2021-0-1801-JP-FC-01"


def test_edit_the_person_and_the_case_court_file_number(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        # The person: Enter on the client in the party list opens her profile.
        click_list_row(qtbot, view.parties, 0)
        profile = window.workspace.profile
        with qtbot.waitSignal(profile.loaded, timeout=10_000):
            qtbot.keyClick(view.parties, Qt.Key.Key_Return)
        click(qtbot, profile.edit_button)
        dialog = modal(qtbot)
        retype(qtbot, dialog.fields.edits["maternal_surname"], "Mamani de Rojas")
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(
            lambda: profile.title.text() == "Maria Elena Quispe Mamani de Rojas", timeout=10_000
        )

        # Back to the case: its title shows the new name.
        click(qtbot, button(profile, "← Volver"))
        qtbot.waitUntil(lambda: "Quispe Mamani de Rojas" in view.title.text(), timeout=10_000)

        # The case: a malformed court file number is refused under its field.
        click_tab(qtbot, view.tabs, "Resumen")
        click(qtbot, view.edit_button)
        dialog = modal(qtbot)
        retype(qtbot, dialog.court_file, "123-2021")
        click(qtbot, button(dialog, "Guardar"))
        problem = dialog.field_messages["court_file_number"]
        qtbot.waitUntil(problem.isVisible, timeout=10_000)
        assert problem.text() and "court_file" not in problem.text()
        assert dialog.isVisible()
        assert store.get("case", case_id)["court_file_number"] is None  # nothing written

        retype(qtbot, dialog.court_file, COURT_FILE.lower())
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and COURT_FILE in view.summary.text(), timeout=10_000
        )
        assert view.message.text().startswith("Datos del caso guardados.")
        assert store.get("case", case_id)["court_file_number"] == COURT_FILE
        window.lock()


def test_add_and_remove_a_party(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    people.register_person(store, JULIA)
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        assert view.parties.count() == 1
        click_list_row(qtbot, view.parties, 0)
        assert not view.remove_party_button.isEnabled()
        assert "no se puede quitar" in view.remove_party_button.toolTip()

        dialog = party_search(qtbot, view, "Alarcon", 1)
        assert "Alarcon Mendoza, Julia Yolanda" in dialog.people.item(0).text()  # as listed
        click(qtbot, button(dialog, "Agregar"))
        qtbot.waitUntil(lambda: dialog_done(view) and view.parties.count() == 2, timeout=10_000)
        assert [view.parties.item(i).text() for i in range(view.parties.count())] == [
            "Beneficiario(a): Maria Elena Quispe Mamani",
            "Contraparte: Julia Yolanda Alarcon Mendoza",
        ]
        assert view.message.text() == "Parte agregada al caso."

        click_list_row(qtbot, view.parties, 1)
        click(qtbot, view.remove_party_button)
        question = modal(qtbot)
        assert "Julia Yolanda Alarcon Mendoza" in question.text()
        click(qtbot, button(question, "Quitar"))
        qtbot.waitUntil(lambda: view.parties.count() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: view.message.text() == "Parte quitada del caso.", timeout=10_000)

        # A person not registered yet: the conflict check shows who she looks like first,
        # then she is registered.
        click(qtbot, view.add_party_button)
        dialog = modal(qtbot)
        box = dialog.new_person  # a click on its label, at the left
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(12, box.height() // 2))
        assert box.isChecked() and dialog.modes.currentWidget() is dialog.person
        fields = dialog.person
        qtbot.keyClicks(fields.edits["given_names"], "Julia Yolanda")
        qtbot.keyClicks(fields.edits["paternal_surname"], "Alarcon")
        qtbot.keyClicks(fields.edits["maternal_surname"], "Mendoza")
        click(qtbot, button(dialog, "Agregar"))  # a DNI without its number: the validator says so
        problem = fields.problems["doc_number"]
        qtbot.waitUntil(problem.isVisible, timeout=10_000)
        assert problem.text() and "doc_number" not in problem.text()
        qtbot.keyClicks(fields.doc_type, "Sin")
        assert fields.doc_type.currentData() == "SIN_DOCUMENTO"
        qtbot.keyClicks(fields.edits["doc_reason"], "La usuaria no lo sabe")
        click(qtbot, button(dialog, "Agregar"))  # the intake's check: she looks like Julia
        qtbot.waitUntil(lambda: dialog.check.isVisible(), timeout=10_000)
        [row] = dialog.check.candidate_rows
        assert row.candidate.name == "Julia Yolanda Alarcon Mendoza"
        click(qtbot, button(dialog, "Volver"))  # back to her data: nothing recorded
        assert dialog.modes.currentWidget() is dialog.person
        retype(qtbot, fields.edits["given_names"], "Pedro")
        retype(qtbot, fields.edits["paternal_surname"], "Rojas")
        retype(qtbot, fields.edits["maternal_surname"], "Tello")
        click(qtbot, button(dialog, "Agregar"))
        qtbot.waitUntil(lambda: view.parties.count() == 2, timeout=10_000)
        assert view.parties.item(1).text() == "Contraparte: Pedro Rojas Tello"
        rows = store.query("SELECT doc_type, doc_reason FROM person WHERE given_names = 'Pedro'")
        assert rows == [{"doc_type": "SIN_DOCUMENTO", "doc_reason": "La usuaria no lo sabe"}]
        window.lock()


def test_close_the_case_with_cierre_caso_then_reopen_it(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        assert "En trámite" in view.summary.text()
        assert not view.reopen_button.isEnabled() and "ya está en trámite" in (
            view.reopen_button.toolTip()
        )

        click(qtbot, view.close_button)
        dialog = modal(qtbot)
        click(qtbot, button(dialog, "Cerrar el caso"))  # the reason and result are missing
        assert dialog.isVisible() and "Revise el formulario" in dialog.message.text()
        assert store.get("case", case_id)["status"] == "open"
        choose(qtbot, dialog, "motivo_cierre", "Acuerdo")
        choose(qtbot, dialog, "resultado", "Favorable")
        click(qtbot, button(dialog, "Cerrar el caso"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "Concluido" in view.summary.text(), timeout=10_000
        )
        assert view.message.text() == "Caso cerrado."
        assert not view.close_button.isEnabled() and view.reopen_button.isEnabled()
        case = store.get("case", case_id)
        assert case["status"] == "closed" and "conciliacion" in str(case["closure"])

        click(qtbot, view.reopen_button)
        dialog = modal(qtbot)
        click(qtbot, button(dialog, "Reabrir"))  # no reason: refused
        assert dialog.isVisible() and dialog.field_messages["reason"].isVisible()
        click(qtbot, dialog.reason)
        qtbot.keyClicks(dialog.reason, "La demandada incumplio el acuerdo")
        assert not dialog.field_messages["reason"].isVisible()  # "Escriba el motivo." went
        click(qtbot, button(dialog, "Reabrir"))
        qtbot.waitUntil(
            lambda: dialog_done(view) and "En trámite" in view.summary.text(), timeout=10_000
        )
        assert view.message.text() == "Caso reabierto."
        click_tab(qtbot, view.tabs, "Notas")
        assert any("La demandada incumplio el acuerdo" in t for t in view.notes_panel.texts())
        assert store.get("case", case_id)["status"] == "open"
        window.lock()


def test_agregar_parte_lists_the_exact_name_first(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 11 #30: "Juana Diaz" in "Agregar parte…" listed "Díaz Álvarez, Sofía Juana"
    (alphabetical) above "Díaz Campos, Juana", the person typed: ranked as the search
    ranks people (the typed words as the name's first words first). Fails on the old
    code."""
    for given, paternal, maternal, doc in (("Sofía Juana", "Díaz", "Álvarez", "40000011"),
                                           ("Juana", "Díaz", "Campos", "40000012")):  # fmt: skip
        people.register_person(
            store, {**JULIA, "given_names": given, "paternal_surname": paternal,
                    "maternal_surname": maternal, "doc_number": doc},
        )  # fmt: skip
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        dialog = party_search(qtbot, view, "Juana Diaz", 2)
        listed = [dialog.people.item(i).text() for i in range(dialog.people.count())]
        assert listed[0].startswith("Díaz Campos, Juana"), listed
        assert listed[1].startswith("Díaz Álvarez, Sofía Juana"), listed
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: dialog_done(view), timeout=5_000)
    window.lock()
