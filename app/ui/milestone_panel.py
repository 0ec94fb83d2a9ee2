"""The "Hitos" tab of the case view: the case's dated steps, and recording one.

Owns the display of ``app.core.milestones.case_milestones`` (date in Peru's format, the
step's label, whether Chasqui took it from other records — the intake, the eligibility
decision, the first hearing held, the closure — or a person recorded it) and
the "Registrar hito…" dialog (``MilestoneDialog``, a ``SaveDialog``: the step, from the
kinds of the entity specification's vocabulary, its date in the one date editor — no date
after today — and an optional note; a refusal keeps the dialog open with the problem under
its field). Reads and writes go through the ``Backend`` port on the worker; ``notice``
confirms the saved step. These dates feed the "Tiempos" page and the timeliness report.
"""

from __future__ import annotations

from typing import Any

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


class MilestoneDialog(SaveDialog):
    """One dated step of the case (``Backend.add_milestone``)."""

    def __init__(self, backend: Backend, worker: Worker, case_id: str, parent: QWidget) -> None:
        super().__init__(self.tr("Registrar hito"), self.tr("Guardar"), worker, parent)
        self._backend, self._case_id = backend, case_id
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Hito"))
        for code, label in vocab.MILESTONE_KIND.labels(ui_lang()).items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(self.kind.findData("filed"))  # the first one not derived
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
        return lambda: backend.add_milestone(case_id, kind, day, note)


class MilestonePanel(CaseTab):
    """The case's milestones; ``changed`` after a step was recorded."""

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(backend, worker, parent)
        self.dialog: MilestoneDialog | None = None
        self.table = read_only_table(
            [self.tr("Fecha"), self.tr("Hito"), self.tr("Origen")],
            self.tr("Hitos del caso"),
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        fill_table(
            self.table,
            [
                [
                    fmt_date(row.get("occurred_on")),
                    vocab.MILESTONE_KIND.label(row.get("kind"), ui_lang()),
                    self.tr("De los registros") if row.get("derived") else self.tr("Registrado"),
                ]
                for row in rows
            ],
            [row.get("kind") for row in rows],
        )

    def ask_new(self) -> None:
        dialog = MilestoneDialog(self._backend, self._worker, self.case_id, self)
        case_id = self.case_id

        def saved() -> None:
            self.notice.emit(self.tr("Hito registrado."))
            self.changed.emit()
            self.load(case_id)

        open_dialog(dialog, saved, self._keep)

    def _keep(self, dialog: Any) -> None:
        self.dialog = dialog
