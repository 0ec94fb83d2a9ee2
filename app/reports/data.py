"""Reads what each report needs from the store, as plain data (``model.py`` and rows).

Every read goes through the query functions of ``app.core.queries`` (no SQL here);
tombstoned rows are always left out. Time windows are first narrowed on the ISO text
with a day of margin on each side, then decided exactly in Lima time by the pure code
(``timefmt``/``statistics``), since stored timestamps may carry any offset.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from app.core import hearings as core_hearings
from app.core import legal_data, queries, referrals
from app.core import notes as core_notes
from app.core.cases import case_parties
from app.core.milestones import case_milestones
from app.core.people import full_name as person_name
from app.core.queries.case_facts import case_facts, children_text
from app.core.queries.case_file import override_lines, status_moves
from app.core.text import size_text
from app.core.user_names import login_labels
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
    MilestoneLine,
    NoteLine,
    PartyLine,
    PersonInfo,
    ReferralLine,
    StatusMoveLine,
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
from forms import peru


class ReadStore(Protocol):
    """The part of ``app.store.Store`` reports read through."""

    office_id: str
    user_id: str

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...


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
    return queries.office_name(store, store.office_id) or "Defensa Pública"


def users(store: ReadStore) -> dict[str, dict[str, Any]]:
    return queries.users(store)


def user_label(store: ReadStore, user_id: Any) -> str:
    if not user_id:
        return "—"
    return queries.user_labels(store, [str(user_id)]).get(str(user_id)) or "—"


def current_user_label(store: ReadStore) -> str:
    label = user_label(store, store.user_id)
    return label if label != "—" else str(getattr(store, "user_name", "") or "usuario")


def resolve_defender(store: ReadStore, name: str) -> str:
    """The user id of the account ``name`` (login name or id); InvalidReportInput else."""
    for uid, row in users(store).items():
        if name in (row.get("name"), uid):
            return uid
    raise InvalidReportInput(f"no existe el usuario {name!r} en esta oficina")


def full_name(row: Mapping[str, Any] | None) -> str:
    """``app.core.people.full_name``, "—" when there is none (as printed)."""
    return person_name(row, empty="—")


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
    return queries.record(store, "person", person_id)


def intake_record(store: ReadStore, intake_id: str) -> IntakeRecord:
    row = queries.record(store, "intake", intake_id)
    if row is None:
        raise InvalidReportInput(f"no existe la ficha {intake_id!r}")
    person = _person(store, row.get("person_id")) or {}
    form = definition(row.get("form_id"), row.get("form_version"), store)
    answers = _json(row.get("answers"))
    campaign = "—"
    if row.get("campaign_id"):
        found = queries.record(store, "campaign", row["campaign_id"])
        if found:
            campaign = " — ".join(str(v) for v in (found["name"], found["locality"]) if v)
    recorded = parse_datetime(row.get("recorded_at"))
    title = labels.humanize(row.get("form_id")) if row.get("form_id") else "Ficha de atención"
    if form is not None:
        title = str(form.label.get("es") or title)
    return IntakeRecord(
        intake_id=str(row["id"]),
        form_title=title,
        recorded_at=format_datetime(recorded),
        status=labels.label(labels.INTAKE_STATUS, row.get("status")),
        service_type=labels.label(labels.SERVICE, row.get("service_type")),
        matter=labels.label(labels.MATTER, row.get("matter")),
        defender=user_label(store, row.get("defender_id")),
        campaign=campaign,
        person=person_info(person, recorded.date() if recorded else None),
        sections=render_answers(answers if isinstance(answers, Mapping) else {}, form),
        overrides=[
            (format_datetime(parse_datetime(line["at"])), f"{line['who']} — {line['changes']}")
            for line in override_lines(store, None, str(row["id"]))
        ],
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
    row = queries.record(store, "case", case_id)
    if row is None:
        raise InvalidReportInput(f"no existe el caso {case_id!r}")
    names = login_labels(users(store))[0]  # the one display rule (fresh8 #11)

    def who(uid: Any) -> str:
        return names.get(str(uid)) or "—" if uid else "—"

    parties = case_parties(store, case_id)
    notes = core_notes.list_notes(store, case_id)
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
    hearings = core_hearings.list_hearings(store, case_id)
    attachments = queries.attachments(store, case_id)
    beneficiary = _person(store, row.get("person_id"))
    facts = case_facts(store, row)
    closing = " · ".join(
        x
        for x in (
            facts["closure_result"],
            facts["closure_reason"],
            facts["amount_obtained"] and f"obtenido {facts['amount_obtained']}",
        )
        if x
    )
    return CaseSummary(
        case_id=str(row["id"]),
        internal_number=str(row.get("internal_number") or "—"),
        matter=labels.label(labels.MATTER, row.get("matter")),
        status=labels.label(labels.CASE_STATUS, row.get("status")),
        court_file_number=_court_file(row.get("court_file_number")),
        opened_at=format_date(row.get("opened_at")),
        closed_at=format_date(row.get("closed_at")),
        defender=who(row.get("defender_id")),
        summary=str(row.get("summary") or "—"),
        beneficiary=full_name(beneficiary),
        children=children_text(facts["children"]) or "—",
        amount_claimed=facts["amount_claimed"] or "—",
        closure_result=closing if facts["closed_on"] else "—",
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
                status=core_hearings.status_label(
                    h.get("category"), h.get("status"), h.get("at"), _office_now()
                ),
                result=str(h.get("result") or "—"),
            )
            for h in hearings
        ],
        attachments=[
            AttachmentLine(
                filename=str(a.get("filename") or "—"),
                mime=str(a.get("mime") or "—"),
                size=size_text(a.get("size")),
                created_at=format_date(a.get("created_at")),
                sha256=str(a.get("sha256") or "")[:16],
            )
            for a in attachments
        ],
        closure=_closure_lines(_json(row.get("closure"))),
        referrals=_referral_lines(referrals.list_referrals(store, case_id=case_id)),
        milestones=[
            MilestoneLine(
                day=format_date(m.get("occurred_on")),
                label=str(m.get("label") or ""),
                recorded_by="Automático" if m.get("derived") else str(m.get("recorded_by") or "—"),
                note=str(m.get("note") or "—"),
            )
            for m in case_milestones(store, case_id)
        ],
        status_moves=[
            StatusMoveLine(
                at=format_datetime(m["at"]),
                move=MOVES.get(str(m["move"]), str(m["move"])),
                why=str(m.get("why") or "—"),
            )
            for m in status_moves(store, row)
        ],
    )


MOVES = {"closed": "Cierre", "reopened": "Reapertura"}  # a case's change of state, said


def _court_file(text: Any) -> str:
    """The expediente number with its judicial district when the number parses."""
    if not text:
        return "—"
    try:
        district = peru.parse_court_file(str(text)).judicial_district
    except peru.CourtFileError:
        district = None
    return f"{text} (Distrito judicial de {district})" if district else str(text)


def _referral_lines(rows: list[dict[str, Any]]) -> list[ReferralLine]:
    """A case's referrals, oldest first (the PDF reads as a chronology)."""
    lines = []
    for r in sorted(rows, key=lambda r: (str(r.get("referred_on") or ""), str(r["id"]))):
        name = str(r.get("institution_name") or "").strip()
        kind = labels.label(labels.REFERRAL_INSTITUTION, r.get("institution"))
        follow = str(r.get("follow_up") or "").strip()
        when = format_date(r.get("follow_up_on")) if r.get("follow_up_on") else ""
        lines.append(
            ReferralLine(
                referred_on=format_date(r.get("referred_on")),
                institution=f"{kind}\n{name}" if name and name != kind else kind,
                reason=str(r.get("reason") or "—"),
                status=labels.label(labels.REFERRAL_STATUS, r.get("status")),
                follow_up=(f"{when}: {follow}" if when and follow else follow or when) or "—",
            )
        )
    return lines


