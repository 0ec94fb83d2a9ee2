"""People: registration with normalization and validation, reading and listing.

Input is a plain mapping (from the CLI's JSON or a UI form). ``normalize_person`` checks
every field and reports *all* problems at once as ``InvalidInput`` (one ``FieldProblem``
per field); unknown fields are rejected. Validators come from ``forms.peru``; this module
only decides which field a message belongs to and how a value is stored:

- names trimmed with single spaces (searches use accent-free upper-case keys);
- ``doc_number`` stored compact; a DNI without its check character (8 digits);
- ``ubigeo`` is an INEI district code. A RENIEC code (the one printed on a DNI) is
  accepted only in the input-only field ``ubigeo_reniec``, mapped to INEI with
  ``forms.peru.reniec_to_inei``; if both are given they must name the same district.
- ``phone`` stored as bare digits (``+51``, spaces and hyphens removed).

This is the ONE person validator (registration, edits in the CLI and the app, the intake's
step 1 and ficha): every ``FieldProblem`` carries the field's Spanish ``label`` from the
entity specification (``field_label``), so a screen says "Número de documento: …" and the
CLI keeps the precise field name. ``check_person_changes`` validates an edit against the
record it changes (cross-field rules on the merged record); ``update_person`` applies it.

``document_text(doc_type, doc_number, lang)`` is how a person's document reads on screen
("DNI 12345678", "sin documento"): never the stored code.

``home_province(store)`` is where the office works, as a province prefix "DDPP": the
office record's ``ubigeo`` when it has one, else the province where most of the office's
people live, within the department where most of them live (the offices created by
``chasqui-server office add`` and the desktop's first run carry no ubigeo today). The
district field ranks that province's districts, then its department's, first.

``takes_part(person, case)`` is the one SQL condition "this person takes part in this
case" — as its client or as any party (the other side included) —, which every count
and list of a person's cases uses (the Personas list, the profile).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any, Protocol

from app.core.errors import FieldProblem, InvalidInput, NotFound
from app.core.form_source import apply_published_catalogs
from app.core.text import clean_name, collapse_spaces
from forms import peru
from sync import spec
from sync.spec import fields_of, vocab


def takes_part(person: str, case: str = "c") -> str:
    """SQL: the person (an expression, e.g. ``p.id`` or ``?``) takes part in the live case
    aliased ``case`` — its client, or any party of it (``case_party``)."""
    return (
        f"({case}.person_id = {person} OR {case}.id IN (SELECT case_id FROM case_party"
        f" WHERE _deleted = 0 AND person_id = {person}))"
    )


SEXES = vocab.SEX.codes()
MAX_AGE = 120
MAX_NAME = spec.ENTITIES["person"].field_limit("given_names")

# Fields a caller may send (``ubigeo_reniec`` is input-only, see the module docstring).
INPUT_FIELDS = (
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "doc_type",
    "doc_number",
    "doc_reason",
    "birth_date",
    "sex",
    "ubigeo",
    "ubigeo_reniec",
    "phone",
    "mother_tongue",
    "interpreter_needed",
)
STORED_FIELDS = fields_of("person")
_PERSON = spec.ENTITIES["person"]
# Labels of input-only fields (the stored ones are in the entity specification).
_INPUT_LABELS = {"ubigeo_reniec": {"es": "Ubigeo RENIEC (del DNI)", "en": "RENIEC ubigeo"}}
# Fields checked together: a change to one re-checks the group on the merged record.
_GROUPS = (
    frozenset({"doc_type", "doc_number", "doc_reason"}),
    frozenset({"given_names", "paternal_surname", "maternal_surname"}),
    frozenset({"ubigeo", "ubigeo_reniec"}),
)


def field_label(name: str, lang: str = "es") -> str:
    """The display name of a person input field (its own name when unknown)."""
    if name in _INPUT_LABELS:
        return _INPUT_LABELS[name].get(lang) or _INPUT_LABELS[name]["es"]
    return _PERSON.field_label(name, lang)


def _labelled(problems: list[FieldProblem]) -> InvalidInput:
    return InvalidInput([replace(p, label=field_label(p.field)) for p in problems])


class QueryStore(Protocol):
    """What a read needs of ``app.store.Store``: its ``query``."""

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...


class PersonStore(Protocol):
    """The part of ``app.store.Store`` this module uses."""

    office_id: str
    user_id: str

    def insert(self, entity: str, fields: dict[str, Any]) -> str: ...
    def update(self, entity: str, entity_id: str, fields: dict[str, Any]) -> object: ...
    def get(self, entity: str, entity_id: str, include_deleted: bool = False) -> Any: ...
    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...


def _text(
    data: Mapping[str, Any], name: str, problems: list[FieldProblem], max_len: int = MAX_NAME
) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(FieldProblem(name, "debe ser texto", "type"))
        return None
    cleaned = clean_name(value)
    if len(cleaned) > max_len:
        problems.append(FieldProblem(name, f"es demasiado largo (máximo {max_len})", "length"))
        return None
    return cleaned or None


def _doc_field(code: str) -> str:
    if code == "doc_type_unknown":
        return "doc_type"
    if code == "doc_reason_required":
        return "doc_reason"
    return "doc_number"


def _check_document(
    data: Mapping[str, Any], problems: list[FieldProblem], out: dict[str, Any]
) -> None:
    doc_type = data.get("doc_type")
    number = data.get("doc_number")
    reason = data.get("doc_reason")
    if doc_type is None:
        problems.append(FieldProblem("doc_type", "es obligatorio", "required"))
        return
    if isinstance(doc_type, str):
        doc_type = doc_type.strip().upper()
    if number is not None and not isinstance(number, str):
        problems.append(FieldProblem("doc_number", "debe ser texto", "type"))
        return
    if reason is not None and not isinstance(reason, str):
        problems.append(FieldProblem("doc_reason", "debe ser texto", "type"))
        return
    message = peru.check_document(doc_type, number, reason)
    if message is not None:
        code = getattr(message, "code", "invalid")  # never the right check character: it
        problems.append(FieldProblem(_doc_field(code), str(message), code))  # catches typos
        return
    out["doc_type"] = doc_type
    if doc_type == "SIN_DOCUMENTO":
        out["doc_number"] = ""
        out["doc_reason"] = collapse_spaces(reason or "")
        return
    compact = peru.normalize_document(doc_type, number or "")
    out["doc_number"] = compact[:8] if doc_type == "DNI" else compact
    out["doc_reason"] = collapse_spaces(reason) if isinstance(reason, str) and reason else None


def _check_ubigeo(
    data: Mapping[str, Any], problems: list[FieldProblem], out: dict[str, Any]
) -> None:
    inei = data.get("ubigeo")
    reniec = data.get("ubigeo_reniec")
    mapped: str | None = None
    if reniec is not None:
        if not isinstance(reniec, str) or peru.reniec_to_inei(reniec.strip()) is None:
            problems.append(
                FieldProblem("ubigeo_reniec", "no es un código RENIEC de distrito", "ubigeo")
            )
            return
        mapped = peru.reniec_to_inei(reniec.strip())
    if inei is not None:
        if isinstance(inei, str):
            inei = inei.strip()
        message = peru.check_ubigeo(inei)
        if message is not None:
            problems.append(FieldProblem("ubigeo", str(message), getattr(message, "code", "")))
            return
        if mapped is not None and mapped != inei:
            problems.append(
                FieldProblem(
                    "ubigeo_reniec",
                    f"corresponde al ubigeo INEI {mapped}, distinto de ubigeo {inei}",
                    "ubigeo_mismatch",
                )
            )
            return
    out["ubigeo"] = inei if inei is not None else mapped


def normalize_person(
    data: Mapping[str, Any], today: date | None = None, partial: bool = False
) -> dict[str, Any]:
    """Validate and normalize person input; raise ``InvalidInput`` listing every problem.

    Returns the fields to store (without ``office_id``/``created_by``). With ``partial``
    only the fields present are checked (used by updates; cross-field rules then need the
    caller to pass the merged record).
    """
    if not isinstance(data, Mapping):
        raise InvalidInput.one("", "se esperaba un objeto JSON con los datos de la persona")
    problems: list[FieldProblem] = [
        FieldProblem(str(key), "campo desconocido", "unknown")
        for key in data
        if key not in INPUT_FIELDS
    ]
    out: dict[str, Any] = {}
    for name in ("given_names", "paternal_surname", "maternal_surname"):
        if not partial or name in data:
            out[name] = _text(data, name, problems)
    given_missing = out.get("given_names") is None and (not partial or "given_names" in data)
    if given_missing and not any(p.field == "given_names" for p in problems):
        problems.append(FieldProblem("given_names", "es obligatorio", "required"))
    no_surname = not out.get("paternal_surname") and not out.get("maternal_surname")
    if not partial and no_surname and not any(p.field.endswith("_surname") for p in problems):
        problems.append(
            FieldProblem("paternal_surname", "indique al menos un apellido", "required")
        )
    if not partial or {"doc_type", "doc_number", "doc_reason"} & set(data):
        _check_document(data, problems, out)
    if data.get("birth_date") is not None:
        _check_birth_date(data["birth_date"], today, problems, out)
    elif not partial:
        out["birth_date"] = None
    if data.get("sex") is not None:
        sex = data["sex"]
        if not isinstance(sex, str) or sex.strip().upper() not in SEXES:
            problems.append(FieldProblem("sex", "debe ser F, M o X", "choice"))
        else:
            out["sex"] = sex.strip().upper()
    if data.get("ubigeo") is not None or data.get("ubigeo_reniec") is not None:
        _check_ubigeo(data, problems, out)
    if data.get("phone") is not None:
        phone = data["phone"]
        message = peru.check_phone(phone)
        if message is not None:
            problems.append(FieldProblem("phone", str(message), getattr(message, "code", "")))
        else:
            out["phone"] = peru.normalize_phone(phone)
    if data.get("mother_tongue") is not None:
        tongue = _text(data, "mother_tongue", problems, max_len=40)
        out["mother_tongue"] = tongue.lower() if tongue else None
    if data.get("interpreter_needed") is not None:
        flag = data["interpreter_needed"]
        if flag in (True, False, 0, 1):
            out["interpreter_needed"] = int(bool(flag))
        else:
            problems.append(FieldProblem("interpreter_needed", "debe ser true/false", "type"))
    if problems:
        raise _labelled(problems)
    return out


def _check_birth_date(
    value: Any, today: date | None, problems: list[FieldProblem], out: dict[str, Any]
) -> None:
    message = peru.check_birth_date(value, today)
    if message is not None:
        problems.append(FieldProblem("birth_date", str(message), getattr(message, "code", "")))
        return
    years = peru.age(value, today)
    if years is not None and years > MAX_AGE:
        problems.append(
            FieldProblem("birth_date", f"edad de {years} años: revise la fecha", "birth_date_old")
        )
        return
    out["birth_date"] = value


def register_person(store: PersonStore, data: Mapping[str, Any], today: date | None = None) -> str:
    """Validate, normalize and insert a person of the store's office; return its id."""
    apply_published_catalogs(store)  # districts published after this release
    fields = normalize_person(data, today)
    fields["office_id"] = store.office_id
    fields["created_by"] = store.user_id
    return store.insert("person", fields)


