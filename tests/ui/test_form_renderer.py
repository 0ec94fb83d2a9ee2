"""The Qt form renderer (app/ui/forms) on the shipped intake form, offscreen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.ui.forms import FormView, make_form_factory
from app.ui.forms.editors import (
    BooleanEditor,
    ChoiceEditor,
    DateEditor,
    MultiChoiceEditor,
    TextEditor,
    UbigeoEditor,
)
from forms import load_registry, validate

TODAY = dt.date(2026, 11, 26)
FICHA = load_registry().get("ficha_atencion")


class MemorySink:
    """In-memory DraftSink (the app wires the real one to store.save_draft)."""

    def __init__(self) -> None:
        self.saves: list[dict[str, Any]] = []

    def save(self, answers: Mapping[str, Any]) -> None:
        self.saves.append(dict(answers))


@pytest.fixture
def sink() -> MemorySink:
    return MemorySink()


@pytest.fixture
def view(qtbot: Any, ui_app: Any, sink: MemorySink) -> FormView:
    v = FormView(FICHA, sink=sink, today=TODAY, autosave_ms=60_000)
    qtbot.addWidget(v)
    v.resize(1100, 860)
    v.show()
    return v


def _line(view: FormView, name: str) -> QLineEdit:
    editor = view.rows[name].editor
    assert isinstance(editor, TextEditor) and isinstance(editor.edit, QLineEdit)
    return editor.edit


def _choose(view: FormView, name: str, value: str) -> None:
    editor = view.rows[name].editor
    assert isinstance(editor, ChoiceEditor)
    index = editor.combo.findData(value)
    assert index > 0, value
    editor.combo.setCurrentIndex(index)


def _yes_no(view: FormView, name: str, value: bool) -> None:
    editor = view.rows[name].editor
    assert isinstance(editor, BooleanEditor)
    (editor.yes if value else editor.no).click()


def _date(view: FormView, name: str, iso: str) -> None:
    editor = view.rows[name].editor
    assert isinstance(editor, DateEditor)
    editor.set_value(iso, emit=True)


def _fill_minimal(qtbot: Any, view: FormView) -> None:
    _date(view, "fecha_atencion", "2026-11-20")
    _choose(view, "lugar_atencion", "oficina")
    qtbot.keyClicks(_line(view, "defensor"), "Ana Torres")
    _choose(view, "tipo_servicio", "consulta")
    _choose(view, "area", "asistencia_legal")
    _choose(view, "materia", "filiacion")
    resumen = view.rows["resumen_caso"].editor
    assert isinstance(resumen, TextEditor) and isinstance(resumen.edit, QPlainTextEdit)
    resumen.edit.setPlainText("Reconocimiento de paternidad; el padre niega la filiación.")
    qtbot.keyClicks(_line(view, "numero_documento"), "10117410-2")
    _line(view, "nombres").setText("María Ñusta")  # accented text: setText, not keyClicks
    qtbot.keyClicks(_line(view, "apellido_paterno"), "Quispe")
    _choose(view, "sexo", "F")
    _date(view, "fecha_nacimiento", "1990-04-12")
    _choose(view, "lengua_materna", "quechua")
    _yes_no(view, "requiere_interprete", True)
    _yes_no(view, "discapacidad", False)
    ubigeo = view.rows["ubigeo_domicilio"].editor
    assert isinstance(ubigeo, UbigeoEditor)
    ubigeo.set_value("080101")
    ubigeo.changed.emit()
    qtbot.keyClicks(_line(view, "telefono"), "987654321")
    _yes_no(view, "llamada_segura", False)
    aviso = view.rows["aviso_privacidad_fecha"].editor
    assert isinstance(aviso, DateEditor) and aviso.now_button is not None
    aviso.now_button.click()
    _yes_no(view, "consentimiento_datos_sensibles", True)


def test_fill_the_intake_form(qtbot: Any, view: FormView) -> None:
    _fill_minimal(qtbot, view)
    view.refresh()
    answers = view.answers()
    assert answers["nombres"] == "María Ñusta"
    assert answers["numero_documento"] == "10117410-2"
    assert answers["requiere_interprete"] is True
    assert answers["ubigeo_domicilio"] == "080101"
    assert answers["edad"] == 36  # calculated
    assert answers["aviso_privacidad_version"] == "LPDP-2024-01"  # default
    assert validate(FICHA, answers, today=TODAY) == []
    assert view.problems() == []
    assert view.form_id == "ficha_atencion" and view.form_version == FICHA.version


def test_violence_block_shows_only_for_violence(qtbot: Any, view: FormView) -> None:
    box = view.sections["violencia"]
    assert not box.isVisible()
    assert "tipos_violencia" not in view.rows  # not even built until relevant
    _choose(view, "materia", "violencia")
    view.refresh()
    assert box.isVisible()
    assert view.rows["tipos_violencia"].isVisible()
    assert not view.sections["alimentos"].isVisible()
    _choose(view, "materia", "alimentos")
    view.refresh()
    assert not box.isVisible()
    assert view.sections["alimentos"].isVisible()


def test_invalid_dni_shows_its_message(qtbot: Any, view: FormView) -> None:
    row = view.rows["numero_documento"]
    qtbot.keyClicks(_line(view, "numero_documento"), "12345678-2")
    qtbot.waitUntil(lambda: row.message.isVisible(), timeout=2000)  # debounced live check
    assert "verificación" in row.message.text()
    _line(view, "numero_documento").setText("12345678-1")
    view.refresh()
    assert not row.message.isVisible()


def test_required_messages_wait_for_submit(qtbot: Any, view: FormView) -> None:
    view.refresh()
    assert not view.rows["nombres"].message.isVisible()
    assert "*" in view.rows["nombres"].label.text()  # required marker
    problems = view.problems()
    assert any(p.startswith("Nombres:") for p in problems)
    assert view.rows["nombres"].message.isVisible()
    assert view.summary.isVisible()


def test_minor_needs_representative_relevance_on_age(qtbot: Any, view: FormView) -> None:
    assert not view.rows["representante_nombres"].isVisible()
    _date(view, "fecha_nacimiento", "2015-01-01")
    view.refresh()
    assert view.rows["representante_nombres"].isVisible()
    assert "*" in view.rows["representante_nombres"].label.text()


def test_draft_survives_close_and_reopen(
    qtbot: Any, ui_app: Any, view: FormView, sink: MemorySink
) -> None:
    _fill_minimal(qtbot, view)
    _choose(view, "materia", "alimentos")
    view.refresh()  # the alimentos block is built when it becomes relevant
    repeat = view.repeats["hijos"]
    assert len(repeat.rows) == 1  # min_count row added
    repeat.add_button.click()
    first, second = (cells for _g, cells in repeat.rows)
    first["hijo_nombres"].editor.set_value("Luz Quispe")  # type: ignore[attr-defined]
    _assert_date(second["hijo_fecha_nacimiento"].editor, "2020-02-29")
    second["hijo_nombres"].editor.set_value("Túpac Quispe")  # type: ignore[attr-defined]
    view.field_changed(first["hijo_nombres"])
    typed = view.draft_answers()
    view.close()
    assert sink.saves and sink.saves[-1] == typed
    reopened = FormView(FICHA, sink=sink, answers=sink.saves[-1], today=TODAY)
    qtbot.addWidget(reopened)
    assert reopened.draft_answers() == typed
    assert reopened.answers()["hijos"][1]["hijo_nombres"] == "Túpac Quispe"
    assert not reopened.dirty


def _assert_date(editor: QWidget, iso: str) -> None:
    assert isinstance(editor, DateEditor)
    editor.set_value(iso, emit=True)
    assert editor.value() == iso


def test_autosave_timer_saves_when_dirty(qtbot: Any, ui_app: Any, sink: MemorySink) -> None:
    v = FormView(FICHA, sink=sink, today=TODAY, autosave_ms=30)
    qtbot.addWidget(v)
    assert not v.save_draft_if_dirty()  # nothing typed yet
    qtbot.keyClicks(_line(v, "apellido_paterno"), "Mamani")
    qtbot.waitUntil(lambda: bool(sink.saves), timeout=2000)
    assert sink.saves[-1]["apellido_paterno"] == "Mamani"
    count = len(sink.saves)
    assert not v.dirty and not v.save_draft_if_dirty()
    assert len(sink.saves) == count


def test_callable_sink_and_factory(qtbot: Any, ui_app: Any) -> None:
    saved: list[Mapping[str, Any]] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    view = make_form_factory(None)(saved.append, parent)
    assert view.form_id == "ficha_atencion"
    qtbot.keyClicks(_line(view, "nombres"), "Rosa")
    view.close()
    assert saved and saved[-1]["nombres"] == "Rosa"


def test_repeat_add_remove_and_row_paths(qtbot: Any, view: FormView) -> None:
    _choose(view, "materia", "alimentos")
    view.refresh()
    repeat = view.repeats["hijos"]
    repeat.add_button.click()
    repeat.add_button.click()
    assert len(repeat.rows) == 3
    _assert_date(repeat.rows[1][1]["hijo_fecha_nacimiento"].editor, "2030-01-01")
    view.field_changed(repeat.rows[1][1]["hijo_fecha_nacimiento"])
    view.refresh()
    assert repeat.rows[1][1]["hijo_fecha_nacimiento"].message.isVisible()
    repeat.remove_row(repeat.rows[0][0])
    assert [g.title() for g, _c in repeat.rows] == ["Fila 1", "Fila 2"]
    view.refresh()
    assert any(e.path == "hijos[1].hijo_fecha_nacimiento" for e in view.errors)


def test_ubigeo_cascade_and_type_to_filter(qtbot: Any, view: FormView) -> None:
    editor = view.rows["ubigeo_domicilio"].editor
    assert isinstance(editor, UbigeoEditor)
    assert not editor.province.isEnabled()
    line = editor.department.lineEdit()
    assert line is not None
    line.clear()
    qtbot.keyClicks(line, "amazo")
    line.editingFinished.emit()
    assert editor.department.currentData() == "010000"
    assert editor.province.isEnabled()
    editor.province.setCurrentIndex(editor.province.findData("010200"))
    names = [editor.district.itemText(i) for i in range(1, editor.district.count())]
    assert names[0] == "Bagua" and "Imaza" in names
    editor.district.setCurrentIndex(editor.district.findData("010201"))
    assert editor.value() == "010201"
    # Names as Spanish writes them; typed without accents they are still found.
    editor.set_value("120206")
    shown = [c.currentText() for c in (editor.department, editor.province, editor.district)]
    assert shown == ["Junín", "Concepción", "Comas"]
    line.clear()
    qtbot.keyClicks(line, "junin")
    line.editingFinished.emit()
    assert editor.department.currentText() == "Junín"


def test_tab_order_follows_the_form(qtbot: Any, view: FormView) -> None:
    def next_focusable(widget: QWidget) -> QWidget | None:
        w = widget.nextInFocusChain()
        while w is not None and (
            not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or not w.isEnabled()
        ):
            w = w.nextInFocusChain()
        return w

    assert next_focusable(_line(view, "nombres")) is _line(view, "apellido_paterno")
    assert next_focusable(_line(view, "apellido_paterno")) is _line(view, "apellido_materno")
    sexo = view.rows["sexo"].editor
    assert isinstance(sexo, ChoiceEditor)
    assert next_focusable(_line(view, "apellido_materno")) is sexo.combo


def test_a_section_built_later_keeps_its_place_in_the_tab_order(
    qtbot: Any, view: FormView
) -> None:
    """Fresh-eyes 4, finding 1: the "Alimentos" section, built once the matter is chosen,
    came after "Otras partes" and "Observaciones" in the Tab order."""
    _choose(view, "materia", "alimentos")
    view.refresh()
    qtbot.waitUntil(lambda: "obligado_nombres" in view.rows, timeout=5_000)
    chain = view.focus_chain()
    sections = [s.name for s in view.definition.sections]
    owner = {
        w: s.name
        for s in view.definition.sections
        for f in s.fields
        if f.name in view.rows
        for w in chain
        if view.rows[f.name].isAncestorOf(w)
    }
    order = [sections.index(owner[w]) for w in chain if w in owner]
    assert order == sorted(order) and sections.index("alimentos") in order
    first_alimentos = next(w for w in chain if owner.get(w) == "alimentos")
    before = chain[chain.index(first_alimentos) - 1]
    assert owner[before] != "alimentos" and sections.index(owner[before]) < sections.index(
        "alimentos"
    )
    assert before.nextInFocusChain() is first_alimentos or any(
        w is first_alimentos for w in _focusables_after(before, 3)
    )


def _focusables_after(widget: QWidget, count: int) -> list[QWidget]:
    out: list[QWidget] = []
    w = widget.nextInFocusChain()
    while w is not None and len(out) < count and w is not widget:
        if (w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.isEnabled():
            out.append(w)
        w = w.nextInFocusChain()
    return out


def test_english_labels_and_language_switch(qtbot: Any, view: FormView) -> None:
    qtbot.keyClicks(_line(view, "nombres"), "Rosa")
    assert "Nombres" in view.rows["nombres"].label.text()
    view.set_language("en")
    assert "Given names" in view.rows["nombres"].label.text()
    assert view.draft_answers()["nombres"] == "Rosa"
    choice = view.rows["sexo"].editor
    assert isinstance(choice, ChoiceEditor) and choice.combo.itemText(1) == "Female"
    multi = view.rows["factores_vulnerabilidad"].editor
    assert isinstance(multi, MultiChoiceEditor)


def test_screenshots_are_not_blank(tmp_path: Path, ui_app: Any) -> None:
    from app.ui.forms.screenshots import save_screenshots

    paths = save_screenshots(tmp_path)
    assert len(paths) == 4
    for path in paths:
        image = QImage(str(path))
        assert image.width() >= 1000 and image.height() >= 800
        # text was drawn: many distinct colours, not an empty grey box
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 20


def test_prefill_from_person_record(qtbot: Any, view: FormView) -> None:
    from app.ui.forms import person_answers

    _line(view, "nombres").setText("Rosa")
    person = {
        "given_names": "Otra",
        "paternal_surname": "Mamani",
        "doc_type": "DNI",
        "doc_number": "10117410",
        "birth_date": "1980-01-02",
        "sex": "F",
        "ubigeo": "010201",
        "interpreter_needed": 1,
        "phone": "",
    }
    view.prefill(person_answers(person))
    answers = view.draft_answers()
    assert answers["nombres"] == "Rosa"  # what the defender typed wins
    assert answers["apellido_paterno"] == "Mamani"
    assert answers["ubigeo_domicilio"] == "010201"
    assert answers["requiere_interprete"] is True
    assert "telefono" not in answers


@pytest.mark.parametrize("form_id", ["ficha_atencion", "evaluacion_socioeconomica", "cierre_caso"])
def test_every_shipped_form_renders(qtbot: Any, ui_app: Any, form_id: str) -> None:
    definition = load_registry().get(form_id)
    v = FormView(definition, today=TODAY)
    qtbot.addWidget(v)
    v.show()
    conditional = {f.name for s in definition.sections if s.relevant is not None for f in s.fields}
    assert set(v.rows) == {f.name for f in definition.top_fields()} - conditional  # lazy
    v.build_all()
    assert set(v.rows) == {f.name for f in definition.top_fields()}
    assert v.problems()  # empty form: required answers missing
    assert v.answers() == {
        f.name: f.default for f in definition.top_fields() if f.default is not None
    }


def test_socioeconomic_pending_warning_is_shown(qtbot: Any, ui_app: Any) -> None:
    definition = load_registry().get("evaluacion_socioeconomica")
    v = FormView(
        definition,
        answers={"fecha_ficha": "2026-10-01", "resultado": "pendiente", "tamano_hogar": 3},
        today=TODAY,
    )
    qtbot.addWidget(v)
    v.show()
    v.refresh()
    row = v.rows["resultado"]
    assert row.message.isVisible() and "20 días" in row.message.text()
    days = v.rows["dias_desde_ficha"].editor
    assert days.value() == 56  # type: ignore[attr-defined]
    assert not any("20 días" in p for p in v.problems())  # a warning never blocks


def wheel_down(widget: QWidget) -> None:
    """One notch of the mouse wheel, down, over the middle of ``widget``."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        widget.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("focused", [False, True])
