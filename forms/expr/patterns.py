"""The ``regex()`` patterns of the form expression language, on a linear-time engine.

Owns which patterns are accepted (length, RE2 syntax), the limit on the text a pattern
is matched against, and the cache of compiled patterns used by the evaluator.

Patterns run on RE2 (``google-re2``): matching takes time linear in the text whatever
the pattern, so a published form with ``(a|a)*b``, ``.*.*.*.*x`` or ``a*a*a*...b``
cannot stall validation on a laptop or on the server (a backtracking engine takes
seconds, doubling with each character). RE2 has no backreferences or look-arounds;
such patterns are refused when the form is checked. ``\\d``, ``\\w`` and ``\\s`` are
ASCII, as they are for the Peruvian formats they serve.
"""

from __future__ import annotations

import re2

from forms.expr.errors import EvalError

MAX_REGEX_PATTERN = 200
MAX_REGEX_INPUT = 1000
MAX_PROGRAM_BYTES = 1 << 20  # RE2's memory budget for one compiled pattern

_regex_cache: dict[str, re2._Regexp] = {}


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is reported to the form's author
    options.max_mem = MAX_PROGRAM_BYTES
    return options


def _compile(pattern: str) -> re2._Regexp:
    return re2.compile(pattern, _options())


def check_pattern(pattern: str) -> str | None:
    """Why a ``regex()`` pattern is refused, or ``None``: too long, or not RE2 syntax
    (backreferences, look-arounds, unbalanced groups...)."""
    if len(pattern) > MAX_REGEX_PATTERN:
        return f"patrón demasiado largo (máximo {MAX_REGEX_PATTERN} caracteres)"
    try:
        _compile(pattern)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        return f"patrón no válido: {reason}"
    return None


def compiled(pattern: str) -> re2._Regexp:
    rx = _regex_cache.get(pattern)
    if rx is None:
        problem = check_pattern(pattern)
        if problem:
            raise EvalError(problem)
        rx = _compile(pattern)
        if len(_regex_cache) < 512:
            _regex_cache[pattern] = rx
    return rx
