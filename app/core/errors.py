"""Errors raised by the domain core (drawn in the one tree in ``sync/errors.py``).

``InvalidInput`` carries one or more ``FieldProblem`` (field path + message) so that the
CLI can print one line per problem and the UI can put each message next to its field.
``NotFound`` names the entity and id that do not exist (or are deleted).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

from sync.errors import ChasquiError


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field: ``field`` is a path such as ``children[1].name``.

    ``label`` is the field's display name in Spanish when the validator knows it (e.g.
    "Número de documento"); ``str()`` keeps the precise field path (the CLI's words),
    ``shown`` names the field as a person reads it (the UI's words)."""

    field: str
    message: str
    code: str = "invalid"
    label: str = dc_field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    @property
    def shown(self) -> str:
        """``"<label>: <message>"`` for a person (the field path when there is no label)."""
        name = self.label or self.field
        return f"{name}: {self.message}" if name else self.message


class CoreError(ChasquiError):
    """Base of the errors the domain core raises on purpose."""


class InvalidInput(CoreError):
    """The caller's input is wrong; ``problems`` lists every problem found, field by field."""

    def __init__(self, problems: list[FieldProblem] | FieldProblem) -> None:
        if isinstance(problems, FieldProblem):
            problems = [problems]
        if not problems:
            raise ValueError("InvalidInput needs at least one problem")
        self.problems: list[FieldProblem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @property
    def field(self) -> str:
        """The field of the first problem (convenience for single-field errors)."""
        return self.problems[0].field

    @property
    def message(self) -> str:
        return self.problems[0].message

    @property
    def shown(self) -> list[str]:
        """One line per problem naming the field as a person reads it (``FieldProblem.shown``)."""
        return [p.shown for p in self.problems]

    @classmethod
    def one(cls, field: str, message: str, code: str = "invalid") -> InvalidInput:
        return cls([FieldProblem(field, message, code)])


class NotFound(CoreError):
    """The record asked for does not exist (or was deleted)."""

    def __init__(self, entity: str, entity_id: str) -> None:
        self.entity = entity
        self.entity_id = entity_id
        super().__init__(f"{entity} not found: {entity_id}")


class StateError(CoreError):
    """The operation is not allowed in the record's current state (e.g. editing a signed note)."""
