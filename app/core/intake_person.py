"""The one mapping between a person record and the answers of the intake form.

``ficha_atencion`` repeats the person's data (names, document, birth date, sex, district,
phone, mother tongue, interpreter). ``PERSON_TO_ANSWER`` pairs each person column
(docs/architecture.md) with its answer key; ``person_answers`` fills a form from a person
(the desktop intake prefills the ficha with it) and ``person_from_answers`` reads a
person back from the answers, so what the defender records in the ficha — e.g. mother
tongue and interpreter, which step 1 of the intake does not ask — reaches the person
record. ``intake_person`` merges the two for a new registration.

The ficha's "Otras partes" rows (``partes``) are people too: ``party_answers`` writes a
person as a row, ``party_from_answers`` reads a row back as person input (surnames split
by ``split_surnames``, a party without a document gets ``PARTY_NO_DOCUMENT`` as the
reason) and ``parties_from_answers`` lists every row with its case-party role
(``PARTY_ROLES``: the respondent, claimant, accused or victim is the other side of the
dispute — ``counterparty`` —, a third party is ``other``). ``draft_title`` names the
person of a saved draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.people import full_name

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
PARTIES = "partes"
# party row answer key -> person input field (surnames are split, see party_from_answers)
PARTY_TO_PERSON = {
    "parte_nombres": "given_names",
    "parte_tipo_documento": "doc_type",
    "parte_numero_documento": "doc_number",
    "parte_fecha_nacimiento": "birth_date",
}
# ``parte_rol`` answer -> case party role (``sync.spec.vocab.PARTY_ROLE``); others: counterparty
PARTY_ROLES = {"tercero": "other"}
PARTY_NO_DOCUMENT = "No consignado en la ficha de atención"
_PARTICLES = {"DE", "DEL", "LA", "LAS", "LOS", "Y", "SAN", "SANTA", "VDA", "VDA."}


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


def split_surnames(text: str | None) -> tuple[str | None, str | None]:
    """ "Alarcón Mendoza" -> ("Alarcón", "Mendoza"); particles stay with the surname that
    follows ("de la Cruz Quispe" -> ("de la Cruz", "Quispe")); one surname -> (it, None)."""
    words = (text or "").split()
    groups: list[list[str]] = []
    pending: list[str] = []
    for word in words:
        pending.append(word)
        if word.upper() not in _PARTICLES:
            groups.append(pending)
            pending = []
    if pending:
        if groups:
            groups[-1] += pending
        else:
            groups.append(pending)
    if not groups:
        return None, None
    if len(groups) == 1:
        return " ".join(groups[0]), None
    return " ".join(groups[0]), " ".join(w for g in groups[1:] for w in g)


def party_from_answers(row: Mapping[str, Any]) -> dict[str, Any]:
    """Person input from one ``partes`` row (empty answers left out)."""
    out: dict[str, Any] = {}
    for key, column in PARTY_TO_PERSON.items():
        value = row.get(key)
        if not _empty(value):
            out[column] = value
    paternal, maternal = split_surnames(row.get("parte_apellidos"))
    if paternal:
        out["paternal_surname"] = paternal
    if maternal:
        out["maternal_surname"] = maternal
    if out.get("doc_type") == "SIN_DOCUMENTO" or not out.get("doc_number"):
        out["doc_type"] = "SIN_DOCUMENTO"
        out.pop("doc_number", None)
        out["doc_reason"] = PARTY_NO_DOCUMENT
    return out


def party_answers(person: Mapping[str, Any], role: str) -> dict[str, Any]:
    """A ``partes`` row for ``person`` with ``parte_rol`` = ``role`` (an answer value)."""
    row: dict[str, Any] = {"parte_rol": role}
    for key, column in PARTY_TO_PERSON.items():
        value = person.get(column)
        if not _empty(value):
            row[key] = value
    surnames = " ".join(
        str(p) for p in (person.get("paternal_surname"), person.get("maternal_surname")) if p
    )
    if surnames:
        row["parte_apellidos"] = surnames
    if row.get("parte_tipo_documento") == "SIN_DOCUMENTO":
        row.pop("parte_numero_documento", None)
    return row


def parties_from_answers(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every ``partes`` row with names as ``{"row": i, "person": input, "role": role}``
    (``role`` a case-party role); rows without given names or surnames are skipped."""
    rows = answers.get(PARTIES)
    out: list[dict[str, Any]] = []
    if not isinstance(rows, list):
        return out
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            continue
        person = party_from_answers(row)
        if not person.get("given_names") or not person.get("paternal_surname"):
            continue
        role = PARTY_ROLES.get(str(row.get("parte_rol") or ""), "counterparty")
        out.append({"row": i, "person": person, "role": role})
    return out


def draft_title(answers: Mapping[str, Any]) -> str:
    """The name of the person of a draft's answers ("" when none was typed yet)."""
    return full_name(person_from_answers(answers))
