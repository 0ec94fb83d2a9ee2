"""Issue 13, the new intake's rough edges, driven through the real window: "Abrir caso"
with a problem in a row of "Otras partes" says where it is ("Otras partes, fila 1: Tipo
de documento: …") and takes the defender there (scrolled into view, with the keyboard)
(#18); an intake left half-way is kept as a draft (the 1024x600 walk), and Inicio lists
it whatever order the worker runs the draft's write and Inicio's read in (the CI flake);
leaving while the registration is in flight keeps no draft (review F4)."""

from __future__ import annotations

import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.ui.backend import StoreBackend
from tests.ui.e2e import arrange_case, click, nav_to
from tests.ui.test_intake import (
    JUAN,
    _editor,
    _fill_ficha,
    _new_intake,
    _type,
    _type_rosa,
    _window,
    add_other_party,
)


def _rosa_ficha(qtbot: Any, window: Any, matter: str = "Fil") -> Any:
    """A new intake for Rosa (step 1 typed, checked), her ficha filled: the page."""
    page = _new_intake(qtbot, window)
    _type_rosa(qtbot, page, "12345677")
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
    _type(qtbot, _editor(page, "fecha_nacimiento").edit.edit, "12041990")
    _fill_ficha(qtbot, page, matter)
    return page


def _first_child(qtbot: Any, page: Any) -> Any:
    """The cells of the first row of an Alimentos ficha's "Hijas e hijos alimentistas"
    (the section built once the Materia is chosen)."""
    qtbot.waitUntil(lambda: "hijos" in page.form_widget.rows, timeout=5_000)
    hijos = _editor(page, "hijos")
    qtbot.waitUntil(lambda: len(hijos.rows) == 1, timeout=5_000)
    return hijos.rows[0][1]