def agenda(
    store: ReadStore, date_from: date, date_to: date, defender_id: str | None = None
) -> Agenda:
    if date_to < date_from:
        raise InvalidReportInput("la fecha final es anterior a la inicial")
    low = (date_from - timedelta(days=1)).isoformat()
    high = (date_to + timedelta(days=2)).isoformat()
    names = login_labels(users(store))[0]  # the one display rule for a user's name
    items = []
    for row in queries.office_agenda(store, store.office_id, low, high, defender_id):
        at = parse_datetime(row.get("at"))
        if at is None or not (date_from <= at.date() <= date_to):
            continue
        items.append(
            AgendaItem(
                at=at,
                case_number=str(row.get("internal_number") or "—"),
                court_file_number=str(row.get("court_file_number") or "—"),
                matter=labels.label(labels.MATTER, row.get("matter")),
                category=labels.label(labels.HEARING_CATEGORY, row.get("category")),
                kind=labels.label(labels.HEARING_KIND, row.get("kind")) if row.get("kind") else "",
                place=str(row.get("place") or "—"),
                status=core_hearings.status_label(
                    row.get("category"), row.get("status"), row.get("at"), _office_now()
                ),
                defender=names.get(str(row.get("defender_id"))) or "—",
                client=str(row.get("client") or "—"),
                happens=str(row.get("status") or "")
                if row.get("status") in core_hearings.NOT_STANDING
                else "",
            )
        )
    defender = names.get(str(defender_id), "") if defender_id else ""
    return Agenda(date_from, date_to, items, defender)


