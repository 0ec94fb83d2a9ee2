"""The replicated entities: their names on the wire, tables and fields.

One definition for the whole system (the entity table of docs/architecture.md): the
client store builds its schema from it and the server validates changes against it, so
a field can't be known on one side and unknown on the other. Pure data, no imports of
ours. Field kinds: text unless listed in ``INT_FIELDS`` or ``JSON_FIELDS``.
"""

from __future__ import annotations

# entity -> (table, fields in column order)
ENTITY_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "office": ("office", ("code", "name", "kind", "ubigeo")),
    "user": ("app_user", ("office_id", "name", "display_name", "role")),
    "person": (
        "person",
        (
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
        ),
    ),
    "intake": (
        "intake",
        (
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
        ),
    ),
    "eligibility": (
        "eligibility",
        (
            "office_id",
            "person_id",
            "intake_id",
            "form_id",
            "form_version",
            "answers",
            "result",
            "assessed_at",
        ),
    ),
    "case": (
        "legal_case",
        (
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
        ),
    ),
    "case_party": ("case_party", ("case_id", "person_id", "role")),
    "note": (
        "note",
        ("case_id", "text", "author_id", "created_at", "signed_at", "supersedes_id"),
    ),
    "hearing": ("hearing", ("case_id", "category", "kind", "at", "place", "status", "result")),
    "attachment": (
        "attachment",
        ("case_id", "person_id", "filename", "mime", "size", "sha256", "created_at"),
    ),
    "campaign": (
        "campaign",
        ("office_id", "name", "ubigeo", "locality", "starts_on", "ends_on"),
    ),
}

INT_FIELDS: dict[str, frozenset[str]] = {
    "person": frozenset({"interpreter_needed"}),
    "intake": frozenset({"form_version"}),
    "eligibility": frozenset({"form_version"}),
    "attachment": frozenset({"size"}),
}
JSON_FIELDS: dict[str, frozenset[str]] = {
    "intake": frozenset({"answers"}),
    "eligibility": frozenset({"answers"}),
    "case": frozenset({"court_file_parts", "closure"}),
}


def fields_of(entity: str) -> tuple[str, ...]:
    """The fields of an entity, in column order (empty for an unknown entity)."""
    found = ENTITY_TABLES.get(entity)
    return found[1] if found else ()
