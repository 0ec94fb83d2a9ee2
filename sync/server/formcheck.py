"""Adapter between the server and the ``forms`` engine: find a definition, check answers.

Owns the only calls the server makes into ``forms`` (``load_registry``, ``registry.get``,
``validate``, ``check_file``, ``load_definition``), so a change of that API touches one
file. Definitions come from forms published on this server (table ``published_forms``)
first, then from the definitions shipped with the package.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sync.server import schema
from sync.server.db import Database


class FormsUnavailable(RuntimeError):
    """The forms engine is not installed or does not work."""


def _forms() -> Any:
    try:
        import forms
    except ImportError as exc:  # pragma: no cover - forms ships with the server
        raise FormsUnavailable("the forms package is not available") from exc
    return forms


def check_file(path: Path) -> list[str]:
    """Problems of a definition file (empty when it is valid), via ``forms.check_file``."""
    return [str(p) for p in _forms().check_file(path)]


def definition_identity(doc: Any) -> tuple[str, int]:
    """(form id, version) of a definition JSON document."""
    if not isinstance(doc, dict):
        raise ValueError("a form definition must be a JSON object")
    form_id, version = doc.get("id"), doc.get("version")
    if not isinstance(form_id, str) or not form_id:
        raise ValueError("a form definition needs a text 'id'")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("a form definition needs an integer 'version' >= 1")
    return form_id, version


class FormChecker:
    """Validates intake answers against the right definition (cached per id/version)."""

    def __init__(self, db: Database | None) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._registry: Any = None
        self._cache: dict[tuple[str, int, str], Any] = {}

    def _builtin(self, form_id: str, version: int) -> Any:
        with self._lock:
            if self._registry is None:
                self._registry = _forms().load_registry()
            registry = self._registry
        try:
            return registry.get(form_id, version=version)
        except (KeyError, LookupError, ValueError):
            return None

    def _published(self, form_id: str, version: int) -> Any:
        if self.db is None:
            return None
        p = schema.published_forms.c
        with self.db.read() as conn:
            row = conn.execute(
                select(p.sha256, p.definition).where(p.form_id == form_id, p.version == version)
            ).first()
        if row is None:
            return None
        key = (form_id, version, row.sha256)
        with self._lock:
            cached = self._cache.get(key)
        if cached is None:
            cached = definition_from_doc(json.loads(row.definition))
            with self._lock:
                self._cache[key] = cached
        return cached

    def definition(self, form_id: str, version: int) -> Any:
        found = self._published(form_id, version)
        return found if found is not None else self._builtin(form_id, version)

    def check(
        self,
        form_id: str,
        version: int,
        answers: dict[str, Any],
        seen: dict[tuple[str, int], Any] | None = None,
    ) -> list[str]:
        """Problems with ``answers`` (empty list when valid). ``seen``: the definitions
        a caller already looked up (a push batch's: each lookup of a published form is a
        read of the database, ~0.6 ms of CPU, and a first upload has one intake in nine
        changes); filled as they are looked up."""
        key = (form_id, version)
        if seen is not None and key in seen:
            definition = seen[key]
        else:
            definition = self.definition(form_id, version)
            if seen is not None:
                seen[key] = definition
        if definition is None:
            return [f"unknown form {form_id[:64]!r} version {version}"]
        errors = _forms().validate(definition, answers)
        blocking = [e for e in errors if getattr(e, "severity", "error") == "error"]
        return [_describe(e) for e in blocking]


def definition_from_doc(doc: dict[str, Any]) -> Any:
    """A definition object from its JSON document (published forms live in the DB)."""
    forms = _forms()
    for name in ("definition_from_dict", "parse_definition"):
        builder = getattr(forms, name, None)
        if callable(builder):
            return builder(doc)
    raise FormsUnavailable("the forms package cannot build a definition from a document")


def _describe(error: Any) -> str:
    path = getattr(error, "path", None)
    code = getattr(error, "code", None)
    message = getattr(error, "message", None) or str(error)
    parts = [str(p) for p in (path, code) if p]
    return f"{'/'.join(parts)}: {message}" if parts else str(message)
