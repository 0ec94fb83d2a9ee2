"""The "deadlines due soon" warning shown on Inicio and in the Agenda.

Owns ``DueSoonBanner``: a frame that loads ``Backend.due_soon()`` in the worker (the
scheduled deadlines due from today to N working days ahead on the vault's calendar, N
the local setting ``deadline_warn_days``, 3 by default: ``app.core.deadlines``) and,
when there are any, lists each with its case, client, due date and the working days
left ("vence hoy", "queda 1 día hábil", "quedan %n días hábiles"); hidden otherwise.
Activating a line opens its case (``open_requested("case", id)``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.ui.fit_column import whole_rows_height
from app.ui.ports import Backend, Row
from app.ui.widgets import fmt_date, label_for
from app.ui.worker import Latest, Worker

ROLE = 256  # Qt.ItemDataRole.UserRole
MAX_LINES = 4  # text lines shown before the list scrolls


class DueSoonBanner(QFrame):
    """Deadlines due within the warning horizon (hidden when there are none)."""

    open_requested = Signal(str, str)
    error = Signal(object)

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("due_soon")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._backend = backend
        self._latest = Latest(worker)
        self.title = QLabel()
        self.title.setObjectName("warning")
        self.title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Plazos por vencer"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activate)
        v = QVBoxLayout(self)
        v.setContentsMargins(6, 2, 6, 2)
        v.setSpacing(2)
        v.addWidget(self.title)
        v.addWidget(self.list)
        self.hide()

    def refresh(self) -> None:
        self._latest.submit(self._backend.due_soon, self.show_data, self.error.emit)

    def left_text(self, days: int) -> str:
        if days <= 0:
            return self.tr("vence hoy")
        return self.tr("quedan %n día(s) hábil(es)", "", days)

    def show_data(self, data: Row) -> None:
        rows = list(data.get("rows") or [])
        self.list.clear()
        if not rows:
            self.hide()
            return
        self.title.setText(
            self.tr(
                "Atención: %n plazo(s) vence(n) en los próximos %1 días hábiles", "", len(rows)
            ).replace("%1", str(data.get("days", "")))
        )
        for row in rows:
            parts = [
                fmt_date(row.get("at")),
                label_for(row.get("kind")),
                str(row.get("case_number") or ""),
                str(row.get("client") or ""),
                self.left_text(int(row.get("working_days_left") or 0)),
            ]
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(ROLE, str(row.get("case_id") or ""))
            self.list.addItem(item)
        self._fit_height()
        self.show()

    def _fit_height(self) -> None:
        """As tall as its deadlines' rows (each wrapped at the list's width), at most
        MAX_LINES text lines, in whole rows, then it scrolls (``fit_column``'s rule):
        Inicio and the Agenda keep their room at 1024×600 (two deadlines took four lines,
        ~90 px, in the Agenda; a third line showed empty below them)."""
        room = MAX_LINES * self.list.fontMetrics().lineSpacing() + 2 * self.list.frameWidth()
        height = whole_rows_height(self.list, room, self.list.width())
        if self.list.height() != height:
            self.list.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.list.count():  # a new width: one line may now fit, or need two
            self._fit_height()

    def _activate(self, item: QListWidgetItem) -> None:
        case_id = item.data(ROLE)
        if case_id:
            self.open_requested.emit("case", str(case_id))
