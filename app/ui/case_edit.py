"""Editing a case from the case view: its data, its parties, closing and reopening it.

Owns the dialogs, each window-modal and opened without blocking; "Guardar" runs the
dialog's write through the ``Backend`` in the worker and the dialog closes only once it
succeeded (``result_value`` holds what the write returned); a failure keeps it open with
the message, problems under their fields in Spanish. The case view then reloads and
confirms. The dialogs:

- ``CaseEditDialog`` — court file number (Peru's expediente ``NNNNN-AAAA-I-CCCC-OO-EE-NN``,
  parsed and checked by ``app.core.cases.edit_case``: unknown court codes only warn),
  status (open or archived: closing and reopening have their own steps), defender (a
  user of the office) and matter; only what changed is sent; problems are shown under
  their fields, in Spanish, and nothing is written.
- ``PartyDialog`` — find a registered person by name or document (the people list's
  own query) and add them with a role (counterparty, other); or register a new person
  here (``PersonFields``, the one validator). Either way the intake's conflict check runs
  first (side "other"; ``Backend.party_candidates`` for a chosen person: those like them
  who are clients of the office; ``Backend.find_candidates`` for a new one: everyone
  like them), shown in the intake's ``CheckStep``; the decisions are audited like the
  intake's (with the case id), "Es la misma persona" adds the registered person — a
  client of the office only after the intake's question saying it is a conflict of
  interest (``CheckStep.ask_about_conflicts``, audited ``despite_conflict``) —, and
  "Conflicto de intereses: detener" adds nobody.
- ``CloseCaseDialog`` — the ``cierre_caso`` form rendered by ``app.ui.forms.FormView``
  (matter and date prefilled); the form's own rules first, then ``close_case`` validates
  the answers by the same form. It lists the case's pending hearings and deadlines and
  offers (ticked) to cancel them with the case, in the same write.
- ``ReopenDialog`` — the reason for reopening (``reopen_case`` keeps it as a signed note);
  it lists the hearings and deadlines the closing cancelled that are still to come
  (``Backend.restorable_items``) and offers (ticked) to restore them, in the same write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStackedWidget,
    QWidget,
)

from app.core import cases
from app.core.duplicates import DIFFERENT, SAME
from app.core.people import full_name
from app.core.search import listed_match
from app.ui.forms.editors import guard_wheel
from app.ui.intake_check import CheckGroup, CheckStep
from app.ui.person_form import PersonFields
from app.ui.ports import Backend, Candidate, Filters, Row
from app.ui.record_page import SaveDialog, allow, office_today
from app.ui.widgets import fmt_datetime, label_for, ui_lang
from app.ui.worker import Latest, Worker
from sync.spec import vocab

COURT_FILE_EXAMPLE = "00123-2021-0-1801-JP-FC-01"
SEARCH_DELAY_MS = 250
CHECK_WIDTH = 780  # px the party dialog takes to show a candidate's three decisions


class CaseEditDialog(SaveDialog):
    """Court file number, status, defender and matter of one case."""

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        case: Row,
        users: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Editar datos del caso"), self.tr("Guardar"), worker, parent)
        self._backend = backend
        self.case = dict(case)
        form = QFormLayout()
        self.court_file = QLineEdit(str(case.get("court_file_number") or ""))
        self.court_file.setPlaceholderText(COURT_FILE_EXAMPLE)
        self.court_file.setAccessibleName(self.tr("Expediente judicial"))
        self.court_file.setToolTip(
            self.tr("Número de expediente del Poder Judicial, ej. %1").replace(
                "%1", COURT_FILE_EXAMPLE
            )
        )
        self.status = QComboBox()
        guard_wheel(self.status)
        self.status.setAccessibleName(self.tr("Estado"))
        lang = ui_lang()
        closed = case.get("status") == "closed"
        for code in ("closed",) if closed else ("open", "archived"):
            self.status.addItem(vocab.CASE_STATUS.label(code, lang), code)
        self.status.setCurrentIndex(max(0, self.status.findData(case.get("status"))))
        if closed:
            self.status.setEnabled(False)
            self.status.setToolTip(self.tr("El caso está concluido: use «Reabrir caso…»."))
        self.defender = QComboBox()
        guard_wheel(self.defender)
        self.defender.setAccessibleName(self.tr("Defensor/a"))
        for user_id, label in users:
            self.defender.addItem(label, user_id)
        self.defender.setCurrentIndex(max(0, self.defender.findData(case.get("defender_id"))))
        self.matter = QComboBox()
        guard_wheel(self.matter)
        self.matter.setAccessibleName(self.tr("Materia"))
        for code, label in vocab.MATTER.labels(lang).items():
            self.matter.addItem(label, code)
        if case.get("matter") and self.matter.findData(case.get("matter")) < 0:
            self.matter.addItem(str(case["matter"]), case["matter"])
        self.matter.setCurrentIndex(max(0, self.matter.findData(case.get("matter"))))
        self.add_field(form, "court_file_number", self.tr("Expediente judicial"), self.court_file)
        self.add_field(form, "status", self.tr("Estado"), self.status)
        self.add_field(form, "defender_id", self.tr("Defensor/a"), self.defender)
        self.add_field(form, "matter", self.tr("Materia"), self.matter)
        self.layout_.addLayout(form)
        self.finish_layout()
        self.resize(520, self.sizeHint().height())

    def changes(self) -> dict[str, Any]:
        """The fields whose value on screen differs from the case (court file: as typed)."""
        now = {
            "court_file_number": self.court_file.text().strip().upper() or None,
            "status": self.status.currentData(),
            "defender_id": self.defender.currentData(),
            "matter": self.matter.currentData(),
        }
        before = {k: self.case.get(k) or None for k in now}
        return {k: v for k, v in now.items() if v != before[k] and self._editable(k)}

    def _editable(self, name: str) -> bool:
        return name != "status" or self.status.isEnabled()

    def work(self) -> Callable[[], Any] | None:
        changes = self.changes()
        if not changes:
            self.message.setText(self.tr("No hay cambios que guardar."))
            return None
        backend, case_id = self._backend, str(self.case["id"])
        return lambda: backend.edit_case(case_id, changes)


class PartyDialog(SaveDialog):
    """Add another party to the case: a registered person found by name or document, or
    a person registered here — after the intake's conflict check (``CheckStep``): the
    people like them who matter are shown, the defender decides about each, the
    decisions are audited (``Backend.record_decisions`` with the case), and "Conflicto de
    intereses: detener" adds nobody. ``result_value`` is the new party's id, or None when
    the check stopped it."""

    SEARCH, NEW, CHECK = 0, 1, 2  # the pages of ``modes``

    def __init__(
        self, backend: Backend, worker: Worker, case_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Agregar parte al caso"), self.tr("Agregar"), worker, parent)
        self._backend = backend
        self.case_id = case_id
        self._latest = Latest(worker)
        self._checked: tuple[Any, ...] | None = None  # who the check on screen is about
        self._confirmed = False  # the conflict question answered for the choices made
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Nombre, apellido o documento"))
        self.query.setAccessibleName(self.tr("Buscar persona"))
        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("Personas encontradas"))
        self.people.setMinimumHeight(120)
        found = QWidget()
        search_form = QFormLayout(found)
        search_form.setContentsMargins(0, 0, 0, 0)
        self.add_field(search_form, "query", self.tr("Buscar"), self.query)
        self.add_field(search_form, "person_id", self.tr("Persona"), self.people)
        self.person = PersonFields()
        self.field_messages.update(self.person.problems)  # refusals shown under her fields
        self.new_person = QCheckBox(self.tr("No está registrada: registrarla ahora"))
        self.new_person.toggled.connect(self._mode)
        self.check = CheckStep(heading=self.tr("Posibles conflictos de intereses"))
        self.check.decide_button.hide()  # the dialog's "Agregar" records and goes on
        self.check.back_requested.connect(self._back)
        self.check.decision_changed.connect(self._decision_changed)
        self.modes = QStackedWidget()
        self.modes.addWidget(found)
        self.modes.addWidget(self.person)
        self.modes.addWidget(self.check)
        self.role = QComboBox()
        guard_wheel(self.role)
        self.role.setAccessibleName(self.tr("Rol"))
        for code in ("counterparty", "other"):
            self.role.addItem(vocab.PARTY_ROLE.label(code, ui_lang()), code)
        self.role_form = role_form = QFormLayout()
        self.add_field(role_form, "role", self.tr("Rol"), self.role)
        self.layout_.addWidget(self.new_person)
        self.layout_.addWidget(self.modes, 1)
        self.layout_.addLayout(role_form)
        self.finish_layout()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.resize(560, self.sizeHint().height())

    def _mode(self, new: bool) -> None:
        self.modes.setCurrentIndex(self.NEW if new else self.SEARCH)
        self.message.setText("")
        (self.person.edits["given_names"] if new else self.query).setFocus()

    def _decision_changed(self) -> None:
        self.message.setText("")
        self._confirmed = False  # a new choice: a conflict is asked about again

    def _back(self) -> None:
        """From the check back to the person (nothing recorded)."""
        self._checked = None
        self._confirmed = False
        self._asking(False)
        self._mode(self.new_person.isChecked())

    def _asking(self, check: bool) -> None:
        """The check on screen alone: the choice of who and the role it is about go while
        it asks (fresh 11 #29: greyed, they read as rows under and over the panel; the
        panel's title names the role), and come back with "Volver"."""
        self.new_person.setVisible(not check)
        box = self.role.parentWidget()  # its row (``add_field``: the combo and its line)
        if box is not None:
            self.role_form.setRowVisible(box, not check)

    def search(self) -> None:
        text, backend = self.query.text().strip(), self._backend
        if len(text) < 2:
            self.people.clear()
            return

        def find() -> list[Row]:  # as the search ranks people (``listed_match``), stable
            rows = backend.fetch("person", Filters(text=text), "name", False, 0, 30)
            return sorted(rows, key=lambda row: listed_match(str(row.get("name") or ""), text))

        self._latest.submit(
            find,
            self._show,
            lambda exc: self._failed(exc),
        )

    def _show(self, rows: list[Row]) -> None:
        self.people.clear()
        for row in rows:
            label = " · ".join(str(p) for p in (row.get("name"), row.get("doc")) if p)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.get("id"))
            item.setData(Qt.ItemDataRole.UserRole + 1, row.get("name"))
            self.people.addItem(item)
        if rows:
            self.people.setCurrentRow(0)
            self.message.setText("")
        else:
            self.message.setText(
                self.tr("Nadie registrado coincide: marque «No está registrada» para registrarla.")
            )

    def work(self) -> Callable[[], Any] | None:
        if self.modes.currentIndex() == self.CHECK:
            return self._decided_work()
        role, backend = str(self.role.currentData()), self._backend
        if self.new_person.isChecked():
            local = self.person.local_problems()
            self.person.show_problems(local)
            if local:
                self.message.setText(self.tr("Revise los datos marcados."))
                return None
            person = {k: v for k, v in self.person.values().items() if v not in ("", None, 0)}
            key: tuple[Any, ...] = ("new", tuple(sorted(person.items())), role)
            name = full_name(person)

            def find() -> list[Candidate]:
                found = backend.find_candidates(person, "other")  # validates her first
                return found if role in cases.CONFLICT_ROLES else []

        else:
            item = self.people.currentItem()
            if item is None:
                self.message.setText(self.tr("Busque y elija primero a la persona."))
                return None
            person_id = str(item.data(Qt.ItemDataRole.UserRole))
            key = ("found", person_id, role)
            name = str(item.data(Qt.ItemDataRole.UserRole + 1) or item.text())

            def find() -> list[Candidate]:
                return backend.party_candidates(person_id, role)

        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Buscando posibles conflictos de intereses…"))
        self._worker.submit(find, lambda found: self._candidates(key, name, found), self._failed)
        return None

    def _candidates(self, key: tuple[Any, ...], name: str, found: list[Candidate]) -> None:
        """The check's answer: nobody who matters — add at once; else the decisions."""
        self.buttons.setEnabled(True)
        self.message.setText("")
        self._checked = key
        title = f"{self.role.currentText()}: {name}"  # the role the check is about
        group = CheckGroup("other", name, list(found), title=title)
        self.check.show_groups([group])
        if not group.candidates:
            self.buttons.setEnabled(False)
            self._worker.submit(self._add(key, None), self._done, self._failed)
            return
        if key[0] == "found":  # the one chosen in the list is not "another person"
            for row in self.check.candidate_rows:
                if row.candidate.person_id == key[1]:
                    allow(row.buttons[DIFFERENT], self.tr("Es la persona que eligió en la lista."))
        self._asking(True)  # the check was about this role: it stays as chosen
        self.modes.setCurrentIndex(self.CHECK)
        # the three decisions side by side: wide enough for them (within the window)
        parent = self.parentWidget()
        room = parent.width() - 40 if parent is not None else CHECK_WIDTH
        self.resize(max(self.width(), min(CHECK_WIDTH, room)), self.height())
        self.check.first_stop().setFocus()

    def _decided_work(self) -> Callable[[], Any] | None:
        """Record the decisions about the people shown, then add — or, on a conflict of
        interest, add nobody."""
        key = self._checked
        if key is None:
            return None
        stop = self.check.conflict()
        problem = None if stop else self.check.problem()
        if problem:
            self.message.setText(problem)
            return None
        if not stop and not self._confirmed and self.check.ask_about_conflicts(self._asked):
            return None  # a client of the office as the other side: never silently
        groups = self.check.groups
        decisions = {k: v for g in groups for k, v in self.check.decisions(g).items() if v}
        scores = {c.person_id: c.score for g in groups for c in g.candidates}
        same = [p for p, d in decisions.items() if d == SAME]
        backend, case_id = self._backend, self.case_id
        despite = sorted(self.check.acknowledged)
        add = self._add(key, same[0] if same else None)

        def job() -> str | None:
            if decisions:
                backend.record_decisions(
                    "", "other", decisions, scores, None, case_id, despite=despite
                )
            return None if stop else add()

        return job

    def _asked(self) -> None:
        """The intake's question about a conflict of interest was answered ("Detener"
        ticked the conflict; "Continuar" acknowledged it): record and go on."""
        self._confirmed = True
        self.save()

    def _add(self, key: tuple[Any, ...], same: str | None) -> Callable[[], str]:
        """The write the check let through: the person chosen, the registered person the
        defender said the new one is, or the new person registered."""
        backend, case_id, role = self._backend, self.case_id, str(key[2])
        if key[0] == "found":
            person_id = str(key[1])
            return lambda: backend.add_party(case_id, person_id, role)
        if same:
            return lambda: backend.add_party(case_id, same, role)
        person = dict(key[1])
        return lambda: backend.add_new_party(case_id, person, role)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        problems = getattr(exc, "problems", None) or []
        if self.modes.currentIndex() == self.CHECK and problems:
            # the person's fields are not on screen: the refusal itself ("ya es parte…")
            self.message.setText("\n".join(str(getattr(p, "shown", p)) for p in problems))
            return
        if self.modes.currentIndex() != self.CHECK:
            self._checked = None
        super()._failed(exc)


