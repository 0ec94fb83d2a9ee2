"""The building blocks of the entity specification and the one value checker.

Owns what a field *is* (``Field``: storage kind, limits, format, vocabulary, the entity
an id points to, the schema version that introduced it), what full-text search indexes
(``Search``), what an entity is (``Entity``: table, fields, office scope, immutability,
validating form, labels) and ``check_value`` — the single rule deciding whether a value
is acceptable for a field. The client store (local writes), the server (every pushed
change) and the core (input) all call it, so a value can't be valid on one side and
invalid on the other. Pure code, no I/O.

Kinds (what a value is on the wire and in the client's column):

- ``text``  a string (column TEXT); ``max_len`` counts characters.
- ``int``   an integer (column INTEGER); ``bool`` is accepted and stored as 0/1.
- ``json``  JSON text, or an object/array that is stored as its canonical JSON text
  (column TEXT); ``max_len`` counts the characters of the JSON text.

Formats (text only): ``id`` (1-128 printable characters: record ids are UUIDv7 text),
``date`` (``YYYY-MM-DD``), ``datetime`` (ISO 8601, a date alone allowed) — both within
the years ``YEARS`` (1900–2100, as written: a far-future or far-past day is a typo, a wrong
clock or an attack, and the server refuses it at the door like every device) —, ``sha256``
(64 lower-case hex digits), ``ubigeo`` (6 digits), ``hlc`` (a hybrid logical clock stamp).
``None`` is always accepted (a cleared field); an empty string is accepted except for
``sha256`` and ``id``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sync.hlc import is_valid as is_valid_hlc
from sync.spec.vocab import Label, Vocab

Kind = Literal["text", "int", "json"]
Format = Literal["id", "date", "datetime", "sha256", "ubigeo", "hlc"]

DEFAULT_TEXT_MAX = 200
DEFAULT_JSON_MAX = 16_384
# A change (all its fields, as JSON text) may not exceed this many characters: a pull
# page must always hold at least one change.
MAX_CHANGE_CHARS = 300_000
# JSON values (answers, structured parts, fields a newer version added) nest at most this
# deep: an explicit limit, checked without recursion (a form's repeat groups need ~4).
MAX_JSON_DEPTH = 32

_SHA256 = re.compile(r"[0-9a-f]{64}")
_UBIGEO = re.compile(r"[0-9]{6}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEARS = (1900, 2100)  # the years a date or date-time may be in (as written)
_ID_BAD = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Field:
    """One field of an entity (see the module docstring for kinds and formats)."""

    name: str
    kind: Kind = "text"
    max_len: int | None = None  # text/json: characters (defaults above)
    format: Format | None = None
    vocab: Vocab | None = None  # allowed values (only enforced when ``vocab.closed``)
    ref: str | None = None  # the entity an id field points to
    min_value: int | None = None
    max_value: int | None = None
    since: int = 1  # client schema version that added the column
    index: int | None = None  # client schema version that indexed the column (None: none)
    label: Label | None = None

    @property
    def limit(self) -> int:
        if self.max_len is not None:
            return self.max_len
        return DEFAULT_JSON_MAX if self.kind == "json" else DEFAULT_TEXT_MAX

    @property
    def sql_type(self) -> str:
        return "INTEGER" if self.kind == "int" else "TEXT"


@dataclass(frozen=True)
class Search:
    """What the full-text index holds for an entity and how a hit is shown.

    ``title``/``body`` are the indexed columns (joined by spaces); ``tag`` orders hits
    (higher first) and keys the index rows (fts rowid = tag << 40 | row number);
    ``shown_title``/``shown_detail`` are the columns a hit displays (detail joined by
    ``detail_sep``), ``parents`` the (column, entity) pairs naming the record a hit opens
    in, first one set wins (a note opens its case).
    """

    tag: int
    title: tuple[str, ...]
    body: tuple[str, ...]
    shown_title: tuple[str, ...]
    shown_detail: tuple[str, ...] = ()
    detail_sep: str = " "
    parents: tuple[tuple[str, str], ...] = ()
    since: int = 2  # client schema version that indexed the entity

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.title, *self.body)


@dataclass(frozen=True)
class Entity:
    """One replicated entity: everything the rest of the system derives from."""

    name: str
    table: str
    label: Label  # display name, singular
    plural: Label
    fields: tuple[Field, ...]
    # How a record finds its office: its own ``office_id`` field (``("office_id", None)``),
    # or parent records tried in order ((field, parent entity), ...). ``office`` is itself.
    scope: tuple[tuple[str, str | None], ...] = (("office_id", None),)
    # Once this field is set (e.g. a note's ``signed_at``) the record never changes again.
    immutable_when: str | None = None
    # A form validates the record: (form id field, form version field, answers field).
    form: tuple[str, str, str] | None = None
    search: Search | None = None
    since: int = 1  # client schema version that created the table

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field | None:
        found: dict[str, Field] = self.__dict__["_by_name"]
        return found.get(name)

    def field_label(self, name: str, lang: str = "es") -> str:
        """The display name of field ``name`` in ``lang`` (Spanish when the language is
        missing; the field's own name when it has no label)."""
        found = self.field(name)
        if found is None or found.label is None:
            return name
        return found.label.get(lang) or found.label["es"]

    def field_limit(self, name: str) -> int:
        """The maximum length of a text or JSON field (``KeyError`` when there is none)."""
        found = self.field(name)
        if found is None:
            raise KeyError(name)
        return found.limit

    def fields_at(self, version: int) -> tuple[Field, ...]:
        """The fields the client schema had at ``version``."""
        return tuple(f for f in self.fields if f.since <= version)

    def is_frozen(self, values: Mapping[str, Any]) -> bool:
        """True when a record with ``values`` is past its immutability point."""
        return bool(self.immutable_when and values.get(self.immutable_when))

    def parents(self) -> tuple[tuple[str, str], ...]:
        return tuple((f, p) for f, p in self.scope if p is not None)


@dataclass(frozen=True)
class Problem:
    """Why a value is refused: the field, a stable code and an English explanation."""

    field: str
    code: str  # kind | length | format | vocab | range | unknown | size
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def dumps(value: Any) -> str:
    """Canonical JSON text (the form JSON fields are stored in)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _year_problem(year: int) -> str | None:
    low, high = YEARS
    return None if low <= year <= high else f"must be between the years {low} and {high}"


def _format_problem(spec: Field, value: str) -> str | None:
    fmt = spec.format
    if fmt == "id":
        if not value or len(value) > 128 or _ID_BAD.search(value):
            return "must be a record id (1-128 characters, no spaces)"
        return None
    if fmt == "sha256":
        return None if _SHA256.fullmatch(value) else "must be 64 lower-case hex digits"
    if value == "":
        return None
    if fmt == "date":
        try:
            if _DATE.fullmatch(value):
                return _year_problem(date.fromisoformat(value).year)
        except ValueError:
            pass
        return "must be a date YYYY-MM-DD"
    if fmt == "datetime":
        try:
            if len(value) <= 40 and value[:1].isdigit():
                return _year_problem(datetime.fromisoformat(value).year)
        except ValueError:
            pass
        return "must be an ISO 8601 date-time"
    if fmt == "ubigeo":
        return None if _UBIGEO.fullmatch(value) else "must be a 6-digit ubigeo code"
    if fmt == "hlc":
        return None if is_valid_hlc(value) else "must be an HLC timestamp"
    return None


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``value`` (parsed JSON) nests lists/objects more than ``limit`` deep."""
    level: list[Any] = [value]
    for _depth in range(limit + 1):
        nested: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                nested.extend(v for v in item.values() if isinstance(v, dict | list))
            elif isinstance(item, list):
                nested.extend(v for v in item if isinstance(v, dict | list))
        if not nested:
            return False
        level = nested
    return True


def check_unknown_fields(fields: Mapping[str, Any]) -> list[Problem]:
    """Fields a newer version added (kept aside by a replica): bounded size and depth."""
    total = 0
    for name, value in fields.items():
        if too_deep(value):
            return [Problem(str(name)[:64], "format", "is JSON nested too deeply")]
        try:
            total += len(dumps(value))
        except (TypeError, ValueError, RecursionError):
            return [Problem(str(name)[:64], "format", "must be JSON")]
    if total > MAX_CHANGE_CHARS:
        return [Problem("*", "size", f"the change is larger than {MAX_CHANGE_CHARS} characters")]
    return []


def check_value(spec: Field, value: Any) -> tuple[Any, Problem | None]:
    """(the value as stored, None) when acceptable, else (None, the problem).

    Stored forms: ``int`` fields turn ``bool`` into 0/1; ``json`` fields (JSON text or an
    object/array) become canonical JSON text.
    """
    name = spec.name
    if value is None:
        return None, None
    if spec.kind == "int":
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int):
            return None, Problem(name, "kind", f"must be an integer, not {type(value).__name__}")
        if spec.min_value is not None and value < spec.min_value:
            return None, Problem(name, "range", f"must be at least {spec.min_value}")
        if spec.max_value is not None and value > spec.max_value:
            return None, Problem(name, "range", f"must be at most {spec.max_value}")
        return value, None
    if spec.kind == "json":
        if isinstance(value, str):
            if len(value) > spec.limit:
                return None, Problem(name, "length", f"is longer than {spec.limit} characters")
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                return None, Problem(name, "format", "must be JSON text")
        elif not isinstance(value, dict | list):
            return None, Problem(name, "kind", f"must be JSON, not {type(value).__name__}")
        if too_deep(value):
            return None, Problem(name, "format", f"is JSON nested deeper than {MAX_JSON_DEPTH}")
        try:
            text = dumps(value)
        except (TypeError, ValueError, RecursionError):
            return None, Problem(name, "format", "must be JSON")
        if len(text) > spec.limit:
            return None, Problem(name, "length", f"is longer than {spec.limit} characters")
        return text, None
    if not isinstance(value, str):
        return None, Problem(name, "kind", f"must be text, not {type(value).__name__}")
    if len(value) > spec.limit:
        return None, Problem(name, "length", f"is longer than {spec.limit} characters")
    if spec.format is not None:
        problem = _format_problem(spec, value)
        if problem:
            return None, Problem(name, "format", problem)
    if spec.vocab is not None and spec.vocab.closed and value and value not in spec.vocab:
        allowed = ", ".join(spec.vocab.codes())
        return None, Problem(name, "vocab", f"must be one of {allowed}")
    return value, None


def check_fields(
    ent: Entity, fields: Mapping[str, Any], allow_unknown: bool = False
) -> tuple[dict[str, Any], list[Problem]]:
    """Check every field of a change or a write: (stored values, problems).

    Unknown field names are problems unless ``allow_unknown`` (a replica keeps fields of a
    newer version aside); the whole change may not exceed ``MAX_CHANGE_CHARS``.
    """
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    total = 0
    for name, value in fields.items():
        spec = ent.field(name) if isinstance(name, str) else None
        if spec is None:
            if not allow_unknown:
                problems.append(Problem(str(name)[:64], "unknown", f"is not a field of {ent.name}"))
            else:
                out[name] = value
            continue
        stored, problem = check_value(spec, value)
        if problem is not None:
            problems.append(problem)
            continue
        out[name] = stored
        total += len(stored) if isinstance(stored, str) else 8
    if total > MAX_CHANGE_CHARS and not problems:
        problems.append(
            Problem("*", "size", f"the change is larger than {MAX_CHANGE_CHARS} characters")
        )
    return out, problems
