"""The "Personas" and "Casos" pages: a filter bar over a lazily loaded table.

Owns: ``ListPage`` (filter text with debounce, combo filters for status, matter,
defender and office/brigade — shown only when the vault holds several offices —, a
sortable ``QTableView`` over ``LazyTableModel``; cases newest first, people by name —
surnames first, as listed, in Spanish alphabetical order), the column sets of the two
lists, their widths (the name takes the spare width; fitted again to the first page
after every filter, sort or refresh) and ``SortArrows`` (the sort indicator points the
way the rows go).
``open_requested(kind, id)`` is emitted on Enter or double-click.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import Column, LazyTableModel
from app.ui.ports import Backend, Filters
from app.ui.widgets import fmt_date, label_for, section_label
from app.ui.worker import Worker

# Columns that give way (elide, whole in their tooltip) so the name shows whole at 1024 px.
# Not the court file number: it is what a defender looks a case up by at court (fresh-eyes
# 5 #13: "01534-20…"); it stays whole, the client's given names elide first (surnames
# whole at 1024 px: matter and defender give way to ``MIN_FREE``).
FREE_TEXT = frozenset({"beneficiary", "matter", "defender", "name", "district"})
NAMES = ("beneficiary", "name")  # the column that takes the spare width
MIN_FREE = 70  # px a free-text column keeps when the list must fit a narrow screen
MIN_COLUMN = 40  # px of a column whose values are empty (its title is cut)
MAX_WIDTH = 320  # px at most, before the name column stretches
NAME_WIDTH = 400  # px the name column claims at most before the others give way
# A wrapped cell's text is measured this much narrower than its column (Qt paints it
# inside a margin) and its row is this much taller than the text (above + below).
CELL_MARGIN, CELL_PADDING = 10, 10


class SortArrows(QProxyStyle):
    """The sort indicator points the way the rows go: up for ascending (A to Z, oldest
    first), down for descending (newest first). Qt's styles disagree on it (Fusion draws
    ascending as a down arrow), so the header draws the plain up and down arrows."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            # QHeaderView sets SortDown for Qt.AscendingOrder (and SortUp for descending)
            ascending = option.sortIndicator == QStyleOptionHeader.SortIndicator.SortDown
            arrow = (
                QStyle.PrimitiveElement.PE_IndicatorArrowUp
                if ascending
                else QStyle.PrimitiveElement.PE_IndicatorArrowDown
            )
            super().drawPrimitive(arrow, option, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


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
        self._width = 0  # the table's width when its columns were sized
        self._backend = backend
        self._worker = worker
        title = self.tr("Casos") if kind == "case" else self.tr("Personas")

        self.text = QLineEdit()
        hint = (
            self.tr("Número, nombre o expediente")
            if kind == "case"
            else self.tr("Filtrar por nombre o documento")
        )
        self.text.setPlaceholderText(hint)
        self.text.setToolTip(hint)
        # the hint reads whole (with room for the clear button) at 1024 px
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance(hint) + 44)
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
        # A filter, a sort or a refresh starts again from a first page with other values
        # ("DNI 45871236" where "—" was): the columns are fitted again to it.
        self.model.modelReset.connect(self._unsized)
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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._name_column = [c.key for c in self.model.columns].index(NAMES[kind != "case"])
        header.setSectionResizeMode(self._name_column, QHeaderView.ResizeMode.Stretch)
        self._arrows = SortArrows()
        self._arrows.setParent(header)
        header.setStyle(self._arrows)
        self.table.setSortingEnabled(True)
        if kind == "case":  # newest first: the cases being worked on now
            opened = [c.key for c in self.model.columns].index("opened_at")
            self.table.sortByColumn(opened, Qt.SortOrder.DescendingOrder)
        else:  # people by name, surnames first
            self.table.sortByColumn(self._name_column, Qt.SortOrder.AscendingOrder)
        self.table.viewport().installEventFilter(self)
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
            Column("name", self.tr("Apellidos y nombres")),
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
        # one office only (most vaults): a filter with nothing to choose gives its width
        # to the text filter at 1024 px
        self.office.setVisible(len(options.get("office", [])) > 1)

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
            self._sized = True  # on the first page of each load (cheap): not later pages
            self.size_columns()
        self.count_label.setText(self.tr("Registros: %1").replace("%1", str(total)))

    def _unsized(self) -> None:
        self._sized = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A new width of the table (window resized, maximized) sizes the columns again."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            width = self.table.viewport().width()
            if self._sized and width != self._width:
                self.size_columns()
        return super().eventFilter(watched, event)

    def size_columns(self) -> None:
        """The columns fitted to the table (``fit_columns``): the name takes the spare
        width; matter, defender and district may elide."""
        keys = [col.key for col in self.model.columns]
        free = {c for c, key in enumerate(keys) if key in FREE_TEXT}
        self._width = fit_columns(self.table, self._name_column, free)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            row = self.model.row_data(index.row())
            self.open_requested.emit(self.kind, str(row["id"]))


