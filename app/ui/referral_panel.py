"""The referrals tab of the case view: the case's referrals, a new one, their follow-up.

Owns the display of ``app.core.referrals.list_referrals`` rows (date in Peru's format,
institution and its name, status, reason, follow-up; long texts wrap instead of being
cut), the "Nueva derivación…" dialog (``ReferralDialog``) and "Actualizar
seguimiento…" (``FollowUpDialog``: status, what happened, when; disabled with a tooltip
while no referral is selected). Dates use the one date editor
(``app.ui.forms.dates.DateField``). Institutions and statuses, with their labels, come
from the entity specification's vocabularies (``sync.spec.vocab``); reads and writes go
through the ``Backend`` port on the worker; the dialogs open window-modal without
blocking. ``notice`` confirms each saved change; a dialog's problem goes as soon as it is
solved (``app.ui.widgets.StepMessage``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.forms.dates import DateField
from app.ui.ports import Backend, Row
from app.ui.record_page import (
    CaseTab,
    allow,
    fill_table,
    office_today,
    open_dialog,
    read_only_table,
    say_when_empty,
)
from app.ui.widgets import StepMessage, edited_signal, fmt_date, ok_cancel, ui_lang
from app.ui.worker import Worker
from sync.spec import vocab


class _Form(QDialog):
    """A referral dialog: a form, a message line, Guardar/Cancelar; ``values()`` is
    checked by ``problem()`` before the dialog closes."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = QFormLayout()
        self.message = StepMessage()  # keeps its room; goes once the problem is solved
        self._watched = False  # the fields' edits ask the message again
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        buttons = ok_cancel(self, self.tr("Guardar"))
        buttons.accepted.disconnect()
        buttons.accepted.connect(self._accept)
        layout.addWidget(buttons)

    def problem(self) -> str | None:
        return None

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.say(problem, self.problem)
            for i in range(self.form.rowCount() if not self._watched else 0):
                item = self.form.itemAt(i, QFormLayout.ItemRole.FieldRole)
                field = item.widget() if item is not None else None
                signal = edited_signal(field) if field is not None else None
                if signal is not None:
                    signal.connect(self.message.recheck)
            self._watched = True
            return
        self.accept()


def institution_choice(first: str | None = None) -> QComboBox:
    """The institutions (``vocab.REFERRAL_INSTITUTION``), after ``first`` (no data) when
    given: a new referral starts on "— Seleccione —", never on an institution."""
    combo = QComboBox()
    if first is not None:
        combo.addItem(first, None)
    for code, label in vocab.REFERRAL_INSTITUTION.labels(ui_lang()).items():
        combo.addItem(label, code)
    combo.setAccessibleName(QCoreApplication.translate("ReferralDialog", "Institución"))
    return combo


