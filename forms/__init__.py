"""Declarative intake forms: definitions, loader, validation, expressions, Peru rules.

Public API (see docs/architecture.md): ``load_definition``, ``load_registry``,
``validate``, ``check_file`` and the ``peru`` module. This package imports nothing
else of Chasqui's, so the sync server can validate submissions with it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forms import peru

__all__ = ["check_file", "load_definition", "load_registry", "peru", "validate"]


def load_definition(path: str | Path) -> Any:  # replaced by the engine (next commit)
    raise NotImplementedError("forms engine lands in the next commit")


def load_registry(directory: str | Path | None = None) -> Any:
    raise NotImplementedError("forms engine lands in the next commit")


def validate(definition: Any, answers: Any, today: Any = None) -> list[Any]:
    raise NotImplementedError("forms engine lands in the next commit")


def check_file(path: str | Path) -> list[str]:
    raise NotImplementedError("forms engine lands in the next commit")
