"""The notes tab of the case view: list, add, sign (confirmed), correct by superseding.

Owns: ``NotesPanel`` — the case's notes oldest first (each with its author, date and
state: unsigned, signed, corrected, correction), the text box and the buttons "Agregar
nota", "Agregar y firmar", "Firmar nota seleccionada" and "Corregir nota seleccionada"
(a signed note: a correcting note supersedes it; an unsigned one: its text is edited,
``Backend.edit_note``); ``CorrectionDialog`` (the corrected
text, prefilled with the original). Signing is
irreversible, so it asks first, also for "Agregar y firmar" (a window-modal question,
opened without blocking). A
button that cannot apply is disabled and its tooltip says why (no note selected, already
signed, not signed yet, already corrected, nothing written). The
panel never writes itself: it hands each write to the case view (``write(fn, message,
then)``), which runs it in the worker and reloads; the note the write returns is
selected and scrolled into view when the list is filled again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.ports import Backend, Row
from app.ui.record_page import allow, ask, open_dialog
from app.ui.widgets import fmt_datetime, ok_cancel

# write(fn, confirmation, then): run fn in the worker; on success call then(result)
# (when given), say the confirmation and reload the case
Write = Callable[[Callable[[], Any], str, Callable[[Any], None] | None], None]


class CorrectionDialog(QDialog):
    """The corrected text of a signed note (the original stays, marked "corregida"), or
    of another author's note (``author``: theirs stays too); of an unsigned note of one's
    own (``signed`` False), its new text (it is still a draft: it changes)."""

    def __init__(
        self, original: str, parent: QWidget | None = None, signed: bool = True, author: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Corregir nota") if signed else self.tr("Editar nota"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        if author:
            said = self.tr(
                "La nota es de %1 y no cambia: la corrección se guarda como una nota nueva "
                "suya que la reemplaza, y las dos quedan a la vista."
            ).replace("%1", author)
        elif signed:
            said = self.tr(
                "La nota firmada no cambia: la corrección se guarda como una nota nueva "
                "que la reemplaza, y las dos quedan a la vista."
            )
        else:
            said = self.tr("La nota aún no está firmada: se cambia su texto.")
        hint = QLabel(said)
        hint.setWordWrap(True)
        self.text = QPlainTextEdit(original)
        self.text.setAccessibleName(self.tr("Texto corregido"))
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        self.buttons = ok_cancel(
            self, self.tr("Guardar corrección") if signed else self.tr("Guardar cambios")
        )
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    def value(self) -> str:
        return self.text.toPlainText().strip()


class NotesPanel(QWidget):
    """The notes of one case; writes go through ``write`` (the case view's)."""

    said = Signal(str)  # a message for the case view's message line

    def __init__(self, backend: Backend, write: Write, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._write = write
        self.case_id = ""
        self.focus_id: str | None = None  # the note to select after the next fill
        self.dialog: QDialog | None = None  # the question or correction dialog open now
        v = QVBoxLayout(self)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.notes.setSpacing(4)
        self.notes.setAlternatingRowColors(True)
        self.notes.setAccessibleName(self.tr("Notas del caso"))
        self.notes.currentItemChanged.connect(lambda _c, _p: self.update_buttons())
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("Escriba una nota del caso…"))
        self.note_edit.setAccessibleName(self.tr("Texto de la nota"))
        self.note_edit.setMaximumHeight(110)
        self.note_edit.textChanged.connect(self.update_buttons)
        self.add_note_button = QPushButton(self.tr("Agregar nota"))
        self.add_note_button.setAccessibleName(self.tr("Agregar nota"))
        self.add_note_button.clicked.connect(lambda: self.add_note(sign=False))
        self.add_signed_button = QPushButton(self.tr("Agregar y firmar"))
        self.add_signed_button.setAccessibleName(self.tr("Agregar y firmar"))
        self.add_signed_button.clicked.connect(lambda: self.add_note(sign=True))
        self.sign_button = QPushButton(self.tr("Firmar nota seleccionada"))
        self.sign_button.setAccessibleName(self.tr("Firmar nota seleccionada"))
        self.sign_button.clicked.connect(lambda: self.sign_selected())
        self.correct_button = QPushButton(self.tr("Corregir nota seleccionada"))
        self.correct_button.setAccessibleName(self.tr("Corregir nota seleccionada"))
        self.correct_button.clicked.connect(lambda: self.correct_selected())
        buttons = QHBoxLayout()
        for b in (
            self.add_note_button,
            self.add_signed_button,
            self.sign_button,
            self.correct_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addWidget(self.notes, 1)
        v.addWidget(self.note_edit)
        v.addLayout(buttons)
        self.update_buttons()

    # -- display
    def fill(self, notes: list[Row]) -> None:
        """Show the case's notes (oldest first); keep or move the selection."""
        keep = self.focus_id or (self.selected_note() or {}).get("id")
        self.notes.clear()
        by_id = {n.get("id"): n for n in notes}
        superseded = {n.get("supersedes_id"): n for n in notes if n.get("supersedes_id")}
        chosen: QListWidgetItem | None = None
        for note in notes:
            item = QListWidgetItem(self._describe(note, by_id, superseded))
            item.setData(Qt.ItemDataRole.UserRole, note)
            self.notes.addItem(item)
            if keep and note.get("id") == keep:
                chosen = item
        if chosen is not None:
            self.notes.setCurrentItem(chosen)
            self.notes.scrollToItem(chosen, QListWidget.ScrollHint.EnsureVisible)
        self.focus_id = None
        self.update_buttons()

    def _describe(self, note: Row, by_id: dict[Any, Row], superseded: dict[Any, Row]) -> str:
        if note.get("signed_at"):
            state = self.tr("firmada %1").replace("%1", fmt_datetime(note.get("signed_at")))
        else:
            state = self.tr("sin firmar")
        later = superseded.get(note.get("id"))
        if later is not None:
            state += " · " + self.tr("corregida el %1").replace(
                "%1", fmt_datetime(later.get("created_at"))
            )
        earlier = by_id.get(note.get("supersedes_id")) if note.get("supersedes_id") else None
        if note.get("supersedes_id"):
            when = fmt_datetime(earlier.get("created_at")) if earlier else ""
            state += " · " + self.tr("corrección de la nota del %1").replace("%1", when)
        head = f"{fmt_datetime(note.get('created_at'))} · {note.get('author', '')} · {state}"
        return f"{head}\n{note.get('text', '')}"

    def texts(self) -> list[str]:
        return [self.notes.item(i).text() for i in range(self.notes.count())]

    def selected_note(self) -> Row | None:
        item = self.notes.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _superseded(self, note: Row) -> bool:
        for i in range(self.notes.count()):
            other = self.notes.item(i).data(Qt.ItemDataRole.UserRole) or {}
            if other.get("supersedes_id") == note.get("id"):
                return True
        return False

    def update_buttons(self) -> None:
        """Enable what applies; a disabled button's tooltip says why."""
        written = bool(self.note_edit.toPlainText().strip())
        why_add = "" if written else self.tr("Escriba primero el texto de la nota.")
        for button in (self.add_note_button, self.add_signed_button):
            allow(button, why_add)
        note = self.selected_note()
        if note is None:
            why_sign = why_correct = self.tr("Seleccione primero una nota de la lista.")
        else:
            signed = bool(note.get("signed_at"))
            why_sign = self.tr("Esta nota ya está firmada; no se puede cambiar.") if signed else ""
            if not signed and not _own(note):  # its author signs it (app.core.notes.own)
                why_sign = self.tr(
                    "La escribió %1: solo quien la escribió puede firmarla. Puede escribir "
                    "una corrección."
                ).replace("%1", str(note.get("author") or ""))
            elif not signed and self._superseded(note):  # replaced: sign its correction
                why_sign = self.tr("Esta nota ya fue corregida; firme la corrección.")
            if self._superseded(note):
                why_correct = self.tr("Esta nota ya fue corregida; corrija la nota de corrección.")
            else:
                why_correct = ""
        allow(self.sign_button, why_sign, self.tr("Firma la nota: después no se puede cambiar."))
        allow(
            self.correct_button,
            why_correct,
            self.tr("Escribe una corrección que reemplaza la nota; las dos quedan a la vista.")
            if note is None or note.get("signed_at") or not _own(note)
            else self.tr("La nota aún no está firmada: cambia su texto."),
        )

    # -- actions
    def add_note(self, sign: bool, confirm: bool = True) -> None:
        """Add the written note; signed too (irreversible) only once confirmed."""
        text = self.note_edit.toPlainText().strip()
        if not text or not self.case_id:
            return
        if sign and confirm:
            ask(
                self,
                self.tr("Firmar nota"),
                self.tr(
                    "¿Agregar y firmar esta nota? Una nota firmada ya no se puede cambiar; "
                    "solo se puede corregir con una nota nueva."
                ),
                self.tr("Agregar y firmar"),
                lambda: self.add_note(True, confirm=False),
                self._keep,
            )
            return
        self.note_edit.clear()
        backend, case_id = self._backend, self.case_id
        message = self.tr("Nota agregada y firmada.") if sign else self.tr("Nota agregada.")
        self._write(lambda: backend.add_note(case_id, text, sign), message, self._focus)

    def sign_selected(self, confirm: bool = True) -> None:
        """Ask, then sign the selected note (``confirm=False``: already confirmed)."""
        note = self.selected_note()
        if not note or note.get("signed_at"):
            return
        note_id = str(note["id"])
        if confirm:
            ask(
                self,
                self.tr("Firmar nota"),
                self.tr(
                    "¿Firmar esta nota? Una nota firmada ya no se puede cambiar; "
                    "solo se puede corregir con una nota nueva."
                ),
                self.tr("Firmar"),
                lambda: self._sign(note_id),
                self._keep,
            )
            return
        self._sign(note_id)

    def _sign(self, note_id: str) -> None:
        backend = self._backend
        self.focus_id = note_id
        self._write(lambda: backend.sign_note(note_id), self.tr("Nota firmada."), None)

    def correct_selected(self, text: str | None = None) -> None:
        """Open the correction dialog (or, given ``text``, save that correction)."""
        note = self.selected_note()
        if not note:
            return
        # another author's note is corrected with a note of one's own, never changed
        note_id, signed = str(note["id"]), bool(note.get("signed_at")) or not _own(note)
        if text is not None:
            self._correct(note_id, text, signed)
            return
        author = "" if _own(note) else str(note.get("author") or "")
        dialog = CorrectionDialog(str(note.get("text", "")), self, signed, author)
        open_dialog(dialog, lambda: self._correct(note_id, dialog.value(), signed), self._keep)
        dialog.text.setFocus()

    def _keep(self, dialog: QDialog | None) -> None:
        self.dialog = dialog

    def _correct(self, note_id: str, text: str, signed: bool = True) -> None:
        text = text.strip()
        if not text:
            self.said.emit(self.tr("La corrección está vacía: no se guardó nada."))
            return
        backend = self._backend
        if not signed:  # a draft: its text changes (app.core.notes.edit_note)
            self.focus_id = note_id
            self._write(lambda: backend.edit_note(note_id, text), self.tr("Nota cambiada."), None)
            return
        self._write(
            lambda: backend.correct_note(note_id, text),
            self.tr("Corrección guardada."),
            self._focus,
        )

    def _focus(self, note_id: object) -> None:
        """The note a write created: selected and scrolled into view once shown."""
        self.focus_id = str(note_id)


def _own(note: Row) -> bool:
    """Whether this user wrote ``note`` (``own``, read with the case: only its author
    edits or signs it)."""
    return bool(note.get("own", True))
