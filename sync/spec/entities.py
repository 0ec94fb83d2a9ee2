"""The entity specification: one entry per replicated entity.

Owns every entity's fields (kind, limit, format, vocabulary, referenced entity, the
client schema version that added it), the parent that scopes it to an office, when it
becomes immutable, which form validates it, what full-text search indexes, and its
Spanish and English names. Derived from it: the client's tables, indexes, migrations and
search triggers (``app/store/schema.py``, ``app/store/migrations.py``), the server's
checks of every pushed change (``sync/server/push.py``), CLI choices and UI/report
labels. ``SCHEMA_STEPS`` names the client schema versions this file introduces beyond
the hand-written ones; adding an entity or a field means adding it here with
``since=<next version>`` and naming that version (see docs/architecture.md,
"How to add an entity").
"""

from __future__ import annotations

from sync.spec import vocab as v
from sync.spec.kinds import Entity, Field, Search

ID = "id"
NAME_MAX = 100
TEXT_MAX = 20_000  # a note, a case summary
SHORT_TEXT = 2_000
ANSWERS_MAX = 262_144
MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024


def _id(name: str, ref: str | None = None, index: int | None = None, since: int = 1) -> Field:
    return Field(name, format="id", ref=ref, index=index, since=since)


def _office(since: int = 1) -> Field:
    return _id("office_id", "office", since=since)


# A record filled with a form: which form, which version, the answers it validates.
FORM = ("form_id", "form_version", "answers")
FORM_FIELDS = (
    Field("form_id", max_len=64),
    Field("form_version", "int", min_value=1, max_value=1_000_000),
    Field("answers", "json", max_len=ANSWERS_MAX),
)

