"""The expression language: parsing, evaluation, guards; Hypothesis on random text."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import expr

TODAY = dt.date(2026, 11, 26)
ANSWERS: dict[str, Any] = {
    "a": "x",
    "n": 5,
    "f": 2.5,
    "flag": True,
    "bd": dt.date(2010, 5, 1),
    "multi": ["fisica", "sexual"],
    "kids": [{"kbd": dt.date(2020, 1, 1), "k": 3}, {"kbd": dt.date(2022, 1, 1), "k": 4}],
    "none": None,
}


def resolve(ref: expr.Ref) -> Any:
    (name, index), rest = ref.path[0], ref.path[1:]
    value = ANSWERS.get(name)
    if rest and index is not None:
        rows = value if isinstance(value, list) else []
        return rows[index - 1].get(rest[0][0]) if index <= len(rows) else None
    return value


def ev(text: str) -> Any:
    return expr.evaluate(expr.parse(text), resolve, TODAY)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 % 4", 3),
        ("-${n} + 1", -4),
        ("${n} / 2", 2.5),
        ("${f} * 2", 5.0),
        ("'a' + \"b\"", "ab"),
        ("'it\\'s'", "it's"),
        ("${a} = 'x'", True),
        ("${a} == 'x'", True),
        ("${a} != 'x'", False),
        ("${n} >= 5 and ${n} < 6", True),
        ("${flag} or 1/0 = 1", True),  # short-circuit
        ("not ${flag}", False),
        ("${none} = null", True),
        ("${none} > 3", None),  # null ordering -> unknown
        ("${none} > 3 and false", False),  # Kleene logic
        ("${none} > 3 or true", True),
        ("not (${none} > 3)", None),
        ("${a} in ['x', 'y']", True),
        ("${a} not in ['x', 'y']", False),
        ("1 = true", False),  # numbers and booleans are different
        ("today()", TODAY),
        ("age(${bd})", 16),
        ("age(${none})", None),
        ("age('2030-01-01')", None),
        ("count(${kids})", 2),
        ("count(${none})", 0),
        ("${kids[2].k}", 4),
        ("${kids[3].k}", None),
        ("age(${kids[1].kbd})", 6),
        ("sum(${kids}, 'k')", 7),
        ("selected(${multi}, 'sexual')", True),
        ("selected(${multi}, 'economica')", False),
        ("selected(${none}, 'x')", False),
        ("regex(${a}, '[a-z]')", True),
        ("regex('9' + '12345678', '9[0-9]{8}')", True),
        ("if(${flag}, 'si', 'no')", "si"),
        ("if(${none}, 1, 2)", 2),
        ("len(${a})", 1),
        ("len(${multi})", 2),
        ("coalesce(${none}, '', ${a})", "x"),
        ("today() - date('2026-11-01')", 25),
        ("today() - '2026-11-01'", 25),
        ("date('2026-11-01') + 30", dt.date(2026, 12, 1)),
        ("${bd} < '2011-01-01'", True),
        ("min(3, 1, 2)", 1),
        ("max(${kids[1].k}, ${kids[2].k})", 4),
        ("number('12.5') + 1", 13.5),
    ],
)
def test_evaluate(text: str, value: Any) -> None:
    assert ev(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "'a' + 1",
        "1 / 0",
        "${a} < 3",
        "-'x'",
        "count(${a})",
        "${a} in 3",
        "age(5)",
        "regex(${a}, '(?=a)a')",  # look-ahead: refused (RE2)
        "regex(${a}, '(x)\\\\1')",
        "len(3)",
        "number('abc')",
        "date('2026-13-01')",
        "99999999999 * 99999999999",
    ],
)
def test_evaluation_errors(text: str) -> None:
    with pytest.raises(expr.EvalError):
        ev(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1 +",
        "(1",
        "1)",
        "${}",
        "${A}",
        "${a[0].b}",
        "foo(1)",
        "x",
        "today(1)",
        "if(1, 2)",
        "'unterminated",
        "1 ~ 2",
        "and",
        "${a} = = 1",
        "[1, 2",
        "(" * 100 + "1" + ")" * 100,
        "not " * 100 + "1",
        "-" * 100 + "1",
        "1" * 3000,
    ],
)
def test_parse_errors(text: str) -> None:
    with pytest.raises(expr.ParseError):
        expr.parse(text)


def test_regex_input_length_is_capped() -> None:
    long = "a" * (expr.MAX_REGEX_INPUT + 1)
    node = expr.parse("regex(${a}, 'a*')")
    assert expr.evaluate(node, lambda r: long, TODAY) is False


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        ("^9\\d{8}$", True),
        ("[A-Z]{2}-\\d+", True),
        ("(ab)+", True),
        ("(a+)+", True),
        ("(a*)*b", True),
        ("(x|y+)*", True),
        ("((a)+)", True),
        ("(a|a)*b", True),  # harmless on RE2 (linear time)
        ("(a", False),
        ("a" * 300, False),
        ("(a)\\1", False),  # backreferences: not RE2
        ("(?=a)a", False),  # look-arounds: not RE2
    ],
)
def test_check_pattern(pattern: str, ok: bool) -> None:
    assert (expr.check_pattern(pattern) is None) is ok


def test_refs_lists_every_reference() -> None:
    node = expr.parse("${a} = 1 and count(${kids}) > ${kids[1].k}")
    assert [r.text for r in expr.refs(node)] == ["a", "kids", "kids[1].k"]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_random_text_parses_or_raises_parse_error(text: str) -> None:
    try:
        node = expr.parse(text)
    except expr.ParseError:
        return
    with contextlib.suppress(expr.EvalError):
        expr.evaluate(node, resolve, TODAY)


_ATOMS = st.sampled_from(
    [
        "1",
        "2.5",
        "'x'",
        "${a}",
        "${n}",
        "${none}",
        "${multi}",
        "${kids}",
        "${kids[1].k}",
        "true",
        "null",
        "today()",
        "[1, 'x']",
        "${bd}",
    ]
)
_OPS = st.sampled_from(["+", "-", "*", "/", "%", "=", "!=", "<", ">=", "and", "or", "in"])
_FUNCS = st.sampled_from(["age", "count", "len", "coalesce", "date", "number", "not"])


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return draw(_ATOMS)
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return f"({draw(_expressions(depth + 1))} {draw(_OPS)} {draw(_expressions(depth + 1))})"
    if kind == 1:
        fn = draw(_FUNCS)
        arg = draw(_expressions(depth + 1))
        return f"(not ({arg}))" if fn == "not" else f"{fn}({arg})"
    return f"if({draw(_expressions(depth + 1))}, {draw(_ATOMS)}, {draw(_ATOMS)})"


@settings(max_examples=400, deadline=None)
@given(_expressions())
def test_well_formed_expressions_evaluate_or_raise_eval_error(text: str) -> None:
    node = expr.parse(text)
    with contextlib.suppress(expr.EvalError):
        expr.evaluate(node, resolve, TODAY)
