"""Deadlines from a trigger, in the case view: "Plazos por notificación…".

Owns ``DeadlinesDialog`` (opened by ``ask_deadlines`` from the hearings tab): the
defender picks the procedure (the case matter's usual one first), the act that starts
the terms (e.g. "Notificación de la sentencia") and its date; "Calcular plazos" asks the
rules (``Backend.propose_deadlines``, in the worker) and shows each deadline with its
computed due date, how it was counted and the rule (title, legal reference, id and
version of the set). Each is accepted as proposed, left out, or given another date —
then a reason is required. When the client's side is only a guess from names (no
document, no rol procesal: ``deadlines.case_side``), the dialog says so and the other
side's terms come last, headed "Plazo de la otra parte" and unticked (review5 F10: a
wrong guess never hides the client's own term). An act that says a step of the case
happened (the notified sentence: ``deadlines.TRIGGER_MILESTONE``) offers to record that
milestone too, on the day the defender types — the sentence's own date, which may be
before its notification; asked, never assumed — ticked unless the case has it already
(fresh5 #19: the statistics no longer wait for the same fact typed twice). "Guardar
plazos" records the chosen ones (``Backend.record_deadlines``) and closes only once saved.
The act's date and the sentence's are the case's facts (``Backend.day_questions`` =
``app.core.case_dates``): a notification to come, or a sentence the case's steps rule
out, is refused under its field (fresh8 #7/#27); a day before the case was opened is
said, and a second "Guardar plazos" saves it as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.forms.dates import DateField
from app.ui.offers import offer_by_matter
from app.ui.ports import Backend, Row
from app.ui.record_page import SaveDialog, office_today
from app.ui.widgets import fmt_date, ui_lang
from app.ui.worker import Worker
from sync.spec import vocab


class ProposalRow(QFrame):
    """One proposed deadline: accept it, or set another date with a reason."""

    def __init__(self, proposal: Row, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal = proposal
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = str(proposal["title"])  # the rule's Spanish name: never its id or version
        self.other_side = bool(proposal.get("other_side"))
        self.whose = QLabel(self.tr("Plazo de la otra parte"))
        bold = self.whose.font()
        bold.setBold(True)
        self.whose.setFont(bold)
        self.accept_box = QCheckBox(title)
        self.accept_box.setChecked(not self.other_side)  # a guessed side: the defender decides
        self.accept_box.setAccessibleName(self.tr("Aceptar %1").replace("%1", title))
        unit = (
            self.tr("días hábiles") if proposal["unit"] == "working" else self.tr("días calendario")
        )
        skipped = list(proposal.get("skipped") or [])
        counted = f"{proposal['days']} {unit}"
        if skipped:
            counted += self.tr(" (no se cuentan: %1)").replace(
                "%1", "; ".join(f"{fmt_date(d['date'])} {d['reason']}" for d in skipped)
            )
        self.rule = QLabel(
            self.tr("Vence el %1 · %2\nBase legal: %3")
            .replace("%1", fmt_date(str(proposal["due"])))
            .replace("%2", counted)
            .replace("%3", str(proposal["reference"]))
        )
        side = str(proposal.get("side") or "")  # listed when the side is unknown or a guess
        if side:
            self.rule.setText(
                self.rule.text()
                + "\n"
                + (
                    self.tr("Corre para la parte demandada: acéptelo solo si su cliente lo es.")
                    if side == "demandado"
                    else self.tr(
                        "Corre para la parte demandante: acéptelo solo si su cliente lo es."
                    )
                )
            )
        self.rule.setWordWrap(True)
        self.rule.setObjectName("hint")
        self.due = DateField(name=self.tr("Fecha de vencimiento de %1").replace("%1", title))
        self.due.set_value(str(proposal["due"]))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Motivo del cambio de %1").replace("%1", title))
        self.reason.setPlaceholderText(self.tr("Solo si cambia la fecha: el motivo"))
        self.problem = QLabel()
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("Vence"), self.due)
        form.addRow(self.tr("Motivo"), self.reason)
        v = QVBoxLayout(self)
        v.addWidget(self.whose)
        self.whose.setVisible(self.other_side)
        v.addWidget(self.accept_box)
        v.addWidget(self.rule)
        v.addLayout(form)
        v.addWidget(self.problem)
        self.accept_box.toggled.connect(self._enable)
        self.due.changed.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        on = self.accept_box.isChecked()
        self.due.setEnabled(on)
        self.reason.setEnabled(on and self.adjusted())

    def adjusted(self) -> bool:
        return (self.due.value() or "") != str(self.proposal["due"])

    def choice(self) -> Row | None:
        """None when left out; else ``{due, reason}`` (due None: as proposed; "": another
        date not typed in full)."""
        if not self.accept_box.isChecked():
            return None
        if not self.adjusted():
            return {"due": None, "reason": ""}
        return {"due": self.due.value() or "", "reason": self.reason.text().strip()}

    def say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


class DeadlinesDialog(SaveDialog):
    """Record the deadlines a trigger starts, as the rules propose them."""

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        case_id: str,
        choices: Row,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Plazos por notificación"), self.tr("Guardar plazos"), worker, parent
        )
        self._backend, self._worker_ref, self.case_id = backend, worker, case_id
        self._choices = choices
        self.rows: list[ProposalRow] = []
        self._asked: tuple[str, str, str] | None = None  # (procedure, trigger, on) shown
        form = QFormLayout()
        self.procedure = QComboBox()
        self.procedure.setAccessibleName(self.tr("Proceso"))
        usual = set(choices.get("usual", []))  # the case matter's procedures; others asked
        procedures = choices.get("procedures", [])
        self.more_procedures = offer_by_matter(
            self.procedure,
            [p for p in procedures if p[0] in usual],
            [p for p in procedures if p[0] not in usual],
            self.tr("Mostrar procesos de otras materias"),
        )
        self.trigger = QComboBox()
        self.trigger.setAccessibleName(self.tr("Acto que inicia el plazo"))
        self.on = DateField(name=self.tr("Fecha del acto"))
        today = office_today()
        self.on.set_value(today.toString("yyyy-MM-dd"))
        self.compute = QPushButton(self.tr("Calcular plazos"))
        self.compute.setAccessibleName(self.tr("Calcular plazos"))
        self.compute.clicked.connect(self.ask_proposals)
        self.add_field(form, "procedure", self.tr("Proceso"), self.procedure)
        if self.more_procedures is not None:
            form.addRow("", self.more_procedures)
        self.add_field(form, "trigger", self.tr("Acto"), self.trigger)
        self.add_field(form, "on", self.tr("Fecha del acto"), self.on)
        form.addRow("", self.compute)
        self.side = side = str(choices.get("side") or "")
        self.side_certain = bool(choices.get("side_certain"))
        if not self.side_certain:  # from names alone: nothing withheld, said so
            note = (
                self.tr(
                    "Según los nombres de la ficha (sin documento), su cliente sería la parte "
                    "demandante: los plazos de la otra parte se listan al final, sin marcar."
                )
                if side == "demandante"
                else self.tr(
                    "Según los nombres de la ficha (sin documento), su cliente sería la parte "
                    "demandada: los plazos de la otra parte se listan al final, sin marcar."
                )
            )
        elif side == "demandante":
            note = self.tr("Su cliente es la parte demandante: se proponen solo sus plazos.")
        else:
            note = self.tr("Su cliente es la parte demandada: se proponen solo sus plazos.")
        self.side_note = QLabel(note)
        self.side_note.setWordWrap(True)
        self.side_note.setObjectName("hint")
        form.addRow("", self.side_note)
        self.step_box = QCheckBox()
        self.step_on = DateField(maximum=today, name=self.tr("Fecha de la sentencia"))
        self.step_note = QLabel()
        self.step_note.setWordWrap(True)
        self.step_note.setObjectName("hint")
        self.add_field(form, "step", "", self.step_box)
        self.add_field(form, "decided_on", self.tr("Fecha de la sentencia"), self.step_on)
        form.addRow("", self.step_note)
        self._form = form
        self.step_label = ""  # the milestone the act records, as the screen names it
        self.intro = QLabel(self.tr("Elija el acto y su fecha y pulse «Calcular plazos»."))
        self.intro.setWordWrap(True)
        self.list_box = QWidget()
        self.list_layout = QVBoxLayout(self.list_box)
        self.list_layout.addWidget(self.intro)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_box)
        self.layout_.addLayout(form)
        self.layout_.addWidget(scroll, 1)
        self.finish_layout()
        self.side_note.setVisible(bool(side))  # once in the dialog: never a window of its own
        self.procedure.currentIndexChanged.connect(self._fill_triggers)
        self.trigger.currentIndexChanged.connect(lambda _i: self._show_step())
        self.step_box.toggled.connect(lambda _on: self._show_step(keep=True))
        self._fill_triggers()
        self.resize(620, 520)

    def _step(self) -> Row | None:
        """The milestone the chosen act records (``{kind, reached}``), or None."""
        found = self._choices.get("steps", {}).get(str(self.trigger.currentData()))
        return found if isinstance(found, dict) else None

    def _show_step(self, keep: bool = False) -> None:
        """The act's milestone: offered (ticked unless the case has it) with its own date."""
        step = self._step()
        for widget in (self.step_box, self.step_on):
            box = widget.parentWidget()  # the row's box (``SaveDialog.add_field``)
            if box is not None:
                self._form.setRowVisible(box, step is not None)
        self._form.setRowVisible(self.step_note, step is not None)
        if step is None:
            return
        self.step_label = label = vocab.MILESTONE_KIND.label(step["kind"], ui_lang())
        self.step_box.setText(self.tr("Registrar también el hito «%1»").replace("%1", label))
        if not keep:
            self.step_box.setChecked(not step.get("reached"))
        self.step_on.setEnabled(self.step_box.isChecked())
        self.step_note.setText(
            self.tr("El caso ya tiene este hito: %1.").replace("%1", fmt_date(step["reached"]))
            if step.get("reached")
            else self.tr("Escriba la fecha en que se dictó la sentencia, no la de su notificación.")
        )

    def step_wanted(self) -> bool:
        return self._step() is not None and self.step_box.isChecked()

    def _fill_triggers(self) -> None:
        code = self.procedure.currentData()
        self.trigger.clear()
        for trig, label in self._choices.get("triggers", {}).get(code, []):
            self.trigger.addItem(label, trig)

    def _question(self) -> tuple[str, str, str] | None:
        on = self.on.value()
        if not on or self.on.problem():
            self.show_problem("on", self.on.problem() or self.tr("Escriba la fecha del acto."))
            return None
        self.show_problem("on", "")
        return str(self.procedure.currentData()), str(self.trigger.currentData()), on

    def ask_proposals(self) -> None:
        question = self._question()
        if question is None:
            return
        procedure, trigger, on = question
        backend, case_id = self._backend, self.case_id
        self.compute.setEnabled(False)

        def shown(proposals: list[Row]) -> None:
            self.compute.setEnabled(True)
            self._asked = question
            self.show_proposals(proposals)

        def failed(exc: BaseException) -> None:
            self.compute.setEnabled(True)
            self._failed(exc)  # a day the case's facts rule out: under its field

        # the sentence's own day, when typed: the case's steps are read with it (a wrong
        # earlier one is corrected by it, not held against the notification)
        typed = self.step_on.value() if self.step_wanted() and not self.step_on.problem() else ""
        decided = typed or ""

        def ask() -> list[Row]:
            backend.day_questions(case_id, trigger, on, decided)  # refuses what cannot be
            return backend.propose_deadlines(case_id, trigger, on, procedure)

        self._worker_ref.submit(ask, shown, failed)

    def show_proposals(self, proposals: list[Row]) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = [ProposalRow(p) for p in proposals]
        for index, row in enumerate(self.rows):
            self.list_layout.insertWidget(1 + index, row)
        none = (
            self.tr("Este acto no inicia plazos para su cliente en este proceso.")
            if self.side and self.side_certain
            else self.tr("Ninguna regla da plazos para este acto en este proceso.")
        )
        self.intro.setText(
            none
            if not proposals
            else self.tr("Plazos que proponen las reglas (acepte, cambie la fecha o quítelos):")
        )
        self.message.setText("")

    def work(self) -> Callable[[], Any] | None:
        if self._asked is None or self._asked != self._question():
            self.message.setText(
                self.tr("Pulse «Calcular plazos» para ver los plazos de este acto.")
            )
            return None
        procedure, trigger, on = self._asked
        choices: dict[str, Row] = {}
        missing = False
        for row in self.rows:
            row.say("")
            choice = row.choice()
            if choice is None:
                continue
            if choice["due"] is not None and (row.due.problem() or not choice["due"]):
                row.say(row.due.problem() or self.tr("Escriba la fecha de vencimiento."))
                missing = True
            elif choice["due"] is not None and not choice["reason"]:
                row.say(self.tr("Indique el motivo de cambiar la fecha que da la regla."))
                missing = True
            choices[str(row.proposal["rule_id"])] = choice
        decided_on = ""
        self.show_problem("decided_on", "")
        if self.step_wanted():
            decided_on = self.step_on.value() or ""
            problem = self.step_on.problem() or (
                "" if decided_on else self.tr("Escriba la fecha de la sentencia.")
            )
            if not problem and decided_on > on:
                problem = self.tr("La sentencia no puede ser posterior a su notificación.")
            if problem:
                self.show_problem("decided_on", problem)
                missing = True
        if missing:
            return None
        if not choices and not decided_on:
            self.message.setText(self.tr("No eligió ningún plazo."))
            return None
        backend, case_id = self._backend, self.case_id
        if self.asked == (trigger, on, decided_on):  # asked already: saved as typed
            return lambda: backend.record_deadlines(
                case_id, trigger, on, choices, procedure, decided_on
            )
        self.ask_first(
            (trigger, on, decided_on),
            lambda: backend.day_questions(case_id, trigger, on, decided_on),
            self.tr("Guardar plazos"),
        )
        return None


OpenDialog = Callable[[SaveDialog, Callable[[Any], str]], None]


def ask_deadlines(
    backend: Backend,
    worker: Worker,
    case_id: str,
    parent: QWidget,
    open_dialog: OpenDialog,
    failed: Callable[[BaseException], None],
) -> None:
    """Open the dialog once the case's procedures are read (in the worker); once saved,
    ``open_dialog``'s message says how many deadlines were recorded."""

    def show(choices: Row) -> None:
        dialog = DeadlinesDialog(backend, worker, case_id, choices, parent)
        open_dialog(dialog, lambda ids: _recorded(dialog, ids))
        dialog.trigger.setFocus()

    worker.submit(lambda: backend.deadline_choices(case_id), show, failed)


def _recorded(dialog: DeadlinesDialog, ids: Any) -> str:
    said = dialog.tr("Plazos registrados: %1.").replace("%1", str(len(ids or [])))
    if dialog.step_wanted():
        said += " " + dialog.tr("Hito registrado: %1.").replace("%1", dialog.step_label)
    return said
