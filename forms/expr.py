"""The form expression language: tokenizer, parser and evaluator (no Python ``eval``).

Owns the syntax and meaning of ``required``, ``relevant``, ``constraint`` and
``calculate`` expressions. Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("=" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | "%") unary)*
    unary   := "-" unary | primary
    primary := NUMBER | STRING | REF | "true" | "false" | "null"
             | NAME "(" [expr ("," expr)*] ")" | "(" expr ")" | "[" [expr ("," expr)*] "]"

Field references are always written ``${name}``; a path may index a repeat group,
1-based: ``${children[1].birth_date}``; ``${children}`` is the list of rows. Inside a
repeat row, ``${birth_date}`` means the current row's value. Strings use single or double
quotes with backslash escapes. Values are null, booleans, numbers, strings, dates,
datetimes and lists. ``date - date`` gives days; ``date + n`` / ``date - n`` shift by days.

Three-valued logic: a missing value is ``null``; arithmetic and ordering with null give
null; ``and``/``or`` follow Kleene logic; equality with null is an ordinary comparison.
Callers decide what a null result means (the validator: "cannot judge, no error").

Functions: ``today()``, ``age(date)``, ``count(rows)``, ``selected(field, value)``,
``regex(text, pattern)``, ``if(cond, a, b)``, ``len(x)``, ``coalesce(a, ...)``,
``date(text)``, ``number(x)``, ``min(a, ...)``, ``max(a, ...)``, ``sum(rows, 'field')``.

Errors: :class:`ParseError` for bad text (raised by :func:`parse`), :class:`EvalError`
for type errors at evaluation time (raised by :func:`evaluate`). Nothing else escapes.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_EXPR_LEN = 2000
MAX_DEPTH = 40
MAX_REGEX_PATTERN = 200
MAX_REGEX_INPUT = 1000

Value = object  # None | bool | int | float | str | date | datetime | list


class ParseError(ValueError):
    """The expression text is not valid; ``pos`` is the 0-based character offset."""

    def __init__(self, message: str, pos: int = 0) -> None:
        super().__init__(f"{message} (posición {pos + 1})")
        self.pos = pos


class EvalError(ValueError):
    """A type error or bad argument found while evaluating."""


# --- tokens ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{(?P<path>[^{}]*)\})
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[=<>+\-*/%(),\[\]])
    """,
    re.VERBOSE,
)
_PATH_RE = re.compile(r"^[a-z_][a-z0-9_]*(\[\d{1,4}\])?(\.[a-z_][a-z0-9_]*(\[\d{1,4}\])?)*$")
_SEGMENT_RE = re.compile(r"([a-z_][a-z0-9_]*)(?:\[(\d{1,4})\])?")
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, ref, name, op, end
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    if not isinstance(text, str):
        raise ParseError("la expresión debe ser texto")
    if len(text) > MAX_EXPR_LEN:
        raise ParseError(f"expresión demasiado larga (máximo {MAX_EXPR_LEN} caracteres)")
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise ParseError(f"carácter inesperado {text[pos]!r}", pos)
        kind = m.lastgroup or ""
        if kind == "path":  # lastgroup of the nested group
            kind = "ref"
        if kind != "ws":
            tokens.append(Token(kind, m.group(0), pos))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# --- AST ------------------------------------------------------------------------------

Segment = tuple[str, int | None]  # (name, 1-based index or None)


@dataclass(frozen=True)
class Lit:
    value: Value


@dataclass(frozen=True)
class Ref:
    path: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return ".".join(n if i is None else f"{n}[{i}]" for n, i in self.path)


@dataclass(frozen=True)
class ListExpr:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Lit | Ref | ListExpr | Unary | Binary | Call

