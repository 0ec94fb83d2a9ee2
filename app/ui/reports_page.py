"""The "Reportes" page: PDF documents and statistics from ``app/reports``.

Owns: ``ReportsPage`` and ``ReportsPort`` (the few calls the page needs: the list of
available reports and ``generate(kind, path)``), wired in ``app/ui/backend.py`` when the
reports package provides them. The report chosen is kept over a lock (``keep_state``).
Generation runs in the worker; the PDF is written encrypted by the reports package, never a
plaintext temp file from here.

A document with names (the agenda) always asks for its password. The monthly statistics
hold only totals: the worker first looks for counts of 1 to 4 people about beneficiaries
(``ReportsPort.small_cells``); with some, the password dialog says which and why; with
none, the PDF is saved without asking, and the message says why (fresh-eyes 6 #11).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import office_time
from app.ui.files import save_path
from app.ui.pdf_protect import ask_pdf_password
from app.ui.ports import ReportsPort
from app.ui.widgets import section_label
from app.ui.worker import Worker
from stats.disclosure import MIN_CELL


def default_file_name(kind: str, today: date | None = None) -> str:
    """The Spanish file name a report is offered under (the user may change it)."""
    today = today or office_time.today()
    first = today.replace(day=1)
    if kind == "agenda":
        return f"agenda-audiencias-{today.isoformat()}.pdf"
    if kind == "monthly":
        return f"estadistica-mensual-{first:%Y-%m}.pdf"
    if kind == "monthly_previous":
        return f"estadistica-mensual-{first - timedelta(days=1):%Y-%m}.pdf"
    return f"reporte-{today.isoformat()}.pdf"


class ReportsPage(QWidget):
    error = Signal(object)
    generated = Signal(str)

    def __init__(
        self, reports: ReportsPort | None, worker: Worker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._worker = worker
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Reportes disponibles"))
        self.generate_button = QPushButton(self.tr("Generar PDF…"))
        self.generate_button.setAccessibleName(self.tr("Generar PDF"))
        self.generate_button.clicked.connect(self._ask)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(section_label(self.tr("Reportes")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.generate_button)
        layout.addWidget(self.message)
        if reports is None:
            self.generate_button.setEnabled(False)
            self.message.setText(self.tr("Los reportes PDF no están instalados en este equipo."))
        else:
            for kind, title in reports.available():
                item = QListWidgetItem(title)
                item.setData(256, kind)
                self.list.addItem(item)
            if self.list.count():
                self.list.setCurrentRow(0)

    def keep_state(self) -> str | None:
        """The report chosen (its kind), kept over a lock (``Workspace.page_state``)."""
        item = self.list.currentItem()
        return str(item.data(256)) if item is not None else None

    def restore_state(self, kind: object) -> None:
        """Choose the report ``kind`` again (unlocking: fresh-eyes 6 #6 found the first one
        chosen instead); an unknown kind leaves the choice as it is."""
        for row in range(self.list.count()):
            if self.list.item(row).data(256) == kind:
                self.list.setCurrentRow(row)
                return

    def _ask(self) -> None:
        item = self.list.currentItem()
        if item is None or self._reports is None:
            return
        kind = str(item.data(256))
        reports = self._reports
        path = save_path(self, self.tr("Guardar reporte"), default_file_name(kind))
        if path is None:
            return
        if not reports.figures_only(kind):
            self._protect(kind, path, None)
            return
        self.message.setText(self.tr("Revisando las cifras…"))
        self._worker.submit(
            lambda: reports.small_cells(kind),
            lambda cells: self._protect(kind, path, cells),
            self.error.emit,
        )

    def _protect(self, kind: str, path: Path, cells: list[str] | None) -> None:
        """Ask for the password (``cells`` None: a document with names), say which small
        counts make a figures-only report ask, or save it as it is when it has none."""
        if cells == []:
            self.generate(kind, path, password=None, needed=False)
            return
        why = None
        if cells:
            shown = "; ".join(cells[:3] + (["…"] if len(cells) > 3 else []))
            why = (
                self.tr(
                    "El reporte no tiene nombres, pero algunas celdas cuentan menos de %1 "
                    "personas y pueden identificar a alguien (%2)."
                )
                .replace("%1", str(MIN_CELL))
                .replace("%2", shown)
            )
        self.message.clear()
        if (choice := ask_pdf_password(self, why)) is not None:
            self.generate(kind, path, password=choice.password)

    def generate(
        self, kind: str, path: Path, *, password: str | None, needed: bool = True
    ) -> None:
        reports = self._reports
        if reports is None:
            return
        self.message.setText(self.tr("Generando…"))

        def done(out: Path) -> None:
            if needed:
                text = self.tr("Reporte guardado en %1")
            else:
                text = self.tr(
                    "Reporte guardado en %1 sin contraseña: solo tiene totales, ninguna "
                    "cifra de menos de %2 personas."
                ).replace("%2", str(MIN_CELL))
            self.message.setText(text.replace("%1", str(out)))
            self.generated.emit(str(out))

        self._worker.submit(lambda: reports.generate(kind, path, password), done, self.error.emit)