def test_a_problem_in_other_parties_names_the_row_and_is_focused(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _rosa_ficha(qtbot, window)
        partes = _editor(page, "partes")
        click(qtbot, partes.add_button)
        cells = partes.rows[0][1]
        _type(qtbot, cells["parte_nombres"].editor.edit, "Elmer")
        _type(qtbot, cells["parte_apellidos"].editor.edit, "Apaza Castillo")
        # "Rol en el conflicto" left empty. The form is scrolled back to its top.
        page.form_widget.scroll_area.verticalScrollBar().setValue(0)

        at = page.open_button.mapToGlobal(page.open_button.rect().center())
        click(qtbot, page.open_button)
        said = page.message.text()
        # One problem, where the keyboard goes, and how many more: the message keeps to
        # its room, so "Abrir caso" does not move under the mouse.
        assert page.open_button.mapToGlobal(page.open_button.rect().center()) == at
        assert said.startswith("Revise la ficha: Otras partes, fila 1: Rol en el conflicto: "), said
        combo = cells["parte_rol"].editor.combo
        qtbot.waitUntil(lambda: combo.window().focusWidget() is combo, timeout=5_000)
        viewport = page.form_widget.scroll_area.viewport()
        top_left = combo.mapTo(viewport, QPoint(0, 0))
        assert top_left.y() >= 0 and top_left.y() + combo.height() <= viewport.height()
        row_title = partes.rows[0][0].mapTo(viewport, QPoint(0, 0)).y()  # "Fila 1" shows
        assert 0 <= row_title < top_left.y()
        assert page.steps.currentIndex() == 2  # nothing saved, still on the ficha


def test_leaving_an_intake_half_way_keeps_it_as_a_draft(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Walk at 1024x600: Ctrl+N (or another page) in the middle of an intake used to
    throw away what step 1 had, with no question and no draft."""
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        _type(qtbot, page.given, "Fernando")
        _type(qtbot, page.paternal, "Huaman")
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.workspace.intake is not page, timeout=5_000)
        qtbot.waitUntil(lambda: len(store.list_drafts()) == 1, timeout=20_000)
        assert window.statusBar().currentMessage() == "Borrador guardado"
        fresh = window.workspace.intake
        assert fresh.given.text() == ""
        _type(qtbot, fresh.given, "Killa")
        _type(qtbot, fresh.paternal, "Ccori")
        nav_to(qtbot, window, "Inicio")  # another page: kept too
        drafts = window.workspace.home.drafts
        qtbot.waitUntil(lambda: drafts.count() == 2, timeout=20_000)
        shown = " ".join(drafts.item(i).text() for i in range(drafts.count()))
        assert "Fernando Huaman" in shown and "Killa Ccori" in shown


class _InicioFirst(StoreBackend):
    """The real backend; once ``armed``, a draft's write waits (in the worker) until
    Inicio has read its lists: the order of the CI failure, where Inicio showed one
    draft for ever because nothing told it that a second one was written after."""

    armed: threading.Event | None = None

    def home(self) -> Any:
        shown = super().home()
        if self.armed is not None:
            self.armed.set()
        return shown

    def save_draft(self, *args: Any) -> None:
        if self.armed is not None:
            assert self.armed.wait(20), "Inicio never read"
        super().save_draft(*args)


def test_inicio_lists_a_draft_written_after_it_read(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched, _InicioFirst)
        page = _new_intake(qtbot, window)
        _type(qtbot, page.given, "Killa")
        _type(qtbot, page.paternal, "Ccori")
        backend = window.workspace.backend
        assert isinstance(backend, _InicioFirst)
        backend.armed = threading.Event()
        nav_to(qtbot, window, "Inicio")
        drafts = window.workspace.home.drafts

        def listed() -> str:
            return " ".join(drafts.item(i).text() for i in range(drafts.count()))

        qtbot.waitUntil(lambda: "Killa Ccori" in listed(), timeout=20_000)
        assert drafts.count() == 1 and len(store.list_drafts()) == 1


class _HeldRegistration(StoreBackend):
    """The real backend; the registration waits (in the worker) until ``go`` is set,
    so the test can leave the page while "Guardando…" is on screen. Counts the drafts
    written meanwhile."""

    go = threading.Event()
    drafts_written = 0

    def register_intake(self, *args: Any, **kwargs: Any) -> Any:
        assert self.go.wait(20), "the test never let the registration go"
        return super().register_intake(*args, **kwargs)

    def save_draft(self, *args: Any) -> None:
        type(self).drafts_written += 1
        super().save_draft(*args)


def test_leaving_while_the_registration_runs_keeps_no_draft(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Review F4: "Abrir caso", then Agenda while "Guardando…": the registered attention
    must not come back as a "Borrador" (it could then be registered twice)."""
    _HeldRegistration.go = threading.Event()
    with ExitStack() as watched:
        watched.callback(_HeldRegistration.go.set)  # never leave a worker waiting
        window = _window(qtbot, store, vault_dir, fast_vault, watched, _HeldRegistration)
        page = _rosa_ficha(qtbot, window)
        click(qtbot, page.open_button)
        qtbot.waitUntil(lambda: page.message.text() == "Guardando…", timeout=20_000)
        _HeldRegistration.drafts_written = 0
        nav_to(qtbot, window, "Agenda")  # the page hides while the registration runs
        assert window.workspace.pages.currentWidget() is window.workspace.agenda
        with qtbot.waitSignal(page.registered, timeout=20_000) as done:
            _HeldRegistration.go.set()
        assert done.args[0]["case_id"]
        window.workspace._worker.wait()
        assert _HeldRegistration.drafts_written == 0
        assert store.list_drafts() == []
        nav_to(qtbot, window, "Inicio")
        drafts = window.workspace.home.drafts
        qtbot.waitUntil(lambda: drafts.count() == 1, timeout=20_000)  # "no drafts" line
        assert "Rosa" not in drafts.item(0).text()


def test_switching_to_sin_documento_drops_the_number_problem_and_enter_goes_on(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 5 #12: after "Indique el número de documento", choosing "Sin
    documento" left that message about a field no longer on screen; Enter on the
    Documento choice did nothing."""
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        _type(qtbot, page.given, "Killa")
        _type(qtbot, page.paternal, "Ccori")
        click(qtbot, page.person_step.check_button)  # DNI without its number
        qtbot.waitUntil(lambda: "Número de documento" in page.message.text(), timeout=20_000)
        number = page.person_step.fields.problems["doc_number"]
        assert number.isVisible()
        page.doc_type.setFocus()
        qtbot.keyClicks(page.doc_type, "Sin")
        assert page.doc_type.currentData() == "SIN_DOCUMENTO"
        assert page.message.text() == "" and not number.isVisible()
        _type(qtbot, page.doc_reason, "No lo trajo")
        page.doc_type.setFocus()
        qtbot.keyClick(page.doc_type, Qt.Key.Key_Return)  # Enter goes on, as elsewhere
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
        # nobody alike: step 2 is skipped, and the window says why (fresh-eyes 6 #2)
        said = "Sin coincidencias: nadie parecido está registrado."
        assert window.statusBar().currentMessage() == said


def test_a_client_again_is_shown_with_her_cases_without_a_conflict(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 6 #4: a person already in office cases was shown with "Solo coincide el
    nombre" and nothing of those cases unless they made a conflict."""
    rosa = {
        "given_names": "Rosa Elvira",
        "paternal_surname": "Huaman",
        "maternal_surname": "Ccori",
        "doc_type": "DNI",
        "doc_number": "12345677",
        "birth_date": "1990-04-12",
        "ubigeo": "080101",
    }
    number = store.get("case", arrange_case(store, rosa))["internal_number"]
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        _type_rosa(qtbot, page, "12345677")
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=20_000)
        shown = [w.text() for w in page.check_step.findChildren(QLabel) if w.isVisible()]
        assert f"Sin conflicto: ya es cliente de esta oficina en {number}" in shown
        assert not any(t.startswith("Es contraparte en") for t in shown)


def test_an_obligado_typed_in_alimentos_only_is_not_called_a_row_of_otras_partes(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 5 #2: the obligado typed in "Alimentos" only was titled "Obligado de
    alimentos (Otras partes, fila 1)" in the check, a row the defender never added; and
    the ficha then asked "Registre a la otra parte" as if he had to be entered twice
    (ficha v3 says he is already registered and checked)."""
    arrange_case(store, JUAN)  # Juan is a client of this office: the check shows him
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _rosa_ficha(qtbot, window, "Ali")
        child = _first_child(qtbot, page)
        _type(qtbot, child["hijo_nombres"].editor.edit, "Luis Huaman Ccori")
        _type(qtbot, child["hijo_fecha_nacimiento"].editor.edit.edit, "04062016")
        click(qtbot, child["hijo_reconocido"].editor.yes)
        _type(qtbot, _editor(page, "obligado_nombres").edit, "Juan Wilber Ccama Quispe")
        _type(qtbot, _editor(page, "monto_solicitado").edit, "500")
        rows = page.form_widget.rows
        assert not rows["nota_partes"].isVisible()  # "Registre a la otra parte": not here
        said = rows["nota_partes_alimentos"]
        assert said.isVisible() and said.editor.findChild(QLabel).text().startswith(
            "El obligado de alimentos ya está registrado en la sección Alimentos y se "
            "revisa por conflictos de interés."
        )
        assert "no lo registre otra vez" in rows["obligado_nombres"].hint.text()
        click(qtbot, page.open_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=20_000)
        titles = " ".join(w.text() for w in page.check_step.findChildren(QLabel))
        assert "Obligado de alimentos: Juan Wilber Ccama Quispe" in titles
        assert "Otras partes, fila" not in titles


def test_a_third_party_of_the_ficha_is_a_third_party_of_the_case(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #14: a party entered as "Tercero" in the ficha read "Otro: Juana …" in the
    case's Partes. One vocabulary. Fails on the old code ("Otro: …")."""
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _rosa_ficha(qtbot, window)
        cells = add_other_party(qtbot, page, "Juana", "Diaz Campos", "Terc")
        assert cells["parte_rol"].editor.combo.currentText() == "Tercero"
        with qtbot.waitSignal(page.registered, timeout=20_000) as done:
            click(qtbot, page.open_button)
        view = window.workspace.case_view
        qtbot.waitUntil(lambda: view.case_id == done.args[0]["case_id"], timeout=10_000)
        qtbot.waitUntil(lambda: view.parties.count() == 2, timeout=10_000)
        shown = [view.parties.item(r).text() for r in range(view.parties.count())]
        assert "Tercero: Juana Diaz Campos" in shown, shown


def test_a_childs_birth_date_calendar_opens_on_a_childs_years(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #12: the calendar of an alimony claim's child (Hijas e hijos
    alimentistas) opened thirty years back, as an adult's. Fails on the old code."""
    from app.ui.record_page import office_today

    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _rosa_ficha(qtbot, window, "Ali")
        date = _first_child(qtbot, page)["hijo_fecha_nacimiento"].editor.edit
        button = date.calendar_button
        page.form_widget.scroll_area.ensureWidgetVisible(button)
        # the click lands where the button IS on screen (Qt routes it through the window):
        # wait until the ficha's layout, still placing the section the Materia built, has
        # put the button under its own centre (1 in 4 runs the click hit another widget)
        qtbot.waitUntil(
            lambda: QApplication.widgetAt(button.mapToGlobal(button.rect().center())) is button,
            timeout=5_000,
        )
        click(qtbot, button)
        qtbot.waitUntil(lambda: date.popup is not None and date.popup.isVisible(), timeout=5_000)
        shown = date.popup.calendar.yearShown()
        assert office_today().year() - 18 < shown <= office_today().year(), shown
        date.popup.hide()
