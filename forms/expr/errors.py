"""The two errors of the form expression language.

Owns :class:`ParseError` (bad expression text, raised while tokenizing or parsing) and
:class:`EvalError` (a type error or bad argument found while evaluating). Nothing else
escapes :func:`forms.expr.parse` or :func:`forms.expr.evaluate`.
"""

from __future__ import annotations


class ParseError(ValueError):
    """The expression text is not valid; ``pos`` is the 0-based character offset."""

    def __init__(self, message: str, pos: int = 0) -> None:
        super().__init__(f"{message} (posición {pos + 1})")
        self.pos = pos


class EvalError(ValueError):
    """A type error or bad argument found while evaluating."""