def test_wheel_over_a_combo_scrolls_instead_of_changing(
    qtbot: Any, view: FormView, focused: bool
) -> None:
    """Fresh-eyes walkthrough: the wheel over a focused "Tipo de documento" turned DNI
    into "Sin documento". Focused or not, the wheel scrolls the form."""
    editor = view.rows["tipo_documento"].editor
    assert isinstance(editor, ChoiceEditor)
    _choose(view, "tipo_documento", "DNI")
    if focused:  # reached with Tab, as a person filling the form does
        editor.combo.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(editor.combo.hasFocus, timeout=5_000)
    before = editor.combo.currentIndex()
    bar = view.scroll_area.verticalScrollBar()
    start = bar.value()
    wheel_down(editor.combo)
    assert editor.combo.currentIndex() == before and editor.value() == "DNI"
    assert bar.value() > start


def test_keyboard_section_navigation(qtbot: Any, view: FormView) -> None:
    assert [s.key().toString() for s in view.shortcuts] == ["Ctrl+PgDown", "Ctrl+PgUp"]
    assert view.go_section(1) == "atencion"
    assert view.go_section(1) == "identificacion"
    view.refresh()
    assert view.go_section(1) == "idioma_identidad"  # hidden sections are skipped later
    assert view.go_section(-1) == "identificacion"
    for _ in range(20):
        last = view.go_section(1)
    assert last == "observaciones_finales"


