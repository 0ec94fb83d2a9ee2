"""The question asked when a new intake is left: keep what was typed as a draft?

Owns ``DraftQuestion`` — a window-modal, non-blocking message box with "Guardar
borrador", "Descartar" and (unless ``stay`` is False, e.g. after a conflict of interest)
"Seguir con la atención"; the informative text names the person the draft is saved
under. ``answered`` carries ``KEEP``, ``DISCARD`` or ``STAY``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

KEEP, DISCARD, STAY = "keep", "discard", "stay"


class DraftQuestion(QMessageBox):
    answered = Signal(str)  # KEEP / DISCARD / STAY

    def __init__(self, text: str, name: str, parent: QWidget, stay: bool = True) -> None:
        super().__init__(
            QMessageBox.Icon.Question,
            self.tr("Cancelar la atención"),
            text,
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        self.setWindowModality(Qt.WindowModality.WindowModal)
        if name:
            self.setInformativeText(
                self.tr("El borrador se guarda con el nombre de %1.").replace("%1", name)
            )
        self.keep = self.addButton(self.tr("Guardar borrador"), QMessageBox.ButtonRole.AcceptRole)
        self.discard = self.addButton(self.tr("Descartar"), QMessageBox.ButtonRole.DestructiveRole)
        stay_text = self.tr("Seguir con la atención")
        back = self.addButton(stay_text, QMessageBox.ButtonRole.RejectRole) if stay else None
        self.setDefaultButton(self.keep)
        self.setEscapeButton(back or self.discard)
        self.finished.connect(self._answered)

    def _answered(self, _code: int) -> None:
        clicked = self.clickedButton()
        self.answered.emit(
            KEEP if clicked is self.keep else DISCARD if clicked is self.discard else STAY
        )
