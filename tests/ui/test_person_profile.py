"""The person profile in the real main window: opened from the people list, it shows the
person's details, their cases as client and as another party, intakes, referrals and a
timeline; a case opens from it and "Volver" comes back to it, then to the list; the
person's details are edited through the one person validator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core import cases, hearings, people, referrals
from app.ui.person_form import PersonEditDialog
from tests.ui.e2e import (
    JULIA,
    arrange_case,
    button,
    cells,
    click,
    click_tab,
    main_window,
    modal,
    nav_to,
    on_case,
    open_person_from_list,
    retype,
)
from tests.ui.windows import watch_windows


def test_profile_shows_cases_intakes_referrals_and_timeline(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    case_id = arrange_case(store)
    number = store.get("case", case_id)["internal_number"]
    julia = people.register_person(store, JULIA)
    cases.add_party(store, case_id, julia, "counterparty")
    referrals.add_referral(
        store, {"case_id": case_id, "institution": "cem", "reason": "riesgo severo"}
    )
    hearings.schedule_hearing(store, case_id, "2026-12-03T09:30:00", "Audiencia única", "JPL")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        profile = open_person_from_list(qtbot, window, "Quispe")
        assert profile.title.text() == "Maria Elena Quispe Mamani"
        details = profile.details.text()
        assert "DNI 45871236" in details and "12/04/1990" in details and "Femenino" in details
        tabs = [profile.tabs.tabText(i) for i in range(profile.tabs.count())]
        assert tabs == [
            "Casos como cliente (1)",
            "Casos como otra parte (0)",
            "Fichas de atención (1)",
            "Derivaciones (1)",
            "Cronología",
        ]
        row = cells(profile.client_cases)[0]
        assert row[0] == number and row[2] == "En trámite"
        click_tab(qtbot, profile.tabs, "Fichas de atención (1)")
        assert cells(profile.intakes)[0][-1] == number
        click_tab(qtbot, profile.tabs, "Derivaciones (1)")
        referral = cells(profile.referrals)[0]
        assert referral[1] == "Centro Emergencia Mujer (CEM)" and referral[3] == "riesgo severo"
        click_tab(qtbot, profile.tabs, "Cronología")
        events = [profile.timeline.item(i).text() for i in range(profile.timeline.count())]
        assert any("Registrada en Chasqui" in e for e in events)
        assert any(f"Caso {number} abierto" in e for e in events)
        assert any("Derivación a Centro Emergencia Mujer (CEM)" in e for e in events)
        assert any(e.startswith("03/12/2026 09:30") and number in e for e in events)
        assert events[0].startswith("03/12/2026")  # newest first

        # A case opens from the profile; "Volver" returns to the profile, then to the list.
        click_tab(qtbot, profile.tabs, "Casos como cliente (1)")
        table = profile.client_cases
        rect = table.visualItemRect(table.item(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        view = window.workspace.case_view
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(table, Qt.Key.Key_Return)
        assert window.workspace.pages.currentWidget() is view and view.case_id == case_id
        with qtbot.waitSignal(profile.loaded, timeout=10_000):
            click(qtbot, button(view, "← Volver"))
        assert window.workspace.pages.currentWidget() is profile
        click(qtbot, button(profile, "← Volver"))
        assert window.workspace.pages.currentWidget() is window.workspace.people

        # The other party sees the case among the cases where she is another party.
        profile = open_person_from_list(qtbot, window, "Alarcon")
        assert profile.tabs.tabText(1) == "Casos como otra parte (1)"
        party = cells(profile.party_cases)[0]
        assert party[0] == number and party[1] == "Contraparte"
        window.lock()


def test_person_without_cases_shows_empty_tabs(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    people.register_person(store, JULIA)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        profile = open_person_from_list(qtbot, window, "Alarcon")
        assert profile.tabs.tabText(0) == "Casos como cliente (0)"
        assert profile.client_cases.rowCount() == 0
        window.lock()


def test_edit_person_with_the_one_validator(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Issue 13, end-to-end test 4 (the person): a wrong phone is refused next to its
    field in Spanish, nothing is written; corrected, the profile shows the change."""
    person_id = people.register_person(store, {**JULIA, "phone": "987654321"})
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        profile = open_person_from_list(qtbot, window, "Alarcon")
        assert "987654321" in profile.details.text()

        click(qtbot, profile.edit_button)
        dialog = modal(qtbot)
        assert isinstance(dialog, PersonEditDialog)
        fields = dialog.fields
        assert fields.edits["given_names"].text() == "Julia Yolanda"
        retype(qtbot, fields.edits["phone"], "91234567")
        retype(qtbot, fields.birth.edit, "14031985")  # digits only: separators come by themselves
        assert fields.birth.edit.text() == "14/03/1985"
        click(qtbot, button(dialog, "Guardar"))
        problem = fields.problems["phone"]
        qtbot.waitUntil(problem.isVisible, timeout=10_000)
        assert dialog.isVisible() and "Revise" in dialog.message.text()
        assert "9" in problem.text() and "phone" not in problem.text()
        # its every line shows (fresh5 #17: a long problem was squeezed to one line, cut)
        assert problem.height() >= problem.heightForWidth(problem.width())
        assert problem.fontMetrics().lineSpacing() * 2 <= problem.height()
        assert store.get("person", person_id)["phone"] == "987654321"  # nothing written

        retype(qtbot, fields.edits["phone"], "912345678")
        click(qtbot, button(dialog, "Guardar"))
        qtbot.waitUntil(lambda: "912345678" in profile.details.text(), timeout=10_000)
        qtbot.waitUntil(lambda: profile.dialog is None, timeout=10_000)  # closed once saved
        assert QApplication.activeModalWidget() is None
        details = profile.details.text()
        assert "912345678" in details and "14/03/1985" in details
        qtbot.waitUntil(
            lambda: profile.message.text() == "Datos de la persona guardados.", timeout=10_000
        )
        record = store.get("person", person_id)
        assert (record["phone"], record["birth_date"]) == ("912345678", "1985-03-14")
        click_tab(qtbot, profile.tabs, "Cronología")
        assert "Datos personales modificados" in profile.timeline.item(0).text()

        # Nothing changed: said, nothing written.
        click(qtbot, profile.edit_button)
        dialog = modal(qtbot)
        click(qtbot, button(dialog, "Guardar"))
        assert dialog.isVisible() and dialog.message.text() == "No hay cambios que guardar."
        click(qtbot, button(dialog, "Cancelar"))
        window.lock()