class CloseCaseDialog(SaveDialog):
    """The ``cierre_caso`` form; ``close_case`` checks the answers by the same form. The
    case's pending hearings and deadlines (``pending``) are listed, and cancelled with
    the case unless the defender unticks ``cancel_pending``."""

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        case: Row,
        parent: QWidget | None = None,
        pending: list[Row] | None = None,
    ) -> None:
        super().__init__(self.tr("Cerrar el caso"), self.tr("Cerrar el caso"), worker, parent)
        from app.ui.forms import FormView
        from forms import load_registry

        self._backend = backend
        self.case = dict(case)
        registry = getattr(backend, "form_registry", None) or load_registry()
        self.form = FormView(registry.get("cierre_caso"), lang=ui_lang())
        today = office_today().toString("yyyy-MM-dd")
        self.form.prefill({"materia": case.get("matter"), "fecha_cierre": today})
        if self.form.nav.count() <= 1:
            self.form.nav.hide()  # one section: the section list would only take room
        title = QLabel(
            self.tr("Caso %1: complete el formulario de cierre.").replace(
                "%1", str(case.get("internal_number") or "")
            )
        )
        title.setWordWrap(True)
        self.layout_.addWidget(title)
        self.layout_.addWidget(self.form, 1)
        self.pending = list(pending or [])
        self.cancel_pending = QCheckBox(
            self.tr(
                "Cancelar con el caso %n audiencia(s) o plazo(s) pendiente(s):",
                "",
                len(self.pending),
            )
        )
        self.cancel_pending.setChecked(True)
        self.pending_list = items_label(self.pending)
        if self.pending:
            self.layout_.addWidget(self.cancel_pending)
            self.layout_.addWidget(self.pending_list)
        else:
            self.cancel_pending.hide()
            self.pending_list.hide()
        self.finish_layout()
        self.resize(700, 480)
        self._listed = False  # the problems are listed under the form (``_recheck``)
        self.form.answers_changed.connect(self._recheck)

    def _list(self, problems: list[str]) -> None:
        self._listed = bool(problems)
        lines = [self.tr("Revise el formulario:"), *problems[:4]] if problems else []
        self.message.setText("\n".join(lines))

    def _recheck(self) -> None:
        """The problems listed follow the edits, their room kept to the next save: one
        fixed leaves the list, the line goes once none is left (fresh 10 #28: it stayed
        after both were fixed), and the buttons below never move under the pointer."""
        if self._listed:
            room = self.message.height()
            self._list(self.form.problems(reveal=False))
            self.message.setMinimumHeight(max(room, self.message.minimumHeight()))

    def work(self) -> Callable[[], Any] | None:
        problems = self.form.problems()
        if problems:
            self._list(problems)
            return None
        backend, case_id, answers = self._backend, str(self.case["id"]), self.form.answers()
        cancel = self.cancel_pending.isChecked()
        return lambda: backend.close_case(case_id, answers, cancel)


