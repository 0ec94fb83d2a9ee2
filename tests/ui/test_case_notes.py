"""Issue 13, end-to-end test 2: add, sign (confirming) and correct a note, in the real
main window over a real vault, by clicks and typing only. Also: the buttons that cannot
apply are disabled with a tooltip saying why, the new note is selected and scrolled into
view, and the message line keeps its height when its text clears."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit

from tests.ui.e2e import (
    arrange_case,
    button,
    click,
    click_list_row,
    click_tab,
    main_window,
    modal,
    on_case,
    open_case_from_list,
)
from tests.ui.windows import watch_windows


def test_add_sign_confirming_and_correct_a_note(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        assert "Maria Elena Quispe Mamani" in view.title.text()
        click_tab(qtbot, view.tabs, "Notas")

        # Nothing written, nothing selected: the buttons say why they are disabled.
        assert not view.add_note_button.isEnabled()
        assert "Escriba" in view.add_note_button.toolTip()
        assert not view.sign_button.isEnabled() and "Seleccione" in view.sign_button.toolTip()
        assert not view.correct_button.isEnabled() and "Seleccione" in view.correct_button.toolTip()
        height = view.message.height()

        # Add a note.
        click(qtbot, view.note_edit)
        qtbot.keyClicks(view.note_edit, "Se presento la demanda de alimentos")
        click(qtbot, view.add_note_button)
        qtbot.waitUntil(
            lambda: view.notes.count() == 1 and view.notes.currentRow() == 0, timeout=10_000
        )
        assert "sin firmar" in view.notes.item(0).text()
        assert "Se presento la demanda de alimentos" in view.notes.item(0).text()
        assert view.notes.currentRow() == 0  # the new note is selected
        qtbot.waitUntil(lambda: view.message.text() == "Nota agregada.", timeout=10_000)
        assert window.statusBar().currentMessage() == ""  # said once: under the tabs
        assert view.note_edit.toPlainText() == ""
        assert view.sign_button.isEnabled() and "sin firmar" not in view.sign_button.toolTip()
        # unsigned: "Corregir" edits its text (tests/ui/test_case_life.py), and says so
        assert view.correct_button.isEnabled()
        assert "aún no está firmada" in view.correct_button.toolTip()

        # Signing asks first; "Cancelar" leaves the note unsigned.
        click_list_row(qtbot, view.notes, 0)
        click(qtbot, view.sign_button)
        question = modal(qtbot)
        assert isinstance(question, QMessageBox)
        assert "ya no se puede cambiar" in question.text()
        click(qtbot, button(question, "Cancelar"))
        qtbot.waitUntil(lambda: not question.isVisible(), timeout=5_000)
        assert "sin firmar" in view.notes.item(0).text()
        assert store.get("note", store.query("SELECT id FROM note")[0]["id"])["signed_at"] is None

        # "Firmar" signs it.
        click(qtbot, view.sign_button)
        question = modal(qtbot)
        click(qtbot, button(question, "Firmar"))
        qtbot.waitUntil(lambda: "firmada" in view.notes.item(0).text(), timeout=10_000)
        qtbot.waitUntil(lambda: view.message.text() == "Nota firmada.", timeout=10_000)
        assert not view.sign_button.isEnabled() and "ya está firmada" in view.sign_button.toolTip()
        assert view.correct_button.isEnabled()

        # Correct it: the dialog starts with the original text; both notes stay visible.
        click(qtbot, view.correct_button)
        dialog = modal(qtbot)
        editor = dialog.findChild(QPlainTextEdit)
        assert editor.toPlainText() == "Se presento la demanda de alimentos"
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(editor, "Se presento la demanda de alimentos el lunes 3")
        click(qtbot, button(dialog, "Guardar corrección"))
        qtbot.waitUntil(lambda: view.notes.currentRow() == 1, timeout=10_000)
        assert view.notes.count() == 2
        first, second = view.notes.item(0).text(), view.notes.item(1).text()
        assert "corregida el" in first and "Se presento la demanda de alimentos" in first
        assert "corrección de la nota del" in second and "el lunes 3" in second
        assert view.notes.currentRow() == 1  # the correction is selected and in view
        assert (
            view.notes.viewport().rect().intersects(view.notes.visualItemRect(view.notes.item(1)))
        )
        qtbot.waitUntil(lambda: view.message.text() == "Corrección guardada.", timeout=10_000)

        # The original cannot be corrected twice; the correction can be signed.
        click_list_row(qtbot, view.notes, 0)
        assert not view.correct_button.isEnabled()
        assert "ya fue corregida" in view.correct_button.toolTip()
        click_list_row(qtbot, view.notes, 1)
        assert view.sign_button.isEnabled()

        # The message line keeps its height when it clears (nothing below moves).
        view.message.timer.timeout.emit()
        assert view.message.text().strip() == "" and view.message.height() == height

        rows = store.query("SELECT text, signed_at, supersedes_id FROM note ORDER BY created_at")
        assert rows[0]["signed_at"] and rows[1]["supersedes_id"]
        actions = {r["action"] for r in store.query("SELECT action FROM audit_event")}
        assert {"create", "update"} <= actions
        window.lock()


def test_many_notes_the_new_one_is_scrolled_into_view(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    from app.core import notes

    case_id = arrange_case(store)
    for i in range(40):
        notes.add_note(store, case_id, f"Seguimiento numero {i}")
    number = store.get("case", case_id)["internal_number"]
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        view = open_case_from_list(qtbot, window, number)
        click_tab(qtbot, view.tabs, "Notas")
        click_list_row(qtbot, view.notes, 0)
        click(qtbot, view.note_edit)
        qtbot.keyClicks(view.note_edit, "La nota mas reciente")
        click(qtbot, view.add_note_button)
        qtbot.waitUntil(lambda: view.notes.count() == 41, timeout=10_000)
        last = view.notes.item(view.notes.count() - 1)
        qtbot.waitUntil(lambda: view.notes.currentItem() is last, timeout=10_000)
        assert "La nota mas reciente" in last.text()
        assert view.notes.currentItem() is last
        assert view.notes.viewport().rect().intersects(view.notes.visualItemRect(last))
        window.lock()


def test_add_and_sign_asks_first(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Notas")
        click(qtbot, view.note_edit)
        qtbot.keyClicks(view.note_edit, "Audiencia de conciliacion sin acuerdo")
        click(qtbot, view.add_signed_button)
        question = modal(qtbot)
        assert "firmar esta nota" in question.text()
        click(qtbot, button(question, "Cancelar"))
        qtbot.waitUntil(lambda: not question.isVisible(), timeout=5_000)
        assert view.notes.count() == 0  # nothing written, the text is still there
        assert view.note_edit.toPlainText() == "Audiencia de conciliacion sin acuerdo"
        click(qtbot, view.add_signed_button)
        click(qtbot, button(modal(qtbot), "Agregar y firmar"))
        qtbot.waitUntil(lambda: view.notes.count() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: "firmada" in view.notes.item(0).text(), timeout=10_000)
        said = "Nota agregada y firmada."
        qtbot.waitUntil(lambda: view.message.text() == said, timeout=10_000)
        # once on screen (walkthrough #11: it was also repeated in the status bar)
        shown = [w for w in window.findChildren(QLabel) if w.isVisible() and w.text() == said]
        assert shown == [view.message] and window.statusBar().currentMessage() != said
        window.lock()


def _colleague(store: Any) -> str:
    """Another defender of the office, "Rosa Colega" (her notes come by sync): her id."""
    user = {"office_id": store.office_id, "name": "colega", "display_name": "Rosa Colega"}
    return str(store.insert("user", {**user, "role": "defender"}))


def _on_the_first_note(
    qtbot: Any, store: Any, vault_dir: Path, fast_vault: Any, case_id: str, count: int
) -> tuple[Any, Any]:
    """The main window on the case's Notas tab, its ``count`` notes listed, the first
    one clicked: (window, case view)."""
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    click_tab(qtbot, view.tabs, "Notas")
    qtbot.waitUntil(lambda: view.notes.count() == count, timeout=10_000)
    click_list_row(qtbot, view.notes, 0)
    return window, view


def test_a_colleagues_note_is_corrected_never_signed_nor_changed_here(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #39: a colleague's unsigned note (synced in) signed here read "colega ·
    firmada …", as if the colleague had signed. Now only its author signs or changes it:
    "Firmar" is disabled saying whose it is, "Corregir" writes a correction of one's own
    (theirs stays as they wrote it, unsigned), and the core refuses a signing anyway.
    Fails on the old code ("Firmar" enabled)."""
    case_id, colleague = arrange_case(store), _colleague(store)
    theirs = store.insert("note", {"case_id": case_id, "text": "Llamar a la demandante",
                                   "author_id": colleague,
                                   "created_at": "2026-11-30T10:00:00+00:00"})  # fmt: skip
    window, view = _on_the_first_note(qtbot, store, vault_dir, fast_vault, case_id, 1)
    with watch_windows(window):
        assert "Rosa Colega · sin firmar" in view.notes.item(0).text()
        assert not view.sign_button.isEnabled()
        assert view.sign_button.toolTip() == (
            "La escribió Rosa Colega: solo quien la escribió puede firmarla. Puede escribir "
            "una corrección."
        )
        assert view.correct_button.isEnabled()
        click(qtbot, view.correct_button)
        dialog = modal(qtbot)
        assert any("La nota es de Rosa Colega y no cambia" in label.text()
                   for label in dialog.findChildren(QLabel))  # fmt: skip
        editor = dialog.findChild(QPlainTextEdit)
        qtbot.keyClick(editor, Qt.Key.Key_End)
        qtbot.keyClicks(editor, " el lunes")
        click(qtbot, button(dialog, "Guardar corrección"))
        qtbot.waitUntil(lambda: view.notes.count() == 2, timeout=10_000)
        assert store.get("note", theirs)["text"] == "Llamar a la demandante"
        assert store.get("note", theirs)["signed_at"] is None
        view.notes.setCurrentRow(1)  # the correction: this user's, unsigned
        assert view.sign_button.isEnabled()
        (mine,) = store.query("SELECT author_id, text FROM note WHERE supersedes_id = ?",
                              (theirs,))  # fmt: skip
        assert mine == {"author_id": store.user_id, "text": "Llamar a la demandante el lunes"}
        window.lock()


def test_a_note_a_colleague_corrected_is_not_signed_after_it(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 11 #16: a note replaced by a correction (a colleague's, synced in) was signed
    afterwards and read "firmada … · corregida" in the wrong order. "Firmar" is disabled
    on it, saying to sign the correction. Fails on the old code ("Firmar" enabled)."""
    case_id, colleague = arrange_case(store), _colleague(store)
    mine = store.insert("note", {"case_id": case_id, "text": "Llamar a la demandante",
                                 "author_id": store.user_id,
                                 "created_at": "2026-11-30T10:00:00+00:00"})  # fmt: skip
    store.insert("note", {"case_id": case_id, "text": "Llamar a la demandante el lunes",
                          "author_id": colleague, "supersedes_id": mine,
                          "created_at": "2026-11-30T11:00:00+00:00"})  # fmt: skip
    window, view = _on_the_first_note(qtbot, store, vault_dir, fast_vault, case_id, 2)
    with watch_windows(window):
        assert "sin firmar · corregida el" in view.notes.item(0).text()
        assert not view.sign_button.isEnabled()
        assert view.sign_button.toolTip() == "Esta nota ya fue corregida; firme la corrección."
        window.lock()
