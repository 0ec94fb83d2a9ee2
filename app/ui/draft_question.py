"""The question asked when a new intake is left: keep what was typed as a draft?

Owns ``DraftQuestion`` — a window-modal, non-blocking message box with "Guardar
borrador", "Descartar" and (unless ``stay`` is False, e.g. after a conflict of interest)
"Seguir con la atención"; the informative text names the person the draft is saved
under. ``answered`` carries ``KEEP``, ``DISCARD`` or ``STAY``.

``ask_before_quitting``: quitting (Ctrl+Q, Archivo → Salir, the window's close button)
while an intake has edits not yet in its draft asks "¿Guardar borrador?" — "Guardar"
writes the draft and quits, "Descartar" quits without it, "Cancelar" (Escape) stays with
everything typed (fresh-eyes #23: a recovered draft's step-1 edit was lost on Ctrl+Q).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.people import full_name

KEEP, DISCARD, STAY = "keep", "discard", "stay"


class DraftQuestion(QMessageBox):
    answered = Signal(str)  # KEEP / DISCARD / STAY

    def __init__(
        self, text: str, name: str, parent: QWidget, stay: bool = True, quitting: bool = False
    ) -> None:
        super().__init__(
            QMessageBox.Icon.Question,
            self.tr("¿Guardar borrador?") if quitting else self.tr("Cancelar la atención"),
            text,
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        self.setWindowModality(Qt.WindowModality.WindowModal)
        if name:
            self.setInformativeText(
                self.tr("El borrador se guarda con el nombre de %1.").replace("%1", name)
            )
        keep_text = self.tr("Guardar") if quitting else self.tr("Guardar borrador")
        self.keep = self.addButton(keep_text, QMessageBox.ButtonRole.AcceptRole)
        self.discard = self.addButton(self.tr("Descartar"), QMessageBox.ButtonRole.DestructiveRole)
        stay_text = self.tr("Cancelar") if quitting else self.tr("Seguir con la atención")
        back = self.addButton(stay_text, QMessageBox.ButtonRole.RejectRole) if stay else None
        self.setDefaultButton(self.keep)
        self.setEscapeButton(back or self.discard)
        self.finished.connect(self._answered)

    def _answered(self, _code: int) -> None:
        clicked = self.clickedButton()
        self.answered.emit(
            KEEP if clicked is self.keep else DISCARD if clicked is self.discard else STAY
        )


def ask_keep(
    page: Any, text: str, then: Callable[[str], None], stay: bool = True, quitting: bool = False
) -> DraftQuestion:
    """Ask (window-modal, not blocking) over the intake ``page`` whether to keep its draft;
    ``then(KEEP|DISCARD|STAY)``. While it is open it is ``page.dialog``."""
    box = DraftQuestion(text, full_name(page.person()), page, stay, quitting)
    page.dialog = box

    def answered(choice: str) -> None:
        page.dialog = None
        box.deleteLater()
        then(choice)

    box.answered.connect(answered)
    box.open()
    return box


def kept_choice(page: Any) -> str:
    """The conflict-of-interest question (no "Cancelar") closed without a button — Ctrl+Q
    and Ctrl+L cancel the open dialogs: KEEP the intake ``page``'s draft, or ("") leave a
    recovered draft as it was; never DISCARD (F1: a saved draft was deleted by Ctrl+Q)."""
    return KEEP if page._resumed is None or page.unsaved() else ""


def ask_before_quitting(page: Any, quit: Callable[[], object]) -> DraftQuestion:
    """Quitting with the intake ``page`` (an ``IntakePage``) holding unsaved edits:
    "Guardar" writes its draft, then ``quit()`` once it is written (review 8: a write
    queued behind a long sync write outlived the window's 10 s wait and was lost; when the
    write fails, the page says so and the window stays); "Descartar" quits without it;
    "Cancelar" leaves everything as it is."""
    text = QCoreApplication.translate(
        "DraftQuestion",
        "Esta atención tiene datos que aún no están guardados. "
        "¿Guardarlos como borrador antes de salir?",
    )

    def then(choice: str) -> None:
        if choice == STAY:
            return
        if choice == KEEP:
            if page.keep_for_lock(lambda _r: quit()):
                return  # quits once written
        else:
            page.forget_edits()
        quit()

    return ask_keep(page, text, then, quitting=True)