def test_answers_of_unbuilt_sections_survive(qtbot: Any, ui_app: Any, sink: MemorySink) -> None:
    draft = {
        "materia": "alimentos",
        "tipos_violencia": ["fisica"],
        "nivel_riesgo": "leve",
        "hijos": [{"hijo_nombres": "Luz"}],
    }
    v = FormView(FICHA, sink=sink, answers=draft, today=TODAY)
    qtbot.addWidget(v)
    assert "tipos_violencia" not in v.rows and "hijos" in v.rows  # violence not built
    assert v.draft_answers()["tipos_violencia"] == ["fisica"]  # but kept in the draft
    assert "tipos_violencia" not in v.answers()  # and not submitted (irrelevant)
    _choose(v, "materia", "violencia")
    v.refresh()
    multi = v.rows["tipos_violencia"].editor
    assert isinstance(multi, MultiChoiceEditor) and multi.value() == ["fisica"]
    assert v.draft_answers()["hijos"] == [{"hijo_nombres": "Luz"}]
    v.set_language("en")
    assert v.draft_answers()["nivel_riesgo"] == "leve"
    v.close()
    assert sink.saves[-1]["tipos_violencia"] == ["fisica"]


def test_embedded_form_saves_draft_when_its_window_closes(qtbot: Any, ui_app: Any) -> None:
    from PySide6.QtWidgets import QVBoxLayout

    sink = MemorySink()
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    form = FormView(FICHA, sink=sink, today=TODAY, autosave_ms=60_000)
    layout.addWidget(form)
    window.show()
    qtbot.keyClicks(_line(form, "apellido_paterno"), "Condori")
    window.close()  # the form itself gets no closeEvent, only a hide
    assert sink.saves and sink.saves[-1]["apellido_paterno"] == "Condori"


