"""Reads what each report needs from the store, as plain data (``model.py`` and rows).

Everything goes through ``store.query(sql, params)`` on the tables of
docs/architecture.md; tombstoned rows (``_deleted = 1``) are always left out. Time
windows are first narrowed in SQL on the ISO text with a day of margin on each side,
then decided exactly in Lima time by the pure code (``timefmt``/``statistics``), since
stored timestamps may carry any offset.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Protocol

from app.reports import labels
from app.reports.answers import district_label, render_answers
from app.reports.errors import InvalidReportInput
from app.reports.model import (
    Agenda,
    AgendaItem,
    AttachmentLine,
    CaseSummary,
    HearingLine,
    IntakeRecord,
    NoteLine,
    PartyLine,
    PersonInfo,
)
from app.reports.statistics import ANSWER_KEYS, MonthlyInput
from app.reports.timefmt import (
    age_on,
    format_date,
    format_datetime,
    now_lima,
    parse_date,
    parse_datetime,
)


class ReadStore(Protocol):
    """The part of ``app.store.Store`` reports read through."""

    office_id: str
    user_id: str

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...


def _one(store: ReadStore, sql: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
    rows = store.query(sql, params)
    return rows[0] if rows else None


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def definition(form_id: str | None, version: int | None, store: Any = None) -> Any:
    """The form definition (shipped, or published to this vault when ``store`` is given),
    or None when unavailable."""
    if not form_id:
        return None
    try:
        import forms

        if store is not None:
            from app.core.form_source import registry_for

            return registry_for(store).get(form_id, version=version)
        return forms.load_registry().get(form_id, version=version)
    except Exception:  # a missing/invalid definition must not stop a document
        return None


def office_name(store: ReadStore) -> str:
    row = _one(store, "SELECT name FROM office WHERE id = ? AND _deleted = 0", (store.office_id,))
    return str(row["name"]) if row and row.get("name") else "Defensa Pública"


def users(store: ReadStore) -> dict[str, dict[str, Any]]:
    rows = store.query(
        "SELECT id, office_id, name, display_name, role FROM app_user WHERE _deleted = 0"
    )
    return {str(r["id"]): r for r in rows}


def user_label(store: ReadStore, user_id: Any) -> str:
    if not user_id:
        return "—"
    row = users(store).get(str(user_id))
    return str(row.get("display_name") or row.get("name")) if row else "—"


def current_user_label(store: ReadStore) -> str:
    label = user_label(store, store.user_id)
    return label if label != "—" else str(getattr(store, "user_name", "") or "usuario")


def resolve_defender(store: ReadStore, name: str) -> str:
    """The user id of the account ``name`` (login name or id); InvalidReportInput else."""
    for uid, row in users(store).items():
        if name in (row.get("name"), uid):
            return uid
    raise InvalidReportInput(f"no existe el usuario {name!r} en esta oficina")


def full_name(row: Mapping[str, Any]) -> str:
    parts = (row.get("given_names"), row.get("paternal_surname"), row.get("maternal_surname"))
    return " ".join(str(p) for p in parts if p) or "—"


def person_info(row: Mapping[str, Any], on: date | None = None) -> PersonInfo:
    birth = parse_date(row.get("birth_date"))
    age = str(age_on(birth, on or now_lima().date())) if birth else "—"
    need = row.get("interpreter_needed")
    return PersonInfo(
        full_name=full_name(row),
        doc_type=labels.label(labels.DOC_TYPE, row.get("doc_type")),
        doc_number=str(row.get("doc_number") or row.get("doc_reason") or ""),
        birth_date=format_date(birth),
        age=age,
        sex=labels.label(labels.SEX, row.get("sex")),
        district=district_label(row.get("ubigeo")),
        phone=str(row.get("phone") or "—"),
        mother_tongue=labels.label(labels.LANGUAGE, row.get("mother_tongue")),
        interpreter_needed=labels.yes_no(need) if need is not None else "—",
    )


def _person(store: ReadStore, person_id: Any) -> dict[str, Any] | None:
    return _one(store, "SELECT * FROM person WHERE id = ? AND _deleted = 0", (person_id,))


def intake_record(store: ReadStore, intake_id: str) -> IntakeRecord:
    row = _one(store, "SELECT * FROM intake WHERE id = ? AND _deleted = 0", (intake_id,))
    if row is None:
        raise InvalidReportInput(f"no existe la ficha {intake_id!r}")
    person = _person(store, row.get("person_id")) or {}
    form = definition(row.get("form_id"), row.get("form_version"), store)
    answers = _json(row.get("answers"))
    campaign = "—"
    if row.get("campaign_id"):
        found = _one(
            store,
            "SELECT name, locality FROM campaign WHERE id = ? AND _deleted = 0",
            (row["campaign_id"],),
        )
        if found:
            campaign = " — ".join(str(v) for v in (found["name"], found["locality"]) if v)
    recorded = parse_datetime(row.get("recorded_at"))
    title = "Ficha de atención"
    if form is not None:
        title = str(form.label.get("es") or title)
    return IntakeRecord(
        intake_id=str(row["id"]),
        form_title=title,
        form_ref=f"{row.get('form_id') or '—'} v{row.get('form_version') or '?'}",
        recorded_at=format_datetime(recorded),
        status=labels.label(labels.INTAKE_STATUS, row.get("status")),
        service_type=labels.label(labels.SERVICE, row.get("service_type")),
        matter=labels.label(labels.MATTER, row.get("matter")),
        defender=user_label(store, row.get("defender_id")),
        campaign=campaign,
        person=person_info(person, recorded.date() if recorded else None),
        sections=render_answers(answers if isinstance(answers, Mapping) else {}, form),
    )


def _closure_lines(closure: Any) -> list[tuple[str, str]]:
    if not isinstance(closure, Mapping) or not closure:
        return []
    form_id = closure.get("form_id") if isinstance(closure.get("form_id"), str) else "cierre_caso"
    version = closure.get("form_version") if isinstance(closure.get("form_version"), int) else None
    inner = closure.get("answers")
    source: Mapping[str, Any] = inner if isinstance(inner, Mapping) else closure
    answers = {k: v for k, v in source.items() if k not in ("form_id", "form_version")}
    sections = render_answers(answers, definition(form_id, version))
    return [("  " * line.depth + line.label, line.value) for s in sections for line in s.lines]


def case_summary(store: ReadStore, case_id: str) -> CaseSummary:
    row = _one(store, "SELECT * FROM legal_case WHERE id = ? AND _deleted = 0", (case_id,))
    if row is None:
        raise InvalidReportInput(f"no existe el caso {case_id!r}")
    people = users(store)

    def who(uid: Any) -> str:
        found = people.get(str(uid)) if uid else None
        return str(found.get("display_name") or found.get("name")) if found else "—"

    parties = store.query(
        "SELECT cp.role, p.given_names, p.paternal_surname, p.maternal_surname, p.doc_type,"
        " p.doc_number FROM case_party cp LEFT JOIN person p ON p.id = cp.person_id"
        " AND p._deleted = 0 WHERE cp.case_id = ? AND cp._deleted = 0"
        " ORDER BY CASE cp.role WHEN 'beneficiary' THEN 0 WHEN 'counterparty' THEN 1 ELSE 2 END",
        (case_id,),
    )
    notes = store.query(
        "SELECT id, text, author_id, created_at, signed_at, supersedes_id FROM note"
        " WHERE case_id = ? AND _deleted = 0 ORDER BY created_at, id",
        (case_id,),
    )
    superseded = {n["supersedes_id"] for n in notes if n.get("supersedes_id")}
    created = {n["id"]: n.get("created_at") for n in notes}
    note_lines = []
    for n in notes:
        status = ""
        if n["id"] in superseded:
            status = "Corregida por una nota posterior"
        elif n.get("supersedes_id"):
            status = f"Corrige la nota del {format_datetime(created.get(n['supersedes_id']))}"
        note_lines.append(
            NoteLine(
                created_at=format_datetime(n.get("created_at")),
                author=who(n.get("author_id")),
                text=str(n.get("text") or ""),
                signed=f"Firmada el {format_datetime(n['signed_at'])}"
                if n.get("signed_at")
                else "Sin firmar",
                status=status,
            )
        )
    hearings = store.query(
        "SELECT category, kind, at, place, status, result FROM hearing"
        " WHERE case_id = ? AND _deleted = 0 ORDER BY at, id",
        (case_id,),
    )
    attachments = store.query(
        "SELECT filename, mime, size, sha256, created_at FROM attachment"
        " WHERE case_id = ? AND _deleted = 0 ORDER BY created_at, id",
        (case_id,),
    )
    beneficiary = _person(store, row.get("person_id"))
    return CaseSummary(
        case_id=str(row["id"]),
        internal_number=str(row.get("internal_number") or "—"),
        matter=labels.label(labels.MATTER, row.get("matter")),
        status=labels.label(labels.CASE_STATUS, row.get("status")),
        court_file_number=str(row.get("court_file_number") or "—"),
        opened_at=format_date(row.get("opened_at")),
        closed_at=format_date(row.get("closed_at")),
        defender=who(row.get("defender_id")),
        summary=str(row.get("summary") or "—"),
        beneficiary=full_name(beneficiary) if beneficiary else "—",
        parties=[
            PartyLine(
                role=labels.label(labels.PARTY_ROLE, p.get("role")),
                name=full_name(p),
                document=f"{labels.label(labels.DOC_TYPE, p.get('doc_type'))} "
                f"{p.get('doc_number') or ''}".strip(),
            )
            for p in parties
        ],
        notes=note_lines,
        hearings=[
            HearingLine(
                at=format_datetime(h.get("at")),
                category=labels.label(labels.HEARING_CATEGORY, h.get("category")),
                kind=labels.label(labels.HEARING_KIND, h.get("kind")),
                place=str(h.get("place") or "—"),
                status=labels.label(labels.HEARING_STATUS, h.get("status") or "scheduled"),
                result=str(h.get("result") or "—"),
            )
            for h in hearings
        ],
        attachments=[
            AttachmentLine(
                filename=str(a.get("filename") or "—"),
                mime=str(a.get("mime") or "—"),
                size=_size(a.get("size")),
                created_at=format_date(a.get("created_at")),
                sha256=str(a.get("sha256") or "")[:16],
            )
            for a in attachments
        ],
        closure=_closure_lines(_json(row.get("closure"))),
    )


def _size(value: Any) -> str:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return "—"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def agenda(
    store: ReadStore, date_from: date, date_to: date, defender_id: str | None = None
) -> Agenda:
    if date_to < date_from:
        raise InvalidReportInput("la fecha final es anterior a la inicial")
    low = (date_from - timedelta(days=1)).isoformat()
    high = (date_to + timedelta(days=2)).isoformat()
    sql = (
        "SELECT h.category, h.kind, h.at, h.place, h.status, c.internal_number,"
        " c.court_file_number, c.matter, c.defender_id FROM hearing h"
        " JOIN legal_case c ON c.id = h.case_id AND c._deleted = 0"
        " WHERE h._deleted = 0 AND c.office_id = ? AND h.at >= ? AND h.at < ?"
    )
    params: list[Any] = [store.office_id, low, high]
    if defender_id:
        sql += " AND c.defender_id = ?"
        params.append(defender_id)
    people = users(store)
    items = []
    for row in store.query(sql, tuple(params)):
        at = parse_datetime(row.get("at"))
        if at is None or not (date_from <= at.date() <= date_to):
            continue
        found = people.get(str(row.get("defender_id")))
        items.append(
            AgendaItem(
                at=at,
                case_number=str(row.get("internal_number") or "—"),
                court_file_number=str(row.get("court_file_number") or "—"),
                matter=labels.label(labels.MATTER, row.get("matter")),
                category=labels.label(labels.HEARING_CATEGORY, row.get("category")),
                kind=labels.label(labels.HEARING_KIND, row.get("kind")) if row.get("kind") else "",
                place=str(row.get("place") or "—"),
                status=labels.label(labels.HEARING_STATUS, row.get("status") or "scheduled"),
                defender=str(found.get("display_name") or found.get("name")) if found else "—",
            )
        )
    defender = str(people[defender_id].get("display_name")) if defender_id in people else ""
    return Agenda(date_from, date_to, items, defender)


def _district_names(codes: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        from forms import ubigeo

        for code in codes:
            found = ubigeo.district(code)
            if found:
                out[code] = f"{found.name} ({found.province})"
    except (ImportError, FileNotFoundError):
        pass
    return out


def monthly_input(store: ReadStore, start: date, end: date, reference_day: date) -> MonthlyInput:
    """The rows of the office for the month [start, end) (see ``statistics``)."""
    office = store.office_id
    low = (start - timedelta(days=1)).isoformat()
    high = (end + timedelta(days=1)).isoformat()
    flags = ", ".join(f"json_extract(answers, '$.{key}') AS f_{key}" for key in ANSWER_KEYS)
    intake_rows = store.query(
        "SELECT id, person_id, status,"
        " coalesce(service_type, json_extract(answers, '$.tipo_servicio')) AS service_type,"
        " coalesce(matter, json_extract(answers, '$.materia')) AS matter,"
        f" defender_id, recorded_at, campaign_id, {flags} FROM intake"
        " WHERE _deleted = 0 AND office_id = ? AND recorded_at >= ? AND recorded_at < ?",
        (office, low, high),
    )
    intakes = []
    for row in intake_rows:
        row["answers"] = {k: row.pop(f"f_{k}") for k in ANSWER_KEYS}
        row["answers"] = {k: v for k, v in row["answers"].items() if v is not None}
        intakes.append(row)
    cases = store.query(
        "SELECT id, matter, status, defender_id, opened_at, closed_at, closure FROM legal_case"
        " WHERE _deleted = 0 AND office_id = ? AND opened_at < ?"
        " AND (closed_at IS NULL OR closed_at = '' OR closed_at >= ?)",
        (office, high, low),
    )
    for case in cases:
        closure = _json(case.get("closure")) if case.get("closed_at") else None
        if isinstance(closure, Mapping) and isinstance(closure.get("answers"), Mapping):
            closure = closure["answers"]
        case["closure"] = closure
    hearings = store.query(
        "SELECT h.id, h.case_id, h.category, h.status, h.at, c.defender_id FROM hearing h"
        " JOIN legal_case c ON c.id = h.case_id AND c._deleted = 0"
        " WHERE h._deleted = 0 AND c.office_id = ? AND h.at >= ? AND h.at < ?",
        (office, low, high),
    )
    eligibility = store.query(
        "SELECT e.id, e.intake_id, coalesce(i.recorded_at, e.assessed_at) AS started_at,"
        " i.defender_id FROM eligibility e"
        " LEFT JOIN intake i ON i.id = e.intake_id AND i._deleted = 0"
        " WHERE e._deleted = 0 AND e.office_id = ?"
        " AND (e.result IS NULL OR e.result = '' OR e.result = 'pendiente')",
        (office,),
    )
    persons = {
        str(r["id"]): r
        for r in store.query(
            "SELECT id, sex, birth_date, mother_tongue, interpreter_needed, ubigeo FROM person"
            " WHERE _deleted = 0 AND id IN (SELECT person_id FROM intake WHERE _deleted = 0"
            " AND office_id = ? AND recorded_at >= ? AND recorded_at < ?)",
            (office, low, high),
        )
    }
    campaigns = {
        str(r["id"]): r
        for r in store.query(
            "SELECT id, name, locality, starts_on, ends_on FROM campaign"
            " WHERE _deleted = 0 AND office_id = ?",
            (office,),
        )
    }
    codes = {str(p["ubigeo"]) for p in persons.values() if p.get("ubigeo")}
    staff = {  # every name stays known; only this office's defenders count for caseload
        uid: (row if row.get("office_id") in (office, None, "") else {**row, "role": "other"})
        for uid, row in users(store).items()
    }
    return MonthlyInput(
        office_name=office_name(store),
        month_start=start,
        month_end=end,
        reference_day=reference_day,
        users=staff,
        persons=persons,
        campaigns=campaigns,
        intakes=intakes,
        cases=cases,
        hearings=hearings,
        eligibility=eligibility,
        district_names=_district_names(codes),
    )
