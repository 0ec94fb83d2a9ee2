"""The guard on ``regex()`` patterns of the form expression language.

Owns which patterns are accepted (length, no backreferences, no nested quantifiers that
backtrack catastrophically), the limit on the text a pattern is matched against, and the
cache of compiled patterns used by the evaluator.
"""

from __future__ import annotations

import re

from forms.expr.errors import EvalError

MAX_REGEX_PATTERN = 200
MAX_REGEX_INPUT = 1000

_regex_cache: dict[str, re.Pattern[str]] = {}


def check_pattern(pattern: str) -> str | None:
    """Why a ``regex()`` pattern is refused, or ``None``. Refuses long patterns,
    backreferences and nested quantifiers (``(a+)+`` style), which can backtrack
    catastrophically."""
    if len(pattern) > MAX_REGEX_PATTERN:
        return f"patrón demasiado largo (máximo {MAX_REGEX_PATTERN} caracteres)"
    if re.search(r"\\[1-9]|\(\?P=", pattern):
        return "el patrón no puede usar referencias hacia atrás"
    # nested quantifier: a group that contains a quantifier and is itself quantified
    stack: list[bool] = []
    i = 0
    quantified_inside = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            j = pattern.find("]", i + 2)
            i = (j + 1) if j != -1 else len(pattern)
            continue
        if ch == "(":
            stack.append(quantified_inside)
            quantified_inside = False
        elif ch == ")":
            inner = quantified_inside
            quantified_inside = stack.pop() if stack else False
            nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
            if nxt in "*+{?" and nxt and inner:
                return "el patrón tiene cuantificadores anidados (p. ej. (a+)+), no permitido"
            quantified_inside = quantified_inside or inner
        elif ch in "*+{" or (ch == "?" and i > 0 and pattern[i - 1] != "("):
            quantified_inside = True
        i += 1
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"patrón no válido: {exc}"
    return None


def compiled(pattern: str) -> re.Pattern[str]:
    rx = _regex_cache.get(pattern)
    if rx is None:
        problem = check_pattern(pattern)
        if problem:
            raise EvalError(problem)
        rx = re.compile(pattern)
        if len(_regex_cache) < 512:
            _regex_cache[pattern] = rx
    return rx
