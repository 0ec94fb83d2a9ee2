"""The first-run wizard, shown when the data folder holds no vault yet.

Owns: ``FirstRunWizard`` — choose between creating a new vault for this office
(office code and name, user, passphrase twice with a strength hint; then the one-time
recovery key, which must be acknowledged with a checkbox before continuing) and enrolling
this device with a central server (server address + one-time enrollment code; the
enrollment itself arrives with the sync client and is injected as ``enroll``).
Vault creation (Argon2id) runs in the worker pool. Emits ``finished(store)``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.errors import user_message
from app.ui.ports import Enroll, VaultPort
from app.ui.sync_adapter import server_fingerprint
from app.ui.widgets import (
    centered_card,
    error_label,
    password_edit,
    password_problem,
    strength_hint,
)
from app.ui.worker import Worker

_OFFICE_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
_USER_NAME = re.compile(r"^[a-z0-9._-]{2,32}$")

CHOOSE, CREATE, RECOVERY, ENROLL = range(4)


def _insecure(url: str) -> bool:
    """http:// to another computer (``sync.client.transport.address_problem``)."""
    from sync.client.transport import address_problem  # httpx: not at start-up

    return address_problem(url) is not None


class FirstRunWizard(QWidget):
    finished = Signal(object)  # the unlocked store

    def __init__(
        self,
        vault: VaultPort,
        data_dir: Path,
        worker: Worker,
        enroll: Enroll | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._vault = vault
        self._data_dir = data_dir
        self._worker = worker
        self._enroll = enroll
        self._store: Any = None

        card = centered_card(self, 620)
        title = QLabel(self.tr("Bienvenida a Chasqui"))
        title.setObjectName("title")
        self.pages = QStackedWidget()
        layout = QVBoxLayout(card)
        layout.addWidget(title)
        layout.addWidget(self.pages)

        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._create_page())
        self.pages.addWidget(self._recovery_page())
        self.pages.addWidget(self._enroll_page())

    # -- pages
    def _choose_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        intro = QLabel(
            self.tr(
                "Este equipo todavía no tiene datos. Elija cómo empezar. Todo lo que "
                "registre se guarda cifrado en este equipo."
            )
        )
        intro.setWordWrap(True)
        self.create_radio = QRadioButton(self.tr("Crear un archivo de datos nuevo para mi oficina"))
        self.create_radio.setChecked(True)
        self.create_radio.setAccessibleName(self.tr("Crear archivo nuevo"))
        self.enroll_radio = QRadioButton(
            self.tr("Vincular este equipo con el servidor central (código de enrolamiento)")
        )
        self.enroll_radio.setAccessibleName(self.tr("Vincular con el servidor"))
        next_button = QPushButton(self.tr("Continuar"))
        next_button.setAccessibleName(self.tr("Continuar"))
        next_button.setDefault(True)
        next_button.clicked.connect(
            lambda: self.pages.setCurrentIndex(CREATE if self.create_radio.isChecked() else ENROLL)
        )
        v.addWidget(intro)
        v.addWidget(self.create_radio)
        v.addWidget(self.enroll_radio)
        v.addWidget(next_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _create_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.office_code = QLineEdit()
        self.office_code.setPlaceholderText("LIM01")
        self.office_code.setAccessibleName(self.tr("Código de oficina"))
        self.office_name = QLineEdit()
        self.office_name.setPlaceholderText(self.tr("ALEGRA Lima Centro"))
        self.office_name.setAccessibleName(self.tr("Nombre de la oficina"))
        self.user_name = QLineEdit()
        self.user_name.setPlaceholderText("ana.quispe")
        self.user_name.setAccessibleName(self.tr("Usuario"))
        self.pass1 = password_edit(self.tr("Contraseña"))
        self.pass2 = password_edit(self.tr("Repita la contraseña"))
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.pass1.textChanged.connect(lambda s: self.hint.setText(strength_hint(s)))
        self.create_message = error_label()
        self.create_button = QPushButton(self.tr("Crear archivo de datos"))
        self.create_button.setAccessibleName(self.tr("Crear archivo de datos"))
        self.create_button.clicked.connect(self.submit_create)
        back = QPushButton(self.tr("Volver"))
        back.setAccessibleName(self.tr("Volver"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(CHOOSE))
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        form.addRow(self.tr("Código de oficina"), self.office_code)
        form.addRow(self.tr("Nombre de la oficina"), self.office_name)
        form.addRow(self.tr("Usuario"), self.user_name)
        form.addRow(self.tr("Contraseña"), self.pass1)
        form.addRow(self.tr("Repita la contraseña"), self.pass2)
        form.addRow("", self.hint)
        form.addRow(self.create_message)
        form.addRow(buttons)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        intro = QLabel(
            self.tr(
                "Esta es su clave de recuperación. Es la única forma de entrar si olvida "
                "su contraseña. Anótela en papel y guárdela en un lugar seguro; no se "
                "volverá a mostrar."
            )
        )
        intro.setWordWrap(True)
        self.recovery_label = QLabel()
        self.recovery_label.setObjectName("recovery")
        self.recovery_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_label.setWordWrap(True)
        self.recovery_label.setAccessibleName(self.tr("Clave de recuperación"))
        copy = QPushButton(self.tr("Copiar"))
        copy.setAccessibleName(self.tr("Copiar la clave"))
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.recovery_label.text())
        )
        self.ack = QCheckBox(self.tr("Lo he anotado en un lugar seguro"))
        self.ack.setAccessibleName(self.tr("Lo he anotado en un lugar seguro"))
        self.start_button = QPushButton(self.tr("Empezar"))
        self.start_button.setAccessibleName(self.tr("Empezar"))
        self.start_button.setEnabled(False)
        self.ack.toggled.connect(self.start_button.setEnabled)
        self.start_button.clicked.connect(self._finish)
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("fingerprint")
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setVisible(False)  # shown after enrolling with a server
        v.addWidget(intro)
        v.addWidget(self.recovery_label)
        v.addWidget(copy, 0, Qt.AlignmentFlag.AlignLeft)
        v.addWidget(self.fingerprint_label)
        v.addWidget(self.ack)
        v.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _enroll_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        intro = QLabel(
            self.tr(
                "Pida a su administrador un código de enrolamiento para este equipo. "
                "Los datos de su oficina se descargarán en la primera sincronización."
            )
        )
        intro.setWordWrap(True)
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://chasqui.example.pe")
        self.server_url.setAccessibleName(self.tr("Dirección del servidor"))
        self.enroll_code = QLineEdit()
        self.enroll_code.setAccessibleName(self.tr("Código de enrolamiento"))
        self.enroll_user = QLineEdit()
        self.enroll_user.setAccessibleName(self.tr("Usuario"))
        self.enroll_pass1 = password_edit(self.tr("Contraseña"))
        self.enroll_pass2 = password_edit(self.tr("Repita la contraseña"))
        self.enroll_hint = QLabel()
        self.enroll_hint.setObjectName("hint")
        self.enroll_pass1.textChanged.connect(lambda s: self.enroll_hint.setText(strength_hint(s)))
        self.enroll_message = error_label()
        self.enroll_button = QPushButton(self.tr("Vincular equipo"))
        self.enroll_button.setAccessibleName(self.tr("Vincular equipo"))
        self.enroll_button.clicked.connect(self.submit_enroll)
        back = QPushButton(self.tr("Volver"))
        back.setAccessibleName(self.tr("Volver"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(CHOOSE))
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.enroll_button)
        form.addRow(intro)
        form.addRow(self.tr("Servidor"), self.server_url)
        form.addRow(self.tr("Código de enrolamiento"), self.enroll_code)
        form.addRow(self.tr("Usuario"), self.enroll_user)
        form.addRow(self.tr("Contraseña"), self.enroll_pass1)
        form.addRow("", self.enroll_hint)
        form.addRow(self.tr("Repita la contraseña"), self.enroll_pass2)
        form.addRow(self.enroll_message)
        form.addRow(buttons)
        return page

    # -- actions
    def submit_create(self) -> None:
        code = self.office_code.text().strip().upper()
        name = self.office_name.text().strip()
        user = self.user_name.text().strip().lower()
        problem = None
        if not _OFFICE_CODE.match(code):
            problem = self.tr("El código de oficina lleva de 2 a 12 letras o números (ej. LIM01).")
        elif not name:
            problem = self.tr("Escriba el nombre de la oficina.")
        elif not _USER_NAME.match(user):
            problem = self.tr(
                "El usuario lleva de 2 a 32 letras minúsculas, números, punto o guion."
            )
        else:
            problem = password_problem(self.pass1.text(), self.pass2.text())
        if problem:
            self.create_message.setText(problem)
            return
        secret = self.pass1.text()
        self.create_button.setEnabled(False)
        self.create_message.setText(self.tr("Creando el archivo cifrado…"))
        vault, data_dir = self._vault, self._data_dir
        self._worker.submit(
            lambda: vault.create(data_dir, code, name, user, secret),
            self._created,
            self._create_failed,
        )

    def _created(self, result: tuple[Any, str]) -> None:
        store, recovery_key = result
        self._store = store
        self.pass1.clear()
        self.pass2.clear()
        self.create_message.clear()
        self.recovery_label.setText(recovery_key)
        self.pages.setCurrentIndex(RECOVERY)

    def _create_failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.create_message.setText(user_message(exc))

    def submit_enroll(self) -> None:
        url = self.server_url.text().strip()
        code = self.enroll_code.text().strip()
        user = self.enroll_user.text().strip().lower()
        problem = None
        if not url.startswith(("https://", "http://")):
            problem = self.tr("Escriba la dirección completa del servidor (https://…).")
        elif _insecure(url):
            problem = self.tr(
                "Use una dirección https://. Sin cifrado (http://), cualquiera en la red "
                "podría leer la clave del equipo y falsificar respuestas del servidor."
            )
        elif not code:
            problem = self.tr("Escriba el código de enrolamiento.")
        elif not _USER_NAME.match(user):
            problem = self.tr(
                "El usuario lleva de 2 a 32 letras minúsculas, números, punto o guion."
            )
        else:
            problem = password_problem(self.enroll_pass1.text(), self.enroll_pass2.text())
        if problem:
            self.enroll_message.setText(problem)
            return
        if self._enroll is None:
            self.enroll_message.setText(
                self.tr("Esta versión todavía no puede vincularse con un servidor.")
            )
            return
        secret = self.enroll_pass1.text()
        enroll, data_dir = self._enroll, self._data_dir
        self.enroll_button.setEnabled(False)
        self.enroll_message.setText(self.tr("Conectando con el servidor…"))
        self._worker.submit(
            lambda: enroll(data_dir, url, code, user, secret),
            self._enrolled,
            self._enroll_failed,
        )

    def _enrolled(self, result: tuple[Any, str]) -> None:
        self.enroll_pass1.clear()
        self.enroll_pass2.clear()
        self.enroll_message.clear()
        fingerprint = server_fingerprint(result[0])
        self.fingerprint_label.setText(
            self.tr(
                "Huella del servidor: %1. Compárela con la que le leyó el administrador; "
                "si no coincide, avísele antes de sincronizar."
            ).replace("%1", fingerprint)
        )
        self.fingerprint_label.setVisible(bool(fingerprint))
        self._created(result)  # the new vault's recovery key must be noted here too

    def _enroll_failed(self, exc: BaseException) -> None:
        self.enroll_button.setEnabled(True)
        self.enroll_message.setText(user_message(exc))

    def _finish(self) -> None:
        if not self.ack.isChecked() or self._store is None:
            return
        self.recovery_label.clear()
        store, self._store = self._store, None
        self.finished.emit(store)
