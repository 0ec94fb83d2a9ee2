"""Why a change could not travel, in Spanish: the sync refusal codes as a defender reads them.

Owns the one Spanish wording of the codes a change is refused or set aside with — the
server's quarantine codes (``sync.protocol.ErrorCode``) for what this laptop sent, and
``app.store.kept_aside``'s for what it received and cannot apply. The precise reason
(the server's or the store's own words, in English) goes in the tooltip, for the
administrator.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "SyncReasons"
_REASONS: dict[str, object] = {
    "malformed": QT_TRANSLATE_NOOP("SyncReasons", "No tiene la forma de un registro de Chasqui."),
    "unknown_entity": QT_TRANSLATE_NOOP(
        "SyncReasons", "Es de un tipo de registro que esta versión no conoce: actualice Chasqui."
    ),
    "unknown_field": QT_TRANSLATE_NOOP(
        "SyncReasons", "Trae campos que esta versión no conoce: actualice Chasqui."
    ),
    "invalid_field": QT_TRANSLATE_NOOP(
        "SyncReasons", "Trae un dato inválido (tipo, tamaño o formato que no corresponde)."
    ),
    "invalid_answers": QT_TRANSLATE_NOOP(
        "SyncReasons", "Las respuestas de la ficha no cumplen el formulario."
    ),
    "clock_ahead": QT_TRANSLATE_NOOP(
        "SyncReasons",
        "Su fecha y hora están muy adelantadas respecto del reloj del servidor.",
    ),
    "wrong_node": QT_TRANSLATE_NOOP("SyncReasons", "Está firmado con el sello de otro equipo."),
    "wrong_device": QT_TRANSLATE_NOOP("SyncReasons", "Dice venir de otro equipo."),
    "unknown_user": QT_TRANSLATE_NOOP("SyncReasons", "Su autor no es un usuario de esta oficina."),
    "forbidden_role": QT_TRANSLATE_NOOP(
        "SyncReasons", "Intenta dar el rol de administrador desde un equipo."
    ),
    "forbidden_scope": QT_TRANSLATE_NOOP("SyncReasons", "Se refiere a registros de otra oficina."),
    "immutable": QT_TRANSLATE_NOOP(
        "SyncReasons", "Modifica un registro firmado, que ya no puede cambiar."
    ),
    "id_reused": QT_TRANSLATE_NOOP(
        "SyncReasons", "Repite el identificador de otro cambio con otro contenido."
    ),
    "": QT_TRANSLATE_NOOP(
        "SyncReasons", "Ya puede aplicarse: se aplicará la próxima vez que desbloquee."
    ),
}
_OTHER = QT_TRANSLATE_NOOP("SyncReasons", "El servidor no lo aceptó.")


def reason_text(code: str | None) -> str:
    """The Spanish sentence for a refusal or set-aside ``code``."""
    source = _REASONS.get(code or "", _OTHER) if code is not None else _OTHER
    return QCoreApplication.translate(_CONTEXT, str(source))
