"""Errors shown to users, in Spanish, from one place.

Owns: ``user_message(exc)`` (an exception → a short Spanish sentence, never a traceback,
never a secret) and ``ErrorReporter`` (the one object widgets hand errors to; it shows them
in the status bar or in a dialog and logs the technical detail without record data).
Store errors are matched by class name so this module does not depend on the store.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def user_message(exc: BaseException) -> str:
    """A Spanish sentence for the user; the class name decides, not the message text."""
    name = type(exc).__name__
    if name == "WrongPassphrase":
        return QCoreApplication.translate("errors", "Contraseña incorrecta. Inténtelo de nuevo.")
    if name == "VaultNotFound":
        return QCoreApplication.translate(
            "errors", "No se encontró el archivo de datos en esta computadora."
        )
    if name == "VaultExists":
        return QCoreApplication.translate(
            "errors", "Ya existe un archivo de datos en esta carpeta."
        )
    if name == "CorruptVault":
        return QCoreApplication.translate(
            "errors", "El archivo de datos está dañado. Avise a soporte; no lo borre."
        )
    if name == "VaultTooNew":
        return QCoreApplication.translate(
            "errors", "Estos datos fueron creados por una versión más nueva. Actualice Chasqui."
        )
    if name == "VaultLocked":
        return QCoreApplication.translate(
            "errors", "La sesión está bloqueada. Vuelva a ingresar su contraseña."
        )
    if name == "StorageUnavailable":
        return QCoreApplication.translate(
            "errors", "No se pudo guardar: el disco está lleno, protegido o en uso."
        )
    if name == "ImmutableRecord":
        return QCoreApplication.translate(
            "errors", "Una nota firmada no se puede modificar; registre una corrección."
        )
    if name == "InvalidInput":  # app.core: its messages are Spanish, field by field
        problems = getattr(exc, "problems", [])
        detail = "; ".join(str(p) for p in problems[:3])
        return (
            QCoreApplication.translate("errors", "Revise los datos: %1").replace("%1", detail)
            if detail
            else QCoreApplication.translate("errors", "Datos no válidos.")
        )
    if name == "InvalidRecord":  # app.store: English detail, only the field is shown
        field = getattr(exc, "field", None)
        if field == "passphrase":
            return QCoreApplication.translate(
                "errors",
                "La contraseña es demasiado débil: use al menos 8 caracteres y varias "
                "palabras poco comunes.",
            )
        if field:
            return QCoreApplication.translate(
                "errors", "Datos no válidos en el campo «%1»."
            ).replace("%1", str(field))
        return QCoreApplication.translate("errors", "Datos no válidos.")
    if name in ("NotFound", "RecordNotFound"):
        return QCoreApplication.translate(
            "errors", "El registro ya no existe; quizá fue eliminado en otro equipo."
        )
    if name == "StateError":
        return QCoreApplication.translate(
            "errors", "Esa acción no es posible en el estado actual del registro."
        )
    if name == "InvalidCode":
        return QCoreApplication.translate(
            "errors", "El código de enrolamiento no es válido, ya se usó o venció."
        )
    if name == "AlreadyEnrolled":
        return QCoreApplication.translate(
            "errors", "Este equipo ya está vinculado con un servidor."
        )
    if name == "UpdateRequired":
        return QCoreApplication.translate(
            "errors", "El servidor pide una versión más nueva de Chasqui. Sus datos se conservan."
        )
    if name == "DamagedBackup":
        return QCoreApplication.translate(
            "errors", "La copia de seguridad está dañada o incompleta; no se usó."
        )
    if name == "BackupError":
        return QCoreApplication.translate(
            "errors", "No se pudo hacer la copia de seguridad en esa carpeta."
        )
    if name == "InsecureServer":
        return QCoreApplication.translate(
            "errors",
            "La dirección del servidor debe empezar con https://. Sin cifrado, cualquiera en "
            "la red podría leer la clave del equipo y falsificar respuestas.",
        )
    if name == "BundleError":
        return QCoreApplication.translate(
            "errors", "El paquete USB no corresponde a este equipo o está dañado."
        )
    if name in (
        "ConnectError",
        "ConnectTimeout",
        "ReadTimeout",
        "TransportError",
        "OSError",
        "LinkError",
        "ServerBusy",
    ):
        return QCoreApplication.translate(
            "errors", "Sin conexión con el servidor. Los cambios quedan guardados en este equipo."
        )
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate("errors", "No tiene permiso para abrir ese archivo.")
    if isinstance(exc, FileNotFoundError):
        return QCoreApplication.translate("errors", "No se encontró el archivo.")
    return QCoreApplication.translate(
        "errors", "Ocurrió un error inesperado. Sus datos guardados no se perdieron."
    )


class ErrorReporter(QObject):
    """The single place where errors reach the user."""

    reported = Signal(str)  # the Spanish message, for the status bar and tests

    def __init__(self, parent: QObject | None = None, use_dialogs: bool = True) -> None:
        super().__init__(parent)
        self.use_dialogs = use_dialogs
        self.last_message = ""

    def report(
        self, exc: BaseException, parent: QWidget | None = None, dialog: bool = False
    ) -> str:
        message = user_message(exc)
        # Technical detail without the message text (which may quote record data).
        log.warning("error shown to user: %s", type(exc).__name__)
        self.last_message = message
        self.reported.emit(message)
        if dialog and self.use_dialogs:
            QMessageBox.warning(parent, QCoreApplication.translate("errors", "Chasqui"), message)
        return message
