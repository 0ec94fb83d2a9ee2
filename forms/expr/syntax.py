"""Syntax of the form expression language: tokens, AST and parser.

Owns the token grammar, the AST node classes (:class:`Lit`, :class:`Ref`,
:class:`ListExpr`, :class:`Unary`, :class:`Binary`, :class:`Call`), the table of known
functions and their arities, :func:`parse` (text -> AST, raising
:class:`~forms.expr.errors.ParseError` only) and the AST walks :func:`refs` and
:func:`regex_literals`. The grammar itself is drawn in :mod:`forms.expr`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forms.expr.errors import ParseError

MAX_EXPR_LEN = 2000
MAX_DEPTH = 40

Value = object  # None | bool | int | float | str | date | datetime | list

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
