"""The referrals tab of the case view: the case's referrals and a dialog to add one.

Owns the display of ``app.core.referrals.list_referrals`` rows (institution, date,
status, reason, follow-up) and the "Nueva derivación…" dialog. Institutions and
statuses, with their labels, come from the entity specification's vocabularies
(``sync.spec.vocab``); reads and writes go through the ``Backend`` port on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.ports import Backend, Row
from app.ui.widgets import ok_cancel, ui_lang
from app.ui.worker import Latest, Worker
from sync.spec import vocab


class ReferralDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nueva derivación"))
        form = QFormLayout(self)
        self.institution = QComboBox()
        for code, label in vocab.REFERRAL_INSTITUTION.labels(ui_lang()).items():
            self.institution.addItem(label, code)
        self.institution.setAccessibleName(self.tr("Institución"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("ej. CEM Comisaría de Wanchaq"))
        self.name.setAccessibleName(self.tr("Nombre de la institución"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setAccessibleName(self.tr("Fecha de derivación"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Motivo"))
        form.addRow(self.tr("Institución"), self.institution)
        form.addRow(self.tr("Nombre"), self.name)
        form.addRow(self.tr("Fecha"), self.date)
        form.addRow(self.tr("Motivo"), self.reason)
        form.addRow(ok_cancel(self, self.tr("Guardar")))

    def values(self) -> dict[str, Any]:
        return {
            "institution": str(self.institution.currentData()),
            "institution_name": self.name.text().strip() or None,
            "referred_on": self.date.date().toString("yyyy-MM-dd"),
            "reason": self.reason.toPlainText().strip(),
        }


class ReferralPanel(QWidget):
    """The case's referrals; ``changed`` after a successful write."""

    changed = Signal()
    error = Signal(object)
    COLUMNS = ("referred_on", "institution", "institution_name", "status", "reason", "follow_up")

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend, self._worker = backend, worker
        self._latest = Latest(worker)
        self.case_id = ""
        self.rows: list[Row] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Fecha"),
                self.tr("Institución"),
                self.tr("Nombre"),
                self.tr("Estado"),
                self.tr("Motivo"),
                self.tr("Seguimiento"),
            ]
        )
        self.table.setAccessibleName(self.tr("Derivaciones del caso"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        add = QPushButton(self.tr("Nueva derivación…"))
        add.clicked.connect(self._ask)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def load(self, case_id: str) -> None:
        self.case_id = case_id
        backend = self._backend
        self._latest.submit(lambda: backend.case_referrals(case_id), self._fill, self.error.emit)

    def _fill(self, rows: list[Row]) -> None:
        self.rows = rows
        lang = ui_lang()
        shown = {
            "institution": lambda v: vocab.REFERRAL_INSTITUTION.label(v, lang),
            "status": lambda v: vocab.REFERRAL_STATUS.label(v, lang),
        }
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, key in enumerate(self.COLUMNS):
                show: Callable[[Any], str] = shown.get(key, lambda v: str(v or ""))
                self.table.setItem(r, c, QTableWidgetItem(show(row.get(key))))

    def _ask(self) -> None:
        dialog = ReferralDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add(dialog.values())

    def add(self, values: dict[str, Any]) -> None:
        backend, case_id = self._backend, self.case_id

        def done(_result: object) -> None:
            self.changed.emit()
            self.load(case_id)

        self._latest.drop()  # a load already running would miss this write
        self._worker.submit(lambda: backend.add_referral(case_id, values), done, self.error.emit)