def test_the_highlighted_navigation_entry_leaves_a_case_or_a_profile(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Opened from "Casos", the case view leaves "Casos" highlighted: clicking it must go
    back to the list (the row does not change, so only the click says so)."""
    window, view, _case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):  # only the main window and modal dialogs show
        ws = window.workspace
        assert ws.pages.currentWidget() is view
        nav_to(qtbot, window, "Casos")
        assert ws.pages.currentWidget() is ws.cases
        profile = open_person_from_list(qtbot, window, "Quispe")
        nav_to(qtbot, window, "Personas")
        assert ws.pages.currentWidget() is ws.people and profile.isHidden()
        window.lock()


def test_the_other_side_of_a_case_counts_it_and_edits_read_well(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes findings 9, 18 and 19: a person who is only the other side of a case
    shows that case (Personas "Casos" 1, the profile opens on it); in the editor the
    chosen district reads whole at 1024x600, and a problem goes as soon as its field is
    edited."""
    case_id = arrange_case(store)
    julia = people.register_person(store, {**JULIA, "ubigeo": "150106"})
    cases.add_party(store, case_id, julia, "counterparty")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        nav_to(qtbot, window, "Personas")
        table = window.workspace.people.table
        qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=10_000)
        model = table.model()
        column = next(
            c
            for c in range(model.columnCount())
            if model.headerData(c, Qt.Orientation.Horizontal) == "Casos"
        )
        rows = {str(model.index(r, 0).data()): r for r in range(model.rowCount())}
        julia_row = next(r for name, r in rows.items() if name.startswith("Alarcon"))
        assert model.index(julia_row, column).data() == "1 como otra parte"  # fresh10 #35

        profile = open_person_from_list(qtbot, window, "Alarcon")
        assert profile.tabs.currentIndex() == 1
        assert profile.tabs.tabText(1) == "Casos como otra parte (1)"
        assert cells(profile.party_cases)[0][1] == "Contraparte"

        click(qtbot, profile.edit_button)
        dialog = modal(qtbot)
        assert isinstance(dialog, PersonEditDialog)
        district = dialog.fields.district
        label = district.text()
        assert label.startswith("CARABAYLLO — ") and district.toolTip() == label
        assert district.cursorPosition() == 0  # shown from the district's name
        assert district.width() >= district.fontMetrics().horizontalAdvance(label)
        # A problem under its field goes as soon as the field is edited.
        given = dialog.fields.edits["given_names"]
        retype(qtbot, given, "")
        click(qtbot, button(dialog, "Guardar"))
        problem = dialog.fields.problems["given_names"]
        qtbot.waitUntil(problem.isVisible, timeout=10_000)
        qtbot.keyClicks(given, "Julia")
        assert not problem.isVisible() and problem.text() == ""
        click(qtbot, button(dialog, "Cancelar"))
        window.lock()


def test_the_timeline_says_a_moved_hearing_and_each_closing_and_reopening(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes #19: a rescheduled hearing is not listed like one that happened — its
    line says where it went —, and the case's closing and its reopening are listed, each
    with its reason (the closure's, the reopening's)."""
    case_id = arrange_case(store)
    number = store.get("case", case_id)["internal_number"]
    first = hearings.schedule_hearing(store, case_id, "2026-12-03T09:30:00", "Audiencia única")
    hearings.mark_hearing(
        store, first, "rescheduled", "El juez de licencia", new_at="2026-12-10T10:00"
    )
    matter = store.get("case", case_id)["matter"]
    closure = {"materia": matter, "fecha_cierre": "2026-11-20", "motivo_cierre": "conciliacion",
               "resultado": "favorable"}  # fmt: skip
    cases.close_case(store, case_id, closure)
    cases.reopen_case(store, case_id, "La demandada incumplió el acuerdo")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        profile = open_person_from_list(qtbot, window, "Quispe")
        click_tab(qtbot, profile.tabs, "Cronología")
        events = [profile.timeline.item(i).text() for i in range(profile.timeline.count())]
        moved = next(e for e in events if e.startswith("03/12/2026 09:30"))
        assert moved.endswith(
            f"Caso {number}: Audiencia única — Reprogramada para el 10/12/2026 10:00"
        )
        held = next(e for e in events if e.startswith("10/12/2026 10:00"))
        assert held.endswith(f"Caso {number}: Audiencia única")  # the one still to come
        closed = [e for e in events if f"Caso {number} cerrado" in e]
        assert len(closed) == 1 and closed[0].endswith(
            f"Caso {number} cerrado: Acuerdo conciliatorio, Favorable"
        ), closed
        reopened = [e for e in events if f"Caso {number} reabierto" in e]
        assert reopened and reopened[0].endswith(
            f"Caso {number} reabierto. Motivo: La demandada incumplió el acuerdo"
        )
        assert events.index(reopened[0]) < events.index(closed[0])  # newest first
        window.lock()
