"""Input checked against the entity specification, with Spanish messages for the user.

Owns the translation of ``sync.spec`` problems (kind, length, format, vocabulary, range)
into ``InvalidInput`` field problems, so that core services validate with exactly the
rule the store and the server apply and only add their own domain rules on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.errors import FieldProblem, InvalidInput
from sync import spec

_FORMATS = {
    "date": "debe ser una fecha AAAA-MM-DD válida",
    "datetime": "debe ser una fecha y hora válidas",
    "sha256": "no es un resumen SHA-256",
    "ubigeo": "debe ser un código de distrito de 6 dígitos",
    "id": "no es un identificador válido",
}


def message(field: spec.Field, problem: spec.Problem) -> str:
    """The Spanish message of one specification problem."""
    if problem.code == "kind":
        return "debe ser un número entero" if field.kind == "int" else "debe ser texto"
    if problem.code == "length":
        return f"es demasiado largo (máximo {field.limit} caracteres)"
    if problem.code == "vocab" and field.vocab is not None:
        return "debe ser uno de: " + ", ".join(field.vocab.codes())
    if problem.code == "range":
        return f"debe estar entre {field.min_value} y {field.max_value}"
    if problem.code == "format":
        return _FORMATS.get(field.format or "", "tiene un formato no válido")
    return "no es válido"


def check(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The values as stored, or ``InvalidInput`` with one Spanish problem per field."""
    ent = spec.ENTITIES[entity]
    values, problems = spec.check_fields(ent, fields)
    if problems:
        out = []
        for p in problems:
            f = ent.field(p.field)
            text = message(f, p) if f is not None else "campo desconocido"
            out.append(FieldProblem(p.field, text, p.code))
        raise InvalidInput(out)
    return values
