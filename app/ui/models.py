"""Table models backed by the store, loaded lazily in pages off the UI thread.

Owns: ``Column`` and ``LazyTableModel`` — a ``QAbstractTableModel`` that counts rows and
fetches them page by page (``canFetchMore``/``fetchMore``) through the worker pool, so a
list of 100 000 cases opens at once and scrolls without stalls. Pages after the first are
found by keyset (the last row's sort key and tie-breaker, ``_key`` and ``_tie``), and
their display text is made in the worker too, so painting the view only indexes tuples.
Sorting and filtering reset the model and start again from the first page; results of
an outdated query are dropped (``Latest``: each count or page request replaces the one before).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.ui.ports import Backend, Filters, Row
from app.ui.worker import Latest, Worker

PAGE_SIZE = 200
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sortable: bool = True
    render: Callable[[Any], str] | None = None


class LazyTableModel(QAbstractTableModel):
    loaded = Signal(int, int)  # rows loaded, total rows
    failed = Signal(object)

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        kind: str,
        columns: list[Column],
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self.kind = kind
        self.columns = columns
        self.page_size = page_size
        self._rows: list[Row] = []
        self._shown: list[tuple[str, ...]] = []  # display text per row, made in the worker
        self._total = 0
        self._filters = Filters()
        self._sort = columns[0].key
        self._desc = False
        self._latest = Latest(worker)
        self._fetching = False
        self._counted = False
        self._short: dict[int, str] = {}  # titles shown shorter (``setHeaderData``)

    # -- state
    @property
    def total(self) -> int:
        return self._total

    @property
    def filters(self) -> Filters:
        return self._filters

    def row_data(self, row: int) -> Row:
        return self._rows[row]

    def set_filters(self, filters: Filters) -> None:
        self._filters = filters
        self.reload()

    def reload(self) -> None:
        self._latest.drop()
        self.beginResetModel()
        self._rows = []
        self._shown = []
        self._total = 0
        self._fetching = False
        self._counted = False
        self.endResetModel()
        backend, kind, filters = self._backend, self.kind, self._filters
        self._fetching = True
        self._latest.submit(lambda: backend.count(kind, filters), self._on_count, self._on_error)

    def _on_count(self, total: int) -> None:
        self._total = int(total)
        self._counted = True
        self._fetching = False
        if self._total:
            self.fetchMore(QModelIndex())
        else:
            self.loaded.emit(0, 0)

    def _on_error(self, exc: BaseException) -> None:
        self._fetching = False
        self.failed.emit(exc)

    # -- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index) -> bool:
        return (
            not parent.isValid()
            and self._counted
            and not self._fetching
            and len(self._rows) < self._total
        )

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._fetching or not self._counted:
            return
        if len(self._rows) >= self._total:
            return
        self._fetching = True
        offset = len(self._rows)
        backend, kind, filters = self._backend, self.kind, self._filters
        sort, desc, limit = self._sort, self._desc, self.page_size
        last = self._rows[-1] if self._rows else None
        after = (
            (last.get("_key"), str(last.get("_tie") or last["id"]))
            if last is not None and "_key" in last
            else None
        )
        columns = self.columns

        def load() -> tuple[list[Row], list[tuple[str, ...]]]:
            # Query and display text both off the UI thread: painting only indexes.
            rows = backend.fetch(kind, filters, sort, desc, offset, limit, after)
            return rows, [_display(columns, row) for row in rows]

        self._latest.submit(load, lambda page: self._on_page(offset, *page), self._on_error)

    def _on_page(self, offset: int, rows: list[Row], shown: list[tuple[str, ...]]) -> None:
        if offset != len(self._rows):
            return
        self._fetching = False
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self._shown.extend(shown)
            self.endInsertRows()
        else:
            self._total = len(self._rows)  # the table shrank meanwhile
        self.loaded.emit(len(self._rows), self._total)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (_DISPLAY, _TOOLTIP):
            row = index.row()
            return self._shown[row][index.column()] if 0 <= row < len(self._shown) else None
        row = index.row()
        if role == _FOREGROUND and 0 <= row < len(self._rows) and self._rows[row].get("_overdue"):
            return QBrush(QColor("#b00020"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (_DISPLAY, _TOOLTIP):  # the tooltip: a title cut to fit its column
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            title = self.columns[section].title
            return self._short.get(section, title) if role == _DISPLAY else title
        return None

    def setHeaderData(
        self, section: int, orientation: Qt.Orientation, value: Any, role: int = _DISPLAY
    ) -> bool:
        """A column's title shown shorter ("Exp." for an empty column short of room,
        ``lists.fit_columns``); its whole title stays its tooltip. The title: whole."""
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return False
        if not 0 <= section < len(self.columns):
            return False
        if value == self.columns[section].title:
            changed = self._short.pop(section, None) is not None
        else:
            changed = self._short.get(section) != value
            self._short[section] = str(value)
        if changed:
            self.headerDataChanged.emit(orientation, section, section)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        key = self.columns[column].key
        desc = order == Qt.SortOrder.DescendingOrder
        if (key, desc) == (self._sort, self._desc):
            return
        self._sort, self._desc = key, desc
        if self._latest.started:  # not before the first load was asked for
            self.reload()


def _display(columns: list[Column], row: Row) -> tuple[str, ...]:
    out = []
    for column in columns:
        value = row.get(column.key)
        if column.render is not None:
            out.append(column.render(value))
        else:
            out.append("" if value is None else str(value))
    return tuple(out)
