"""The case and person screens on a 1024×600 netbook, in Spanish (issue 13 #6, #7): the
person profile with each tab, and every dialog of the case view and the profile — edit
the case, add a party (a registered person, a new one), close with ``cierre_caso``,
reopen, correct a note, sign (the question), a referral and its follow-up, edit the
person. Each is opened by a click as a person does and checked with the shell's screen
checks (``tests/ui/test_small_screen_spanish``: every widget inside its window, nothing
scrolls sideways, no English shown); only the main window and modal dialogs show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QWidget

from app.core import cases, notes, referrals
from tests.ui.e2e import (
    MARIA,
    arrange_case,
    button,
    click,
    click_list_row,
    click_tab,
    main_window,
    modal,
    open_case_from_list,
    open_person_from_list,
)
from tests.ui.test_small_screen_spanish import NETBOOK, english_shown, layout_problems
from tests.ui.windows import watch_windows


class Seen:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.visited: list[str] = []

    def check(self, name: str, top: QWidget) -> None:
        self.visited.append(name)
        self.problems += [f"{name}: {p}" for p in layout_problems(top)]
        self.problems += [f"{name}: English {t!r}" for t in english_shown(top)]

    def dialog(self, qtbot: Any, name: str, opener: QWidget) -> QDialog:
        """Click ``opener``, check the modal dialog it opens; returns it (still open)."""
        click(qtbot, opener)
        dialog = modal(qtbot)
        self.check(name, dialog)
        return dialog  # type: ignore[return-value]


def _cancel(qtbot: Any, dialog: QWidget) -> None:
    click(qtbot, button(dialog, "Cancelar"))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_case_and_person_screens_fit_1024x600_and_speak_spanish(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    case_id = arrange_case(store)
    number = store.get("case", case_id)["internal_number"]
    note_id = notes.add_note(store, case_id, "Se presento la demanda")
    notes.sign_note(store, note_id)
    notes.add_note(store, case_id, "Llamar a la demandada")
    referrals.add_referral(store, {"case_id": case_id, "institution": "cem", "reason": "riesgo"})
    rosa = {**MARIA, "given_names": "Rosa", "paternal_surname": "Huaman"}
    closed_id = arrange_case(store, {**rosa, "doc_number": "41234567"}, 2)
    closed_number = store.get("case", closed_id)["internal_number"]
    cases.close_case(
        store,
        closed_id,
        {
            "materia": "alimentos",
            "fecha_cierre": "2026-11-02",
            "motivo_cierre": "conciliacion",
            "resultado": "favorable",
        },
    )
    window = main_window(qtbot, store, vault_dir, fast_vault)
    window.resize(*NETBOOK)
    seen = Seen()
    with watch_windows(window):
        view = open_case_from_list(qtbot, window, number)
        click_tab(qtbot, view.tabs, "Resumen")
        _cancel(qtbot, seen.dialog(qtbot, "editar caso", view.edit_button))
        party = seen.dialog(qtbot, "agregar parte", view.add_party_button)
        box = party.new_person  # type: ignore[attr-defined]
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(12, box.height() // 2))
        seen.check("agregar parte nueva", party)
        _cancel(qtbot, party)
        _cancel(qtbot, seen.dialog(qtbot, "cerrar caso", view.close_button))

        click_tab(qtbot, view.tabs, "Notas")
        click_list_row(qtbot, view.notes, 0)
        _cancel(qtbot, seen.dialog(qtbot, "corregir nota", view.correct_button))
        click_list_row(qtbot, view.notes, 1)
        _cancel(qtbot, seen.dialog(qtbot, "firmar nota", view.sign_button))

        click_tab(qtbot, view.tabs, "Derivaciones")
        panel = view.referrals
        _cancel(qtbot, seen.dialog(qtbot, "nueva derivación", button(panel, "Nueva derivación…")))
        table = panel.table
        rect = table.visualItemRect(table.item(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        _cancel(qtbot, seen.dialog(qtbot, "seguimiento", panel.follow_button))

        view = open_case_from_list(qtbot, window, closed_number)
        click_tab(qtbot, view.tabs, "Resumen")
        _cancel(qtbot, seen.dialog(qtbot, "reabrir caso", view.reopen_button))

        profile = open_person_from_list(qtbot, window, "Quispe")
        for i in range(profile.tabs.count()):
            click_tab(qtbot, profile.tabs, profile.tabs.tabText(i))
            seen.check(f"persona/{profile.tabs.tabText(i)}", window)
        _cancel(qtbot, seen.dialog(qtbot, "editar persona", profile.edit_button))
        window.lock()
    assert len(seen.visited) == 15, seen.visited
    assert not seen.problems, "\n".join(seen.problems)
