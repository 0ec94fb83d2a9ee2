"""Issue 13, end-to-end test 1 and the intake's other promises, in the real main window
over a real vault with the real form renderer, by clicks and typing only: register a new
person, fill the ficha (a date typed from empty), meet a conflict by name alone, record
the decision, open the case — the other party becomes a case party. Also: step 1 and
the ficha stay in step, step 1 is validated with Spanish field names, a conflict of
interest stops the intake, and cancelling asks whether to keep a draft (which then shows
the person's name)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from app.core import cases, people
from app.ui.backend import StoreBackend
from app.ui.forms import make_form_factory
from app.ui.forms.editors import BooleanEditor, ChoiceEditor, DateEditor, TextEditor
from app.ui.services import Services
from tests.core.conftest import JULIA
from tests.ui.conftest import unlocked_window
from tests.ui.e2e import MARIA, arrange_case, button, click, modal, nav_to
from tests.ui.windows import watch_windows


def _window(
    qtbot: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    watched: ExitStack,
    backend: type[StoreBackend] = StoreBackend,
) -> Any:
    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=backend,
        form_factory=lambda backend: make_form_factory(backend),
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    watched.enter_context(watch_windows(window))
    return window


@pytest.fixture
def windows_watched(qtbot: Any) -> Iterator[ExitStack]:
    """Closed at teardown, while the windows still exist: ``watch_windows`` then fails
    the test if a stray top-level window showed at any moment of the flow."""
    with ExitStack() as stack:
        yield stack


def _new_intake(qtbot: Any, window: Any) -> Any:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.workspace.intake
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is page, timeout=5_000)
    return page


def _type(qtbot: Any, widget: QWidget, text: str) -> None:
    """Click into ``widget`` and type ``text``; then the events it caused are handled, as
    after real typing (a district's suggestions popup is shown and activated while it
    is open: handled only after the next click had closed it, that activation took the
    keyboard from the window — focus waits then timed out under load)."""
    click(qtbot, widget)
    qtbot.keyClicks(widget, text)
    QApplication.processEvents()


def _editor(page: Any, name: str) -> Any:
    return page.form_widget.rows[name].editor


def _choose(qtbot: Any, page: Any, name: str, typed: str) -> None:
    """Pick a choice the way a person does with the keyboard: focus, type its start."""
    editor = _editor(page, name)
    assert isinstance(editor, ChoiceEditor)
    editor.combo.setFocus()
    # a new choice starts a new search, as when a person comes back to the field later: a
    # combo appends keys typed within QApplication.keyboardInputInterval (400 ms) to its
    # last search ("Pen" then "Fil" became "PenFil" on an idle machine)
    editor.combo.view().keyboardSearch("")
    qtbot.keyClicks(editor.combo, typed)
    assert editor.combo.currentIndex() > 0, f"{name}: nothing chosen by {typed!r}"


def _answer(qtbot: Any, page: Any, name: str, yes: bool) -> None:
    editor = _editor(page, name)
    assert isinstance(editor, BooleanEditor)
    click(qtbot, editor.yes if yes else editor.no)


def _fill_ficha(qtbot: Any, page: Any, matter: str = "Fil") -> None:
    """The ficha's required answers for a filiation case (or ``matter``: typed to choose
    it) but the matter's own section; the person data came from step 1."""
    _choose(qtbot, page, "lugar_atencion", "Ofi")
    _choose(qtbot, page, "tipo_servicio", "Pat")
    _choose(qtbot, page, "area", "Asis")
    _choose(qtbot, page, "materia", matter)
    resumen = _editor(page, "resumen_caso")
    assert isinstance(resumen, TextEditor)
    _type(qtbot, resumen.edit, "Reconocimiento de paternidad del menor")
    _choose(qtbot, page, "lengua_materna", "Cas")
    _answer(qtbot, page, "requiere_interprete", False)
    _answer(qtbot, page, "discapacidad", False)
    aviso = _editor(page, "aviso_privacidad_fecha")
    assert isinstance(aviso, DateEditor) and aviso.now_button is not None
    click(qtbot, aviso.now_button)
    _answer(qtbot, page, "consentimiento_datos_sensibles", True)


def add_juan_as_other_party(qtbot: Any, page: Any) -> None:
    """The ficha's "Otras partes": a row added, Juan Wilber Ccama Quispe typed, without a
    document, as "Demandado"."""
    add_other_party(qtbot, page, "Juan Wilber", "Ccama Quispe", "Demandado")


