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
person of a saved draft; ``STOPPED_FOR_CONFLICT`` marks a draft kept after the conflict
check stopped its intake (Inicio says so).

The alimony obligado is entered once: the "Alimentos" section asks his full name and
document (``OBLIGADO_FIELDS``), and ``with_obligado`` makes him a row of "Otras partes"
(role ``demandado``) — the row that already is him (the same document, or the same names
in any order, accents and case aside) is completed with his document, else a row is
added — so he is checked for conflicts and becomes a case party like every other party,
and is never registered twice. ``split_full_name`` splits "Juan Wilber Ccama Quispe"
into given names and surnames.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rapidfuzz import fuzz

from app.core.people import full_name
from app.core.text import search_key

# a draft's answer (not a field of the form): kept after a conflict of interest stopped it
STOPPED_FOR_CONFLICT = "_detenida_por_conflicto"

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
# the alimony section's obligado: full name, document type, document number
OBLIGADO_FIELDS = ("obligado_nombres", "obligado_tipo_documento", "obligado_numero_documento")
OBLIGADO_ROLE = "demandado"  # his ``parte_rol`` in "Otras partes"
SAME_NAMES = 95  # token-sort similarity (0-100) of two full names taken as one person
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


def _name_groups(text: str | None) -> list[list[str]]:
    """The words of a name, each particle ("de", "la"...) grouped with the word after it
    (trailing particles join the last group)."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for word in (text or "").split():
        pending.append(word)
        if word.upper() not in _PARTICLES:
            groups.append(pending)
            pending = []
    if pending:
        if groups:
            groups[-1] += pending
        else:
            groups.append(pending)
    return groups


def _joined(groups: list[list[str]]) -> str:
    return " ".join(w for g in groups for w in g)


def split_surnames(text: str | None) -> tuple[str | None, str | None]:
    """ "Alarcón Mendoza" -> ("Alarcón", "Mendoza"); particles stay with the surname that
    follows ("de la Cruz Quispe" -> ("de la Cruz", "Quispe")); one surname -> (it, None)."""
    groups = _name_groups(text)
    if not groups:
        return None, None
    if len(groups) == 1:
        return _joined(groups), None
    return _joined(groups[:1]), _joined(groups[1:])


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


def split_full_name(text: str | None) -> tuple[str | None, str | None]:
    """ "Juan Wilber Ccama Quispe" -> ("Juan Wilber", "Ccama Quispe"): the last two
    surnames (particles stay with the word that follows, as in ``split_surnames``), the
    rest given names; two words are a given name and a surname; one word is a given name.
    Words that are all one group (an unfinished "Juan de la", or only particles) still
    split after the first word: a person named with two words always has a surname, so an
    obligado typed that way is still checked for conflicts and registered as a party."""
    groups = _name_groups(text)
    if not groups:
        return None, None
    if len(groups) == 1:
        words = groups[0]
        return " ".join(words[:1]), (" ".join(words[1:]) or None)
    cut = 1 if len(groups) <= 3 else len(groups) - 2
    return _joined(groups[:cut]), _joined(groups[cut:])


def _obligado_row(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """The section's obligado as a ``partes`` row (None without given names and surnames)."""
    given, surnames = split_full_name(str(answers.get(OBLIGADO_FIELDS[0]) or "").strip())
    if not given or not surnames:
        return None
    row: dict[str, Any] = {
        "parte_nombres": given,
        "parte_apellidos": surnames,
        "parte_rol": OBLIGADO_ROLE,
    }
    doc_type = answers.get(OBLIGADO_FIELDS[1])
    if not _empty(doc_type):  # none typed: not known, never "Sin documento" (he has none)
        row["parte_tipo_documento"] = doc_type
    number = answers.get(OBLIGADO_FIELDS[2])
    if "parte_tipo_documento" in row and doc_type != "SIN_DOCUMENTO" and not _empty(number):
        row["parte_numero_documento"] = number
    return row


def _document(row: Mapping[str, Any]) -> tuple[str, str] | None:
    kind, number = row.get("parte_tipo_documento"), row.get("parte_numero_documento")
    if not kind or kind == "SIN_DOCUMENTO" or _empty(number):
        return None
    return str(kind), str(number).replace(" ", "").replace("-", "").upper()


def _is_him(row: Mapping[str, Any], him: Mapping[str, Any]) -> bool:
    """The same document, or (no document against it) the same names in any order."""
    mine, his = _document(row), _document(him)
    if mine is not None and his is not None:
        return mine == his
    names = [
        search_key(f"{r.get('parte_nombres') or ''} {r.get('parte_apellidos') or ''}")
        for r in (row, him)
    ]
    # every word of each name, in any order: a party whose words are only part of his
    # name ("María Quispe" for "Juan María Quispe Mamani") is somebody else
    return all(names) and fuzz.token_sort_ratio(*names) >= SAME_NAMES


def with_obligado(answers: Mapping[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The answers with the alimony obligado as one row of "Otras partes", and that row's
    index (None when the section names nobody): the row that already is him gets the
    document it lacks, else his row is added. Applying it again changes nothing."""
    out = dict(answers)
    him = _obligado_row(answers)
    if him is None:
        return out, None
    rows = [dict(r) for r in answers.get(PARTIES) or [] if isinstance(r, Mapping)]
    found = [i for i, row in enumerate(rows) if _is_him(row, him)]
    if found:
        index = found[0]
        if _document(rows[index]) is None and _document(him) is not None:
            rows[index]["parte_tipo_documento"] = him["parte_tipo_documento"]
            rows[index]["parte_numero_documento"] = him["parte_numero_documento"]
    else:
        rows.append(him)
        index = len(rows) - 1
    out[PARTIES] = rows
    return out, index


def is_same_party(row: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether two ``partes`` rows are one person (the rule ``with_obligado`` uses)."""
    return _is_him(row, other)


def compared_by_document(row: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether ``is_same_party`` decides these rows by their documents (both carry one):
    a certain answer, not a similarity of names."""
    return _document(row) is not None and _document(other) is not None
