"""The replicated entities the server accepts, their fields and how each finds its office.

Owns the server's copy of the entity table of docs/architecture.md (names on the wire
and their columns) and the scope rule: a record belongs to exactly one office, either
through its own ``office_id`` field, or through a parent record (``case_id`` for parties,
notes, hearings and attachments; ``person_id`` for an attachment without a case), or —
for an ``office`` record — itself.
"""

from __future__ import annotations

from sync.entities import ENTITY_TABLES

# The shared entity table (sync/entities.py): the same fields the clients' stores have.
ENTITY_FIELDS: dict[str, frozenset[str]] = {
    name: frozenset(fields) for name, (_table, fields) in ENTITY_TABLES.items()
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