def add_other_party(qtbot: Any, page: Any, given: str, surnames: str, role: str) -> Any:
    """The ficha's "Otras partes": a row added, the names typed, "Sin documento", its
    "Rol en el conflicto" chosen by typing ``role``'s start; the row's cells."""
    partes = _editor(page, "partes")
    click(qtbot, partes.add_button)
    cells = partes.rows[-1][1]
    _type(qtbot, cells["parte_nombres"].editor.edit, given)
    _type(qtbot, cells["parte_apellidos"].editor.edit, surnames)
    for name, typed in (("parte_tipo_documento", "Sin"), ("parte_rol", role)):
        combo = cells[name].editor.combo
        combo.setFocus()
        qtbot.keyClicks(combo, typed)
    return cells


def julia_in_a_case(store: Any) -> str:
    """Julia Yolanda Alarcon Mendoza, the other party of an arranged case: her person id."""
    julia = people.register_person(store, JULIA)
    cases.add_party(store, arrange_case(store), julia, "counterparty")
    return julia


def type_names_only(qtbot: Any, page: Any, given: str, paternal: str, maternal: str) -> None:
    """Step 1 typed with names only: no document ("Sin documento", a reason), no birth date."""
    _type(qtbot, page.given, given)
    _type(qtbot, page.paternal, paternal)
    _type(qtbot, page.maternal, maternal)
    page.doc_type.setFocus()
    qtbot.keyClicks(page.doc_type, "Sin")
    _type(qtbot, page.doc_reason, "No lo recuerda")


def _check_by_names(qtbot: Any, page: Any, given: str, paternal: str, maternal: str) -> None:
    """Step 1 with names only (``type_names_only``), then the check's step."""
    type_names_only(qtbot, page, given, paternal, maternal)
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)


def _type_rosa(qtbot: Any, page: Any, doc_number: str) -> None:
    """Step 1 typed as a person does: Rosa Elvira Huaman Ccori, woman, Cusco."""
    _type(qtbot, page.given, "Rosa Elvira")
    _type(qtbot, page.paternal, "Huaman")
    _type(qtbot, page.maternal, "Ccori")
    _type(qtbot, page.doc_number, doc_number)
    page.sex.setFocus()
    qtbot.keyClicks(page.sex, "Fem")
    _type(qtbot, page.ubigeo, "080101")


def _check_group(page: Any) -> Any:
    assert page.steps.currentIndex() == 1, "the conflict check is not on screen"
    return page.check_step


