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

This package owns the language as a whole and its public surface (import from
``forms.expr``); the parts live in :mod:`forms.expr.syntax` (tokens, AST, parser),
:mod:`forms.expr.evaluator` (meaning), :mod:`forms.expr.patterns` (the ``regex()``
pattern guard) and :mod:`forms.expr.errors` (the two errors).
"""

from forms.expr.errors import EvalError, ParseError
from forms.expr.evaluator import Evaluator, Resolver, evaluate, truth
from forms.expr.patterns import MAX_REGEX_INPUT, MAX_REGEX_PATTERN, check_pattern
from forms.expr.syntax import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPR_LEN,
    Binary,
    Call,
    ListExpr,
    Lit,
    Node,
    Ref,
    Segment,
    Token,
    Unary,
    Value,
    parse,
    refs,
    regex_literals,
    tokenize,
)

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPR_LEN",
    "MAX_REGEX_INPUT",
    "MAX_REGEX_PATTERN",
    "Binary",
    "Call",
    "EvalError",
    "Evaluator",
    "ListExpr",
    "Lit",
    "Node",
    "ParseError",
    "Ref",
    "Resolver",
    "Segment",
    "Token",
    "Unary",
    "Value",
    "check_pattern",
    "evaluate",
    "parse",
    "refs",
    "regex_literals",
    "tokenize",
    "truth",
]