def fit_columns(
    table: QTableView,
    name: int,
    free: set[int],
    rows: int = 200,
    wrap: bool = False,
) -> int:
    """Fit the columns of ``table`` (the lists, the Agenda) to its width; returns it.

    The ``name`` column takes the spare width (it stretches); every other column is as
    wide as its values in the first ``rows`` rows (at most ``MAX_WIDTH``) and its title.
    When they do not all fit (a 1024 px screen), first a column with no value gives way
    to its title's first letters ("Exp…": its tooltip shows it whole), then a title
    wider than its values is cut to its first word, then the ``free`` text columns give
    way down to ``MIN_FREE`` and elide;
    codes, status and dates stay whole; the name keeps what is left (it claims up to
    ``NAME_WIDTH``), without horizontal scrolling.
    ``wrap`` (a table whose cells wrap, rows as tall as their text: the Agenda): the name
    and the ``free`` columns share the width left in proportion to what they want, none
    narrower than its longest word, so their text wraps onto more lines instead of being
    cut (the caller sizes the rows)."""
    model = table.model()
    count, rows = model.columnCount(), min(model.rowCount(), rows)
    cells, heads = table.fontMetrics(), table.horizontalHeader().fontMetrics()
    header = table.horizontalHeader()
    sorted_by = header.sortIndicatorSection() if header.isSortIndicatorShown() else -1
    want, content, names, words, stub = [], [], 0, [], {}
    advance: dict[str, int] = {}  # each distinct text measured once (values repeat)

    def wide(text: str) -> int:
        if text not in advance:
            advance[text] = cells.horizontalAdvance(text) + 16
        return advance[text]

    for c in range(count):
        title = _whole_title(model, c)
        texts = {str(model.index(r, c).data() or "") for r in range(rows)}
        if wrap:  # a cell's lines are measured one by one; its longest word is its floor
            words.append(max((wide(w) for t in texts for w in t.split()), default=0))
            texts = {line for t in texts for line in t.split("\n")}
        values = max((wide(t) for t in texts), default=0)
        pad = 28 if c == sorted_by else 12  # the sorted column has an arrow beside
        head = heads.horizontalAdvance(title) + pad
        short = heads.horizontalAdvance(title.split(" ")[0] + "…") + pad  # 1st word
        content.append(min(max(values, min(short, head), MIN_COLUMN), MAX_WIDTH))
        names = values if c == name else names
        want.append(min(max(values, head), MAX_WIDTH))
        if not any(texts) and c != name:  # nothing to show: its title abbreviated
            cut = max(heads.horizontalAdvance(_abbreviation(title)) + pad, MIN_COLUMN)
            # a short title stays whole: cutting it saves less than two letters ("Lu…")
            stub[c] = head if head - cut < heads.horizontalAdvance("MM") else cut
    bar = table.verticalScrollBar()
    extent = table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    width = table.viewport().width()
    room = width - 2 - (0 if bar.isVisible() else extent)
    others = [c for c in range(count) if c != name]
    excess = sum(want[c] for c in others) + min(names, NAME_WIDTH) - room
    if wrap and excess > 0:
        flex = sorted((free | {name}) - stub.keys())  # an empty column: its title only
        for c in stub:
            want[c] = min(want[c], stub[c])
        fixed = sum(want[c] for c in others if c not in flex)
        # the name weighs more: it is what a row is found by (three lines of it read badly)
        wanted = {c: min(names, NAME_WIDTH) * 3 // 2 if c == name else want[c] for c in flex}
        share = max(room - fixed, 0) / max(sum(wanted.values()), 1)
        for c in flex:
            want[c] = max(int(wanted[c] * share), words[c], MIN_COLUMN)
        excess = 0
    if wrap:  # every width set here, against ``room`` (which leaves the scroll bar's
        # room): rows measured for these widths stay right when the bar appears
        for c in others:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(c, want[c])
        header.setSectionResizeMode(name, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(name, max(room - sum(want[c] for c in others), MIN_COLUMN))
        return width
    # an empty column first ("Exp…": often no court file yet — it left names cut,
    # fresh-eyes #15), then titles (free ones too), then the free text columns
    steps = [(c, floor) for c, floor in stub.items()]
    steps += [(c, content[c]) for c in others]
    steps += [(c, MIN_FREE) for c in sorted(free - {name}, key=lambda c: -want[c])]
    for c, floor in steps:
        if excess <= 0:
            break
        give = min(excess, max(want[c] - floor, 0))
        want[c] -= give
        excess -= give
    for c in others:
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(c, want[c])
        _show_title(model, c, c in stub and want[c] <= stub[c] < content[c])
    header.setSectionResizeMode(name, QHeaderView.ResizeMode.Stretch)
    return width


def _whole_title(model: QAbstractItemModel, column: int) -> str:
    """A column's whole title: its tooltip once ``_show_title`` abbreviated it."""
    horizontal = Qt.Orientation.Horizontal
    tip = model.headerData(column, horizontal, Qt.ItemDataRole.ToolTipRole)
    return str(tip or model.headerData(column, horizontal) or "")


def _abbreviation(title: str) -> str:
    """ "Expediente judicial" -> "Exp.": what an empty column short of room shows (fresh10
    #2: "Exp…" read as a title cut off, not as the abbreviation it is)."""
    return title.split(" ")[0][:3] + "."


def _show_title(model: QAbstractItemModel, column: int, short: bool) -> None:
    """The column's title whole, or abbreviated (its tooltip: whole)."""
    horizontal, whole = Qt.Orientation.Horizontal, _whole_title(model, column)
    if short:
        model.setHeaderData(column, horizontal, whole, Qt.ItemDataRole.ToolTipRole)
    shown = _abbreviation(whole) if short else whole
    if model.headerData(column, horizontal) != shown:
        model.setHeaderData(column, horizontal, shown, Qt.ItemDataRole.DisplayRole)


def fit_rows(table: QTableView, wraps: Collection[int] | None = None) -> None:
    """Each row of ``table`` as tall as its most wrapped cell (the ``wraps`` columns;
    None: every column), measured as it is painted: Qt's own row fit measures a few
    pixels wider than it paints, and a wrapped last line was cut in half. Call it after
    ``fit_columns`` (the widths it measures against); a stretched column gets what the
    others leave of the viewport. Each distinct (text, width) is measured once (clients
    and places repeat)."""
    model, header = table.model(), table.horizontalHeader()
    count = model.columnCount()
    columns = range(count) if wraps is None else [c for c in range(count) if c in wraps]
    widths = [header.sectionSize(c) for c in range(count)]
    for c in range(count):
        if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch:
            rest = sum(w for i, w in enumerate(widths) if i != c)
            widths[c] = max(table.viewport().width() - rest, widths[c])
    metrics, flags = table.fontMetrics(), int(Qt.TextFlag.TextWordWrap)
    line = metrics.height() + CELL_PADDING
    measured: dict[tuple[str, int], int] = {}

    def height(text: str, width: int) -> int:
        if (text, width) not in measured:
            box = QRect(0, 0, max(width - CELL_MARGIN, 1), 100_000)
            measured[text, width] = metrics.boundingRect(box, flags, text).height()
        return measured[text, width] + CELL_PADDING

    for r in range(model.rowCount()):
        texts = ((c, str(model.index(r, c).data() or "")) for c in columns)
        tallest = max((height(t, widths[c]) for c, t in texts if t), default=line)
        if table.rowHeight(r) != max(tallest, line):
            table.setRowHeight(r, max(tallest, line))
