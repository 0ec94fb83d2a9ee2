"""Deadlines from a trigger, in the case view: "Plazos por notificación…".

Owns ``DeadlinesDialog`` (opened by ``ask_deadlines`` from the hearings tab): the
defender picks the procedure (the case matter's usual one first), the act that starts
the terms (e.g. "Notificación de la sentencia") and its date; "Calcular plazos" asks the
rules (``Backend.propose_deadlines``, in the worker) and shows each deadline with its
computed due date, how it was counted and the rule (title, legal reference, id and
version of the set). Each is accepted as proposed, left out, or given another date —
then a reason is required. "Guardar plazos" records the chosen ones
(``Backend.record_deadlines``) and closes only once saved.
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
from app.ui.ports import Backend, Row
from app.ui.record_page import SaveDialog, office_today
from app.ui.widgets import fmt_date
from app.ui.worker import Worker


class ProposalRow(QFrame):
    """One proposed deadline: accept it, or set another date with a reason."""

    def __init__(self, proposal: Row, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal = proposal
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = str(proposal["title"])  # the rule's Spanish name: never its id or version
        self.accept_box = QCheckBox(title)
        self.accept_box.setChecked(True)
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
        side = str(proposal.get("side") or "")  # listed only when the case's side is unknown
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
        for code, label in choices.get("procedures", []):
            self.procedure.addItem(label, code)
        self.trigger = QComboBox()
        self.trigger.setAccessibleName(self.tr("Acto que inicia el plazo"))
        self.on = DateField(name=self.tr("Fecha del acto"))
        today = office_today()
        self.on.set_value(today.toString("yyyy-MM-dd"))
        self.compute = QPushButton(self.tr("Calcular plazos"))
        self.compute.setAccessibleName(self.tr("Calcular plazos"))
        self.compute.clicked.connect(self.ask_proposals)
        self.add_field(form, "procedure", self.tr("Proceso"), self.procedure)
        self.add_field(form, "trigger", self.tr("Acto"), self.trigger)
        self.add_field(form, "on", self.tr("Fecha del acto"), self.on)
        form.addRow("", self.compute)
        self.side = side = str(choices.get("side") or "")
        self.side_note = QLabel(
            self.tr("Su cliente es la parte demandante: se proponen solo sus plazos.")
            if side == "demandante"
            else self.tr("Su cliente es la parte demandada: se proponen solo sus plazos.")
        )
        self.side_note.setWordWrap(True)
        self.side_note.setObjectName("hint")
        form.addRow("", self.side_note)
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
        self._fill_triggers()
        self.resize(620, 520)

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
            from app.ui.errors import user_message

            self.compute.setEnabled(True)
            self.message.setText(user_message(exc))

        self._worker_ref.submit(
            lambda: backend.propose_deadlines(case_id, trigger, on, procedure), shown, failed
        )

    def show_proposals(self, proposals: list[Row]) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = [ProposalRow(p) for p in proposals]
        for index, row in enumerate(self.rows):
            self.list_layout.insertWidget(1 + index, row)
        none = (
            self.tr("Este acto no inicia plazos para su cliente en este proceso.")
            if self.side
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
        if missing:
            return None
        if not choices:
            self.message.setText(self.tr("No eligió ningún plazo."))
            return None
        backend, case_id = self._backend, self.case_id
        return lambda: backend.record_deadlines(case_id, trigger, on, choices, procedure)


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


def _recorded(dialog: QWidget, ids: Any) -> str:
    return dialog.tr("Plazos registrados: %1.").replace("%1", str(len(ids or [])))
