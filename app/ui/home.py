"""The "Inicio" page: what needs attention today.

Owns: ``HomePage`` — today's hearings, deadlines of the next days (overdue first, in
red), pending intake drafts and conflicts to review. Data comes from ``Backend.home()``
in the worker pool; activating a row emits ``open_requested(kind, id)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.ports import Backend, Row
from app.ui.widgets import fmt_datetime, label_for, section_label
from app.ui.worker import Latest, Worker


class HomePage(QWidget):
    SHOWS = None  # hearings, deadlines, drafts and conflicts: any change may matter
    open_requested = Signal(str, str)
    error = Signal(object)
    refreshed = Signal()

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._latest = Latest(worker)
        self.greeting = QLabel()
        self.greeting.setObjectName("title")
        self.hearings = self._list(self.tr("Audiencias de hoy"))
        self.deadlines = self._list(self.tr("Plazos próximos"))
        self.drafts = self._list(self.tr("Fichas en borrador"))
        self.conflicts = self._list(self.tr("Conflictos por revisar"))
        grid = QGridLayout()
        for i, (title, widget) in enumerate(
            (
                (self.tr("Audiencias de hoy"), self.hearings),
                (self.tr("Plazos próximos"), self.deadlines),
                (self.tr("Fichas en borrador"), self.drafts),
                (self.tr("Conflictos por revisar"), self.conflicts),
            )
        ):
            box = QVBoxLayout()
            box.addWidget(section_label(title))
            box.addWidget(widget)
            grid.addLayout(box, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        self.notices = QVBoxLayout()  # banners other parts add (e.g. the backup reminder)
        layout.addLayout(self.notices)
        layout.addLayout(grid, 1)

    def add_notice(self, widget: QWidget) -> None:
        self.notices.addWidget(widget)

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.itemActivated.connect(self._activate)
        return widget

    def refresh(self) -> None:
        self._latest.submit(self._backend.home, self._show, self.error.emit)

    def _show(self, data: Row) -> None:
        self.greeting.setText(
            self.tr("Hola, %1 — oficina %2")
            .replace("%1", self._backend.user_name)
            .replace("%2", self._backend.office_code)
        )
        self._fill(self.hearings, data.get("hearings", []), self.tr("No hay audiencias hoy."))
        self._fill(self.deadlines, data.get("deadlines", []), self.tr("No hay plazos próximos."))
        self._fill(self.drafts, data.get("drafts", []), self.tr("No hay borradores."))
        self._fill(self.conflicts, data.get("conflicts", []), self.tr("No hay conflictos."))
        self.refreshed.emit()

    def _fill(self, widget: QListWidget, rows: list[Row], empty: str) -> None:
        widget.clear()
        for row in rows:
            parts = [fmt_datetime(row.get("at")), row.get("title", ""), label_for(row.get("kind"))]
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(
                Qt.ItemDataRole.UserRole, (row.get("open_kind", ""), row.get("open_id", ""))
            )
            if row.get("overdue"):
                item.setForeground(QBrush(QColor("#b00020")))
                item.setText(self.tr("VENCIDO") + " · " + item.text())
            widget.addItem(item)
        if not rows:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        kind, ident = item.data(Qt.ItemDataRole.UserRole) or ("", "")
        if kind and ident:
            self.open_requested.emit(kind, ident)
