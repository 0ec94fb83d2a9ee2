"""Every vocabulary of stored codes, defined once with its Spanish and English labels.

Owns the codes records store (matters, roles, statuses, hearing kinds, outcomes, document
types, service types, referral institutions...) and how they are shown. Entity fields
name their vocabulary (``sync.spec.entities``); the server refuses codes outside a
*closed* vocabulary; the CLI's ``choices=``, the UI and the reports take codes and
labels from here. An *open* vocabulary (matters, hearing kinds, languages) labels the
codes it knows and accepts others (older clients, free text) — an unknown code is
shown humanized, never as an error. The matter list itself belongs to ``forms`` (form
definitions reference it as the ``matters`` catalog, and ``forms`` imports nothing of
ours), so ``MATTER`` is built from ``forms.catalogs.MATTERS``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from forms.catalogs import MATTERS as FORM_MATTERS

Label = Mapping[str, str]  # {"es": ..., "en": ...}
LANGS = ("es", "en")


def humanize(code: object) -> str:
    """A readable form of an unknown code: underscores to spaces, first letter upper."""
    if code is None or code == "":
        return "—"
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Vocab:
    """Codes with labels; ``aliases`` map older codes to current ones (labels only)."""

    name: str
    items: tuple[tuple[str, Label], ...]
    closed: bool = True
    aliases: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:  # membership is checked for every value a server takes
        object.__setattr__(self, "_codes", frozenset(code for code, _ in self.items))

    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.items)

    def __contains__(self, code: object) -> bool:
        found: frozenset[str] = self.__dict__["_codes"]
        return isinstance(code, str) and code in found

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes())

    def label(self, code: object, lang: str = "es") -> str:
        """The label of ``code`` ("—" when empty; humanized when unknown)."""
        if code is None or code == "":
            return "—"
        key = str(code)
        key = self.aliases.get(key, self.aliases.get(key.lower(), key))
        for c, label in self.items:
            if c == key or c == key.lower():
                return label.get(lang) or label["es"]
        return humanize(code)

    def labels(self, lang: str = "es") -> dict[str, str]:
        """Code -> label of the current codes, in order."""
        return {c: label.get(lang) or label["es"] for c, label in self.items}

    def table(self, lang: str = "es") -> dict[str, str]:
        """Code -> label, older codes (aliases) included."""
        return {**{a: self.label(a, lang) for a in self.aliases}, **self.labels(lang)}


def _v(name: str, *items: tuple[str, str, str], closed: bool = True, **aliases: str) -> Vocab:
    return Vocab(name, tuple((c, {"es": es, "en": en}) for c, es, en in items), closed, aliases)


OFFICE_KIND = _v(
    "office_kind", ("office", "Oficina", "Office"), ("brigade", "Brigada itinerante", "Brigade")
)
USER_ROLE = _v(
    "user_role",
    ("defender", "Defensor(a) público(a)", "Public defender"),
    ("supervisor", "Supervisor(a)", "Supervisor"),
    ("admin", "Administrador(a)", "Administrator"),
)
# Only the server's administrator makes administrators (``chasqui-server user add --role
# admin``): the server refuses a device's ``user`` change with this role, and an enrolling
# vault's local admin becomes ``DEVICE_TOP_ROLE``.
SERVER_ONLY_ROLE = "admin"
DEVICE_TOP_ROLE = "supervisor"
DOC_TYPE = _v(
    "doc_type",
    ("DNI", "DNI", "National ID (DNI)"),
    ("CE", "Carné de extranjería", "Foreigner ID card"),
    ("PASAPORTE", "Pasaporte", "Passport"),
    ("CPP", "CPP", "Temporary permit (CPP)"),
    ("RUC", "RUC", "Taxpayer number (RUC)"),
    ("SIN_DOCUMENTO", "Sin documento", "No document"),
)
SEX = _v(
    "sex",
    ("F", "Femenino", "Female"),
    ("M", "Masculino", "Male"),
    ("X", "No especificado", "Unspecified"),
)
LANGUAGE = _v(
    "language",
    ("castellano", "Castellano", "Spanish"),
    ("quechua", "Quechua", "Quechua"),
    ("aimara", "Aimara", "Aymara"),
    ("shipibo_konibo", "Shipibo-Konibo", "Shipibo-Konibo"),
    ("ashaninka", "Asháninka", "Asháninka"),
    ("awajun", "Awajún", "Awajún"),
    ("otra", "Otra lengua", "Other language"),
    closed=False,
    espanol="castellano",
    es="castellano",
    qu="quechua",
    aymara="aimara",
    ay="aimara",
    shipibo="shipibo_konibo",
    otro="otra",
    **{"shipibo-konibo": "shipibo_konibo"},
)
INTAKE_STATUS = _v(
    "intake_status", ("draft", "Borrador", "Draft"), ("submitted", "Registrada", "Submitted")
)
SERVICE_TYPE = _v(
    "service_type",
    ("consulta", "Consulta", "Consultation"),
    ("patrocinio", "Patrocinio", "Legal representation"),
    ("derivacion", "Derivación", "Referral"),
    closed=False,
)
MATTER = Vocab(
    "matter",
    tuple((code, dict(label)) for code, label in FORM_MATTERS),
    closed=False,
    aliases={
        "violencia_familiar": "violencia",
        "victima": "victimas",
        "asistencia_victimas": "victimas",
        "otros": "otro",
    },
)
NO_MATTER = "Sin materia"  # a record without a matter, in every count by matter


def matter_label(code: str | None) -> str:
    """A matter as the counts by matter show it (the desktop's trend, the directorate's
    consultations): its label, ``NO_MATTER`` for none (review 7 F7: spelled once)."""
    return MATTER.label(code) if code else NO_MATTER


ELIGIBILITY = _v(
    "eligibility",
    ("pendiente", "Pendiente", "Pending"),
    ("gratuito", "Gratuito", "Free of charge"),
    ("no_gratuito", "No gratuito", "Not free of charge"),
    ("exonerado", "Exonerado", "Exempted"),
)
CASE_STATUS = _v(
    "case_status",
    ("open", "En trámite", "Open"),
    ("closed", "Concluido", "Closed"),
    ("archived", "Archivado", "Archived"),
)
PARTY_ROLE = _v(
    "party_role",
    ("beneficiary", "Beneficiario(a)", "Beneficiary"),
    ("counterparty", "Contraparte", "Opposing party"),
    # as the ficha's "Rol en el conflicto" names it (fresh10 #14: "Tercero" there, "Otro"
    # in the case's parties)
    ("other", "Tercero", "Third party"),
)
HEARING_CATEGORY = _v(
    "hearing_category", ("hearing", "Audiencia", "Hearing"), ("deadline", "Plazo", "Deadline")
)
HEARING_STATUS = _v(
    "hearing_status",
    ("scheduled", "Programada", "Scheduled"),
    ("held", "Realizada", "Held"),
    ("failed", "Frustrada", "Did not take place"),
    ("rescheduled", "Reprogramada", "Rescheduled"),
    ("cancelled", "Cancelada", "Cancelled"),  # e.g. its case was closed (cases.close_case)
)
# The same codes said of a deadline (category "deadline"): a term is met or missed, not
# held; a scheduled deadline whose day has passed is shown "Vencido"
# (``app.core.hearings.status_label``).
DEADLINE_STATUS = _v(
    "deadline_status",
    ("scheduled", "Pendiente", "Pending"),
    ("held", "Cumplido", "Met"),
    ("failed", "Incumplido", "Missed"),
    ("rescheduled", "Fecha cambiada", "Date changed"),
    ("cancelled", "Cancelado", "Cancelled"),
)
DEADLINE_OVERDUE = {"es": "Vencido", "en": "Overdue"}
HEARING_KIND = _v(
    "hearing_kind",
    ("audiencia_unica", "Audiencia única", "Single hearing"),
    ("conciliacion", "Conciliación", "Conciliation"),
    ("lectura_sentencia", "Lectura de sentencia", "Reading of the judgment"),
    ("medidas_proteccion", "Medidas de protección", "Protection measures"),
    ("declaracion_victima", "Declaración de la víctima", "Victim's statement"),
    ("juicio_oral", "Juicio oral", "Oral trial"),
    ("prision_preventiva", "Prisión preventiva", "Pre-trial detention"),
    ("control_acusacion", "Control de acusación", "Indictment review"),
    ("juzgamiento", "Juzgamiento", "Trial"),
    ("prueba_adn", "Prueba de ADN", "DNA test"),
    ("evaluacion_psicologica", "Evaluación psicológica", "Psychological assessment"),
    ("contestar_demanda", "Contestar la demanda", "Answer the claim"),
    ("apelacion", "Apelación", "Appeal"),
    ("subsanar_observacion", "Subsanar observación", "Correct an objection"),
    ("alegatos", "Alegatos", "Closing arguments"),
    closed=False,
)
REFERRAL_INSTITUTION = _v(
    "referral_institution",
    ("cem", "Centro Emergencia Mujer (CEM)", "Women's Emergency Centre (CEM)"),
    ("demuna", "DEMUNA", "Municipal child ombudsman (DEMUNA)"),
    ("fiscalia", "Fiscalía", "Public prosecutor"),
    ("policia", "Policía Nacional", "National Police"),
    ("salud", "Centro de salud", "Health centre"),
    ("refugio", "Hogar refugio temporal", "Shelter"),
    ("otro", "Otra institución", "Other institution"),
)
REFERRAL_STATUS = _v(
    "referral_status",
    ("sent", "Derivada", "Referred"),
    ("attended", "Atendida", "Attended"),
    ("not_attended", "No atendida", "Not attended"),
    ("closed", "Cerrada", "Closed"),
)
# What an audit event says was done, as a history line names it ("Firma de nota").
# ``insert`` is the old name of ``create``; sign/correct/status are derived from an
# update's or create's fields (``app.core.queries.case_file.history_action``).
AUDIT_ACTION = _v(
    "audit_action",
    ("create", "Creación", "Created"),
    ("update", "Modificación", "Changed"),
    ("delete", "Eliminación", "Deleted"),
    ("sign", "Firma", "Signed"),
    ("correct", "Corrección", "Corrected"),
    ("status", "Cambio de estado", "Status changed"),
    ("export", "Exportación", "Exported"),
    ("draft", "Escrito redactado", "Writ drafted"),  # of a case: said alone (history_line)
    ("view", "Consulta", "Viewed"),
    ("conflict_check", "Revisión de coincidencias", "Match review"),
    ("duplicate_decision", "Decisión sobre duplicados", "Duplicate decision"),
    ("resolve_conflict", "Resolución de un conflicto", "Conflict resolved"),
    closed=False,
    insert="create",
)
# Dated steps of a case ("know how long justice takes"). Intake, eligibility, the first
# hearing held and closure are derived from other records; the others are recorded.
MILESTONE_KIND = _v(
    "milestone_kind",
    ("intake", "Atención (ficha)", "Intake"),
    ("eligibility", "Gratuidad decidida", "Eligibility decided"),
    ("filed", "Demanda o denuncia presentada", "Claim filed"),
    ("admitted", "Demanda admitida", "Claim admitted"),
    ("first_hearing", "Primera audiencia realizada", "First hearing held"),
    ("decision", "Sentencia o resolución final", "Sentence or decision"),
    ("appeal_filed", "Apelación presentada", "Appeal filed"),
    ("appeal_decided", "Apelación resuelta", "Appeal decided"),
    ("final", "Consentida o ejecutoriada", "Final (no further appeal)"),
    ("closure", "Cierre del caso", "Case closed"),
)

VOCABS: dict[str, Vocab] = {
    v.name: v
    for v in (
        OFFICE_KIND,
        USER_ROLE,
        DOC_TYPE,
        SEX,
        LANGUAGE,
        INTAKE_STATUS,
        SERVICE_TYPE,
        MATTER,
        ELIGIBILITY,
        CASE_STATUS,
        PARTY_ROLE,
        HEARING_CATEGORY,
        HEARING_STATUS,
        HEARING_KIND,
        REFERRAL_INSTITUTION,
        REFERRAL_STATUS,
        AUDIT_ACTION,
        MILESTONE_KIND,
    )
}