class ReferralDialog(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Nueva derivación"), parent)
        self.institution = institution_choice(self.tr("— Seleccione —"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("ej. CEM Comisaría de Wanchaq"))
        self.name.setAccessibleName(self.tr("Nombre de la institución"))
        self.date = DateField(maximum=office_today(), name=self.tr("Fecha de derivación"))
        self.date.set_value(office_today().toString("yyyy-MM-dd"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Motivo"))
        self.form.addRow(self.tr("Institución"), self.institution)
        self.form.addRow(self.tr("Nombre"), self.name)
        self.form.addRow(self.tr("Fecha"), self.date)
        self.form.addRow(self.tr("Motivo"), self.reason)

    def problem(self) -> str | None:
        if self.institution.currentData() is None:  # never a preselected institution
            return self.tr("Elija la institución.")
        if not self.date.value():
            return self.date.problem() or self.tr("Escriba la fecha de derivación.")
        if not self.reason.toPlainText().strip():
            return self.tr("Escriba el motivo de la derivación.")
        return None

    def values(self) -> dict[str, Any]:
        return {
            "institution": str(self.institution.currentData()),
            "institution_name": self.name.text().strip() or None,
            "referred_on": self.date.value(),
            "reason": self.reason.toPlainText().strip(),
        }


class FollowUpDialog(_Form):
    """The follow-up of one referral: its status, what happened and when."""

    def __init__(self, referral: Row, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Seguimiento de la derivación"), parent)
        what = vocab.REFERRAL_INSTITUTION.label(referral.get("institution"), ui_lang())
        self.form.addRow(QLabel(f"{what} · {fmt_date(referral.get('referred_on'))}"))
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Estado"))
        for code, label in vocab.REFERRAL_STATUS.labels(ui_lang()).items():
            self.status.addItem(label, code)
        self.status.setCurrentIndex(max(0, self.status.findData(referral.get("status"))))
        # a wrong institution is corrected here (fresh5 #15: audited and synced as an edit)
        self.institution = institution_choice()
        self.institution.setCurrentIndex(
            max(0, self.institution.findData(referral.get("institution")))
        )
        self.name = QLineEdit(str(referral.get("institution_name") or ""))
        self.name.setAccessibleName(self.tr("Nombre de la institución"))
        self.follow_up = QPlainTextEdit(str(referral.get("follow_up") or ""))
        self.follow_up.setAccessibleName(self.tr("Seguimiento"))
        self.follow_up.setPlaceholderText(self.tr("ej. La usuaria fue atendida por el CEM"))
        self.on = DateField(maximum=office_today(), name=self.tr("Fecha del seguimiento"))
        self.on.set_value(referral.get("follow_up_on") or office_today().toString("yyyy-MM-dd"))
        self.form.addRow(self.tr("Institución"), self.institution)
        self.form.addRow(self.tr("Nombre"), self.name)
        self.form.addRow(self.tr("Estado"), self.status)
        self.form.addRow(self.tr("Seguimiento"), self.follow_up)
        self.form.addRow(self.tr("Fecha"), self.on)

    def problem(self) -> str | None:
        return self.on.problem()

    def values(self) -> dict[str, Any]:
        return {
            "institution": str(self.institution.currentData()),
            "institution_name": self.name.text().strip() or None,
            "status": str(self.status.currentData()),
            "follow_up": self.follow_up.toPlainText().strip() or None,
            "follow_up_on": self.on.value(),
        }


class ReferralPanel(CaseTab):
    """The case's referrals; ``changed`` after a successful write."""

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(backend, worker, parent)
        self.rows: list[Row] = []
        self.dialog: QDialog | None = None
        self.table = read_only_table(
            [
                self.tr("Fecha"),
                self.tr("Institución"),
                self.tr("Estado"),
                self.tr("Motivo"),
                self.tr("Seguimiento"),
            ],
            self.tr("Derivaciones del caso"),
        )
        self.empty = say_when_empty(self.table, self.tr("No hay derivaciones registradas."))
        header = self.table.horizontalHeader()
        for column in (3, 4):  # the long texts share the width and wrap
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        add = QPushButton(self.tr("Nueva derivación…"))
        add.clicked.connect(lambda: self.ask_new())
        self.follow_button = QPushButton(self.tr("Actualizar seguimiento…"))
        self.follow_button.clicked.connect(lambda: self.ask_follow_up())
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.follow_button)
        bar.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.update_buttons()

    def load(self, case_id: str) -> None:
        self.case_id = case_id
        backend = self._backend
        self._latest.submit(lambda: backend.case_referrals(case_id), self._fill, self.error.emit)

    def _fill(self, rows: list[Row]) -> None:
        self.rows = rows
        lang = ui_lang()

        def institution(row: Row) -> str:
            label = vocab.REFERRAL_INSTITUTION.label(row.get("institution"), lang)
            name = row.get("institution_name")
            return f"{label} — {name}" if name else label

        def follow_up(row: Row) -> str:
            when = fmt_date(row.get("follow_up_on"))
            text = str(row.get("follow_up") or "")
            return f"{when}: {text}" if when and text else text or when

        fill_table(
            self.table,
            [
                [
                    fmt_date(row.get("referred_on")),
                    institution(row),
                    vocab.REFERRAL_STATUS.label(row.get("status"), lang),
                    str(row.get("reason") or ""),
                    follow_up(row),
                ]
                for row in rows
            ],
            [row.get("id") for row in rows],
        )
        self.update_buttons()

    def selected(self) -> Row | None:
        item = self.table.currentItem()
        if item is None or not self.table.selectedItems():
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.get("id") == key), None)

    def update_buttons(self) -> None:
        why = (
            ""
            if self.selected() is not None
            else self.tr("Seleccione primero una derivación de la lista.")
        )
        allow(self.follow_button, why)

    def _open(self, dialog: ReferralDialog | FollowUpDialog, then: Any) -> None:
        open_dialog(dialog, lambda: then(dialog.values()), self._keep)

    def _keep(self, dialog: QDialog | None) -> None:
        self.dialog = dialog

    def ask_new(self) -> None:
        self._open(ReferralDialog(self), self.add)

    def ask_follow_up(self) -> None:
        row = self.selected()
        if row is not None:
            referral_id = str(row["id"])
            self._open(FollowUpDialog(row, self), lambda v: self.update_follow_up(referral_id, v))

    def _write(self, fn: Any, message: str) -> None:
        case_id = self.case_id

        def done(_result: object) -> None:
            self.notice.emit(message)
            self.changed.emit()
            self.load(case_id)

        self._latest.drop()  # a load already running would miss this write
        self._worker.submit(fn, done, self.error.emit)

    def add(self, values: dict[str, Any]) -> None:
        backend, case_id = self._backend, self.case_id
        self._write(
            lambda: backend.add_referral(case_id, values), self.tr("Derivación registrada.")
        )

    def update_follow_up(self, referral_id: str, values: dict[str, Any]) -> None:
        backend = self._backend
        self._write(
            lambda: backend.update_referral(referral_id, values),
            self.tr("Seguimiento de la derivación guardado."),
        )