ENTITY_LIST: tuple[Entity, ...] = (
    Entity(
        "office",
        "office",
        {"es": "Oficina", "en": "Office"},
        {"es": "Oficinas", "en": "Offices"},
        (
            Field("code", max_len=32),
            Field("name"),
            Field("kind", vocab=v.OFFICE_KIND),
            Field("ubigeo", format="ubigeo"),
        ),
        scope=(),
    ),
    Entity(
        "user",
        "app_user",
        {"es": "Usuario", "en": "User"},
        {"es": "Usuarios", "en": "Users"},
        (
            _office(),
            Field("name", max_len=64),
            Field("display_name"),
            Field("role", vocab=v.USER_ROLE),
        ),
    ),
    Entity(
        "person",
        "person",
        {"es": "Persona", "en": "Person"},
        {"es": "Personas", "en": "People"},
        (
            _office(),
            Field("given_names", max_len=NAME_MAX, label={"es": "Nombres", "en": "Given names"}),
            Field(
                "paternal_surname",
                max_len=NAME_MAX,
                index=1,
                label={"es": "Apellido paterno", "en": "Paternal surname"},
            ),
            Field(
                "maternal_surname",
                max_len=NAME_MAX,
                label={"es": "Apellido materno", "en": "Maternal surname"},
            ),
            Field(
                "doc_type",
                vocab=v.DOC_TYPE,
                label={"es": "Tipo de documento", "en": "Document type"},
            ),
            Field(
                "doc_number",
                max_len=20,
                index=1,
                label={"es": "Número de documento", "en": "Document number"},
            ),
            Field(
                "doc_reason",
                max_len=SHORT_TEXT,
                label={"es": "Motivo por el que no tiene documento", "en": "Why no document"},
            ),
            Field(
                "birth_date",
                format="date",
                index=4,
                label={"es": "Fecha de nacimiento", "en": "Date of birth"},
            ),
            Field("sex", vocab=v.SEX, label={"es": "Sexo", "en": "Sex"}),
            Field(
                "ubigeo",
                format="ubigeo",
                index=4,
                label={"es": "Distrito de domicilio", "en": "Home district"},
            ),
            Field("phone", max_len=20, label={"es": "Teléfono", "en": "Phone"}),
            Field(
                "mother_tongue",
                max_len=64,
                vocab=v.LANGUAGE,
                label={"es": "Lengua materna", "en": "Mother tongue"},
            ),
            Field(
                "interpreter_needed",
                "int",
                min_value=0,
                max_value=1,
                label={"es": "Requiere intérprete", "en": "Needs an interpreter"},
            ),
            _id("created_by", "user"),
        ),
        search=Search(
            3,
            ("given_names", "paternal_surname", "maternal_surname"),
            ("doc_number",),
            shown_title=("given_names", "paternal_surname", "maternal_surname"),
            shown_detail=("doc_type", "doc_number"),
        ),
    ),
    Entity(
        "intake",
        "intake",
        {"es": "Ficha de atención", "en": "Intake"},
        {"es": "Fichas de atención", "en": "Intakes"},
        (
            _office(),
            _id("person_id", "person", index=1),
            *FORM_FIELDS,
            Field("status", vocab=v.INTAKE_STATUS),
            Field("service_type", max_len=64, vocab=v.SERVICE_TYPE),
            Field("matter", max_len=64, vocab=v.MATTER),
            _id("defender_id", "user"),
            Field("recorded_at", format="datetime"),
            _id("campaign_id", "campaign"),
        ),
        form=FORM,
    ),
    Entity(
        "eligibility",
        "eligibility",
        {"es": "Evaluación de gratuidad", "en": "Eligibility assessment"},
        {"es": "Evaluaciones de gratuidad", "en": "Eligibility assessments"},
        (
            _office(),
            _id("person_id", "person", index=1),
            _id("intake_id", "intake", index=8),
            *FORM_FIELDS,
            Field("result", vocab=v.ELIGIBILITY),
            Field("assessed_at", format="datetime"),
        ),
        form=FORM,
    ),
    Entity(
        "case",
        "legal_case",
        {"es": "Caso", "en": "Case"},
        {"es": "Casos", "en": "Cases"},
        (
            _office(),
            Field("internal_number", max_len=40, index=1),
            _id("intake_id", "intake", index=8),
            _id("person_id", "person", index=1),
            Field("matter", max_len=64, vocab=v.MATTER, label={"es": "Materia", "en": "Matter"}),
            Field("status", vocab=v.CASE_STATUS, label={"es": "Estado", "en": "Status"}),
            Field(
                "court_file_number",
                max_len=64,
                label={"es": "Número de expediente", "en": "Court file number"},
            ),
            Field("court_file_parts", "json", max_len=4_096),
            Field(
                "defender_id",
                format="id",
                ref="user",
                label={"es": "Defensor(a)", "en": "Defender"},
            ),
            Field("summary", max_len=TEXT_MAX, label={"es": "Resumen", "en": "Summary"}),
            Field("opened_at", format="datetime", label={"es": "Apertura", "en": "Opened"}),
            Field(
                "closed_at",
                format="datetime",
                label={"es": "Fecha de cierre", "en": "Closing date"},
            ),
            Field("closure", "json", max_len=ANSWERS_MAX, label={"es": "Cierre", "en": "Closure"}),
        ),
        search=Search(
            2,
            ("internal_number", "court_file_number"),
            ("matter", "summary"),
            shown_title=("internal_number",),
            shown_detail=("court_file_number", "matter"),
            detail_sep=" · ",
        ),
    ),
    Entity(
        "case_party",
        "case_party",
        {"es": "Parte del caso", "en": "Case party"},
        {"es": "Partes del caso", "en": "Case parties"},
        (
            _id("case_id", "case", index=1),
            Field(
                "person_id",
                format="id",
                ref="person",
                index=1,
                label={"es": "Persona", "en": "Person"},
            ),
            Field("role", vocab=v.PARTY_ROLE, label={"es": "Rol", "en": "Role"}),
        ),
        scope=(("case_id", "case"),),
    ),
    Entity(
        "note",
        "note",
        {"es": "Nota del caso", "en": "Case note"},
        {"es": "Notas del caso", "en": "Case notes"},
        (
            _id("case_id", "case", index=1),
            Field("text", max_len=TEXT_MAX),
            _id("author_id", "user"),
            Field("created_at", format="datetime"),
            Field("signed_at", format="datetime"),
            _id("supersedes_id", "note"),
        ),
        scope=(("case_id", "case"),),
        immutable_when="signed_at",
        search=Search(1, (), ("text",), shown_title=("text",), parents=(("case_id", "case"),)),
    ),
    Entity(
        "hearing",
        "hearing",
        {"es": "Audiencia o plazo", "en": "Hearing or deadline"},
        {"es": "Audiencias y plazos", "en": "Hearings and deadlines"},
        (
            _id("case_id", "case", index=1),
            Field("category", vocab=v.HEARING_CATEGORY, label={"es": "Tipo", "en": "Type"}),
            Field(
                "kind", max_len=64, vocab=v.HEARING_KIND, label={"es": "Detalle", "en": "Detail"}
            ),
            Field(
                "at",
                format="datetime",
                index=1,
                label={"es": "Fecha y hora", "en": "Date and time"},
            ),
            Field("place", label={"es": "Lugar", "en": "Place"}),
            Field("status", vocab=v.HEARING_STATUS, label={"es": "Estado", "en": "Status"}),
            Field("result", max_len=SHORT_TEXT, label={"es": "Resultado", "en": "Result"}),
            # a deadline proposed by a rule (forms.deadline_rules): which rule, which
            # version of the set, the act that started it and when, the date the rule
            # gave, and why the defender set another date (empty: accepted as given)
            Field("rule_id", max_len=64, since=7),
            Field("rules_version", "int", min_value=1, max_value=1_000_000, since=7),
            Field("trigger", max_len=64, since=7),
            Field("trigger_on", format="date", since=7),
            Field("computed_on", format="date", since=7),
            Field("adjust_reason", max_len=SHORT_TEXT, since=7),
        ),
        scope=(("case_id", "case"),),
    ),
    Entity(
        "attachment",
        "attachment",
        {"es": "Adjunto", "en": "Attachment"},
        {"es": "Adjuntos", "en": "Attachments"},
        (
            _id("case_id", "case", index=1),
            _id("person_id", "person"),
            Field("filename", max_len=255),
            Field("mime", max_len=127),
            Field("size", "int", min_value=0, max_value=MAX_ATTACHMENT_BYTES),
            Field("sha256", format="sha256"),
            Field("created_at", format="datetime"),
        ),
        scope=(("case_id", "case"), ("person_id", "person")),
    ),
    Entity(
        "campaign",
        "campaign",
        {"es": "Brigada itinerante", "en": "Outreach campaign"},
        {"es": "Brigadas itinerantes", "en": "Outreach campaigns"},
        (
            _office(),
            Field("name"),
            Field("ubigeo", format="ubigeo"),
            Field("locality"),
            Field("starts_on", format="date"),
            Field("ends_on", format="date"),
        ),
    ),
    Entity(
        "referral",
        "referral",
        {"es": "Derivación", "en": "Referral"},
        {"es": "Derivaciones", "en": "Referrals"},
        (
            _office(since=5),
            _id("person_id", "person", index=5, since=5),
            _id("case_id", "case", index=5, since=5),
            Field("institution", vocab=v.REFERRAL_INSTITUTION, since=5),
            Field("institution_name", since=5),  # the specific office (e.g. "CEM Cusco")
            Field("referred_on", format="date", index=5, since=5),
            Field("reason", max_len=SHORT_TEXT, since=5),
            Field("status", vocab=v.REFERRAL_STATUS, since=5),
            Field("follow_up", max_len=SHORT_TEXT, since=5),
            Field("follow_up_on", format="date", since=5),
            _id("created_by", "user", since=5),
        ),
        search=Search(
            0,
            ("institution_name",),
            ("reason", "follow_up"),
            shown_title=("institution_name",),
            shown_detail=("referred_on", "reason"),
            detail_sep=" · ",
            parents=(("case_id", "case"), ("person_id", "person")),
            since=5,
        ),
        since=5,
    ),
    Entity(
        "case_milestone",
        "case_milestone",
        {"es": "Hito del caso", "en": "Case milestone"},
        {"es": "Hitos del caso", "en": "Case milestones"},
        (
            _office(since=6),
            _id("case_id", "case", index=6, since=6),
            Field("kind", vocab=v.MILESTONE_KIND, since=6),
            Field("occurred_on", format="date", index=6, since=6),
            Field("note", max_len=SHORT_TEXT, since=6),
            _id("recorded_by", "user", since=6),
        ),
        since=6,
    ),
)

# Client schema versions introduced by this file (beyond the hand-written ones, 1-4).
SCHEMA_STEPS: dict[int, str] = {
    5: "referral entity",
    6: "case milestone entity",
    7: "hearing: the deadline rule, its version, trigger and adjustment",
    8: "derived case timeline (local table case_timeline); intake_id indexed for it",
    9: "case timeline dates as day numbers (local table case_timeline)",
    10: "case timeline re-derived: one closing day (fecha_cierre, else office-time closed_at)",
    11: "case timeline: each case's opening and end days for the caseload",
    12: "derived intake days (local table intake_day) for the demand and trend",
    13: "derived tables re-derived: the intake milestone's office-time day; intake_day"
    " with each attention's person and a referral's named institution",
    14: "case timeline re-derived: the first hearing is the first held on or after the filing",
    15: "audit events indexed by record and by action (local table audit_event)",
}

ENTITIES: dict[str, Entity] = {e.name: e for e in ENTITY_LIST}
