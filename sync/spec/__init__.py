"""The one entity specification of Chasqui (see ``sync.spec.entities`` for the entries).

Owns nothing itself: it is the public face of the package. ``kinds`` holds the building
blocks and the single value checker, ``vocab`` every vocabulary with its labels,
``entities`` one entry per replicated entity. Pure code; the client store, the server,
the core, the CLI, the UI and the reports all read the same objects.
"""

from __future__ import annotations

from sync.spec.entities import ENTITIES, ENTITY_LIST, SCHEMA_STEPS
from sync.spec.kinds import (
    MAX_CHANGE_CHARS,
    MAX_JSON_DEPTH,
    Entity,
    Field,
    Problem,
    Search,
    check_fields,
    check_unknown_fields,
    check_value,
    too_deep,
)
from sync.spec.vocab import VOCABS, Vocab, humanize

__all__ = [
    "ENTITIES",
    "ENTITY_LIST",
    "MAX_CHANGE_CHARS",
    "MAX_JSON_DEPTH",
    "SCHEMA_STEPS",
    "VOCABS",
    "Entity",
    "Field",
    "Problem",
    "Search",
    "Vocab",
    "check_fields",
    "check_unknown_fields",
    "check_value",
    "entity",
    "fields_of",
    "humanize",
    "schema_version",
    "too_deep",
]


def entity(name: object) -> Entity | None:
    """The entity named ``name`` (None for an unknown or non-text name)."""
    return ENTITIES.get(name) if isinstance(name, str) else None


def fields_of(name: str) -> tuple[str, ...]:
    """The fields of an entity, in column order (empty for an unknown entity)."""
    found = ENTITIES.get(name)
    return found.field_names if found else ()


def schema_version() -> int:
    """The newest client schema version the specification describes."""
    return max([4, *SCHEMA_STEPS])
