"""Loading definition files and the registry of every version of every form.

Owns the file naming rule (``<id>.v<version>.json``), :func:`load_definition`,
:func:`check_file` and :class:`Registry`. The registry keeps every version: a
submission names ``form_id`` + ``form_version`` and keeps validating against that version
after newer ones are added. A ``"retired": true`` version is still kept (old
submissions validate) but is never offered for new intakes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from forms.model import Definition, DefinitionError, build_definition

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
_FILE_RE = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)\.v(?P<version>[1-9]\d*)\.json$")
MAX_FILE_BYTES = 2_000_000


def _read(path: Path) -> tuple[Any, list[str]]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [f"{path}: definición: archivo demasiado grande ({size} bytes)"]
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [f"{path}: no se pudo leer el archivo: {exc.strerror or exc}"]
    except UnicodeDecodeError:
        return None, [f"{path}: el archivo no está en UTF-8"]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [
            f"{path}: JSON no válido en la línea {exc.lineno}, columna {exc.colno}: {exc.msg}"
        ]
    except RecursionError:
        return None, [f"{path}: JSON demasiado anidado"]


def _check(path: Path) -> tuple[Definition | None, list[str]]:
    raw, problems = _read(path)
    if problems:
        return None, problems
    definition, problems = build_definition(raw, str(path))
    m = _FILE_RE.match(path.name)
    if not m:
        problems.append(f"{path}: nombre de archivo: debe ser <id>.v<versión>.json")
    elif isinstance(raw, dict) and (
        raw.get("id") != m["id"] or raw.get("version") != int(m["version"])
    ):
        problems.append(
            f"{path}: nombre de archivo: no coincide con id {raw.get('id')!r} "
            f"y versión {raw.get('version')!r}"
        )
    return (definition if not problems else None), problems


def check_file(path: str | os.PathLike[str]) -> list[str]:
    """Every problem of a definition file (empty when it is fine); never raises."""
    return _check(Path(path))[1]


def load_definition(path: str | os.PathLike[str]) -> Definition:
    """Load and check one file; raises :class:`DefinitionError` listing every problem."""
    definition, problems = _check(Path(path))
    if definition is None:
        raise DefinitionError(problems)
    return definition


def definition_from_dict(raw: Any, source: str = "<memoria>") -> Definition:
    """Build a definition from already-parsed JSON (e.g. one published by the server)."""
    definition, problems = build_definition(raw, source)
    if definition is None:
        raise DefinitionError(problems)
    return definition


class Registry:
    """Every version of every form; ``get(id)`` gives the newest non-retired one."""

    def __init__(self, definitions: list[Definition] | None = None) -> None:
        self._forms: dict[str, dict[int, Definition]] = {}
        for d in definitions or []:
            self.add(d)

    def add(self, definition: Definition) -> None:
        """Add a version; adding a different definition under an existing version is an
        error (published versions are immutable)."""
        versions = self._forms.setdefault(definition.id, {})
        old = versions.get(definition.version)
        if old is not None and old.raw != definition.raw:
            raise DefinitionError(
                [
                    f"{definition.source}: la versión {definition.version} de "
                    f"{definition.id!r} ya existe con otro contenido ({old.source})"
                ]
            )
        versions[definition.version] = definition

    def get(self, form_id: str, version: int | None = None) -> Definition:
        """A given version (retired or not), or the newest non-retired one; ``KeyError``
        when absent."""
        versions = self._forms.get(form_id)
        if not versions:
            raise KeyError(f"formulario desconocido: {form_id!r}")
        if version is not None:
            if version not in versions:
                raise KeyError(f"{form_id!r} no tiene la versión {version}")
            return versions[version]
        active = [v for v, d in versions.items() if not d.retired]
        if not active:
            raise KeyError(f"{form_id!r} no tiene versiones vigentes")
        return versions[max(active)]

    def versions(self, form_id: str) -> list[int]:
        return sorted(self._forms.get(form_id, {}))

    def form_ids(self) -> list[str]:
        return sorted(self._forms)

    def active(self) -> list[Definition]:
        """The newest non-retired version of each form."""
        out = []
        for form_id in self.form_ids():
            try:
                out.append(self.get(form_id))
            except KeyError:
                continue
        return out

    def __contains__(self, key: object) -> bool:
        if isinstance(key, tuple) and len(key) == 2:
            return key[1] in self._forms.get(key[0], {})
        return key in self._forms

    def __iter__(self) -> Iterator[Definition]:
        for form_id in self.form_ids():
            yield from (self._forms[form_id][v] for v in self.versions(form_id))


def load_registry(directory: str | os.PathLike[str] | None = None) -> Registry:
    """Load every ``*.json`` in ``directory`` (default: the shipped definitions).

    Raises :class:`DefinitionError` listing the problems of every bad file.
    """
    folder = Path(directory) if directory is not None else DEFINITIONS_DIR
    registry = Registry()
    problems: list[str] = []
    for path in sorted(folder.glob("*.json")):
        definition, found = _check(path)
        problems += found
        if definition is not None:
            try:
                registry.add(definition)
            except DefinitionError as exc:
                problems += exc.problems
    if problems:
        raise DefinitionError(problems)
    return registry
