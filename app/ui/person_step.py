"""Step 1 of a new intake: the person attended (the same record the ficha completes).

Owns ``PersonStep`` — the person's fields of ``app.ui.person_form.PersonFields`` (the one
set of person widgets, also used to edit a person; mother tongue and interpreter are left
to the ficha, which asks them), "Cancelar" and "Buscar coincidencias y continuar" (also
Enter in any field); ``focus_chain()`` is what Tab walks: the fields, then that
button. ``person()`` gives the person input (``app.core.people`` fields step 1 asks,
``ASKED``), ``set_from_answers(answers)`` takes the person back from the
ficha's answers (``app.core.intake_person``: one mapping), ``problem()`` says what is
wrong before asking the validator, and ``show_problems`` puts each problem of the one
person validator under its field, in Spanish, and focuses the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import FieldProblem, InvalidInput
from app.core.intake_person import person_from_answers
from app.core.people import INPUT_FIELDS, field_label, normalize_person
from app.ui.errors import user_message
from app.ui.person_form import PersonFields
from app.ui.record_page import ask
from app.ui.widgets import release_room, section_label

# person fields step 1 asks (mother tongue and interpreter are only in the ficha)
ONLY_IN_FICHA = ("mother_tongue", "interpreter_needed")
ASKED = tuple(f for f in INPUT_FIELDS if f not in ("ubigeo_reniec", *ONLY_IN_FICHA))


class PersonStep(QWidget):
    check_requested = Signal()
    cancel_requested = Signal()
    discard_requested = Signal()  # a recovered draft thrown away, once confirmed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        inner = QWidget()
        inner.setMaximumWidth(760)
        holder = QWidget()  # scrolls when the problems under the fields need more room
        holder.setObjectName("step_fields")  # than 600 px leave (fresh10 #9: clipped)
        column_box = QVBoxLayout(holder)
        column_box.setContentsMargins(0, 0, 0, 0)
        column_box.addWidget(inner)
        column_box.addStretch(1)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(holder)
        self.area.viewport().setAutoFillBackground(False)
        holder.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.addWidget(self.area, 1)
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(section_label(self.tr("1. Persona atendida")))
        self.fields = PersonFields()
        for widget in (self.fields.tongue, self.fields.interpreter):
            box = widget.parentWidget()
            if box is not None:
                self.fields.form.setRowVisible(box, False)
        column.addWidget(self.fields)
        edits = self.fields.edits
        self.given, self.paternal = edits["given_names"], edits["paternal_surname"]
        self.maternal, self.phone = edits["maternal_surname"], edits["phone"]
        self.doc_number, self.doc_reason = edits["doc_number"], edits["doc_reason"]
        self.doc_type, self.sex = self.fields.doc_type, self.fields.sex
        self.birth, self.ubigeo = self.fields.birth, self.fields.district
        self.doc_reason.setPlaceholderText(self.tr("ej. DNI extraviado"))
        self.phone.setPlaceholderText(self.tr("9 dígitos, ej. 987654321"))
        self.check_button = QPushButton(self.tr("Buscar coincidencias y continuar"))
        self.check_button.setAccessibleName(self.tr("Buscar coincidencias y continuar"))
        # not the dialog-wide default: its highlight then showed when Tab reached it and
        # only then (fresh 12 #6: a default button looks focused all the time, and Tab
        # seemed to skip it); Enter in any field still presses it (below)
        self.check_button.setToolTip(self.tr("También con Enter en cualquier campo"))
        self.check_button.clicked.connect(self.check_requested)
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.setAccessibleName(self.tr("Cancelar la atención"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.discard_button = QPushButton(self.tr("Descartar borrador"))  # a recovered one
        self.discard_button.clicked.connect(self._ask_discard)
        self.discard_button.hide()
        for edit in (*edits.values(), self.birth.edit, self.ubigeo):  # Enter, in any field
            edit.returnPressed.connect(self.check_requested)
        self._said = False  # problems were shown under the fields (``_left``)
        for name, edit in (*edits.items(), ("birth_date", self.birth.edit)):
            edit.editingFinished.connect(lambda name=name: self._left(name))
        for combo in (self.doc_type, self.sex):  # the choices too (a closed list)
            combo.installEventFilter(self)
        for button in (self.check_button, self.cancel_button):
            button.setAutoDefault(True)  # Enter on the focused button presses it
        buttons = QHBoxLayout()  # at the foot of the step, where the next steps have theirs:
        buttons.addWidget(self.cancel_button)  # a problem line under a field never moves them
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        outer.addLayout(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a closed choice (Documento, Sexo) goes on, as in the other fields."""
        if (
            watched in (self.doc_type, self.sex)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.check_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def _ask_discard(self) -> None:
        """ "Descartar borrador": asked first ("Cancelar" is the default), then thrown away."""
        text = self.tr("¿Descartar este borrador? Lo que tiene se pierde.")
        ask(
            self,
            self.tr("Descartar borrador"),
            text,
            self.tr("Descartar"),
            self.discard_requested.emit,
            lambda _b: None,
        )

    def focus_chain(self) -> list[QWidget]:
        """What Tab walks in this step: the fields, then "Buscar coincidencias y
        continuar", then "Cancelar"."""
        return [
            *self.fields.focus_chain(),
            self.check_button,
            self.cancel_button,
            self.discard_button,
        ]

    # -- the person ---------------------------------------------------------------------------

    def person(self) -> dict[str, Any]:
        """The person input as typed (empty texts as ""; an unknown birth date as "")."""
        values = self.fields.values()
        out = {name: values.get(name) for name in ASKED}
        out["birth_date"] = out.get("birth_date") or ""
        return out

    def set_person(self, person: Mapping[str, Any]) -> None:
        """Show ``person`` (input fields); fields it does not name are left as they are."""
        current = self.fields.values()
        self.fields.set_person({**current, **person})

    def set_from_answers(self, answers: Mapping[str, Any]) -> None:
        """The person as the ficha has it now: every field step 1 asks, emptied where
        the ficha has no answer (one record: what was changed there is changed here)."""
        found = person_from_answers(answers)
        self.set_person({name: found.get(name) for name in ASKED})

    def problem(self, show: bool = False) -> str | None:
        """What can be said before asking the validator (Spanish), or None: the names
        are required, a date incomplete, a district not in the list; ``show`` puts each
        problem under its field."""
        person = self.person()
        names = ("given_names", "paternal_surname")
        missing = {k: self.tr("Es obligatorio.") for k in names if not person[k]}
        if missing:
            if show:
                self.show_problems(missing)
            return self.tr("Escriba al menos los nombres y el apellido paterno.")
        found = self.fields.local_problems()
        if found:  # and the validator's: every problem at once, not one per press (fresh8 #3)
            found = _in_order({**validator_problems(person, skip=set(found)), **found})
        if show:
            self.show_problems(found)
        if len(found) > 1:
            return user_message(
                InvalidInput([FieldProblem(f, m, label=field_label(f)) for f, m in found.items()])
            )
        return next(iter(found.values()), None)

    def _left(self, name: str) -> None:
        """The person left field ``name`` after problems were shown: what is wrong with
        it now is said under it too (fresh 10 #8: "12345678-9" typed over a shorter DNI
        left its line empty while the summary below named the check digit). Said on
        leaving, not while typing: nothing moves under the pointer."""
        label = self.fields.problems.get(name)
        if not self._said or label is None:
            return
        person, local = self.person(), self.fields.local_problems()
        text = {**validator_problems(person, skip=set(local)), **local}.get(name)
        if text and label.text() != text:
            release_room(label)
            label.setText(text)
            label.show()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each message under its field (person input field -> Spanish message); the
        first of those fields gets the focus."""
        self._said = bool(problems)
        self.fields.show_problems(dict(problems))
        widgets = {
            **self.fields.edits,
            "doc_type": self.doc_type,
            "birth_date": self.birth.edit,
            "sex": self.sex,
            "ubigeo": self.ubigeo,
            "ubigeo_reniec": self.ubigeo,
        }
        for name in problems:
            widget = widgets.get(name)
            if widget is not None and widget.isVisibleTo(self):
                widget.setFocus()
                break

    def has_input(self) -> bool:
        """Something was typed (names)."""
        p = self.person()
        return any(p[k] for k in ("given_names", "paternal_surname", "maternal_surname"))


def validator_problems(person: Mapping[str, Any], skip: set[str]) -> dict[str, str]:
    """What the one person validator says of ``person`` (field -> Spanish message), the
    fields in ``skip`` left out (their widgets already said what is wrong)."""
    data = {k: v for k, v in person.items() if v not in ("", None) and k not in skip}
    try:
        normalize_person(data)
    except InvalidInput as exc:
        return {p.field: p.message for p in exc.problems if p.field not in skip}
    return {}


def _in_order(problems: Mapping[str, str]) -> dict[str, str]:
    """``problems`` in the order of the fields on screen."""
    order = {name: i for i, name in enumerate(("doc_type", *ASKED))}
    return dict(sorted(problems.items(), key=lambda item: order.get(item[0], len(order))))
