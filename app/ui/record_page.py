"""The parts shared by the pages that show one record (the case view, a person's profile).

Owns: ``record_header`` (the "← Volver" button and the title label of such a page),
``MessageLine`` (a one-line confirmation whose height is reserved even when empty, so
nothing moves when it clears, and which clears itself after ``MESSAGE_MS``), ``allow``
(enable a button, or disable it with a tooltip saying why), and ``read_only_table`` /
``fill_table`` (tables of rows to read and pick from, each row carrying its key).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

MESSAGE_MS = 8000


def record_header(back: SignalInstance) -> tuple[QHBoxLayout, QLabel]:
    """A page's head: "← Volver" (emits ``back``) and the title label (returned)."""
    button = QPushButton(QCoreApplication.translate("record_page", "← Volver"))
    button.setAccessibleName(QCoreApplication.translate("record_page", "Volver"))
    button.clicked.connect(back)
    title = QLabel()
    title.setObjectName("title")
    title.setWordWrap(True)
    head = QHBoxLayout()
    head.addWidget(button)
    head.addWidget(title, 1)
    return head, title


class MessageLine(QLabel):
    """A one-line message of fixed height that clears itself (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(" ", parent)
        self.setObjectName("hint")
        self.setAccessibleName(QCoreApplication.translate("record_page", "Mensaje"))
        self.setMinimumHeight(self.sizeHint().height())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(MESSAGE_MS)
        self.timer.timeout.connect(lambda: self.setText(" "))

    def say(self, text: str) -> None:
        self.setText(text or " ")
        self.timer.start()


def allow(button: QAbstractButton, why_not: str, tip: str = "") -> None:
    """Enable ``button`` when ``why_not`` is empty; its tooltip says why it is disabled."""
    button.setEnabled(not why_not)
    button.setToolTip(why_not or tip)


def read_only_table(headers: list[str], name: str) -> QTableWidget:
    """A table of rows to read and pick from (one row at a time, no editing)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    # rows follow their wrapped text as the columns change width (small tables only)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], keys: list[Any]) -> None:
    """Put ``rows`` in ``table``; each row's items carry its key (``UserRole``) and show
    their whole text as a tooltip (nothing is lost to a narrow column)."""
    table.setRowCount(len(rows))
    for r, (values, key) in enumerate(zip(rows, keys, strict=True)):
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value or ""))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(str(value or ""))
            table.setItem(r, c, item)