def _district_names(codes: set[str]) -> dict[str, str]:
    """Each code's "District (Province)", spelled as every screen shows it."""
    try:
        from forms import ubigeo

        return {code: ubigeo.district_name(code, province=True) for code in codes}
    except (ImportError, FileNotFoundError):
        return {}


def monthly_input(store: ReadStore, start: date, end: date, reference_day: date) -> MonthlyInput:
    """The rows of the office for the month [start, end) (see ``statistics``)."""
    office = store.office_id
    low = (start - timedelta(days=1)).isoformat()
    high = (end + timedelta(days=1)).isoformat()
    rows = queries.monthly_rows(store, office, low, high, ANSWER_KEYS)
    for case in rows["cases"]:
        closure = _json(case.get("closure")) if case.get("closed_at") else None
        if isinstance(closure, Mapping) and isinstance(closure.get("answers"), Mapping):
            closure = closure["answers"]
        case["closure"] = closure
    persons, campaigns = rows["persons"], rows["campaigns"]
    codes = {str(p["ubigeo"]) for p in persons.values() if p.get("ubigeo")}
    from app.core.queries.caseload import staff as people

    # users sharing a login are one person (the vault's own user and the server's after
    # enrolling: "demo" and "Usuaria de demostración"), as on the Tiempos page
    names, canon = people(store)
    for key in ("intakes", "cases", "hearings", "eligibility"):
        for row in rows[key]:
            if row.get("defender_id"):
                row["defender_id"] = canon.get(str(row["defender_id"]), row["defender_id"])
    staff: dict[str, dict[str, Any]] = {}  # every name stays known; only this office's
    for uid, row in users(store).items():  # defenders count for caseload
        key = canon.get(uid, uid)
        mine = row.get("office_id") in (office, None, "")
        entry = {**row, "role": row.get("role") if mine else "other",
                 "display_name": names.get(uid) or row.get("display_name")}  # fmt: skip
        if key not in staff or entry["role"] == "defender":
            staff[key] = entry
    return MonthlyInput(
        office_name=office_name(store),
        month_start=start,
        month_end=end,
        reference_day=reference_day,
        users=staff,
        persons=persons,
        campaigns=campaigns,
        intakes=rows["intakes"],
        cases=rows["cases"],
        hearings=rows["hearings"],
        eligibility=rows["eligibility"],
        referrals=referrals.referrals_between(store, start.isoformat(), end.isoformat()),
        district_names=_district_names(codes),
        rules=legal_data.rules(store),  # the eligibility term is a rule (issue 17)
        now=office_now_moment(),  # a deadline still scheduled before it is overdue
        calendar=legal_data.calendar(store),
    )


def office_now_moment() -> datetime:
    """The office's time now, naive (as ``statistics`` compares moments)."""
    from app.reports.timefmt import now_lima

    return now_lima().replace(tzinfo=None)


def _office_now() -> str:
    """The office's time now (ISO minutes): a pending deadline before it is "Vencido"."""
    from forms.clock import office_now

    return office_now().isoformat(timespec="minutes")
