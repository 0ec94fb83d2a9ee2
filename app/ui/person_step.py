"""Step 1 of a new intake: the person attended (the same record the ficha completes).

Owns ``PersonStep`` — names, document (or the reason there is none), birth date (the app's
one date editor, with "No sabe"), sex, district and mobile phone; ``person()`` gives the
person input (``app.core.people`` fields), ``set_from_answers(answers)`` takes the person
back from the ficha's answers (``app.core.intake_person``: one mapping), and
``show_problems(problems)`` marks the fields the one person validator refused
(``FieldProblem``s, named in Spanish) and focuses the first. Buttons: "Cancelar" and
"Buscar coincidencias y continuar".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.intake_person import person_from_answers
from app.core.people import INPUT_FIELDS
from app.ui.district import DistrictEdit
from app.ui.forms.dates import DateField
from app.ui.widgets import section_label
from sync.spec import vocab

_BAD = "border: 1px solid #b00020;"
# person fields step 1 asks (mother tongue and interpreter are only in the ficha)
ASKED = tuple(
    f for f in INPUT_FIELDS if f not in ("ubigeo_reniec", "mother_tongue", "interpreter_needed")
)


class PersonStep(QWidget):
    check_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        inner = QWidget()
        inner.setMaximumWidth(760)
        outer = QVBoxLayout(self)
        outer.addWidget(inner)
        outer.addStretch(1)
        self.form = QFormLayout(inner)
        self.given = self._edit(self.tr("Nombres"))
        self.paternal = self._edit(self.tr("Apellido paterno"))
        self.maternal = self._edit(self.tr("Apellido materno"))
        self.doc_type = QComboBox()
        self.doc_type.setAccessibleName(self.tr("Tipo de documento"))
        for code, label in vocab.DOC_TYPE.labels().items():
            self.doc_type.addItem(label, code)
        self.doc_number = self._edit(self.tr("Número de documento"))
        self.doc_reason = self._edit(self.tr("Motivo por el que no tiene documento"))
        self.doc_reason.setPlaceholderText(self.tr("ej. DNI extraviado"))
        self.birth = DateField(
            unknown=True,
            maximum=QDate.currentDate(),
            calendar_start=QDate.currentDate().addYears(-30),
            name=self.tr("Fecha de nacimiento"),
        )
        self.sex = QComboBox()
        self.sex.setAccessibleName(self.tr("Sexo"))
        for code, label in vocab.SEX.labels().items():
            self.sex.addItem(label, code)
        self.ubigeo = DistrictEdit()
        self.ubigeo.setAccessibleName(self.tr("Distrito"))
        self.phone = self._edit(self.tr("Celular"))
        self.phone.setPlaceholderText(self.tr("9 dígitos, ej. 987654321"))
        self.check_button = QPushButton(self.tr("Buscar coincidencias y continuar"))
        self.check_button.setAccessibleName(self.tr("Buscar coincidencias y continuar"))
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check_requested)
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.setAccessibleName(self.tr("Cancelar la atención"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        for edit in (self.given, self.paternal, self.maternal, self.doc_number, self.phone):
            edit.returnPressed.connect(self.check_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        form = self.form
        form.addRow(section_label(self.tr("1. Persona atendida")))
        form.addRow(self.tr("Nombres"), self.given)
        form.addRow(self.tr("Apellido paterno"), self.paternal)
        form.addRow(self.tr("Apellido materno"), self.maternal)
        form.addRow(self.tr("Documento"), self.doc_type)
        form.addRow(self.tr("Número"), self.doc_number)
        form.addRow(self.tr("Motivo sin documento"), self.doc_reason)
        form.addRow(self.tr("Fecha de nacimiento"), self.birth)
        form.addRow(self.tr("Sexo"), self.sex)
        form.addRow(self.tr("Distrito"), self.ubigeo)
        form.addRow(self.tr("Celular"), self.phone)
        form.addRow(buttons)
        self.doc_type.currentIndexChanged.connect(self._doc_type_changed)
        self._doc_type_changed()
        self.widgets: dict[str, QWidget] = {
            "given_names": self.given,
            "paternal_surname": self.paternal,
            "maternal_surname": self.maternal,
            "doc_type": self.doc_type,
            "doc_number": self.doc_number,
            "doc_reason": self.doc_reason,
            "birth_date": self.birth.edit,
            "sex": self.sex,
            "ubigeo": self.ubigeo,
            "ubigeo_reniec": self.ubigeo,
            "phone": self.phone,
        }

    def _edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.textEdited.connect(lambda _t, e=edit: e.setStyleSheet(""))
        return edit

    def _doc_type_changed(self, _index: int = 0) -> None:
        without = self.doc_type.currentData() == "SIN_DOCUMENTO"
        self.form.setRowVisible(self.doc_reason, without)
        self.form.setRowVisible(self.doc_number, not without)

    # -- the person ---------------------------------------------------------------------------

    def person(self) -> dict[str, Any]:
        """The person input as typed (empty texts as ""; an unknown birth date as "")."""
        return {
            "given_names": self.given.text().strip(),
            "paternal_surname": self.paternal.text().strip(),
            "maternal_surname": self.maternal.text().strip(),
            "doc_type": self.doc_type.currentData(),
            "doc_number": self.doc_number.text().strip(),
            "doc_reason": self.doc_reason.text().strip(),
            "birth_date": self.birth.value() or "",
            "sex": self.sex.currentData(),
            "ubigeo": self.ubigeo.code(),
            "phone": self.phone.text().strip(),
        }

    def set_person(self, person: Mapping[str, Any]) -> None:
        """Show ``person`` (input fields); fields it does not name are left as they are."""
        texts = {
            "given_names": self.given,
            "paternal_surname": self.paternal,
            "maternal_surname": self.maternal,
            "doc_number": self.doc_number,
            "doc_reason": self.doc_reason,
            "phone": self.phone,
        }
        for name, value in person.items():
            text = "" if value is None else str(value)
            if name in texts:
                texts[name].setText(text)
            elif name == "doc_type" and text:
                self.doc_type.setCurrentIndex(max(0, self.doc_type.findData(text)))
            elif name == "sex" and text:
                self.sex.setCurrentIndex(max(0, self.sex.findData(text)))
            elif name == "ubigeo":
                self.ubigeo.set_code(text)
            elif name == "birth_date":
                self.birth.set_value(text or None)

    def set_from_answers(self, answers: Mapping[str, Any]) -> None:
        """The person as the ficha has it now: every field step 1 asks, emptied where
        the ficha has no answer (one record: what was changed there is changed here)."""
        found = person_from_answers(answers)
        self.set_person({name: found.get(name) for name in ASKED if name != "doc_type"})
        if found.get("doc_type"):
            self.set_person({"doc_type": found["doc_type"]})

    def local_problem(self) -> str | None:
        """What can be said before asking the validator (Spanish), or None."""
        if self.birth.problem():
            return self.tr("Fecha de nacimiento: %1").replace("%1", self.birth.problem() or "")
        if self.ubigeo.text().strip() and not self.ubigeo.code():
            return self.tr("Distrito: no se reconoce; elíjalo de la lista.")
        return None

    def show_problems(self, fields: Sequence[str]) -> None:
        """Mark the fields named (person input field names) and focus the first."""
        for each in set(self.widgets.values()):
            each.setStyleSheet("")
        first: QWidget | None = None
        for name in fields:
            widget = self.widgets.get(name)
            if widget is None:
                continue
            widget.setStyleSheet(_BAD)
            if first is None and widget.isVisibleTo(self):
                first = widget
        if first is not None:
            first.setFocus()

    def has_input(self) -> bool:
        """Something was typed (names, a document, a birth date, a phone)."""
        p = self.person()
        return any(p[k] for k in ("given_names", "paternal_surname", "maternal_surname"))
