"""The ficha's step of a new intake: its heading, where the form goes, and its buttons.

Owns ``FormStep`` — the numbered heading ("2. Ficha de atención" or "3. …": the steps are
numbered as the defender goes through them, ``IntakePage.show_step``), the ``holder``
layout that receives the form widget (``build``: the renderer's widget with a resumed
draft's answers and the prefilled ones), and the buttons "Cancelar", "Volver", "Solo
consulta" and "Abrir caso" (Enter on a focused button presses it). The page wires them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import section_label


class FormStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = self.tr("Ficha de atención")
        self.heading = section_label(f"3. {self.title}")
        layout.addWidget(self.heading)
        self.holder = QVBoxLayout()
        layout.addLayout(self.holder, 1)
        self.consult_button = QPushButton(self.tr("Solo consulta"))
        self.consult_button.setAccessibleName(self.tr("Registrar solo consulta"))
        self.open_button = QPushButton(self.tr("Abrir caso"))
        self.open_button.setAccessibleName(self.tr("Abrir caso"))
        # from anywhere in the ficha (some 90 stops), as its tooltip says (fresh 12 #7)
        self.open_button.setToolTip(self.tr("Abrir caso (Ctrl+Enter desde cualquier campo)"))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.open_button.animateClick)
        self.back_button = QPushButton(self.tr("Volver"))
        self.back_button.setAccessibleName(self.tr("Volver a los datos de la persona"))
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.setAccessibleName(self.tr("Cancelar la atención"))
        buttons = QHBoxLayout()
        for button in (self.cancel_button, self.back_button, None, *self.submit_buttons()):
            if button is None:
                buttons.addStretch(1)
                continue
            button.setAutoDefault(True)
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def submit_buttons(self) -> tuple[QPushButton, QPushButton]:
        return self.consult_button, self.open_button

    def build(
        self,
        make: Callable[[], QWidget],
        resumed: Mapping[str, Any] | None,
        prefill: Mapping[str, Any],
        changed: Callable[[], None],
    ) -> QWidget:
        """The ficha ``make()`` builds, in the step: a resumed draft's answers, then the
        ``prefill`` where the form has none; ``changed()`` after every edit."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a second or more, busy
        try:
            widget = make()
            self.holder.addWidget(widget)
            signal = getattr(widget, "answers_changed", None)
            if signal is not None:
                signal.connect(changed)
            set_answers = getattr(widget, "set_answers", None)
            if resumed is not None and set_answers is not None:
                set_answers(resumed)
            fill = getattr(widget, "prefill", None)
            if fill is not None:
                fill(prefill)
        finally:
            QApplication.restoreOverrideCursor()
        return widget

    def missing(self) -> None:
        """No intake form is installed: say so, and nothing can be registered."""
        if self.findChild(QLabel, "no_form") is None:
            label = QLabel(self.tr("No hay formularios de atención instalados."))
            label.setObjectName("no_form")
            self.holder.addWidget(label)
        for button in self.submit_buttons():
            button.setEnabled(False)