def test_register_check_by_name_open_case_with_other_party(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    client_case = arrange_case(store, JULIA)  # Julia is a client of the office
    julia_id = store.get("case", client_case)["person_id"]
    julia_number = store.get("case", client_case)["internal_number"]
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)

    # Step 1: a new person; the one validator speaks Spanish about a bad document.
    _type_rosa(qtbot, page, "1234567")  # 7 digits
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: "Número de documento" in page.message.text(), timeout=10_000)
    assert "doc_number" not in page.message.text()
    assert page.person_step.fields.problems["doc_number"].isVisible()  # under the field
    assert page.doc_number.hasFocus() and page.steps.currentIndex() == 0
    qtbot.keyClicks(page.doc_number, "7")  # now 12345677: nobody like her
    qtbot.keyClick(page.doc_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)

    # Saving too early says what is missing, in one sentence.
    click(qtbot, page.open_button)
    said = page.message.text()
    assert said.startswith("Revise la ficha: ") and said.endswith(" más).") and ".;" not in said
    # The ficha has the person of step 1; its birth date is typed there from empty.
    assert _editor(page, "nombres").edit.text() == "Rosa Elvira"
    birth = _editor(page, "fecha_nacimiento")
    assert isinstance(birth, DateEditor) and birth.edit.edit.text() == ""
    _type(qtbot, birth.edit.edit, "12041990")
    assert birth.edit.edit.text() == "12/04/1990"
    _fill_ficha(qtbot, page)

    # Back and forth: step 1 shows the ficha's birth date; a change there reaches the ficha.
    click(qtbot, button(page, "Volver"))
    assert page.steps.currentIndex() == 0
    assert page.birth.value() == "1990-04-12"
    page.phone.clear()
    _type(qtbot, page.phone, "987654321")
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    assert _editor(page, "telefono").edit.text() == "987654321"
    _answer(qtbot, page, "llamada_segura", True)  # asked once there is a phone

    # The other party, by name only: Julia, a client of this office.
    partes = _editor(page, "partes")
    click(qtbot, partes.add_button)
    cells = partes.rows[0][1]
    _type(qtbot, cells["parte_nombres"].editor.edit, "julia yolanda")
    _type(qtbot, cells["parte_apellidos"].editor.edit, "ALARCON MENDOZA")
    combo = cells["parte_tipo_documento"].editor.combo
    combo.setFocus()
    qtbot.keyClicks(combo, "Sin")
    combo = cells["parte_rol"].editor.combo
    combo.setFocus()
    qtbot.keyClicks(combo, "Demandado")

    # "Abrir caso": the other party meets the check; the conflict shows by name alone.
    click(qtbot, page.open_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
    check = _check_group(page)
    [row] = check.candidate_rows
    assert row.candidate.person_id == julia_id and row.candidate.side == "other"
    assert row.candidate.conflict_cases == (julia_number,)
    texts = " ".join(w.text() for w in row.findChildren(QLabel))
    assert "Solo coincide el nombre" in texts and julia_number in texts
    assert "Otra parte (fila 1)" in " ".join(w.text() for w in check.findChildren(QLabel))
    # The decision is required, recorded, and only then does the case open.
    click(qtbot, check.decide_button)
    assert "Decida" in page.message.text()
    click(qtbot, row.buttons["different"])  # a namesake: another person
    with qtbot.waitSignal(page.registered, timeout=15_000) as done:
        click(qtbot, check.decide_button)
    result = done.args[0]
    assert result["case_id"]
    [decision] = store.query(
        "SELECT entity_id, detail FROM audit_event WHERE action = 'conflict_check'"
    )
    assert decision["entity_id"] == julia_id
    assert json.loads(decision["detail"])["decision"] == "different"

    # The case view shows the other party; she is a case party (a new person record).
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.case_id == result["case_id"], timeout=10_000)
    qtbot.waitUntil(lambda: view.parties.count() == 2, timeout=10_000)
    shown = [view.parties.item(i).text() for i in range(view.parties.count())]
    assert any("Contraparte" in t and "Julia Yolanda" in t for t in shown), shown
    parties = cases.case_parties(store, result["case_id"])
    other = [p for p in parties if p["role"] == "counterparty"]
    assert len(other) == 1 and other[0]["person_id"] != julia_id
    assert people.get_person(store, result["person_id"])["birth_date"] == "1990-04-12"
    assert people.get_person(store, result["person_id"])["phone"] == "987654321"
    assert window.statusBar().currentMessage() == "Caso abierto"
    assert store.list_drafts() == []


def test_conflict_of_interest_stops_and_asks_about_the_draft(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    """The issue's case: the other party of a case, entered by name only in step 1."""
    julia = julia_in_a_case(store)
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)
    _check_by_names(qtbot, page, "Julia Yolanda", "Alarcon", "Mendoza")
    [row] = page.candidate_rows
    assert row.candidate.person_id == julia and row.candidate.conflict_cases
    click(qtbot, row.buttons["conflict"])
    click(qtbot, page.check_step.decide_button)
    question = modal(qtbot)
    assert isinstance(question, QMessageBox)
    assert "Conflicto de intereses" in question.text()
    assert "Julia Yolanda Alarcon Mendoza" in question.informativeText()
    with qtbot.waitSignal(page.cancelled, timeout=10_000):
        click(qtbot, button(question, "Descartar"))
    [event] = store.query("SELECT detail FROM audit_event WHERE action = 'conflict_check'")
    assert json.loads(event["detail"])["decision"] == "conflict"
    qtbot.waitUntil(lambda: window.workspace.current_name() == "home", timeout=10_000)
    assert store.list_drafts() == []
    assert store.query("SELECT count(*) AS n FROM person")[0]["n"] == 2  # Maria, Julia


