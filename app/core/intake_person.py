"""The one mapping between a person record and the answers of the intake form.

``ficha_atencion`` repeats the person's data (names, document, birth date, sex, district,
phone, mother tongue, interpreter). ``PERSON_TO_ANSWER`` pairs each person column
(docs/architecture.md) with its answer key; ``person_answers`` fills a form from a person
(the desktop intake prefills the ficha with it) and ``person_from_answers`` reads a
person back from the answers, so what the defender records in the ficha — e.g. mother
tongue and interpreter, which step 1 of the intake does not ask — reaches the person
record. ``intake_person`` merges the two for a new registration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# person column -> ficha_atencion answer key
PERSON_TO_ANSWER = {
    "given_names": "nombres",
    "paternal_surname": "apellido_paterno",
    "maternal_surname": "apellido_materno",
    "doc_type": "tipo_documento",
    "doc_number": "numero_documento",
    "doc_reason": "motivo_sin_documento",
    "birth_date": "fecha_nacimiento",
    "sex": "sexo",
    "ubigeo": "ubigeo_domicilio",
    "phone": "telefono",
    "mother_tongue": "lengua_materna",
    "interpreter_needed": "requiere_interprete",
}
_FLAGS = ("interpreter_needed",)  # stored 0/1, answered true/false


def _empty(value: Any) -> bool:
    return value is None or value == ""


def person_answers(person: Mapping[str, Any]) -> dict[str, Any]:
    """Intake answers from a person record or input; empty values and other columns are
    left out, ``interpreter_needed`` 0/1 becomes a boolean."""
    out: dict[str, Any] = {}
    for column, key in PERSON_TO_ANSWER.items():
        value = person.get(column)
        if _empty(value):
            continue
        out[key] = bool(value) if column in _FLAGS else value
    return out


def person_from_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Person input (``app.core.people`` fields) from intake answers; empty answers are
    left out, the interpreter answer becomes 0/1."""
    out: dict[str, Any] = {}
    for column, key in PERSON_TO_ANSWER.items():
        value = answers.get(key)
        if _empty(value):
            continue
        out[column] = int(bool(value)) if column in _FLAGS else value
    return out


def intake_person(person: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The person to register with an intake: what the defender entered for the person
    (``person``, empty values dropped), completed by the ficha's answers for the columns
    the person step does not ask at all (absent keys: e.g. mother tongue, interpreter)."""
    given = {k: v for k, v in person.items() if not _empty(v)}
    extra = {k: v for k, v in person_from_answers(answers).items() if k not in person}
    return {**extra, **given}
