"""Errors shown to users, in Spanish, from one place.

Owns: ``MESSAGES`` (one Spanish sentence per class of the tree drawn in
``sync/errors.py``, plus the ``forms`` definition errors and bare ``OSError``; built by
``messages()`` on the first error, so starting the app does not import every package),
``user_message(exc)`` (an exception → a short Spanish sentence, never a traceback, never
a secret: the nearest class in ``type(exc).__mro__`` decides, never the message text)
and ``ErrorReporter`` (the one object widgets hand errors to; it shows them in the
status bar or in a dialog and logs the technical detail without record data).
Environment problems (disk full, read-only, busy, offline, server busy) say what to do
and that nothing was lost; only an exception outside every known class is "unexpected".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from sync import errors as tree

log = logging.getLogger(__name__)

UNEXPECTED = QT_TRANSLATE_NOOP(
    "errors", "Ocurrió un error inesperado. Sus datos guardados no se perdieron."
)
_DAMAGED = QT_TRANSLATE_NOOP(
    "errors", "El archivo de datos está dañado. Avise a soporte; no lo borre."
)
_OFFLINE = QT_TRANSLATE_NOOP(
    "errors", "Sin conexión con el servidor. Los cambios quedan guardados en este equipo."
)
_INVALID = QT_TRANSLATE_NOOP("errors", "Datos no válidos.")

_TABLE: dict[type[BaseException], object] | None = None


def _build() -> dict[type[BaseException], object]:
    """The table; its classes are imported here, on the first error, not at start-up
    (they pull in the store, the sync client, the CLI and the reports: seconds before
    the unlock screen could paint on a slow machine)."""
    import forms
    from app.cli.context import CliError
    from app.core import errors as core
    from app.reports.errors import FontsMissing, InvalidReportInput, ReportError
    from app.store import errors as store
    from app.store.backup_format import BackupError, DamagedBackup
    from app.store.connection import KeyRejected
    from forms.peru import CourtFileError
    from sync.client import errors as client
    from sync.client.enrollment import AlreadyEnrolled

    return {  # QT_TRANSLATE_NOOP: str at run time
        # the root and the environment: never "unexpected", always what to do
        tree.ChasquiError: QT_TRANSLATE_NOOP(
            "errors", "No se pudo completar la acción. Sus datos guardados no se perdieron."
        ),
        tree.EnvironmentProblem: QT_TRANSLATE_NOOP(
            "errors", "El equipo o la red no permitieron completar la acción. No se perdió nada."
        ),
        tree.StorageUnavailable: QT_TRANSLATE_NOOP(
            "errors",
            "No se pudo leer o escribir en el disco. No se perdió nada; inténtelo de nuevo.",
        ),
        tree.DiskFull: QT_TRANSLATE_NOOP(
            "errors",
            "El disco está lleno. Libere espacio y vuelva a intentarlo; no se perdió nada.",
        ),
        tree.ReadOnlyStorage: QT_TRANSLATE_NOOP(
            "errors", "No se puede escribir en esa carpeta o disco (solo lectura o sin permiso)."
        ),
        tree.StorageBusy: QT_TRANSLATE_NOOP(
            "errors", "Otro programa está usando el archivo. Ciérrelo y vuelva a intentarlo."
        ),
        tree.NetworkProblem: _OFFLINE,
        tree.LinkError: _OFFLINE,
        tree.ServerBusy: QT_TRANSLATE_NOOP(
            "errors", "El servidor está ocupado. Se volverá a intentar; sus cambios están a salvo."
        ),
        # the store
        store.StoreError: QT_TRANSLATE_NOOP(
            "errors", "No se pudo usar el archivo de datos. Sus datos guardados no se perdieron."
        ),
        store.WrongPassphrase: QT_TRANSLATE_NOOP(
            "errors", "Contraseña incorrecta. Inténtelo de nuevo."
        ),
        store.VaultNotFound: QT_TRANSLATE_NOOP(
            "errors", "No se encontró el archivo de datos en esta computadora."
        ),
        store.VaultExists: QT_TRANSLATE_NOOP(
            "errors", "Ya existe un archivo de datos en esta carpeta."
        ),
        store.CorruptVault: _DAMAGED,
        KeyRejected: _DAMAGED,
        store.VaultTooNew: QT_TRANSLATE_NOOP(
            "errors", "Estos datos fueron creados por una versión más nueva. Actualice Chasqui."
        ),
        store.VaultLocked: QT_TRANSLATE_NOOP(
            "errors", "La sesión está bloqueada. Vuelva a ingresar su contraseña."
        ),
        store.InvalidRecord: _INVALID,
        store.RecordNotFound: QT_TRANSLATE_NOOP(
            "errors", "El registro ya no existe; quizá fue eliminado en otro equipo."
        ),
        store.ImmutableRecord: QT_TRANSLATE_NOOP(
            "errors", "Una nota firmada no se puede modificar; registre una corrección."
        ),
        BackupError: QT_TRANSLATE_NOOP(
            "errors", "No se pudo hacer la copia de seguridad en esa carpeta."
        ),
        DamagedBackup: QT_TRANSLATE_NOOP(
            "errors", "La copia de seguridad está dañada o incompleta; no se usó."
        ),
        # the domain core
        core.CoreError: QT_TRANSLATE_NOOP(
            "errors", "La acción no cumple las reglas del expediente."
        ),
        core.InvalidInput: _INVALID,
        core.NotFound: QT_TRANSLATE_NOOP(
            "errors", "El registro ya no existe; quizá fue eliminado en otro equipo."
        ),
        core.StateError: QT_TRANSLATE_NOOP(
            "errors", "Esa acción no es posible en el estado actual del registro."
        ),
        # documents
        ReportError: QT_TRANSLATE_NOOP("errors", "No se pudo preparar el documento."),
        InvalidReportInput: QT_TRANSLATE_NOOP(
            "errors",
            "No se puede preparar ese documento: revise el registro, las fechas o el archivo.",
        ),
        FontsMissing: QT_TRANSLATE_NOOP(
            "errors", "Faltan las fuentes tipográficas de Chasqui. Reinstale el programa."
        ),
        # sync
        client.SyncError: QT_TRANSLATE_NOOP("errors", "La sincronización no se pudo completar."),
        client.BadResponse: QT_TRANSLATE_NOOP(
            "errors",
            "El servidor respondió algo que Chasqui no entiende. Sus datos quedan guardados en "
            "este equipo; avise a soporte si se repite.",
        ),
        client.RequestRefused: QT_TRANSLATE_NOOP("errors", "El servidor rechazó la solicitud."),
        # no action of this app can link an enrolled vault again: say who can help, and
        # that nothing is lost while it waits (fresh-eyes 4 #6: "Vuelva a vincularlo")
        client.Unauthorized: QT_TRANSLATE_NOOP(
            "errors",
            "El servidor no reconoce este equipo. Sus cambios siguen guardados aquí (no "
            "desinstale Chasqui). Avise al administrador de Chasqui para que revise este "
            "equipo en el servidor.",
        ),
        client.Revoked: QT_TRANSLATE_NOOP(
            "errors", "El administrador retiró este equipo. Avise a su supervisor."
        ),
        client.UpdateRequired: QT_TRANSLATE_NOOP(
            "errors", "El servidor pide una versión más nueva de Chasqui. Sus datos se conservan."
        ),
        client.TooLarge: QT_TRANSLATE_NOOP(
            "errors", "El envío es demasiado grande para el servidor; se enviará por partes."
        ),
        client.InvalidCode: QT_TRANSLATE_NOOP(
            "errors", "El código de enrolamiento no es válido, ya se usó o venció."
        ),
        client.InsecureServer: QT_TRANSLATE_NOOP(
            "errors",
            "La dirección del servidor debe empezar con https://. Sin cifrado, cualquiera en "
            "la red podría leer la clave del equipo y falsificar respuestas.",
        ),
        client.NotEnrolled: QT_TRANSLATE_NOOP(
            "errors", "Este equipo no está vinculado con un servidor."
        ),
        AlreadyEnrolled: QT_TRANSLATE_NOOP(
            "errors", "Este equipo ya está vinculado con un servidor."
        ),
        client.BundleError: QT_TRANSLATE_NOOP(
            "errors", "El paquete USB no corresponde a este equipo o está dañado."
        ),
        client.Cancelled: QT_TRANSLATE_NOOP("errors", "Sincronización cancelada."),
        CliError: QT_TRANSLATE_NOOP("errors", "La orden no se pudo completar."),
        # outside the tree: form definitions (``forms`` imports nothing of ours) and the OS
        forms.DefinitionError: QT_TRANSLATE_NOOP(
            "errors", "La ficha tiene un error de definición."
        ),
        forms.ParseError: QT_TRANSLATE_NOOP("errors", "La ficha tiene una fórmula mal escrita."),
        forms.EvalError: QT_TRANSLATE_NOOP("errors", "La ficha no pudo calcular una regla."),
        CourtFileError: QT_TRANSLATE_NOOP("errors", "El número de expediente no es válido."),
        PermissionError: QT_TRANSLATE_NOOP("errors", "No tiene permiso para abrir ese archivo."),
        FileNotFoundError: QT_TRANSLATE_NOOP("errors", "No se encontró el archivo."),
        ConnectionError: _OFFLINE,
        TimeoutError: _OFFLINE,
        OSError: QT_TRANSLATE_NOOP("errors", "No se pudo leer o escribir el archivo."),
    }


def messages() -> dict[type[BaseException], object]:
    """``MESSAGES``: one Spanish sentence per error class (built once, on first use)."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _build()
    return _TABLE