# name -> (min args, max args or None)
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "today": (0, 0),
    "age": (1, 1),
    "count": (1, 1),
    "selected": (2, 2),
    "regex": (2, 2),
    "if": (3, 3),
    "len": (1, 1),
    "coalesce": (1, None),
    "date": (1, 1),
    "number": (1, 1),
    "min": (1, None),
    "max": (1, None),
    "sum": (2, 2),
}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def accept(self, kind: str, text: str | None = None) -> Token | None:
        tok = self.peek()
        if tok.kind == kind and (text is None or tok.text == text):
            return self.take()
        return None

    def expect(self, kind: str, text: str) -> Token:
        tok = self.accept(kind, text)
        if tok is None:
            got = self.peek()
            raise ParseError(
                f"se esperaba {text!r}, se encontró {got.text or 'el final'!r}", got.pos
            )
        return tok

    def parse(self) -> Node:
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise ParseError(f"texto sobrante {tok.text!r}", tok.pos)
        return node

    def expr(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("expresión demasiado anidada", self.peek().pos)
        try:
            return self.or_()
        finally:
            self.depth -= 1

    def or_(self) -> Node:
        node = self.and_()
        while self.accept("name", "or"):
            node = Binary("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.accept("name", "and"):
            node = Binary("and", node, self.not_())
        return node

    def not_(self) -> Node:
        if self.accept("name", "not"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ParseError("expresión demasiado anidada", self.peek().pos)
            try:
                return Unary("not", self.not_())
            finally:
                self.depth -= 1
        return self.compare()

    def compare(self) -> Node:
        node = self.sum_()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("=", "==", "!=", "<", "<=", ">", ">="):
            self.take()
            op = "=" if tok.text == "==" else tok.text
            return Binary(op, node, self.sum_())
        if self.accept("name", "in"):
            return Binary("in", node, self.sum_())
        if tok.kind == "name" and tok.text == "not":
            nxt = self.tokens[self.i + 1]
            if nxt.kind == "name" and nxt.text == "in":
                self.take()
                self.take()
                return Unary("not", Binary("in", node, self.sum_()))
        return node

    def sum_(self) -> Node:
        node = self.product()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in ("+", "-"):
                self.take()
                node = Binary(tok.text, node, self.product())
            else:
                return node

    def product(self) -> Node:
        node = self.unary()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in ("*", "/", "%"):
                self.take()
                node = Binary(tok.text, node, self.unary())
            else:
                return node

    def unary(self) -> Node:
        if self.accept("op", "-"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ParseError("expresión demasiado anidada", self.peek().pos)
            try:
                return Unary("-", self.unary())
            finally:
                self.depth -= 1
        return self.primary()

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "number":
            return Lit(float(tok.text) if "." in tok.text else int(tok.text))
        if tok.kind == "string":
            return Lit(_unescape(tok.text[1:-1], tok.pos))
        if tok.kind == "ref":
            return Ref(_parse_path(tok.text[2:-1].strip(), tok.pos))
        if tok.kind == "name":
            if tok.text == "true":
                return Lit(True)
            if tok.text == "false":
                return Lit(False)
            if tok.text == "null":
                return Lit(None)
            if tok.text in _KEYWORDS:
                raise ParseError(f"palabra reservada {tok.text!r} fuera de lugar", tok.pos)
            if tok.text not in FUNCTIONS:
                raise ParseError(
                    f"función desconocida {tok.text!r} (¿olvidó ${{...}} para un campo?)", tok.pos
                )
            self.expect("op", "(")
            args = self.items(")")
            lo, hi = FUNCTIONS[tok.text]
            if len(args) < lo or (hi is not None and len(args) > hi):
                raise ParseError(f"número de argumentos incorrecto para {tok.text}()", tok.pos)
            return Call(tok.text, args)
        if tok.kind == "op" and tok.text == "(":
            node = self.expr()
            self.expect("op", ")")
            return node
        if tok.kind == "op" and tok.text == "[":
            return ListExpr(self.items("]"))
        raise ParseError(f"se esperaba un valor, se encontró {tok.text or 'el final'!r}", tok.pos)

    def items(self, close: str) -> tuple[Node, ...]:
        out: list[Node] = []
        if self.accept("op", close):
            return ()
        while True:
            out.append(self.expr())
            if self.accept("op", close):
                return tuple(out)
            self.expect("op", ",")


def _unescape(body: str, pos: int) -> str:
    out: list[str] = []
    it = iter(body)
    for ch in it:
        if ch == "\\":
            nxt = next(it, "")
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def _parse_path(text: str, pos: int) -> tuple[Segment, ...]:
    if not _PATH_RE.match(text):
        raise ParseError(f"referencia a campo no válida ${{{text}}}", pos)
    segs: list[Segment] = []
    for m in _SEGMENT_RE.finditer(text):
        idx = int(m.group(2)) if m.group(2) is not None else None
        if idx == 0:
            raise ParseError("los índices de filas empiezan en 1", pos)
        segs.append((m.group(1), idx))
    return tuple(segs)


def parse(text: str) -> Node:
    """Parse expression text into an AST; raises :class:`ParseError` only."""
    try:
        return _Parser(text).parse()
    except ParseError:
        raise
    except RecursionError as exc:  # pragma: no cover - guarded by MAX_DEPTH
        raise ParseError("expresión demasiado anidada") from exc


def refs(node: Node) -> list[Ref]:
    """Every field reference in an AST (in order, with repetitions)."""
    out: list[Ref] = []
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Ref):
            out.append(n)
        elif isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack += [n.right, n.left]
        elif isinstance(n, Call | ListExpr):
            stack += reversed(n.args if isinstance(n, Call) else n.items)
    return out


def regex_literals(node: Node) -> list[str]:
    """Literal patterns passed to ``regex()`` (checked when a definition loads)."""
    out: list[str] = []
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Call):
            if (
                n.name == "regex"
                and isinstance(n.args[1], Lit)
                and isinstance(n.args[1].value, str)
            ):
                out.append(n.args[1].value)
            stack += n.args
        elif isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack += [n.left, n.right]
        elif isinstance(n, ListExpr):
            stack += n.items
    return out


# --- regex guard ----------------------------------------------------------------------

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


def _compiled(pattern: str) -> re.Pattern[str]:
    rx = _regex_cache.get(pattern)
    if rx is None:
        problem = check_pattern(pattern)
        if problem:
            raise EvalError(problem)
        rx = re.compile(pattern)
        if len(_regex_cache) < 512:
            _regex_cache[pattern] = rx
    return rx


# --- evaluation -----------------------------------------------------------------------

Resolver = Callable[[Ref], Value]


def _truth(v: Value) -> bool | None:
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
                t = _truth(v)
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
            left = _truth(self.eval(node.left))
            if left is False:
                return False
            right = _truth(self.eval(node.right))
            if right is False:
                return False
            return None if left is None or right is None else True
        if op == "or":
            left = _truth(self.eval(node.left))
            if left is True:
                return True
            right = _truth(self.eval(node.right))
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
            cond = _truth(self.eval(node.args[0]))
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
            return _compiled(pattern).fullmatch(text) is not None
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
        return Evaluator(resolve, today or _dt.date.today()).eval(node)
    except EvalError:
        raise
    except (TypeError, ValueError, OverflowError, RecursionError, AttributeError) as exc:
        raise EvalError(f"error al evaluar la expresión: {type(exc).__name__}") from exc
