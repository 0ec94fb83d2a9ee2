"""The replicated entities the server accepts, their fields and how each finds its office.

Owns the server's copy of the entity table of docs/architecture.md (names on the wire
and their columns) and the scope rule: a record belongs to exactly one office, either
through its own ``office_id`` field, or through a parent record (``case_id`` for parties,
notes, hearings and attachments; ``person_id`` for an attachment without a case), or —
for an ``office`` record — itself.
"""

from __future__ import annotations

ENTITY_FIELDS: dict[str, frozenset[str]] = {
    "office": frozenset({"code", "name", "kind", "ubigeo"}),
    "user": frozenset({"office_id", "name", "display_name", "role"}),
    "person": frozenset(
        {
            "office_id",
            "given_names",
            "paternal_surname",
            "maternal_surname",
            "doc_type",
            "doc_number",
            "doc_reason",
            "birth_date",
            "sex",
            "ubigeo",
            "phone",
            "mother_tongue",
            "interpreter_needed",
            "created_by",
        }
    ),
    "intake": frozenset(
        {
            "office_id",
            "person_id",
            "form_id",
            "form_version",
            "answers",
            "status",
            "service_type",
            "matter",
            "defender_id",
            "recorded_at",
            "campaign_id",
        }
    ),
    "eligibility": frozenset(
        {
            "office_id",
            "person_id",
            "intake_id",
            "form_id",
            "form_version",
            "answers",
            "result",
            "assessed_at",
        }
    ),
    "case": frozenset(
        {
            "office_id",
            "internal_number",
            "intake_id",
            "person_id",
            "matter",
            "status",
            "court_file_number",
            "court_file_parts",
            "defender_id",
            "summary",
            "opened_at",
            "closed_at",
            "closure",
        }
    ),
    "case_party": frozenset({"case_id", "person_id", "role"}),
    "note": frozenset({"case_id", "text", "author_id", "created_at", "signed_at", "supersedes_id"}),
    "hearing": frozenset({"case_id", "category", "kind", "at", "place", "status", "result"}),
    "attachment": frozenset(
        {"case_id", "person_id", "filename", "mime", "size", "sha256", "created_at"}
    ),
    "campaign": frozenset({"office_id", "name", "ubigeo", "locality", "starts_on", "ends_on"}),
}

# Entities whose office comes from a parent record: (field, parent entity), in order.
PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "case_party": (("case_id", "case"),),
    "note": (("case_id", "case"),),
    "hearing": (("case_id", "case"),),
    "attachment": (("case_id", "case"), ("person_id", "person")),
}

# Entities whose answers are checked with the forms engine.
FORM_ENTITIES = frozenset({"intake", "eligibility"})

# A signed note (signed_at set) is immutable.
IMMUTABLE_WHEN_SIGNED = "note"


def unknown_fields(entity: str, names: list[str] | set[str]) -> list[str]:
    allowed = ENTITY_FIELDS.get(entity, frozenset())
    return sorted(n for n in names if n not in allowed)
