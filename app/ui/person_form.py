"""Editing a registered person: the fields of a person and the edit dialog.

Owns: ``PersonFields`` — the person's fields as widgets (names, document, birth date in
the one date editor ``app.ui.forms.dates.DateField`` with "No sabe", sex, district,
mobile phone, mother tongue, interpreter), ``set_person(record)``, ``values()`` (the
input fields of ``app.core.people``), ``focus_chain()`` (the fields in the order Tab
walks them) and ``show_problems(exc)``, which puts each problem of an ``InvalidInput``
under its field in Spanish (the validator's field labels) until the field is edited; and
``PersonEditDialog`` — the fields prefilled with the stored record; "Guardar" sends only
what changed to ``Backend.update_person`` in the worker (the ONE person validator,
``app.core.people``, decides), closes when it was saved and keeps everything on screen
when it was refused. Choices come from the entity specification's vocabularies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.district import DistrictEdit
from app.ui.forms.dates import DateField
from app.ui.forms.editors import guard_wheel
from app.ui.ports import Backend, Row
from app.ui.record_page import SaveDialog, office_today
from app.ui.widgets import clear_when_edited, error_label, release_room, ui_lang
from app.ui.worker import Worker
from sync.spec import vocab

TEXT_FIELDS = (
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "doc_number",
    "doc_reason",
    "phone",
)


def _combo(name: str, table: vocab.Vocab, empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    guard_wheel(combo)  # the wheel scrolls the page, never the answer
    if empty is not None:
        combo.addItem(empty, None)
    for code, label in table.labels(ui_lang()).items():
        combo.addItem(label, code)
    return combo


class PersonFields(QWidget):
    """A person's fields with a problem line under each (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        form = QFormLayout(self)
        self.form = form
        labels = {
            "given_names": self.tr("Nombres"),
            "paternal_surname": self.tr("Apellido paterno"),
            "maternal_surname": self.tr("Apellido materno"),
            "doc_number": self.tr("Número de documento"),
            "doc_reason": self.tr("Motivo sin documento"),
            "phone": self.tr("Celular"),
        }
        for name in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(labels[name])
            self.edits[name] = edit
        self.doc_type = _combo(self.tr("Tipo de documento"), vocab.DOC_TYPE)
        self.birth = DateField(
            unknown=True,
            maximum=office_today(),
            calendar_start=lambda: office_today().addYears(-30),
            name=self.tr("Fecha de nacimiento"),
        )
        self.sex = _combo(self.tr("Sexo"), vocab.SEX, self.tr("(sin dato)"))
        self.district = DistrictEdit()
        self.district.setAccessibleName(self.tr("Distrito"))
        self.tongue = _combo(self.tr("Lengua materna"), vocab.LANGUAGE, self.tr("(sin dato)"))
        self.interpreter = QCheckBox(self.tr("Necesita intérprete"))
        rows: list[tuple[str, str, QWidget]] = [
            ("given_names", labels["given_names"], self.edits["given_names"]),
            ("paternal_surname", labels["paternal_surname"], self.edits["paternal_surname"]),
            ("maternal_surname", labels["maternal_surname"], self.edits["maternal_surname"]),
            ("doc_type", self.tr("Documento"), self.doc_type),
            ("doc_number", self.tr("Número"), self.edits["doc_number"]),
            ("doc_reason", labels["doc_reason"], self.edits["doc_reason"]),
            ("birth_date", self.tr("Fecha de nacimiento"), self.birth),
            ("sex", self.tr("Sexo"), self.sex),
            ("ubigeo", self.tr("Distrito"), self.district),
            ("phone", labels["phone"], self.edits["phone"]),
            ("mother_tongue", self.tr("Lengua materna"), self.tongue),
            ("interpreter_needed", "", self.interpreter),
        ]
        for name, label, widget in rows:
            problem = error_label()
            problem.hide()
            clear_when_edited(widget, problem)
            self.problems[name] = problem
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(1)
            v.addWidget(widget)
            v.addWidget(problem)
            form.addRow(label, box)
        self.problems["ubigeo_reniec"] = self.problems["ubigeo"]
        self.doc_type.currentIndexChanged.connect(lambda _i: self._doc_type_changed())
        self._doc_type_changed()

    def focus_chain(self) -> list[QWidget]:
        """The fields in the order they are shown, as Tab walks them (hidden rows are
        skipped by ``app.ui.focus_ring.tab_stops``)."""
        e = self.edits
        return [
            e["given_names"],
            e["paternal_surname"],
            e["maternal_surname"],
            self.doc_type,
            e["doc_number"],
            e["doc_reason"],
            *self.birth.focus_widgets(),
            self.sex,
            self.district,
            e["phone"],
            self.tongue,
            self.interpreter,
        ]

    def _doc_type_changed(self) -> None:
        for name in ("doc_number", "doc_reason"):  # about the type left: no longer so
            self.problems[name].clear()
            self.problems[name].hide()
        without = self.doc_type.currentData() == "SIN_DOCUMENTO"
        self._row_visible(self.edits["doc_reason"], without)
        self._row_visible(self.edits["doc_number"], not without)

    def _row_visible(self, widget: QWidget, visible: bool) -> None:
        box = widget.parentWidget()
        if box is not None:
            self.form.setRowVisible(box, visible)

    def set_person(self, person: Row) -> None:
        for name, edit in self.edits.items():
            edit.setText(str(person.get(name) or ""))
        _choose(self.doc_type, person.get("doc_type"))
        birth = person.get("birth_date")
        self.birth.set_value(str(birth) if birth else None)
        _choose(self.sex, person.get("sex"))
        self.district.set_code(str(person.get("ubigeo") or ""))
        _choose(self.tongue, person.get("mother_tongue"))
        self.interpreter.setChecked(bool(person.get("interpreter_needed")))
        self._doc_type_changed()

    def values(self) -> dict[str, Any]:
        """The person's input fields as on screen ("" or None: no value)."""
        out: dict[str, Any] = {name: edit.text().strip() for name, edit in self.edits.items()}
        out["doc_type"] = self.doc_type.currentData()
        if out["doc_type"] == "SIN_DOCUMENTO":
            out["doc_number"] = ""
        else:
            out["doc_reason"] = ""
        out["birth_date"] = self.birth.value()
        out["sex"] = self.sex.currentData()
        out["ubigeo"] = self.district.code()
        out["mother_tongue"] = self.tongue.currentData()
        out["interpreter_needed"] = 1 if self.interpreter.isChecked() else 0
        return out

    def local_problems(self) -> dict[str, str]:
        """What the widgets themselves know is wrong (an incomplete date, an unknown
        district), before asking the validator."""
        found: dict[str, str] = {}
        if (problem := self.birth.problem()) is not None:
            found["birth_date"] = problem
        if (problem := self.district.problem()) is not None:
            found["ubigeo"] = problem
        return found

    def shown_problems(self) -> list[str]:
        """The problems still shown under the fields."""
        return [label.text() for label in self.problems.values() if label.text()]

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each message under its field (field name -> Spanish message); others hidden,
        the room kept for them while typing given back (a press lays the step out anew)."""
        if problems.get("birth_date"):
            self.birth.hush()  # one line under the date says it, not two
        for name, label in self.problems.items():
            text = problems.get(name, "")
            release_room(label)
            label.setText(text)
            label.setVisible(bool(text))


def _choose(combo: QComboBox, code: Any) -> None:
    index = combo.findData(code) if code not in (None, "") else combo.findData(None)
    combo.setCurrentIndex(max(0, index))


def _stored(value: Any) -> Any:
    return None if value in ("", None) else value


def changes(person: Row, values: Row) -> dict[str, Any]:
    """The fields whose value on screen differs from the stored record (None: cleared)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        before = _stored(person.get(name))
        after = _stored(value)
        if name == "interpreter_needed":
            before, after = int(bool(before)), int(bool(after))
        if before != after:
            out[name] = after
    return out


class PersonEditDialog(SaveDialog):
    """Edit a person; ``saved`` is True once the backend accepted the change."""

    def __init__(
        self, backend: Backend, worker: Worker, person: Row, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Editar datos de la persona"), self.tr("Guardar"), worker, parent)
        self._backend = backend
        self.person = dict(person)
        self.fields = PersonFields()
        self.fields.set_person(self.person)
        self.field_messages.update(self.fields.problems)
        self.layout_.addWidget(self.fields)
        self.finish_layout()
        district = self.fields.district  # the office's province ranks first
        worker.submit(backend.home_province, district.set_home, lambda _exc: None)

    def work(self) -> Callable[[], Any] | None:
        local = self.fields.local_problems()
        if local:
            self.fields.show_problems(local)
            self.message.setText(self.tr("Revise los campos marcados."))
            return None
        changed = changes(self.person, self.fields.values())
        if not changed:
            self.message.setText(self.tr("No hay cambios que guardar."))
            return None
        backend, person_id = self._backend, str(self.person["id"])
        return lambda: backend.update_person(person_id, changed)