class ReopenDialog(SaveDialog):
    """Why a concluded or archived case is reopened; the hearings and deadlines its
    closing cancelled that are still to come (``restorable``) are listed, and restored
    with it unless the defender unticks ``restore``."""

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        case_id: str,
        parent: QWidget | None = None,
        restorable: list[Row] | None = None,
    ) -> None:
        super().__init__(self.tr("Reabrir el caso"), self.tr("Reabrir"), worker, parent)
        self._backend = backend
        self.case_id = case_id
        form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Motivo"))
        self.reason.setPlaceholderText(self.tr("ej. La demandada apeló la sentencia"))
        self.reason.setMaximumHeight(6 * self.reason.fontMetrics().lineSpacing())
        hint = QLabel(self.tr("El motivo queda como una nota firmada del caso."))
        hint.setObjectName("hint")
        self.add_field(form, "reason", self.tr("Motivo"), self.reason)
        self.layout_.addLayout(form)
        self.layout_.addWidget(hint)
        self.restorable = list(restorable or [])
        self.restore = QCheckBox(
            self.tr(
                "Restaurar %n audiencia(s) o plazo(s) que el cierre canceló:",
                "",
                len(self.restorable),
            )
        )
        self.restore.setChecked(True)
        self.restore_list = items_label(self.restorable)
        if self.restorable:
            self.layout_.addWidget(self.restore)
            self.layout_.addWidget(self.restore_list)
        else:
            self.restore.hide()
            self.restore_list.hide()
        self.finish_layout()
        self.resize(520, self.sizeHint().height())

    def work(self) -> Callable[[], Any] | None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.show_problem("reason", self.tr("Escriba el motivo."))
            return None
        backend, case_id, restore = self._backend, self.case_id, self.restore.isChecked()
        return lambda: backend.reopen_case(case_id, reason, restore)


def items_label(items: list[Row]) -> QLabel:
    """Hearings and deadlines listed one a line: "• date · Audiencia · detail"."""
    label = QLabel(
        "\n".join(
            f"• {fmt_datetime(h.get('at'))} · {label_for(h.get('category'))} · "
            f"{label_for(h.get('kind'))}"
            for h in items
        )
    )
    label.setWordWrap(True)
    return label
