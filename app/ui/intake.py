"""New intake (Ctrl+N): person data, duplicate/conflict check, the form, then the outcome.

Owns: ``IntakePage`` — step 1 the person (names, document, birth date, district, phone);
step 2 the candidates of ``Backend.find_candidates`` on which the defender must decide
(same person / different person / conflict of interest → stop); step 3 the intake form
(the renderer of ``app/ui/forms`` through ``FormFactory``; drafts autosave through the
``DraftSink`` callback to ``Backend.save_draft``) and the outcome: "Abrir caso" or
"Solo consulta". The registration runs in the worker; ``registered(result)`` follows.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.intake_person import PERSON_TO_ANSWER, person_answers
from app.ui.district import DistrictEdit
from app.ui.errors import user_message
from app.ui.forms.dates import DateField
from app.ui.ports import Backend, Candidate, FormFactory, Row
from app.ui.widgets import error_label, section_label
from app.ui.worker import Worker

PERSON, CANDIDATES, FORM = range(3)
SAME, DIFFERENT, CONFLICT = "same", "different", "conflict"


class FormWidget(Protocol):
    """What the intake page needs from the form renderer."""

    form_id: str
    form_version: int

    def answers(self) -> dict[str, Any]: ...
    def problems(self) -> list[str]: ...


class CandidateRow(QFrame):
    """One possible duplicate with the three decisions."""

    def __init__(self, candidate: Candidate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidate = candidate
        self.setFrameShape(QFrame.Shape.StyledPanel)
        v = QVBoxLayout(self)
        head = QLabel(
            f"<b>{_esc(candidate.name)}</b> — {_esc(candidate.doc)} "
            f"({round(candidate.score * 100)} %)"
        )
        reason = QLabel(candidate.reason)
        reason.setWordWrap(True)
        v.addWidget(head)
        v.addWidget(reason)
        if candidate.conflict_cases:
            warn = QLabel(
                self.tr("Es contraparte en: %1").replace("%1", ", ".join(candidate.conflict_cases))
            )
            warn.setObjectName("error")
            warn.setWordWrap(True)
            v.addWidget(warn)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, label in (
            (SAME, self.tr("Es la misma persona")),
            (DIFFERENT, self.tr("Es otra persona")),
            (CONFLICT, self.tr("Conflicto de intereses: detener")),
        ):
            b = QRadioButton(label)
            b.setAccessibleName(f"{label}: {candidate.name}")
            self.group.addButton(b)
            self.buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)

    def decision(self) -> str | None:
        for key, b in self.buttons.items():
            if b.isChecked():
                return key
        return None


class IntakePage(QWidget):
    registered = Signal(object)  # Row returned by Backend.register_intake
    cancelled = Signal()
    error = Signal(object)
    candidates_shown = Signal(int)
    resumed = Signal(str)  # draft id

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        form_factory: FormFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._form_factory = form_factory
        self._draft_id = ""
        self._resumed: dict[str, Any] | None = None
        self._pending_draft: dict[str, Any] | None = None
        self.candidate_rows: list[CandidateRow] = []
        self.form_widget: QWidget | None = None

        self.title = QLabel(self.tr("Nueva atención"))
        self.title.setObjectName("title")
        self.steps = QStackedWidget()
        self.steps.addWidget(self._person_step())
        self.steps.addWidget(self._candidates_step())
        self.steps.addWidget(self._form_step())
        self.message = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.message)

    # -- step 1
    def _person_step(self) -> QWidget:
        page = QWidget()
        inner = QWidget()
        inner.setMaximumWidth(760)
        outer = QVBoxLayout(page)
        outer.addWidget(inner)
        outer.addStretch(1)
        form = QFormLayout(inner)
        self.given = self._edit(self.tr("Nombres"))
        self.paternal = self._edit(self.tr("Apellido paterno"))
        self.maternal = self._edit(self.tr("Apellido materno"))
        self.doc_type = QComboBox()
        self.doc_type.setAccessibleName(self.tr("Tipo de documento"))
        for code, label in (
            ("DNI", self.tr("DNI")),
            ("CE", self.tr("Carné de extranjería")),
            ("PASAPORTE", self.tr("Pasaporte")),
            ("CPP", self.tr("Permiso temporal (CPP)")),
            ("SIN_DOCUMENTO", self.tr("Sin documento")),
        ):
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
        for code, label in (
            ("F", self.tr("Femenino")),
            ("M", self.tr("Masculino")),
            ("X", self.tr("Otro")),
        ):
            self.sex.addItem(label, code)
        self.ubigeo = DistrictEdit()
        self.ubigeo.setAccessibleName(self.tr("Distrito"))
        self.phone = self._edit(self.tr("Celular"))
        check = QPushButton(self.tr("Buscar coincidencias y continuar"))
        check.setAccessibleName(self.tr("Buscar coincidencias y continuar"))
        check.setDefault(True)
        check.clicked.connect(self.check_candidates)
        cancel = QPushButton(self.tr("Cancelar"))
        cancel.setAccessibleName(self.tr("Cancelar"))
        cancel.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(check)
        form.addRow(section_label(self.tr("1. Persona atendida")))
        form.addRow(self.tr("Nombres"), self.given)
        form.addRow(self.tr("Apellido paterno"), self.paternal)
        form.addRow(self.tr("Apellido materno"), self.maternal)
        form.addRow(self.tr("Documento"), self.doc_type)
        form.addRow(self.tr("Número"), self.doc_number)
        form.addRow(self.tr("Motivo sin documento"), self.doc_reason)
        self.doc_type.currentIndexChanged.connect(lambda _i: self._doc_type_changed(form))
        self._doc_type_changed(form)
        form.addRow(self.tr("Fecha de nacimiento"), self.birth)
        form.addRow(self.tr("Sexo"), self.sex)
        form.addRow(self.tr("Distrito"), self.ubigeo)
        form.addRow(self.tr("Celular"), self.phone)
        form.addRow(buttons)
        return page

    def resume(self, draft_id: str) -> None:
        """Continue a saved draft: its person data go back to step 1, its answers to the
        form; the duplicate check runs again before the form (the decision is not kept)."""
        backend = self._backend
        self._worker.submit(lambda: backend.load_draft(draft_id), self._resume, self._failed)

    def _resume(self, draft: Row | None) -> None:
        if not draft:
            self.message.setText(self.tr("El borrador ya no existe."))
            return
        answers = dict(draft.get("answers") or {})
        self._draft_id = str(draft["draft_id"])
        self._resumed = answers
        edits = {
            "given_names": self.given,
            "paternal_surname": self.paternal,
            "maternal_surname": self.maternal,
            "doc_number": self.doc_number,
            "doc_reason": self.doc_reason,
            "phone": self.phone,
        }
        for field, answer in PERSON_TO_ANSWER.items():
            value = answers.get(answer)
            if value in (None, ""):
                continue
            if field in edits:
                edits[field].setText(str(value))
            elif field == "doc_type":
                self.doc_type.setCurrentIndex(max(0, self.doc_type.findData(value)))
            elif field == "sex":
                self.sex.setCurrentIndex(max(0, self.sex.findData(value)))
            elif field == "ubigeo":
                self.ubigeo.set_code(str(value))
            elif field == "birth_date":
                self.birth.set_value(str(value))
        self.message.setText(self.tr("Borrador recuperado: revise los datos y continúe."))
        self.resumed.emit(self._draft_id)

    def _doc_type_changed(self, form: QFormLayout) -> None:
        without = self.doc_type.currentData() == "SIN_DOCUMENTO"
        form.setRowVisible(self.doc_reason, without)
        form.setRowVisible(self.doc_number, not without)

    def _edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        return edit

    def person(self) -> dict[str, Any]:
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

    def check_candidates(self) -> None:
        person = self.person()
        if not person["given_names"] or not person["paternal_surname"]:
            self.message.setText(self.tr("Escriba al menos los nombres y el apellido paterno."))
            return
        if self.birth.problem():
            self.message.setText(
                self.tr("Fecha de nacimiento: %1").replace("%1", self.birth.problem() or "")
            )
            return
        if self.ubigeo.text().strip() and not person["ubigeo"]:
            self.message.setText(self.tr("No se reconoce el distrito; elíjalo de la lista."))
            return
        self.message.setText(self.tr("Buscando personas parecidas…"))
        backend = self._backend
        self._worker.submit(
            lambda: backend.find_candidates(person), self._show_candidates, self._failed
        )

    # -- step 2
    def _candidates_step(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(section_label(self.tr("2. Posibles duplicados y conflictos de intereses")))
        intro = QLabel(
            self.tr(
                "Encontramos personas parecidas ya registradas. Decida para cada una antes "
                "de continuar."
            )
        )
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.candidate_box = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.candidate_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        v.addWidget(scroll, 1)
        back = QPushButton(self.tr("Volver"))
        back.setAccessibleName(self.tr("Volver"))
        back.clicked.connect(lambda: self.steps.setCurrentIndex(PERSON))
        self.decide_button = QPushButton(self.tr("Continuar"))
        self.decide_button.setAccessibleName(self.tr("Continuar con la ficha"))
        self.decide_button.clicked.connect(self.confirm_decisions)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.decide_button)
        v.addLayout(buttons)
        return page

    def _show_candidates(self, candidates: list[Candidate]) -> None:
        self.message.clear()
        for row in self.candidate_rows:
            row.setParent(None)
            row.deleteLater()
        self.candidate_rows = []
        for candidate in candidates:
            row = CandidateRow(candidate)
            self.candidate_rows.append(row)
            self.candidate_box.addWidget(row)
        self.candidate_box.addStretch(1)
        self.candidates_shown.emit(len(candidates))
        if candidates:
            self.steps.setCurrentIndex(CANDIDATES)
        else:
            self._go_form()

    def decisions(self) -> dict[str, Any]:
        same = [r.candidate.person_id for r in self.candidate_rows if r.decision() == SAME]
        return {
            "same_person_id": same[0] if same else None,
            "candidates": {r.candidate.person_id: r.decision() for r in self.candidate_rows},
        }

    def confirm_decisions(self) -> None:
        choices = [r.decision() for r in self.candidate_rows]
        if any(c is None for c in choices):
            self.message.setText(self.tr("Decida para cada persona encontrada."))
            return
        if CONFLICT in choices:
            self.message.setText(
                self.tr(
                    "Conflicto de intereses: esta oficina no puede patrocinar a ambas partes. "
                    "No se registra la atención; derive el caso a otra oficina."
                )
            )
            return
        if choices.count(SAME) > 1:
            self.message.setText(self.tr("Solo una persona puede ser la misma."))
            return
        self.message.clear()
        self._go_form()

    # -- step 3
    def _form_step(self) -> QWidget:
        page = QWidget()
        self.form_layout = QVBoxLayout(page)
        self.form_layout.addWidget(section_label(self.tr("3. Ficha de atención")))
        self.form_holder = QVBoxLayout()
        self.form_layout.addLayout(self.form_holder, 1)
        self.consult_button = QPushButton(self.tr("Solo consulta"))
        self.consult_button.setAccessibleName(self.tr("Registrar solo consulta"))
        self.consult_button.clicked.connect(lambda: self.submit(open_case=False))
        self.open_button = QPushButton(self.tr("Abrir caso"))
        self.open_button.setAccessibleName(self.tr("Abrir caso"))
        self.open_button.clicked.connect(lambda: self.submit(open_case=True))
        back = QPushButton(self.tr("Volver"))
        back.setAccessibleName(self.tr("Volver"))
        back.clicked.connect(self._back_from_form)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.consult_button)
        buttons.addWidget(self.open_button)
        self.form_layout.addLayout(buttons)
        return page

    def _back_from_form(self) -> None:
        self.steps.setCurrentIndex(CANDIDATES if self.candidate_rows else PERSON)

    def _go_form(self) -> None:
        if self.form_widget is None and self._form_factory is not None:
            self._draft_id = self._draft_id or str(uuid.uuid4())
            self.form_widget = self._form_factory(self._save_draft, self)
            self.form_holder.addWidget(self.form_widget)
            set_answers = getattr(self.form_widget, "set_answers", None)
            if self._resumed is not None and set_answers is not None:
                set_answers(self._resumed)  # a draft being resumed
            prefill = getattr(self.form_widget, "prefill", None)
            if prefill is not None:
                today = QDate.currentDate().toString("yyyy-MM-dd")
                prefill(
                    {
                        "fecha_atencion": today,
                        "defensor": self._backend.user_name,
                        **person_answers(self.person()),
                    }
                )
            if self._pending_draft is not None:  # the form spoke while being built
                self._save_draft(self._pending_draft)
        if self.form_widget is None:
            self.form_holder.addWidget(
                QLabel(self.tr("No hay formularios de atención instalados."))
            )
            self.open_button.setEnabled(False)
            self.consult_button.setEnabled(False)
        self.steps.setCurrentIndex(FORM)

    def _save_draft(self, answers: Mapping[str, Any]) -> None:
        widget = self.form_widget
        if widget is None:
            self._pending_draft = dict(answers)
            return
        self._pending_draft = None
        form_id = str(getattr(widget, "form_id", ""))
        version = int(getattr(widget, "form_version", 0))
        backend, draft_id, data = self._backend, self._draft_id, dict(answers)
        self._worker.submit(
            lambda: backend.save_draft(draft_id, form_id, version, data), None, self._failed
        )

    def submit(self, open_case: bool) -> None:
        widget = self.form_widget
        if widget is None:
            return
        problems = widget.problems()  # type: ignore[attr-defined]
        if problems:
            self.message.setText(
                self.tr("Revise la ficha: %1").replace("%1", "; ".join(problems[:3]))
            )
            return
        answers = dict(widget.answers())  # type: ignore[attr-defined]
        answers.setdefault("_form_id", getattr(widget, "form_id", ""))
        answers.setdefault("_form_version", getattr(widget, "form_version", 0))
        decision = self.decisions()
        decision["draft_id"] = self._draft_id
        person, backend = self.person(), self._backend
        self.open_button.setEnabled(False)
        self.consult_button.setEnabled(False)
        self.message.setText(self.tr("Guardando…"))
        self._worker.submit(
            lambda: backend.register_intake(person, answers, decision, open_case),
            self._done,
            self._failed,
        )

    def _done(self, result: Row) -> None:
        self.message.clear()
        self.open_button.setEnabled(True)
        self.consult_button.setEnabled(True)
        self.registered.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.open_button.setEnabled(True)
        self.consult_button.setEnabled(True)
        self.message.setText(user_message(exc))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
