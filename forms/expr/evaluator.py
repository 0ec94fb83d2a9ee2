"""Meaning of the form expression language: the evaluator.

Owns how an AST is evaluated against a resolver (a callable from field reference to
value): three-valued (Kleene) logic, truthiness, date coercion and arithmetic, the
built-in functions, and the rule that only :class:`~forms.expr.errors.EvalError` escapes
:func:`evaluate`.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable

from forms.clock import office_today
from forms.expr.errors import EvalError
from forms.expr.patterns import MAX_REGEX_INPUT, compiled
from forms.expr.syntax import Binary, Call, ListExpr, Lit, Node, Ref, Unary, Value

Resolver = Callable[[Ref], Value]


def truth(v: Value) -> bool | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return v != 0
    if isinstance(v, str | list):
        return len(v) > 0
    return True


def _to_date(v: Value) -> _dt.date | None:
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, str) and len(v) == 10:
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _is_num(v: Value) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _type_name(v: Value) -> str:
    if v is None:
        return "vacío"
    if isinstance(v, bool):
        return "booleano"
    if _is_num(v):
        return "número"
    if isinstance(v, str):
        return "texto"
    if isinstance(v, _dt.datetime):
        return "fecha y hora"
    if isinstance(v, _dt.date):
        return "fecha"
    if isinstance(v, list):
        return "lista"
    return type(v).__name__


def _comparable(a: Value, b: Value) -> tuple[Value, Value]:
    """Coerce a date/ISO-string pair to dates; leave other pairs alone."""
    if isinstance(a, _dt.date) and isinstance(b, str):
        d = _to_date(b)
        if d is not None:
            return (a.date() if isinstance(a, _dt.datetime) else a), d
    if isinstance(b, _dt.date) and isinstance(a, str):
        d = _to_date(a)
        if d is not None:
            return d, (b.date() if isinstance(b, _dt.datetime) else b)
    if isinstance(a, _dt.datetime) != isinstance(b, _dt.datetime) and (
        isinstance(a, _dt.date) and isinstance(b, _dt.date)
    ):
        return _to_date(a), _to_date(b)
    return a, b


class Evaluator:
    """Evaluates ASTs against a resolver (a callable from :class:`Ref` to value)."""

    def __init__(self, resolve: Resolver, today: _dt.date) -> None:
        self.resolve = resolve
        self.today = today

    def eval(self, node: Node) -> Value:
        if isinstance(node, Lit):
            return node.value
        if isinstance(node, Ref):
            return self.resolve(node)
        if isinstance(node, ListExpr):
            return [self.eval(n) for n in node.items]
        if isinstance(node, Unary):
            v = self.eval(node.operand)
            if node.op == "not":
                t = truth(v)
                return None if t is None else not t
            if v is None:
                return None
            if not _is_num(v):
                raise EvalError(f"no se puede cambiar de signo un valor de tipo {_type_name(v)}")
            return -v  # type: ignore[operator]
        if isinstance(node, Binary):
            return self._binary(node)
        return self._call(node)

    def _binary(self, node: Binary) -> Value:
        op = node.op
        if op == "and":
            left = truth(self.eval(node.left))
            if left is False:
                return False
            right = truth(self.eval(node.right))
            if right is False:
                return False
            return None if left is None or right is None else True
        if op == "or":
            left = truth(self.eval(node.left))
            if left is True:
                return True
            right = truth(self.eval(node.right))
            if right is True:
                return True
            return None if left is None or right is None else False
        a = self.eval(node.left)
        b = self.eval(node.right)
        if op in ("=", "!="):
            a, b = _comparable(a, b)
            eq = a == b and (_is_num(a) == _is_num(b))
            return eq if op == "=" else not eq
        if op == "in":
            if b is None:
                return None
            if not isinstance(b, list):
                raise EvalError("'in' necesita una lista a la derecha")
            return a in b
        if a is None or b is None:
            return None
        if op in ("<", "<=", ">", ">="):
            a, b = _comparable(a, b)
            ok_types = (_is_num(a) and _is_num(b)) or (
                type(a) is type(b) and isinstance(a, str | _dt.date)
            )
            if not ok_types:
                raise EvalError(f"no se puede comparar {_type_name(a)} con {_type_name(b)}")
            if op == "<":
                return a < b  # type: ignore[operator]
            if op == "<=":
                return a <= b  # type: ignore[operator]
            if op == ">":
                return a > b  # type: ignore[operator]
            return a >= b  # type: ignore[operator]
        return self._arith(op, a, b)

    def _arith(self, op: str, a: Value, b: Value) -> Value:
        if _is_num(a) and _is_num(b):
            x, y = float(a) if isinstance(a, float) else a, b  # keep ints exact
            if op == "+":
                r = x + y  # type: ignore[operator]
            elif op == "-":
                r = x - y  # type: ignore[operator]
            elif op == "*":
                r = x * y  # type: ignore[operator]
            else:
                if y == 0:
                    raise EvalError("división entre cero")
                r = x / y if op == "/" else x % y  # type: ignore[operator]
            if isinstance(r, float) and not math.isfinite(r):
                raise EvalError("resultado numérico fuera de rango")
            if isinstance(r, int) and abs(r) > 10**18:
                raise EvalError("resultado numérico fuera de rango")
            return r
        if op == "+" and isinstance(a, str) and isinstance(b, str):
            if len(a) + len(b) > 10000:
                raise EvalError("texto demasiado largo")
            return a + b
        if (
            isinstance(a, _dt.date)
            and isinstance(b, int)
            and not isinstance(b, bool)
            and op in "+-"
        ):
            try:
                return a + _dt.timedelta(days=b if op == "+" else -b)
            except OverflowError as exc:
                raise EvalError("fecha fuera de rango") from exc
        if op == "-" and isinstance(a, _dt.date) and isinstance(b, _dt.date | str):
            a2, b2 = _comparable(a, b)
            if isinstance(b2, _dt.date):
                return (_to_date(a2) - _to_date(b2)).days  # type: ignore[operator]
        raise EvalError(f"operación {op!r} no válida entre {_type_name(a)} y {_type_name(b)}")

    def _call(self, node: Call) -> Value:
        name = node.name
        if name == "if":
            cond = truth(self.eval(node.args[0]))
            return self.eval(node.args[1]) if cond else self.eval(node.args[2])
        if name == "coalesce":
            for arg in node.args:
                v = self.eval(arg)
                if v is not None and v != "" and v != []:
                    return v
            return None
        args = [self.eval(a) for a in node.args]
        if name == "today":
            return self.today
        if name == "age":
            d = _to_date(args[0])
            if args[0] is not None and d is None:
                raise EvalError("age() necesita una fecha")
            if d is None or d > self.today:
                return None
            years = self.today.year - d.year
            if (self.today.month, self.today.day) < (d.month, d.day):
                years -= 1
            return years
        if name == "count":
            if args[0] is None:
                return 0
            if not isinstance(args[0], list):
                raise EvalError("count() necesita un grupo repetido o una lista")
            return len(args[0])
        if name == "selected":
            if args[0] is None:
                return False
            if isinstance(args[0], list):
                return args[1] in args[0]
            return args[0] == args[1]
        if name == "regex":
            text, pattern = args
            if text is None:
                return None
            if not isinstance(text, str) or not isinstance(pattern, str):
                raise EvalError("regex() necesita texto y un patrón de texto")
            if len(text) > MAX_REGEX_INPUT:
                return False
            return compiled(pattern).fullmatch(text) is not None
        if name == "len":
            v = args[0]
            if v is None:
                return 0
            if isinstance(v, str | list):
                return len(v)
            raise EvalError("len() necesita texto o una lista")
        if name == "date":
            if args[0] is None:
                return None
            d = _to_date(args[0])
            if d is None:
                raise EvalError("date() necesita una fecha AAAA-MM-DD")
            return d
        if name == "number":
            v = args[0]
            if v is None or _is_num(v):
                return v
            if isinstance(v, str) and re.fullmatch(r"-?\d{1,15}(\.\d{1,10})?", v.strip()):
                s = v.strip()
                return float(s) if "." in s else int(s)
            raise EvalError("number() necesita un número")
        if name in ("min", "max"):
            vals = [v for a in args for v in (a if isinstance(a, list) else [a]) if v is not None]
            if not vals:
                return None
            if not all(_is_num(v) for v in vals) and not all(isinstance(v, _dt.date) for v in vals):
                raise EvalError(f"{name}() necesita números o fechas")
            return min(vals) if name == "min" else max(vals)  # type: ignore[type-var]
        if name == "sum":
            rows, key = args
            if rows is None:
                return 0
            if not isinstance(rows, list) or not isinstance(key, str):
                raise EvalError("sum() necesita un grupo repetido y el nombre de un campo")
            total: int | float = 0
            for row in rows:
                v = row.get(key) if isinstance(row, dict) else None
                if v is None:
                    continue
                if not _is_num(v):
                    raise EvalError("sum() solo suma números")
                total += v
            return total
        raise EvalError(f"función desconocida {name}")  # pragma: no cover - parser rejects


def evaluate(node: Node, resolve: Resolver, today: _dt.date | None = None) -> Value:
    """Evaluate an AST; raises :class:`EvalError` only (never anything else)."""
    try:
        return Evaluator(resolve, today or office_today()).eval(node)
    except EvalError:
        raise
    except (TypeError, ValueError, OverflowError, RecursionError, AttributeError) as exc:
        raise EvalError(f"error al evaluar la expresión: {type(exc).__name__}") from exc