def __getattr__(name: str) -> object:  # ``from app.ui.errors import MESSAGES`` still works
    if name == "MESSAGES":
        return messages()
    raise AttributeError(name)


def _t(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def _nearest(exc: BaseException) -> str:
    table = messages()
    for cls in type(exc).__mro__:
        text = table.get(cls)
        if text is not None:
            return str(text)
    return str(UNEXPECTED)


def user_message(exc: BaseException) -> str:
    """A Spanish sentence for the user; the nearest known class decides, not the text."""
    from app.core import errors as core
    from app.core.text import join_sentences
    from app.store import errors as store

    if type(exc) is OSError:  # a bare OSError (ENOSPC...): its errno says which problem
        exc = tree.storage_error(exc, "")
    if isinstance(exc, core.InvalidInput):  # its messages are Spanish, field by field
        detail = join_sentences(p.shown for p in exc.problems[:3])  # fields in Spanish
        return _t("Revise los datos: %1").replace("%1", detail)
    if isinstance(exc, store.InvalidRecord) and not isinstance(exc, store.RecordNotFound):
        if exc.field == "passphrase":  # English detail: only the field is shown
            return _t(
                "La contraseña es demasiado débil: use al menos 8 caracteres y varias "
                "palabras poco comunes."
            )
        if exc.field:
            return _t("Datos no válidos en el campo «%1».").replace("%1", str(exc.field))
    return _t(_nearest(exc))


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