def test_cancel_keeps_a_draft_with_the_persons_name(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)
    _type(qtbot, page.given, "Killa")
    _type(qtbot, page.paternal, "Huaman")
    _type(qtbot, page.birth.edit, "03021991")
    # "Seguir con la atención" keeps everything as it was.
    click(qtbot, page.person_step.cancel_button)
    question = modal(qtbot)
    click(qtbot, button(question, "Seguir con la atención"))
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=5_000)
    assert window.workspace.pages.currentWidget() is page and page.given.text() == "Killa"
    # "Guardar borrador": Inicio lists it by the person's name.
    click(qtbot, page.person_step.cancel_button)
    question = modal(qtbot)
    with qtbot.waitSignal(page.cancelled, timeout=10_000):
        click(qtbot, button(question, "Guardar borrador"))
    qtbot.waitUntil(lambda: len(store.list_drafts()) == 1, timeout=10_000)
    nav_to(qtbot, window, "Inicio")
    drafts = window.workspace.home.drafts
    qtbot.waitUntil(
        lambda: drafts.count() == 1 and "Killa Huaman" in drafts.item(0).text(), timeout=10_000
    )
    assert "ficha_atencion" not in drafts.item(0).text()
    saved = store.load_draft(store.list_drafts()[0]["draft_id"])["answers"]
    answers = json.loads(saved) if isinstance(saved, str) else saved
    assert answers["fecha_nacimiento"] == "1991-02-03"
    assert MARIA["given_names"] not in json.dumps(answers)


