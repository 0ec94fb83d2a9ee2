"""How a PDF leaves the desktop: protected with a password unless the user says otherwise.

Owns ``PdfProtectionDialog`` and ``ask_pdf_password``: after the file name, every PDF
export (case summary, intake record, reports) asks for a document password (twice, at
least ``app.reports.export.MIN_PASSWORD`` characters). Saving without a password needs
ticking an explicit box; the export's audit event then records ``protection:
"declined"`` (see ``app.ui.wiring.StoreReports``). ``why`` replaces the dialog's first
sentence when the reason is not names but something subtler (the monthly statistics'
counts of 1-4 people, ``app.ui.reports_page``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.ui.widgets import error_label, password_edit


@dataclass(frozen=True)
class PdfChoice:
    """The user's answer: a password, or None after ticking "save without a password"."""

    password: str | None


def _min_password() -> int:
    from app.reports.export import MIN_PASSWORD

    return MIN_PASSWORD


class PdfProtectionDialog(QDialog):
    """Password (default) or an explicit, audited choice to save unprotected."""

    def __init__(self, parent: QWidget | None = None, why: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Proteger el documento"))
        form = QFormLayout(self)
        if why:
            text = why + " " + self.tr(
                "Elija una contraseña para abrirlo (al menos %1 caracteres) y compártala por "
                "otro medio."
            )
        else:
            text = self.tr(
                "El PDF tendrá datos personales. Elija una contraseña para abrirlo "
                "(al menos %1 caracteres) y compártala por otro medio."
            )
        self.intro = QLabel(text.replace("%1", str(_min_password())))
        intro = self.intro
        intro.setWordWrap(True)
        self.pass1 = password_edit(self.tr("Contraseña del documento"))
        self.pass2 = password_edit(self.tr("Repita la contraseña del documento"))
        self.unprotected = QCheckBox(
            self.tr("Guardar sin contraseña (cualquiera que tenga el archivo podrá leerlo)")
        )
        self.unprotected.toggled.connect(self._toggled)
        self.message = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(intro)
        form.addRow(self.tr("Contraseña"), self.pass1)
        form.addRow(self.tr("Repita la contraseña"), self.pass2)
        form.addRow(self.unprotected)
        form.addRow(self.message)
        form.addRow(buttons)

    def _toggled(self, checked: bool) -> None:
        self.pass1.setEnabled(not checked)
        self.pass2.setEnabled(not checked)
        self.message.clear()

    def problem(self) -> str | None:
        if self.unprotected.isChecked():
            return None
        if len(self.pass1.text()) < _min_password():
            return self.tr(
                "La contraseña del documento debe tener al menos %1 caracteres."
            ).replace("%1", str(_min_password()))
        if self.pass1.text() != self.pass2.text():
            return self.tr("Las contraseñas no coinciden.")
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return
        super().accept()

    def password(self) -> str | None:
        """The chosen password, or None when the user ticked "save without a password"."""
        return None if self.unprotected.isChecked() else self.pass1.text()


def ask_pdf_password(parent: QWidget | None, why: str | None = None) -> PdfChoice | None:
    """How to protect the PDF about to be saved; None when the user cancelled."""
    dialog = PdfProtectionDialog(parent, why)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return PdfChoice(dialog.password())
    finally:
        dialog.pass1.clear()
        dialog.pass2.clear()
        dialog.deleteLater()