def check_person_changes(
    current: Mapping[str, Any], changes: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """Validate an edit of the person ``current`` (a stored record); return the stored
    fields whose value changes (``{}`` when none). ``None`` clears an optional field.

    The changes are checked on the merged record with the same rules as a registration
    (at least one surname, the document fields together, RENIEC vs INEI district), and only
    problems of the changed fields (or their group) are reported: a stored value that an
    older rule accepted does not block editing another field. Raises ``InvalidInput``.
    """
    if not isinstance(changes, Mapping):
        raise InvalidInput.one("", "se esperaba un objeto JSON con los datos de la persona")
    touched = set(changes)
    for group in _GROUPS:
        if group & touched:
            touched |= group
    merged: dict[str, Any] = {k: current.get(k) for k in INPUT_FIELDS if k in STORED_FIELDS}
    if "ubigeo_reniec" in changes and "ubigeo" not in changes:
        merged["ubigeo"] = None  # the RENIEC code given replaces the stored district
    merged.update(changes)
    try:
        full = normalize_person(merged, today)
    except InvalidInput as exc:
        mine = [p for p in exc.problems if p.field in touched or p.field == ""]
        if mine:
            raise InvalidInput(mine) from None
        # Only stored values an older rule accepted are wrong: check what changed alone.
        alone = {k: v for k, v in merged.items() if k in touched}
        full = {**current, **normalize_person(alone, today, partial=True)}
    return {
        name: full.get(name)
        for name in STORED_FIELDS
        if name in touched and full.get(name) != current.get(name)
    }


def update_person(
    store: PersonStore, person_id: str, changes: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """Validate ``changes`` (``check_person_changes``) and update the person; returns the
    fields that changed (nothing is written when none did). ``NotFound`` if missing."""
    apply_published_catalogs(store)
    current = get_person(store, person_id)
    fields = check_person_changes(current, changes, today)
    if fields:
        store.update("person", person_id, fields)
    return fields


def get_person(store: PersonStore, person_id: str) -> dict[str, Any]:
    """The live person record; ``NotFound`` if missing or deleted."""
    record = store.get("person", person_id)
    if record is None:
        raise NotFound("person", person_id)
    return dict(record)


NAME_PARTS = ("given_names", "paternal_surname", "maternal_surname")


def full_name(record: Mapping[str, Any] | None, empty: str = "") -> str:
    """Given names, then surnames, single-spaced; ``empty`` when there is none.

    The one definition of a person's displayed name; ``full_name_sql`` is the same rule
    in SQL, for filtering and sorting lists in the database."""
    if not record:
        return empty
    parts = (record.get(k) for k in NAME_PARTS)
    return " ".join(str(p) for p in parts if p) or empty


def home_province(store: PersonStore) -> str:
    """The office's province as "DDPP" ("" when nothing says it): see the docstring."""
    office = store.query(
        "SELECT ubigeo FROM office WHERE id = ? AND _deleted = 0", (store.office_id,)
    )
    if office and str(office[0].get("ubigeo") or "")[:4].isdigit():
        return str(office[0]["ubigeo"])[:4]
    rows = store.query(
        "SELECT substr(ubigeo, 1, 4) AS province, count(*) AS n FROM person "
        "WHERE _deleted = 0 AND office_id = ? AND length(ubigeo) = 6 GROUP BY 1",
        (store.office_id,),
    )
    departments: dict[str, int] = {}
    for row in rows:
        departments[row["province"][:2]] = departments.get(row["province"][:2], 0) + row["n"]
    if not departments:
        return ""
    department = max(sorted(departments), key=lambda d: departments[d])
    mine = sorted(r["province"] for r in rows if r["province"].startswith(department))
    return max(mine, key=lambda p: next(r["n"] for r in rows if r["province"] == p))


def document_text(doc_type: Any, doc_number: Any, lang: str = "es") -> str:
    """A document as it reads on screen: its type's label and number ("DNI 12345678",
    "Carné de extranjería 001234567"), "sin documento" for none; "" when unknown."""
    if doc_type == "SIN_DOCUMENTO":
        return vocab.DOC_TYPE.label("SIN_DOCUMENTO", lang).lower()
    kind = vocab.DOC_TYPE.label(str(doc_type), lang) if doc_type in vocab.DOC_TYPE else doc_type
    return " ".join(str(p) for p in (kind, doc_number) if p)


def full_name_sql(alias: str) -> str:
    """``full_name`` as an SQL expression over the person table aliased ``alias``."""
    cols = " || ' ' || ".join(f"coalesce({alias}.{k},'')" for k in NAME_PARTS)
    return f"trim(replace({cols}, '  ', ' '))"


def surname_first_sql(alias: str) -> str:
    """The name as lists show and sort it, surnames first ("Quispe Mamani, Maria Elena":
    Peru's "apellidos y nombres"), as an SQL expression over ``alias``."""
    paternal, maternal = f"{alias}.paternal_surname", f"{alias}.maternal_surname"
    surnames = f"trim(coalesce({paternal},'') || ' ' || coalesce({maternal},''))"
    given = f"coalesce({alias}.given_names,'')"
    return f"trim({surnames} || CASE WHEN {given} = '' THEN '' ELSE ', ' || {given} END, ', ')"


def count_people(store: PersonStore) -> int:
    """How many live people there are: what ``list_people`` pages through."""
    return int(store.query("SELECT count(*) AS n FROM person WHERE _deleted = 0")[0]["n"])


def list_people(store: PersonStore, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Live people ordered by surname, then given names, then id."""
    columns = ", ".join(("id", *STORED_FIELDS))
    return store.query(
        f"SELECT {columns} FROM person WHERE _deleted = 0 "
        "ORDER BY es_key(paternal_surname), es_key(maternal_surname), es_key(given_names), id"
        " LIMIT ? OFFSET ?",
        (limit, offset),
    )