def test_the_same_person_brings_their_record_into_step_1_and_the_ficha(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    maria = people.register_person(store, MARIA)
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)
    _check_by_names(qtbot, page, "maria elena", "quispe", "mamani")
    [row] = page.candidate_rows
    assert row.candidate.person_id == maria
    click(qtbot, row.buttons["same"])
    click(qtbot, page.check_step.decide_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    assert _editor(page, "numero_documento").edit.text() == MARIA["doc_number"]
    assert _editor(page, "fecha_nacimiento").edit.value() == MARIA["birth_date"]
    assert page.birth.value() == MARIA["birth_date"] and page.doc_number.text() == "45871236"


def test_a_namesake_with_another_dni_and_birth_date_is_shown_and_decided(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    """Walkthrough #6: the same full name as a registered person, with another DNI and
    another birth date, no longer goes straight to the ficha: the possible match shows
    with the evidence against it; "Es otra persona" is recorded and the intake goes on."""
    maria = people.register_person(store, MARIA)
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)
    _type(qtbot, page.given, "Maria Elena")
    _type(qtbot, page.paternal, "Quispe")
    _type(qtbot, page.maternal, "Mamani")
    _type(qtbot, page.doc_number, "40123456")
    _type(qtbot, page.birth.edit, "01011980")
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
    [row] = _check_group(page).candidate_rows
    assert row.candidate.person_id == maria
    texts = " ".join(w.text() for w in row.findChildren(QLabel))
    assert "Solo coincide el nombre" in texts and "otra fecha de nacimiento" in texts
    assert "otro documento" in texts
    click(qtbot, row.buttons["different"])
    click(qtbot, page.check_step.decide_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    [decision] = store.query(
        "SELECT entity_id, detail FROM audit_event WHERE action = 'conflict_check'"
    )
    assert decision["entity_id"] == maria
    assert json.loads(decision["detail"])["decision"] == "different"
    assert _editor(page, "numero_documento").edit.text() == "40123456"


def test_a_person_who_does_not_know_their_birth_date_opens_a_case(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    """ "No sabe" in step 1 and in the ficha: the ficha (version 2) accepts an unknown
    birth date, as the person record does, and the case opens."""
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)
    _type(qtbot, page.given, "Killa")
    _type(qtbot, page.paternal, "Ccori")
    _type(qtbot, page.doc_number, "40123456")
    assert page.birth.unknown_box is not None
    click(qtbot, page.birth.unknown_box)
    page.sex.setFocus()
    qtbot.keyClicks(page.sex, "Fem")
    _type(qtbot, page.ubigeo, "080101")
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    birth = _editor(page, "fecha_nacimiento")
    assert isinstance(birth, DateEditor) and birth.edit.unknown_box is not None
    assert birth.edit.value() is None
    click(qtbot, birth.edit.unknown_box)  # "No sabe" in the ficha too
    _fill_ficha(qtbot, page)
    with qtbot.waitSignal(page.registered, timeout=15_000) as done:
        click(qtbot, page.open_button)
    result = done.args[0]
    intake = store.get("intake", result["intake_id"])
    assert (intake["form_id"], intake["form_version"]) == ("ficha_atencion", 3)
    assert "fecha_nacimiento" not in json.loads(intake["answers"])
    assert people.get_person(store, result["person_id"])["birth_date"] is None
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.case_id == result["case_id"], timeout=10_000)


def test_the_same_document_cannot_be_another_person(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    """Fresh-eyes walkthrough: "Es otra persona" was accepted for a 100 % same-DNI
    match, silently making a second person with that DNI. Now that choice is disabled
    and says why; the same person goes on."""
    maria = people.register_person(store, MARIA)
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)
    _type(qtbot, page.given, "Marisol")
    _type(qtbot, page.paternal, "Quispe")
    _type(qtbot, page.doc_number, MARIA["doc_number"])
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
    [row] = _check_group(page).candidate_rows
    assert row.candidate.person_id == maria and row.candidate.exact
    other = row.buttons["different"]
    assert not other.isEnabled() and "mismo documento" in other.toolTip()
    click(qtbot, row.buttons["same"])
    click(qtbot, page.check_step.decide_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    assert store.query("SELECT count(*) AS n FROM person")[0]["n"] == 1


JUAN = {
    "given_names": "Juan Wilber",
    "paternal_surname": "Ccama",
    "maternal_surname": "Quispe",
    "doc_type": "DNI",
    "doc_number": "66654242",
    "birth_date": "1985-02-10",
    "ubigeo": "080101",
}


def test_the_alimony_obligado_is_entered_once_checked_and_a_case_party(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    windows_watched: ExitStack,
) -> None:
    """Fresh-eyes finding 9: the obligado typed in "Alimentos" and again in "Otras partes"
    is one person: one check (by name alone, accents and case aside, against every person
    and case party), one case party; the other side of a case counts that case."""
    juan_case = arrange_case(store, JUAN)  # Juan is a client of this office
    juan_number = store.get("case", juan_case)["internal_number"]
    window = _window(qtbot, store, vault_dir, fast_vault, windows_watched)
    page = _new_intake(qtbot, window)
    _type_rosa(qtbot, page, "12345677")
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    _type(qtbot, _editor(page, "fecha_nacimiento").edit.edit, "12041990")
    _fill_ficha(qtbot, page, matter="Ali")
    qtbot.waitUntil(lambda: "hijos" in page.form_widget.rows, timeout=5_000)
    hijos = _editor(page, "hijos")
    qtbot.waitUntil(lambda: len(hijos.rows) == 1, timeout=5_000)
    child = hijos.rows[0][1]
    _type(qtbot, child["hijo_nombres"].editor.edit, "Luis Huaman Ccori")
    _type(qtbot, child["hijo_fecha_nacimiento"].editor.edit.edit, "04062016")
    click(qtbot, child["hijo_reconocido"].editor.yes)
    _type(qtbot, _editor(page, "obligado_nombres").edit, "juan wilber CCAMA quispe")
    _type(qtbot, _editor(page, "monto_solicitado").edit, "500")
    add_juan_as_other_party(qtbot, page)  # ... and, as the ficha's note asks, again there

    click(qtbot, page.open_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
    check = _check_group(page)
    assert [g.key for g in check.groups] == ["party:0"]  # him once, not twice
    titles = " ".join(w.text() for w in check.findChildren(QLabel))
    assert "Obligado de alimentos (Otras partes, fila 1)" in titles
    [row] = check.candidate_rows
    assert row.candidate.person_id == store.get("case", juan_case)["person_id"]
    assert row.candidate.conflict_cases == (juan_number,)  # a client of the office
    click(qtbot, row.buttons["different"])  # a namesake
    with qtbot.waitSignal(page.registered, timeout=15_000) as done:
        click(qtbot, check.decide_button)
    case_id = done.args[0]["case_id"]
    [other] = [p for p in cases.case_parties(store, case_id) if p["role"] == "counterparty"]
    obligado = people.get_person(store, other["person_id"])
    assert (obligado["given_names"], obligado["paternal_surname"]) == ("Juan Wilber", "Ccama")
    answers = json.loads(store.get("intake", done.args[0]["intake_id"])["answers"])
    assert len(answers["partes"]) == 1

    # The other side of a case counts it: Personas and the profile never say "0".
    nav_to(qtbot, window, "Personas")
    table = window.workspace.people.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 3, timeout=10_000)
    model = table.model()
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Casos"
    )
    counts = sorted(
        (str(model.index(r, 0).data()), str(model.index(r, column).data()))
        for r in range(model.rowCount())
    )
    assert counts == [
        ("Ccama Quispe, Juan Wilber", "1"),  # the client of his own case
        ("Ccama Quispe, Juan Wilber", "1 como otra parte"),  # the namesake: Rosa's other side
        ("Huaman Ccori, Rosa Elvira", "1"),
    ]
