"""The unlock screen shown on every start after the first, and after a lock.

Owns: ``UnlockScreen`` — user list (``Vault.list_users``), passphrase field, an inline
message for a wrong passphrase (no dialog), and the recovery-key path ("¿Olvidó su
contraseña?") that sets a new passphrase. Key derivation runs in the worker pool;
``unlocked(store)`` is emitted on the UI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.errors import user_message
from app.ui.ports import VaultPort
from app.ui.widgets import (
    centered_card,
    error_label,
    password_edit,
    password_problem,
    strength_hint,
)
from app.ui.worker import Worker


class UnlockScreen(QWidget):
    unlocked = Signal(object)  # the unlocked store

    def __init__(
        self,
        vault: VaultPort,
        data_dir: Path,
        worker: Worker,
        users: list[str] | None = None,
        parent: QWidget | None = None,
        demo_login: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._vault = vault
        self._data_dir = data_dir
        self._worker = worker
        self._busy = False

        card = centered_card(self, 520)

        title = QLabel(self.tr("Chasqui — Expediente de defensa pública"))
        title.setObjectName("title")
        title.setWordWrap(True)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(card)
        layout.addWidget(title)
        layout.addWidget(self.pages)

        # -- normal unlock
        page = QWidget()
        form = QFormLayout(page)
        self.user_box = QComboBox()
        self.user_box.setAccessibleName(self.tr("Usuario"))
        self.pass_edit = password_edit(self.tr("Contraseña"))
        self.pass_edit.returnPressed.connect(self.submit)
        self.message = error_label()
        self.message.setAccessibleName(self.tr("Mensaje"))
        self.unlock_button = QPushButton(self.tr("Entrar"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName(self.tr("Entrar"))
        self.unlock_button.clicked.connect(self.submit)
        self.forgot_button = QPushButton(
            self.tr("¿Olvidó su contraseña? Usar clave de recuperación")
        )
        self.forgot_button.setFlat(True)
        self.forgot_button.setObjectName("link")
        self.forgot_button.setAccessibleName(self.tr("Usar clave de recuperación"))
        self.forgot_button.clicked.connect(lambda: self._show_recovery(True))
        self.demo_hint = QLabel()  # the demo's user and passphrase (the demo vault only)
        self.demo_hint.setObjectName("hint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if demo_login is not None:
            self.demo_hint.setText(
                self.tr("Demostración (datos ficticios): usuario «%1», contraseña «%2».")
                .replace("%1", demo_login[0])
                .replace("%2", demo_login[1])
            )
            form.addRow(self.demo_hint)
        form.addRow(self.tr("Usuario"), self.user_box)
        form.addRow(self.tr("Contraseña"), self.pass_edit)
        form.addRow(self.message)
        form.addRow(self.unlock_button)
        form.addRow(self.forgot_button)
        self.pages.addWidget(page)

        # -- recovery
        rpage = QWidget()
        rform = QFormLayout(rpage)
        intro = QLabel(
            self.tr(
                "Escriba la clave de recuperación que anotó al crear el archivo de datos "
                "y elija una contraseña nueva."
            )
        )
        intro.setWordWrap(True)
        self.recovery_user = QComboBox()
        self.recovery_user.setAccessibleName(self.tr("Usuario"))
        self.recovery_edit = QLineEdit()
        self.recovery_edit.setAccessibleName(self.tr("Clave de recuperación"))
        self.new_pass = password_edit(self.tr("Contraseña nueva"))
        self.new_pass2 = password_edit(self.tr("Repita la contraseña nueva"))
        self.new_hint = QLabel()
        self.new_pass.textChanged.connect(lambda s: self.new_hint.setText(strength_hint(s)))
        self.recovery_message = error_label()
        self.recover_button = QPushButton(self.tr("Recuperar acceso"))
        self.recover_button.setAccessibleName(self.tr("Recuperar acceso"))
        self.recover_button.clicked.connect(self.submit_recovery)
        back = QPushButton(self.tr("Volver"))
        back.setAccessibleName(self.tr("Volver"))
        back.clicked.connect(lambda: self._show_recovery(False))
        rform.addRow(intro)
        rform.addRow(self.tr("Usuario"), self.recovery_user)
        rform.addRow(self.tr("Clave de recuperación"), self.recovery_edit)
        rform.addRow(self.tr("Contraseña nueva"), self.new_pass)
        rform.addRow(self.tr("Repita la contraseña"), self.new_pass2)
        rform.addRow(self.new_hint)
        rform.addRow(self.recovery_message)
        rform.addRow(self.recover_button)
        rform.addRow(back)
        self.pages.addWidget(rpage)

        if users is None:
            self.reload_users()
        else:
            self._set_users(users)

    # -- public
    def reload_users(self) -> None:
        """Read the user list from the key file (no secret needed) in the worker."""
        vault, data_dir = self._vault, self._data_dir
        self._worker.submit(
            lambda: vault.list_users(data_dir),
            self._set_users,
            lambda exc: self.message.setText(user_message(exc)),
        )

    def _set_users(self, users: list[str]) -> None:
        current = self.user_box.currentText()
        for box in (self.user_box, self.recovery_user):
            box.clear()
            box.addItems(users)
            if current in users:
                box.setCurrentText(current)

    def reset(self, message: str = "", notice: bool = False) -> None:
        """Back to a clean unlock form (after a lock), saying ``message``: in red, or in
        the normal colour when it is a ``notice`` ("Sesión bloqueada.": fresh-eyes 6 #12,
        it read as an error)."""
        self.pass_edit.clear()
        self.recovery_edit.clear()
        self.new_pass.clear()
        self.new_pass2.clear()
        if notice:
            self.message.progress(message)
        else:
            self.message.setText(message)
        self.recovery_message.clear()
        self._show_recovery(False)
        self._set_busy(False)

    def focus_passphrase(self) -> None:
        self.pass_edit.setFocus()

    # -- slots
    def submit(self) -> None:
        if self._busy:
            return
        user = self.user_box.currentText()
        secret = self.pass_edit.text()
        if not user or not secret:
            self.message.setText(self.tr("Elija su usuario y escriba su contraseña."))
            return
        self._set_busy(True)
        self.message.progress(self.tr("Abriendo…"))
        vault, data_dir = self._vault, self._data_dir
        self._worker.submit(lambda: vault.unlock(data_dir, user, secret), self._done, self._failed)

    def submit_recovery(self) -> None:
        if self._busy:
            return
        user = self.recovery_user.currentText()
        key = self.recovery_edit.text().strip()
        new, again = self.new_pass.text(), self.new_pass2.text()
        problem = password_problem(new, again)
        if not user or not key:
            problem = self.tr("Elija su usuario y escriba la clave de recuperación.")
        if problem:
            self.recovery_message.setText(problem)
            return
        self._set_busy(True)
        self.recovery_message.progress(self.tr("Comprobando la clave…"))
        vault, data_dir = self._vault, self._data_dir
        self._worker.submit(
            lambda: vault.unlock_with_recovery(data_dir, key, user, new),
            self._done,
            self._recovery_failed,
        )

    def _done(self, store: Any) -> None:
        self.pass_edit.clear()
        self.new_pass.clear()
        self.new_pass2.clear()
        self.recovery_edit.clear()
        self.message.clear()
        self._set_busy(False)
        self.unlocked.emit(store)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.pass_edit.selectAll()
        self.pass_edit.setFocus()
        self.message.setText(user_message(exc))

    def _recovery_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if type(exc).__name__ == "WrongPassphrase":
            self.recovery_message.setText(self.tr("La clave de recuperación no es válida."))
        else:
            self.recovery_message.setText(user_message(exc))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.unlock_button.setEnabled(not busy)
        self.recover_button.setEnabled(not busy)

    def _show_recovery(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        (self.recovery_edit if on else self.pass_edit).setFocus()
