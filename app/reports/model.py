"""Plain data the document renderers take: no store, no SQL, only values to print.

``app/reports/data.py`` fills these from the store; tests build them by hand. Labels
are already resolved to Spanish here (see ``labels.py`` and ``answers.py``), so the
renderers only lay text out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class PersonInfo:
    full_name: str
    doc_type: str = "—"
    doc_number: str = "—"
    birth_date: str = "—"
    age: str = "—"
    sex: str = "—"
    district: str = "—"
    phone: str = "—"
    mother_tongue: str = "—"
    interpreter_needed: str = "—"

    def pairs(self) -> list[tuple[str, str]]:
        return [
            ("Nombres y apellidos", self.full_name),
            ("Documento", f"{self.doc_type} {self.doc_number}".strip()),
            (
                "Fecha de nacimiento",
                f"{self.birth_date} ({self.age} años)"
                if self.age not in ("", "—")
                else self.birth_date,
            ),
            ("Sexo", self.sex),
            ("Distrito (ubigeo)", self.district),
            ("Teléfono", self.phone),
            ("Lengua materna", self.mother_tongue),
            ("Requiere intérprete", self.interpreter_needed),
        ]


@dataclass(frozen=True)
class AnswerLine:
    label: str
    value: str
    depth: int = 0  # nesting inside repeat groups, for indentation


@dataclass(frozen=True)
class AnswerSection:
    title: str
    lines: list[AnswerLine]


@dataclass(frozen=True)
class IntakeRecord:
    """The intake record (ficha de atención) as printed."""

    intake_id: str
    form_title: str  # "Ficha de atención": its title, never its id nor its version
    recorded_at: str
    status: str
    service_type: str
    matter: str
    defender: str
    campaign: str
    person: PersonInfo
    sections: list[AnswerSection]
    # each "Continuar: es otra disputa" decided for this ficha despite a conflict of
    # interest (``case_file.override_lines``): when, who, about whom (fresh5 #16)
    overrides: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PartyLine:
    role: str
    name: str
    document: str


@dataclass(frozen=True)
class ReferralLine:
    referred_on: str
    institution: str  # the kind (vocabulary label), then the specific office if given
    reason: str
    status: str
    follow_up: str


@dataclass(frozen=True)
class NoteLine:
    created_at: str
    author: str
    text: str
    signed: str  # "Firmada el dd/mm/aaaa hh:mm" or "Sin firmar"
    status: str = ""  # "Corrige una nota anterior" / "Corregida por una nota posterior"


@dataclass(frozen=True)
class HearingLine:
    at: str
    category: str
    kind: str
    place: str
    status: str
    result: str


@dataclass(frozen=True)
class StatusMoveLine:
    """A closing or a reopening of the case (``case_file.status_moves``): when it was
    recorded, which ("Cierre", "Reapertura") and why (the closure's reason and result, or
    the reopening's reason)."""

    at: str
    move: str
    why: str


@dataclass(frozen=True)
class MilestoneLine:
    """One step of the case's timeline, as its "Hitos" tab shows it."""

    day: str
    label: str
    recorded_by: str  # the user who recorded it; "Automático" when Chasqui derived it
    note: str


@dataclass(frozen=True)
class AttachmentLine:
    filename: str
    mime: str
    size: str
    created_at: str
    sha256: str


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    internal_number: str
    matter: str
    status: str
    court_file_number: str
    opened_at: str
    closed_at: str
    defender: str
    summary: str
    beneficiary: str
    parties: list[PartyLine] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)
    hearings: list[HearingLine] = field(default_factory=list)
    attachments: list[AttachmentLine] = field(default_factory=list)
    closure: list[tuple[str, str]] = field(default_factory=list)
    referrals: list[ReferralLine] = field(default_factory=list)
    milestones: list[MilestoneLine] = field(default_factory=list)
    status_moves: list[StatusMoveLine] = field(default_factory=list)  # closings, reopenings
    children: str = "—"  # from the ficha (app.core.queries.case_facts)
    amount_claimed: str = "—"
    closure_result: str = "—"  # date · result · reason · amount obtained


@dataclass(frozen=True)
class AgendaItem:
    at: datetime
    case_number: str
    court_file_number: str
    matter: str
    category: str
    kind: str
    place: str
    status: str
    defender: str
    client: str = ""  # the case's client (beneficiary), full name
    happens: str = ""  # "" when it stands; "rescheduled" / "cancelled" (NOT_STANDING)


@dataclass(frozen=True)
class Agenda:
    date_from: date
    date_to: date
    items: list[AgendaItem]
    defender: str = ""