def test_a_note_never_becomes_a_window_of_its_own(qtbot: Any, view: FormView) -> None:
    """Issue 13 item 2: the label of the "Otras partes" note showed as a stray top-level
    window. Every visible top-level widget must be the form itself."""
    from PySide6.QtWidgets import QApplication

    view.refresh()
    qtbot.waitExposed(view)
    stray = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w is not view and not w.windowFlags() & Qt.WindowType.Popup
    ]
    assert stray == []
    note = view.rows["nota_partes"]
    assert note.isVisible() and not note.label.isVisible()
    assert "conflictos de interés" in note.editor.findChild(QLabel).text()  # type: ignore[union-attr]


def test_typed_dates_in_the_form(qtbot: Any, view: FormView) -> None:
    """The ficha's dates are the app's one date editor: digits typed from empty."""
    editor = view.rows["fecha_nacimiento"].editor
    assert isinstance(editor, DateEditor)
    qtbot.keyClicks(editor.edit.edit, "12041990")
    view.refresh()
    assert editor.edit.edit.text() == "12/04/1990"
    assert view.draft_answers()["fecha_nacimiento"] == "1990-04-12"
    assert view.answers()["edad"] == 36
    editor.edit.edit.clear()
    qtbot.keyClicks(editor.edit.edit, "3102")  # incomplete: the form says so in its terms
    problems = view.problems()
    assert any(p.startswith("Fecha de nacimiento: Fecha incompleta") for p in problems)
    assert "Fecha incompleta" in view.rows["fecha_nacimiento"].message.text()


