"""A chart enlarged to the window's size ("Ampliar gráfico" on the Tiempos page,
fresh-eyes 8 #6: the survival curves were a small plot at 1024×600). Owns
``ChartDialog``: the chart widget given, drawn for the dialog's size, and "Cerrar"."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget


class ChartDialog(QDialog):
    """``chart`` (a widget with ``show_svg(bytes)``) filling a dialog as large as
    ``parent``'s window; Esc or "Cerrar" closes it."""

    def __init__(self, chart: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(chart.accessibleName())
        self.chart = chart
        box = QVBoxLayout(self)
        box.addWidget(chart, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        window = parent.window() if parent is not None else None
        if window is not None:
            self.resize(window.width() - 20, window.height() - 20)
        else:
            self.resize(980, 560)

    def show_svg(self, data: bytes) -> None:
        self.chart.show_svg(data, "zoom")
