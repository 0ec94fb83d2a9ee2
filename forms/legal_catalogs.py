"""The legal catalogs the server publishes: the calendar, the deadline rules, the writ templates.

Owns their names and their shape as published catalog rows (flat text-to-text maps, the
one shape ``sync.protocol.PublishedCatalog`` carries), both ways, declared once for the
server (which turns a file into rows and refuses a bad one at publish) and the app
(which turns the newest rows it received back into a ``CalendarCatalog``, a ``RuleSet``
or templates):

- ``calendario``: one row per day off, ``{date, reason, scope, source}``; a version
  replaces the previous one whole (a wrong day can be withdrawn).
- ``plazos``: one row per rule, ``{id, trigger, procedure, days, unit, title, reference,
  note}`` (``days`` as text); a version replaces the previous one whole.
- ``plantillas`` (national) and ``plantillas@<OFFICE CODE>`` (one office's own): one row
  per kind of writ, ``{kind, title, sha256, docx}`` (the Word file in base64); a version
  adds or replaces kinds, never removes one. An office's template of a kind takes the
  place of the national one on that office's devices.

The shipped calendar and rule set are version 1: a published one is numbered after the
shipped one (``SHIPPED_VERSIONS``), so one version number names one set everywhere and
a deadline that keeps its rule version can always say which set it came from.
Imports nothing of ours but ``forms``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from forms.deadline_rules import RuleError, RuleSet, bundled_rules
from forms.workdays import CalendarCatalog, CalendarError, bundled_catalog
from forms.writs import KIND_CODE, MAX_TEMPLATE_BYTES, template_problems

CALENDAR = "calendario"
RULES = "plazos"
TEMPLATES = "plantillas"
SCOPE_SEP = "@"
WHOLE = frozenset({CALENDAR, RULES})  # each version replaces the previous one whole
_CAL_KEYS = ("date", "reason", "scope", "source")
_RULE_KEYS = ("id", "trigger", "procedure", "days", "unit", "title", "reference", "note")
MAX_TITLE = 200


class LegalCatalogError(ValueError):
    """A calendar, rule set or template that cannot be published or used (says why)."""


def shipped_version(name: str) -> int:
    """The version of the set shipped with the app (published ones come after it)."""
    if name == CALENDAR:
        return bundled_catalog().version
    if name == RULES:
        return bundled_rules().version
    return 0


def templates_name(office_code: str | None = None) -> str:
    """``plantillas`` or one office's ``plantillas@CODE``."""
    return f"{TEMPLATES}{SCOPE_SEP}{office_code}" if office_code else TEMPLATES


def office_of(name: str) -> str | None:
    """The office code a catalog name is scoped to (None: every office)."""
    _, sep, code = name.partition(SCOPE_SEP)
    return code if sep else None


# --- calendar --------------------------------------------------------------------------


def calendar_rows(doc: object) -> list[dict[str, str]]:
    """A calendar document (like ``forms/data/calendario.json``) as rows, validated."""
    try:
        CalendarCatalog.from_doc(doc)
    except CalendarError as exc:
        raise LegalCatalogError(f"calendar: {exc}") from None
    assert isinstance(doc, dict)
    return [{k: str(day.get(k, "")).strip() for k in _CAL_KEYS} for day in doc["days"]]


def calendar_from_rows(version: int, rows: Sequence[Mapping[str, str]]) -> CalendarCatalog:
    doc = {"version": version, "defaults": False, "days": [dict(r) for r in rows]}
    try:
        return CalendarCatalog.from_doc(doc)
    except CalendarError as exc:
        raise LegalCatalogError(f"calendar v{version}: {exc}") from None


# --- deadline rules ----------------------------------------------------------------------


def rules_rows(doc: object) -> list[dict[str, str]]:
    """A rule set document (like ``forms/data/plazos.json``) as rows, validated."""
    try:
        rule_set = RuleSet.from_doc(doc)
    except RuleError as exc:
        raise LegalCatalogError(f"rules: {exc}") from None
    return [
        {
            "id": r.id,
            "trigger": r.trigger,
            "procedure": r.procedure,
            "days": str(r.days),
            "unit": r.unit,
            "title": r.title,
            "reference": r.reference,
            "note": r.note,
        }
        for r in rule_set.rules
    ]


def rules_from_rows(version: int, rows: Sequence[Mapping[str, str]]) -> RuleSet:
    rules: list[dict[str, object]] = []
    for index, row in enumerate(rows):
        days = str(row.get("days", ""))
        if not days.isdigit():
            raise LegalCatalogError(f"rules v{version}: rules[{index}]: 'days' is not a number")
        rules.append({k: row.get(k, "") for k in _RULE_KEYS} | {"days": int(days)})
    try:
        return RuleSet.from_doc({"version": version, "defaults": False, "rules": rules})
    except RuleError as exc:
        raise LegalCatalogError(f"rules v{version}: {exc}") from None


# --- writ templates -----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateDoc:
    """One writ template: its kind, title and Word file (``version`` 0: shipped)."""

    kind: str
    title: str
    data: bytes
    version: int = 0
    office: str | None = None  # the office code of an office's own template

    @property
    def label(self) -> str:
        where = f"{SCOPE_SEP}{self.office}" if self.office else ""
        return f"{self.kind}{where} v{self.version}" if self.version else f"{self.kind} (shipped)"


def template_row(kind: str, title: str, data: bytes) -> dict[str, str]:
    """A template as a catalog row; refused (naming what is wrong) when its kind or
    title is not usable or it names a field that drafting does not fill."""
    if not KIND_CODE.match(kind):
        raise LegalCatalogError(
            f"template kind {kind!r}: use a lowercase code (a-z, 0-9, _; 2 to 48 characters)"
        )
    title = title.strip()
    if not title or len(title) > MAX_TITLE or any(ord(ch) < 32 for ch in title):
        raise LegalCatalogError(f"template {kind}: the title must be 1 to {MAX_TITLE} characters")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise LegalCatalogError(
            f"template {kind}: {len(data)} bytes; at most {MAX_TEMPLATE_BYTES} bytes"
        )
    problems = template_problems(data)
    if problems:
        raise LegalCatalogError(f"template {kind} refused: {'; '.join(problems)}")
    return {
        "kind": kind,
        "title": title,
        "sha256": hashlib.sha256(data).hexdigest(),
        "docx": base64.b64encode(data).decode("ascii"),
    }


def templates_from_rows(
    version: int, rows: Sequence[Mapping[str, str]], office: str | None = None
) -> list[TemplateDoc]:
    """The templates of a received version (a row whose file does not match its
    SHA-256 or does not decode is refused)."""
    out = []
    for row in rows:
        kind = str(row.get("kind", ""))
        try:
            data = base64.b64decode(str(row.get("docx", "")), validate=True)
        except (binascii.Error, ValueError):
            raise LegalCatalogError(f"template {kind} v{version}: the file is not base64") from None
        if hashlib.sha256(data).hexdigest() != row.get("sha256"):
            raise LegalCatalogError(f"template {kind} v{version}: the file does not match")
        out.append(TemplateDoc(kind, str(row.get("title", kind)), data, version, office))
    return out
