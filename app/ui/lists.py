"""The "Personas" and "Casos" pages: a filter bar over a lazily loaded table.

Owns: ``ListPage`` (filter text with debounce, combo filters for status, matter,
defender and office/brigade, a sortable ``QTableView`` over ``LazyTableModel``; cases
newest first, people by name) and the column sets of the two lists.
``open_requested(kind, id)`` is emitted on Enter or double-click.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import Column, LazyTableModel
from app.ui.ports import Backend, Filters
from app.ui.widgets import fmt_date, label_for, section_label
from app.ui.worker import Worker

FREE_TEXT = frozenset({"beneficiary", "matter", "defender", "full_name", "district"})
MIN_FREE = 90  # px a free-text column keeps when the list must fit a narrow screen


class ListPage(QWidget):
    open_requested = Signal(str, str)  # kind, id
    error = Signal(object)

    def __init__(
        self, backend: Backend, worker: Worker, kind: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.SHOWS = frozenset({"person", "case"} | ({"app_user"} if kind == "case" else set()))
        self.started = False
        self._sized = False
        self._backend = backend
        self._worker = worker
        title = self.tr("Casos") if kind == "case" else self.tr("Personas")

        self.text = QLineEdit()
        self.text.setPlaceholderText(
            self.tr("Filtrar por número, nombre o expediente")
            if kind == "case"
            else self.tr("Filtrar por nombre o documento")
        )
        self.text.setAccessibleName(self.tr("Filtro de texto"))
        self.text.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filters)
        self.text.textChanged.connect(lambda _s: self._debounce.start())

        self.status = self._combo(self.tr("Estado"))
        self.matter = self._combo(self.tr("Materia"))
        self.defender = self._combo(self.tr("Defensor/a"))
        self.office = self._combo(self.tr("Oficina o brigada"))
        bar = QHBoxLayout()
        bar.addWidget(self.text, 3)
        for combo in (self.status, self.matter, self.defender, self.office):
            bar.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        if kind != "case":
            for combo in (self.status, self.matter, self.defender):
                combo.hide()

        self.model = LazyTableModel(backend, worker, kind, self._columns(kind))
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self.error)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        # Fixed rows: inserting a page does not re-measure every row (O(page), not O(rows)).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSortingEnabled(True)
        if kind == "case":  # newest first: the cases being worked on now
            opened = [c.key for c in self.model.columns].index("opened_at")
            self.table.sortByColumn(opened, Qt.SortOrder.DescendingOrder)
        else:  # people by name
            self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")

        layout = QVBoxLayout(self)
        layout.addWidget(section_label(title))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._load_options()

    def _columns(self, kind: str) -> list[Column]:
        if kind == "case":
            return [
                Column("internal_number", self.tr("N.º interno")),
                Column("beneficiary", self.tr("Beneficiario/a")),
                Column("matter", self.tr("Materia"), render=label_for),
                Column("status", self.tr("Estado"), render=label_for),
                Column("defender", self.tr("Defensor/a")),
                Column("court_file_number", self.tr("Expediente judicial")),
                Column("opened_at", self.tr("Apertura"), render=fmt_date),
            ]
        return [
            Column("full_name", self.tr("Nombre")),
            Column("doc", self.tr("Documento")),
            Column("birth_date", self.tr("Nacimiento"), render=fmt_date),
            Column("district", self.tr("Distrito")),
            Column("phone", self.tr("Teléfono")),
            Column("cases", self.tr("Casos")),
        ]

    def _combo(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.addItem(name + ": " + self.tr("todos"), "")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return box

    def _load_options(self) -> None:
        backend = self._backend
        self._worker.submit(backend.filter_options, self._fill_options, self.error.emit)

    def _fill_options(self, options: dict[str, list[tuple[str, str]]]) -> None:
        pairs = (
            (self.status, "status"),
            (self.matter, "matter"),
            (self.defender, "defender"),
            (self.office, "office"),
        )
        for combo, key in pairs:
            combo.blockSignals(True)
            for value, label in options.get(key, []):
                combo.addItem(label_for(label) if key in ("status", "matter") else label, value)
            combo.blockSignals(False)

    def filters(self) -> Filters:
        return Filters(
            text=self.text.text().strip(),
            status=self.status.currentData() or "",
            matter=self.matter.currentData() or "",
            defender_id=self.defender.currentData() or "",
            office_id=self.office.currentData() or "",
        )

    def apply_filters(self) -> None:
        self.started = True
        self.model.set_filters(self.filters())

    def refresh(self) -> None:
        self.started = True
        self.model.reload()

    def _on_loaded(self, loaded: int, total: int) -> None:
        if loaded and not self._sized:
            self._sized = True  # size the columns on the first page only (cheap)
            self.size_columns()
        self.count_label.setText(self.tr("Registros: %1").replace("%1", str(total)))

    def size_columns(self) -> None:
        """Columns as wide as their texts on the loaded page (at most 320 px). When they
        do not fit the table (a 1024 px screen), first the free-text columns (names,
        matter, defender) give way down to ``MIN_FREE`` and elide, then a title wider
        than its column's values (e.g. "Expediente judicial" over empty cells) is cut;
        codes, status and dates stay whole, without horizontal scrolling."""
        count = self.model.columnCount()
        rows = min(self.model.rowCount(), 200)
        cells = self.table.fontMetrics()
        heads = self.table.horizontalHeader().fontMetrics()
        want, floor = [], []
        for c in range(count):
            title = str(self.model.headerData(c, Qt.Orientation.Horizontal) or "")
            texts = [str(self.model.index(r, c).data() or "") for r in range(rows)]
            content = max((cells.horizontalAdvance(t) + 16 for t in texts), default=60)
            head = heads.horizontalAdvance(title) + 28  # room for the sort arrow
            want.append(min(max(content, head), 320))
            free = self.model.columns[c].key in FREE_TEXT
            floor.append(MIN_FREE if free else max(min(content, 320), 60))
        # the vertical scroll bar appears once rows fill the table; the stretching last
        # column keeps at least its header's size and the default: leave both their room
        bar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        room = self.table.viewport().width() - 4 - bar
        header = self.table.horizontalHeader()  # a stretched section keeps the default
        want[-1] = max(want[-1], header.sectionSizeHint(count - 1), header.defaultSectionSize())
        floor[-1] = want[-1]
        free_first = sorted(
            range(count), key=lambda c: (self.model.columns[c].key not in FREE_TEXT, -want[c])
        )
        excess = sum(want) - room
        for c in free_first:
            if excess <= 0:
                break
            give = min(excess, max(want[c] - floor[c], 0))
            want[c] -= give
            excess -= give
        for c in range(count - 1):  # the last one stretches to the edge
            self.table.setColumnWidth(c, want[c])

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            row = self.model.row_data(index.row())
            self.open_requested.emit(self.kind, str(row["id"]))
