"""Declarative intake forms: definitions, loader, validation, expressions, Peru rules.

Public API (see docs/architecture.md)::

    from forms import load_definition, load_registry, validate, check_file, peru
    registry = load_registry()                       # forms/definitions/*.json
    definition = registry.get("ficha_atencion")      # newest non-retired version
    errors = validate(definition, answers)           # list[FieldError]

This package imports nothing else of Chasqui's, so the sync server validates
submissions with exactly the same code as the desktop client.
"""

from __future__ import annotations

from forms import peru
from forms.expr import EvalError, ParseError
from forms.model import Definition, DefinitionError, Field, Section
from forms.registry import (
    Registry,
    check_file,
    definition_from_dict,
    load_definition,
    load_registry,
)
from forms.validate import FieldError, FormRun, blocking, validate

__all__ = [
    "Definition",
    "DefinitionError",
    "EvalError",
    "Field",
    "FieldError",
    "FormRun",
    "ParseError",
    "Registry",
    "Section",
    "blocking",
    "check_file",
    "definition_from_dict",
    "load_definition",
    "load_registry",
    "peru",
    "validate",
]
