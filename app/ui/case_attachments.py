"""The attachments tab of the case view: the case's files, "Adjuntar archivo…", "Ver".

Owns ``AttachmentsPanel`` — the list of the case's attachments (name and size; a long
name wraps onto more lines instead of being cut), "Adjuntar archivo…" (the one open
dialog, ``app.ui.files.open_path``; the file is stored encrypted through the case view's
``write``, then the status bar says what was attached and from where,
``files.said_attached``, and the new one is the selected row once the list shows it: the
place the file landed names it whole, fresh 9 N4) and "Ver" (decrypted in memory only,
``app.ui.attachment_viewer.AttachmentViewer``; disabled with a tooltip while no row is
selected).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.text import size_text
from app.ui.attachment_viewer import AttachmentViewer
from app.ui.case_notes import Write
from app.ui.files import open_path, said_attached
from app.ui.ports import Backend, Row
from app.ui.record_page import allow, say_when_empty
from app.ui.worker import Worker


class AttachmentsPanel(QWidget):
    """The attachments of one case (``case_id``); writes go through ``write``."""

    error = Signal(object)  # a file that could not be read

    def __init__(
        self, backend: Backend, write: Write, worker: Worker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._backend, self._write, self._worker = backend, write, worker
        self.case_id = ""
        self._landed = ""  # the attachment just added: selected once the list shows it
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Adjuntos"))
        self.list.setWordWrap(True)  # a long file name wraps, whole
        say_when_empty(self.list, self.tr("No hay archivos adjuntos."))
        self.list.itemActivated.connect(lambda _i: self.view_selected())
        self.add_button = QPushButton(self.tr("Adjuntar archivo…"))
        self.add_button.setAccessibleName(self.tr("Adjuntar archivo"))
        self.add_button.clicked.connect(self._ask)
        self.view_button = QPushButton(self.tr("Ver"))
        self.view_button.setAccessibleName(self.tr("Ver adjunto"))
        self.view_button.clicked.connect(self.view_selected)
        self.list.currentItemChanged.connect(lambda _c, _p: self.update_buttons())
        note = QLabel(self.tr("Los archivos se guardan cifrados; se muestran solo en memoria."))
        note.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.view_button)
        buttons.addStretch(1)
        v = QVBoxLayout(self)
        v.addWidget(self.list, 1)
        v.addWidget(note)
        v.addLayout(buttons)
        self.update_buttons()

    def fill(self, attachments: list[Row]) -> None:
        self.list.clear()
        for att in attachments:
            item = QListWidgetItem(f"{att.get('filename', '')} ({size_text(att.get('size'))})")
            item.setData(Qt.ItemDataRole.UserRole, (att.get("id"), att.get("filename", "")))
            self.list.addItem(item)
            if self._landed and str(att.get("id")) == self._landed:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
        self._landed = ""
        self.update_buttons()

    def update_buttons(self) -> None:
        """ "Ver" applies to a selected row; disabled, it says why."""
        chosen = self.list.currentItem() is not None
        allow(
            self.view_button,
            "" if chosen else self.tr("Seleccione primero un adjunto de la lista."),
        )

    def _ask(self) -> None:
        path = open_path(self, self.tr("Adjuntar archivo"))
        if path is not None:
            self.add(path)

    def add(self, path: Path) -> None:
        """Store the file at ``path`` encrypted in the case; then say it and select it."""
        backend, case_id = self._backend, self.case_id

        def done(att_id: Any) -> None:
            self._landed = str(att_id)
            said_attached(self, path)  # what went where (app/ui/files.py)

        self._write(lambda: backend.add_attachment(case_id, path), "", done)

    def view_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        att_id, name = item.data(Qt.ItemDataRole.UserRole)
        backend = self._backend
        self._worker.submit(
            lambda: backend.read_attachment(str(att_id)),
            lambda data: AttachmentViewer(name, data, self).open(),
            self.error.emit,
        )
