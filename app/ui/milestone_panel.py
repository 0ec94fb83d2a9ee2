"""The "Hitos" tab of the case view: the case's dated steps, and recording one.

Owns the display of ``app.core.milestones.case_milestones`` (date in Peru's format, the
step's label, its origin in plain words — "Automático (de la audiencia)" when Chasqui
took it from another record: the ficha, the eligibility decision, the first hearing held,
the closure; "Registrado por <usuario>" when a person recorded it — and the note typed
with it, whole in its tooltip) and the "Registrar hito…" dialog (``MilestoneDialog``, a
``SaveDialog``: the step, from the kinds of the entity specification's vocabulary — the
first one the case has not reached preselected, never one already there —, its date in
the one date editor — no date after today — and an optional note; a refusal keeps the
dialog open with the problem under its field). Reads and writes go through the
``Backend`` port on the worker; ``notice`` confirms the saved step. These dates feed
the "Tiempos" page and the timeliness report.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.forms.dates import DateField
from app.ui.ports import Backend, Row
from app.ui.record_page import (
    CaseTab,
    SaveDialog,
    fill_table,
    office_today,
    open_dialog,
    read_only_table,
)
from app.ui.widgets import fmt_date, ui_lang
from app.ui.worker import Worker
from sync.spec import vocab

# where a derived milestone comes from, said to the defender (``stats.milestones.DERIVED``)
SOURCE_WORDS = {
    "intake": QT_TRANSLATE_NOOP("MilestonePanel", "Automático (de la ficha)"),
    "eligibility": QT_TRANSLATE_NOOP("MilestonePanel", "Automático (de la evaluación)"),
    "first_hearing": QT_TRANSLATE_NOOP("MilestonePanel", "Automático (de la audiencia)"),
    "closure": QT_TRANSLATE_NOOP("MilestonePanel", "Automático (del cierre)"),
}


def origin(row: Row) -> str:
    """How a milestone came to be, in plain words (the "Origen" column)."""
    if row.get("derived"):
        words = SOURCE_WORDS.get(str(row.get("kind")), "Automático")
        return QCoreApplication.translate("MilestonePanel", str(words))
    who = str(row.get("recorded_by") or "")
    if not who:
        return QCoreApplication.translate("MilestonePanel", "Registrado")
    return QCoreApplication.translate("MilestonePanel", "Registrado por %1").replace("%1", who)


class MilestoneDialog(SaveDialog):
    """One dated step of the case (``Backend.add_milestone``); ``reached``: the kinds the
    case already has (none of them is preselected)."""

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        case_id: str,
        parent: QWidget,
        reached: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(self.tr("Registrar hito"), self.tr("Guardar"), worker, parent)
        self._backend, self._case_id = backend, case_id
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Hito"))
        for code, label in vocab.MILESTONE_KIND.labels(ui_lang()).items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(self.kind.findData(first_to_record(reached)))
        self.date = DateField(maximum=office_today(), name=self.tr("Fecha del hito"))
        self.date.set_value(office_today().toString("yyyy-MM-dd"))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Nota"))
        self.add_field(form, "kind", self.tr("Hito"), self.kind)
        self.add_field(form, "occurred_on", self.tr("Fecha"), self.date)
        self.add_field(form, "note", self.tr("Nota"), self.note)
        self.layout_.addLayout(form)
        self.finish_layout()

    def work(self) -> Any:
        day = self.date.value()
        if day is None:
            self.show_problem(
                "occurred_on", self.date.problem() or self.tr("Escriba la fecha del hito.")
            )
            return None
        backend, case_id = self._backend, self._case_id
        kind, note = str(self.kind.currentData()), self.note.text().strip() or None
        if self.asked == (kind, day):  # asked already: saved as typed
            return lambda: backend.add_milestone(case_id, kind, day, note)
        ask = self.tr("Guardar")
        self.ask_first((kind, day), lambda: backend.day_questions(case_id, kind, day), ask)
        return None


def first_to_record(reached: frozenset[str]) -> str:
    """The first recordable step (not derived) in the vocabulary's order that the case
    has not reached; the last one when it has them all."""
    from app.core.milestones import RECORDED

    return next((k for k in RECORDED if k not in reached), RECORDED[-1])


class MilestonePanel(CaseTab):
    """The case's milestones; ``changed`` after a step was recorded."""

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(backend, worker, parent)
        self.dialog: MilestoneDialog | None = None
        self.reached: frozenset[str] = frozenset()  # the kinds shown
        self.table = read_only_table(
            [self.tr("Fecha"), self.tr("Hito"), self.tr("Origen"), self.tr("Nota")],
            self.tr("Hitos del caso"),
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("Registrar hito…"))
        self.add_button.clicked.connect(lambda: self.ask_new())
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def load(self, case_id: str) -> None:
        self.case_id = case_id
        backend = self._backend
        self._latest.submit(lambda: backend.case_milestones(case_id), self._fill, self.error.emit)

    def _fill(self, rows: list[Row]) -> None:
        self.reached = frozenset(str(row.get("kind")) for row in rows)
        fill_table(
            self.table,
            [
                [
                    fmt_date(row.get("occurred_on")),
                    vocab.MILESTONE_KIND.label(row.get("kind"), ui_lang()),
                    origin(row),
                    str(row.get("note") or ""),
                ]
                for row in rows
            ],
            [row.get("kind") for row in rows],
        )
        for column in range(3):  # date, step and origin whole; the note takes the rest
            self.table.resizeColumnToContents(column)  # (cut notes read in their tooltip)

    def ask_new(self) -> None:
        dialog = MilestoneDialog(self._backend, self._worker, self.case_id, self, self.reached)
        case_id = self.case_id

        def saved() -> None:
            self.notice.emit(self.tr("Hito registrado."))
            self.changed.emit()
            self.load(case_id)

        open_dialog(dialog, saved, self._keep)

    def _keep(self, dialog: Any) -> None:
        self.dialog = dialog
