"""The new intake's steps as the fresh-eyes tester met them, in the real main window by
clicks and typing: the steps are numbered as the defender goes through them (#3: "1 → 3"
when nobody alike was found), and a draft kept after a conflict of interest stopped the
intake says so on Inicio, with the person's name and date like every draft (#18b)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app import office_time
from app.core import people
from tests.ui.e2e import (
    MARIA,
    button,
    click,
    click_list_row,
    main_window,
    modal,
    nav_to,
    retype,
)
from tests.ui.test_intake import _check_by_names, _new_intake, julia_in_a_case, type_names_only
from tests.ui.windows import watch_windows


def test_a_draft_stopped_for_a_conflict_of_interest_says_so_on_inicio(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: the row read like any draft ("… · Borrador")."""
    julia_in_a_case(store)
    store.save_draft("d-1", "ficha_atencion", 1, {"nombres": "Killa", "apellido_paterno": "Huaman"})
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _new_intake(qtbot, window)
        _check_by_names(qtbot, page, "Julia Yolanda", "Alarcon", "Mendoza")
        [row] = page.candidate_rows
        click(qtbot, row.buttons["conflict"])
        click(qtbot, page.check_step.decide_button)  # "Detener: conflicto de intereses"
        question = modal(qtbot)
        assert "Conflicto de intereses" in question.text()
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(question, "Guardar borrador"))
        nav_to(qtbot, window, "Inicio")
        drafts = window.workspace.home.drafts
        qtbot.waitUntil(lambda: drafts.count() == 2, timeout=10_000)
        texts = {drafts.item(i).text() for i in range(2)}
        [stopped] = [t for t in texts if "Julia" in t]
        [other] = texts - {stopped}
        today = office_time.today().strftime("%d/%m/%Y")
        assert stopped.startswith(today)
        assert "Julia Yolanda Alarcon Mendoza" in stopped
        assert stopped.endswith("· detenida por conflicto de intereses")
        assert "Killa Huaman" in other and "conflicto" not in other


def _reopen(qtbot: Any, window: Any, name: str) -> tuple[Any, str]:
    """Inicio → the draft of ``name``, double-clicked: the intake page and its message."""
    nav_to(qtbot, window, "Inicio")
    drafts = window.workspace.home.drafts
    qtbot.waitUntil(lambda: drafts.count() == 1 and name in drafts.item(0).text(), timeout=10_000)
    click_list_row(qtbot, drafts, 0, double=True)
    page = window.workspace.intake
    qtbot.waitUntil(lambda: page.given.text() == "Julia Yolanda", timeout=10_000)
    return page, page.message.text()


def _keep(qtbot: Any, page: Any, cancel: Any) -> str:
    """Cancelar → "Guardar borrador": the draft's row on Inicio, as shown."""
    home, read = page.window().workspace.home, []
    click(qtbot, cancel)
    with qtbot.waitSignal(page.cancelled, timeout=10_000):
        click(qtbot, button(modal(qtbot), "Guardar borrador"))
    home.refreshed.connect(lambda: read.append(True))  # read after the draft was written
    qtbot.waitUntil(lambda: bool(read) and home.drafts.count() == 1, timeout=10_000)
    return str(home.drafts.item(0).text())


def test_a_stopped_draft_reopened_and_saved_stays_stopped_and_says_with_whom(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """The stop is a recorded decision (fresh8 #1): reopened, the draft says why it
    stopped, and with whom; edited and kept, Inicio still says "detenida por conflicto
    de intereses"; only the check run again and decided otherwise clears it. Fails on
    the old code: "Borrador recuperado" only, and the row read "… · Borrador"."""
    julia_in_a_case(store)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _new_intake(qtbot, window)
        _check_by_names(qtbot, page, "Julia Yolanda", "Alarcon", "Mendoza")
        click(qtbot, page.candidate_rows[0].buttons["conflict"])
        click(qtbot, page.check_step.decide_button)
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(modal(qtbot), "Guardar borrador"))
        page, said = _reopen(qtbot, window, "Julia")
        assert said.startswith(
            "Esta atención se detuvo por un posible conflicto de intereses con "
            "Julia Yolanda Alarcón Mendoza."
        )
        retype(qtbot, page.phone, "912345678")
        row = _keep(qtbot, page, page.person_step.cancel_button)
        assert row.endswith("· detenida por conflicto de intereses")
        # The check again, decided otherwise ("Otra persona"): no longer stopped
        page, said = _reopen(qtbot, window, "Julia")
        assert "conflicto de intereses" in said
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
        click(qtbot, page.candidate_rows[0].buttons["different"])
        click(qtbot, page.check_step.decide_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
        row = _keep(qtbot, page, page.cancel_button)
        assert "Julia Yolanda Alarcon Mendoza" in row and "conflicto" not in row


def _heading(page: Any) -> str:
    """The numbered heading of the step on screen, as shown."""
    labels = page.steps.currentWidget().findChildren(QLabel)
    return next(
        label.text() for label in labels if label.isVisible() and re.match(r"\d+\. ", label.text())
    )


def test_the_steps_are_numbered_as_the_defender_goes_through_them(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Nobody alike: step 1, then the ficha as step 2 (fails on the old code: "3. Ficha
    de atención"). Back, someone alike: 1, 2 (the check), 3 (the ficha)."""
    people.register_person(store, MARIA)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _new_intake(qtbot, window)
        type_names_only(qtbot, page, "Killa", "Huaman", "Ccori")
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
        assert _heading(page) == "2. Ficha de atención"
        click(qtbot, page.back_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 0, timeout=10_000)
        for edit, text in ((page.given, "Maria Elena"), (page.paternal, "Quispe")):
            retype(qtbot, edit, text)
        retype(qtbot, page.maternal, "Mamani")
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
        assert _heading(page) == "2. Posibles duplicados y conflictos de intereses"
        [row] = page.candidate_rows
        click(qtbot, row.buttons["different"])
        click(qtbot, page.check_step.decide_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
        assert _heading(page) == "3. Ficha de atención"


def test_the_wait_after_continuar_is_said_and_a_second_click_does_nothing(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes #28: ~5 s without any feedback after "Continuar" on a busy laptop (the
    ficha was built then, on the UI thread). Now the search says so and its button is off
    (a second click starts no second search), the ficha is built meanwhile, and step 2's
    "Continuar" says it is saving the decisions. Fails on the old code (two searches; no
    message after "Continuar")."""
    people.register_person(store, MARIA)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _new_intake(qtbot, window)
        searches: list[int] = []
        page.candidates_shown.connect(searches.append)
        type_names_only(qtbot, page, "Maria Elena", "Quispe", "Mamani")
        check = page.person_step.check_button
        click(qtbot, check)
        assert page.message.text() == "Buscando personas parecidas…"
        assert not check.isEnabled()
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton)  # the impatient second click
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
        [row] = page.candidate_rows
        click(qtbot, row.buttons["different"])
        decide = page.check_step.decide_button
        click(qtbot, decide)
        assert page.message.text() == "Guardando las decisiones…"
        assert not decide.isEnabled()
        qtbot.mouseClick(decide, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
        assert _heading(page) == "3. Ficha de atención" and searches == [1]
        assert check.isEnabled() and page.open_button.isEnabled()
