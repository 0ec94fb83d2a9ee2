"""Intakes: a filled intake form (answers JSON) recorded for a person.

The input document is either the answers themselves (an object that may also carry
``form_id`` and ``form_version``) or an envelope ``{"form_id", "form_version", "answers",
"status", "campaign_id"}``. Validation goes through an ``IntakeValidator`` passed in;
``FormsIntakeValidator`` (the default) uses ``forms.load_registry()`` + ``forms.validate()``.
``status``, ``service_type`` and ``matter`` are copied from the answers when present so
that lists and statistics need not parse the JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol

from app.core.errors import FieldProblem, InvalidInput, NotFound
from app.core.people import PersonStore, get_person

STATUSES = ("draft", "submitted")
SERVICE_TYPES = ("consulta", "patrocinio", "derivacion")
ENVELOPE_KEYS = ("form_id", "form_version", "answers", "status", "campaign_id")
MAX_ANSWERS_BYTES = 1_000_000
# Answer fields copied into intake columns: column -> answer names, first present wins
# (English names of our own forms, Spanish names of ficha_atencion).
SUMMARY_FIELDS: dict[str, tuple[str, ...]] = {
    "service_type": ("service_type", "tipo_servicio"),
    "matter": ("matter", "materia"),
}


def answer_for(answers: Mapping[str, Any], column: str) -> tuple[str, Any]:
    """(answer name, value) of the first present answer feeding ``column``."""
    for name in SUMMARY_FIELDS.get(column, (column,)):
        if answers.get(name) is not None:
            return name, answers[name]
    return column, None


class IntakeValidator(Protocol):
    """Checks answers against a form definition (the seam between core and ``forms``)."""

    def resolve_version(self, form_id: str, version: int | None) -> int:
        """The version to record (newest when ``None``); ``InvalidInput`` if unknown."""
        ...

    def validate(
        self, form_id: str, version: int, answers: Mapping[str, Any], today: date | None
    ) -> list[FieldProblem]:
        """Every problem of ``answers``, each naming its field path."""
        ...


class FormsIntakeValidator:
    """The default validator: the form definitions of ``forms/definitions``."""

    def __init__(self, registry: Any = None) -> None:
        self._registry = registry

    def _get(self) -> Any:
        if self._registry is None:
            import forms

            self._registry = forms.load_registry()
        return self._registry

    def _definition(self, form_id: str, version: int | None) -> Any:
        try:
            definition = self._get().get(form_id, version=version)
        except KeyError:
            definition = None
        if definition is None:
            if version is None:
                raise InvalidInput.one("form_id", f"formulario desconocido: {form_id}", "unknown")
            raise InvalidInput.one(
                "form_version", f"el formulario {form_id} no tiene versión {version}", "unknown"
            )
        return definition

    def resolve_version(self, form_id: str, version: int | None) -> int:
        return int(self._definition(form_id, version).version)

    def validate(
        self, form_id: str, version: int, answers: Mapping[str, Any], today: date | None
    ) -> list[FieldProblem]:
        import forms

        definition = self._definition(form_id, version)
        return [
            FieldProblem(str(e.path), str(e.message), str(e.code))
            for e in forms.blocking(forms.validate(definition, dict(answers), today=today))
        ]


def parse_intake_document(
    doc: Any, form_id: str | None = None
) -> tuple[str, int | None, dict[str, Any], dict[str, Any]]:
    """Split an input document into (form_id, form_version, answers, extra envelope fields)."""
    if not isinstance(doc, Mapping):
        raise InvalidInput.one("", "se esperaba un objeto JSON con las respuestas")
    problems: list[FieldProblem] = []
    extra: dict[str, Any] = {}
    if isinstance(doc.get("answers"), Mapping):
        unknown = [k for k in doc if k not in ENVELOPE_KEYS]
        problems += [FieldProblem(str(k), "campo desconocido", "unknown") for k in unknown]
        answers = dict(doc["answers"])
        extra = {k: doc[k] for k in ("status", "campaign_id") if k in doc}
    else:
        answers = {k: v for k, v in doc.items() if k not in ("form_id", "form_version")}
    doc_form = doc.get("form_id")
    if doc_form is not None and (not isinstance(doc_form, str) or not doc_form):
        problems.append(FieldProblem("form_id", "debe ser texto", "type"))
    elif form_id and doc_form and doc_form != form_id:
        problems.append(
            FieldProblem(
                "form_id", f"las respuestas son de {doc_form}, no de {form_id}", "mismatch"
            )
        )
    chosen = form_id or doc_form
    if not chosen:
        problems.append(FieldProblem("form_id", "es obligatorio", "required"))
    version = doc.get("form_version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        problems.append(FieldProblem("form_version", "debe ser un número entero", "type"))
    if problems:
        raise InvalidInput(problems)
    return str(chosen), version, answers, extra


def add_intake(
    store: PersonStore,
    person_id: str,
    doc: Any,
    validator: IntakeValidator,
    form_id: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> str:
    """Validate and record an intake for ``person_id``; return its id."""
    get_person(store, person_id)
    chosen, version, answers, extra = parse_intake_document(doc, form_id)
    if len(json.dumps(answers, ensure_ascii=False)) > MAX_ANSWERS_BYTES:
        raise InvalidInput.one("answers", "las respuestas son demasiado grandes", "length")
    resolved = validator.resolve_version(chosen, version)
    problems = validator.validate(chosen, resolved, answers, today)
    status = extra.get("status", answers.get("status", "submitted"))
    if status not in STATUSES:
        problems.append(FieldProblem("status", "debe ser draft o submitted", "choice"))
    name, service_type = answer_for(answers, "service_type")
    if service_type is not None and service_type not in SERVICE_TYPES:
        problems.append(FieldProblem(name, "debe ser consulta, patrocinio o derivacion", "choice"))
    name, matter = answer_for(answers, "matter")
    if matter is not None and not isinstance(matter, str):
        problems.append(FieldProblem(name, "debe ser texto", "type"))
    problems = list({(p.field, p.code): p for p in problems}.values())
    if status == "draft":
        problems = [p for p in problems if p.code != "required"]
    if problems:
        raise InvalidInput(problems)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    return store.insert(
        "intake",
        {
            "office_id": store.office_id,
            "person_id": person_id,
            "form_id": chosen,
            "form_version": resolved,
            "answers": answers,
            "status": status,
            "service_type": service_type,
            "matter": matter,
            "defender_id": store.user_id,
            "recorded_at": stamp,
            "campaign_id": extra.get("campaign_id"),
        },
    )


def get_intake(store: PersonStore, intake_id: str) -> dict[str, Any]:
    record = store.get("intake", intake_id)
    if record is None:
        raise NotFound("intake", intake_id)
    out = dict(record)
    if isinstance(out.get("answers"), str):
        out["answers"] = json.loads(out["answers"])
    return out


def list_intakes(store: PersonStore, person_id: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, form_id, form_version, status, service_type, matter, recorded_at "
        "FROM intake WHERE _deleted = 0 AND person_id = ? ORDER BY recorded_at, id",
        (person_id,),
    )
