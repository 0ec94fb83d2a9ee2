"""The "Agenda" page: hearings and deadlines of the next 7 or 30 days, overdue in red.

Owns: ``AgendaPage`` — a period selector and a table filled from ``Backend.agenda(days)``
in the worker pool (overdue items, i.e. still scheduled in the past, come first).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.ports import Backend, Row
from app.ui.widgets import fmt_datetime, label_for, section_label
from app.ui.worker import Latest, Worker


class AgendaPage(QWidget):
    SHOWS = frozenset({"hearing", "case"})
    open_requested = Signal(str, str)
    error = Signal(object)
    refreshed = Signal(int)

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._latest = Latest(worker)
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Periodo"))
        self.period.addItem(self.tr("Próximos 7 días"), 7)
        self.period.addItem(self.tr("Próximos 30 días"), 30)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        headers = [
            self.tr("Fecha y hora"),
            self.tr("Tipo"),
            self.tr("Detalle"),
            self.tr("Caso"),
            self.tr("Lugar"),
            self.tr("Estado"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setAccessibleName(self.tr("Agenda"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(self._activate)
        self.table.itemDoubleClicked.connect(self._activate)
        bar = QHBoxLayout()
        bar.addWidget(section_label(self.tr("Agenda")))
        bar.addStretch(1)
        bar.addWidget(self.period)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        days = int(self.period.currentData() or 7)
        backend = self._backend
        self._latest.submit(lambda: backend.agenda(days), self._show, self.error.emit)

    def _show(self, rows: list[Row]) -> None:
        self.table.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            status = label_for(row.get("status"))
            if row.get("overdue"):
                status = self.tr("VENCIDO")
            values = [
                fmt_datetime(row.get("at")),
                label_for(row.get("category")),
                label_for(row.get("kind")),
                row.get("case_number", ""),
                row.get("place", ""),
                status,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value or ""))
                item.setData(Qt.ItemDataRole.UserRole, row.get("case_id", ""))
                if row.get("overdue"):
                    item.setForeground(QBrush(QColor("#b00020")))
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.refreshed.emit(len(rows))

    def _activate(self, item: QTableWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if case_id:
            self.open_requested.emit("case", str(case_id))
