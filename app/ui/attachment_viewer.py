"""Showing an attachment of a case: ``AttachmentViewer`` shows its decrypted bytes from
memory (an image, or text) and never writes them to a file."""

from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

MAX_PREVIEW = 20 * 1024 * 1024


class AttachmentViewer(QDialog):
    """Shows attachment bytes from memory; never writes them to a file."""

    def __init__(self, name: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        pixmap = QPixmap()
        if len(data) <= MAX_PREVIEW and pixmap.loadFromData(data):
            label = QLabel()
            label.setPixmap(pixmap)
            scroll = QScrollArea()
            scroll.setWidget(label)
            layout.addWidget(scroll)
        else:
            try:
                text = data[:MAX_PREVIEW].decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            if text:
                view = QPlainTextEdit(text)
                view.setReadOnly(True)
                layout.addWidget(view)
            else:
                layout.addWidget(QLabel(self.tr("No hay vista previa para este tipo de archivo.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