def test_no_horizontal_scroll_on_a_small_screen(qtbot: Any, view: FormView) -> None:
    """Issue 13 item 6: at 1024 px (the form gets about 780 px beside the navigation)
    every section fits the width — no horizontal scrolling — and no label is cut."""
    view.build_all()
    view.resize(780, 480)
    qtbot.waitUntil(lambda: not view.nav.isVisible(), timeout=2_000)
    view.refresh()
    content = view.scroll_area.widget()
    assert content is not None
    qtbot.waitUntil(lambda: content.width() <= view.scroll_area.viewport().width(), timeout=2_000)
    assert content.minimumSizeHint().width() <= view.scroll_area.viewport().width()
    assert view.scroll_area.horizontalScrollBar().maximum() == 0
    for row in view.rows.values():
        label = row.label
        if label.isVisible():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    view.resize(1100, 860)  # wide again: the section list comes back
    qtbot.waitUntil(view.nav.isVisible, timeout=2_000)


def test_one_problem_is_singular(qtbot: Any, view: FormView) -> None:
    _fill_minimal(qtbot, view)
    _choose(view, "lugar_atencion", "oficina")
    editor = view.rows["lugar_atencion"].editor
    assert isinstance(editor, ChoiceEditor)
    editor.combo.setCurrentIndex(0)  # one required answer missing
    [problem] = view.problems()
    assert problem.startswith("Lugar de atención:")
    assert view.summary.text() == "Hay 1 problema por corregir."


def test_wheel_never_changes_a_person_field(qtbot: Any, ui_app: Any) -> None:
    """The same in the person's fields (new intake's step 1, person and party dialogs)."""
    from app.ui.person_form import PersonFields

    fields = PersonFields()
    qtbot.addWidget(fields)
    fields.show()
    fields.doc_type.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(fields.doc_type.hasFocus, timeout=5_000)
    before = fields.doc_type.currentData()
    wheel_down(fields.doc_type)
    assert fields.doc_type.currentData() == before
