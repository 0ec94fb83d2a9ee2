"""Global search (Ctrl+K): results as you type across people, cases and notes.

Owns: ``SearchDialog`` — a line edit debounced by ~150 ms; each query runs in the worker
pool and only the newest answer is shown (``Latest``). At most ``LIMIT`` hits are shown,
and the dialog says so when there were more (it asks for one more to know). A note's or
referral's hit names its case (number and client), a case's hit its client, and coded
values show their label ("Sin documento", "Alimentos"), never the code. Emits
``open_requested(kind, id)`` for the chosen hit; a note opens its case.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.ports import Backend, SearchHit
from app.ui.widgets import ui_lang
from app.ui.worker import Latest, Worker
from sync import spec

DEBOUNCE_MS = 150
LIMIT = 30  # hits shown; more means the query should be narrowed


class SearchDialog(QDialog):
    SHOWS = frozenset(e.name for e in spec.ENTITY_LIST if e.search)  # what search indexes
    open_requested = Signal(str, str)
    results_shown = Signal(int)  # number of hits, for tests and the benchmark
    error = Signal(object)

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Buscar"))
        # Window-modal: only the main window and modal dialogs are ever top-level windows.
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(640, 420)
        self._backend = backend
        self._worker = worker
        self._latest = Latest(worker)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Buscar personas, casos y notas…"))
        self.edit.setAccessibleName(self.tr("Buscar"))
        self.edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Resultados de la búsqueda"))
        self.results.itemActivated.connect(self._activate)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run)
        self.edit.textChanged.connect(lambda _s: self._timer.start())
        self.edit.returnPressed.connect(self._enter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

    def open_fresh(self) -> None:
        self.edit.selectAll()
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    def refresh(self) -> None:
        """Run the current query again (records changed while the dialog is open)."""
        self._run()

    def _run(self) -> None:
        text = self.edit.text().strip()
        if len(text) < 2:
            self._latest.drop()
            self.results.clear()
            self.status.setText(self.tr("Escriba al menos 2 letras."))
            return
        backend = self._backend
        self._latest.submit(lambda: backend.search(text, LIMIT + 1), self._show, self.error.emit)

    def _show(self, hits: list[SearchHit]) -> None:
        self.results.clear()
        lang = ui_lang()
        more = len(hits) > LIMIT
        hits = hits[:LIMIT]
        for hit in hits:
            ent = spec.entity(hit.kind)
            kind = ent.label[lang] if ent else hit.kind
            if hit.case_label and hit.kind != "case":
                # a note's or referral's case and client first: its text (up to 80
                # characters) would push them out of sight at the end of the line
                case = self.tr("caso %1").replace("%1", hit.case_label)
                text = f"{kind} · {case}\n    {hit.title}"
            else:
                text = f"{kind} · {hit.title}"
                if hit.case_label:  # a case's hit: its client
                    text += " · " + hit.case_label
            if hit.snippet:
                text += f"\n    {hit.snippet}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if more:
            self.status.setText(
                self.tr(
                    "Se muestran los primeros %1 resultados; hay más. "
                    "Escriba más palabras para acotar la búsqueda."
                ).replace("%1", str(LIMIT))
            )
        elif hits:
            self.status.setText(self.tr("Resultados: %1").replace("%1", str(len(hits))))
        else:
            self.status.setText(self.tr("Sin resultados."))
        if hits:
            self.results.setCurrentRow(0)
        self.results_shown.emit(len(hits))

    def _enter(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._activate(item)

    def _activate(self, item: QListWidgetItem) -> None:
        hit: SearchHit = item.data(Qt.ItemDataRole.UserRole)
        if hit.case_id:  # a note or a referral opens its case
            self.open_requested.emit("case", hit.case_id)
        else:
            self.open_requested.emit(hit.kind, hit.id)
        self.hide()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.edit.hasFocus():
            self.results.setFocus()
            self.results.keyPressEvent(event)
            return
        super().keyPressEvent(event)
