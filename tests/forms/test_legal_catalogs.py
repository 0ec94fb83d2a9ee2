"""The legal catalogs as published rows (``forms.legal_catalogs``): a rule set and a
calendar come back from their rows exactly (Hypothesis), published versions come after
the shipped one, office scoping by name, and a template row whose file does not match
its digest or that names an unknown field is refused."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import legal_catalogs as legal
from forms.deadline_rules import RULES_FILE, UNITS, RuleSet
from forms.workdays import CATALOG_FILE, CalendarCatalog, WorkingCalendar
from tests.drafting.test_drafting import _template

CODE = st.from_regex(r"[a-z][a-z0-9_]{1,20}", fullmatch=True)
TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1, max_size=40)
CLEAN = TEXT.filter(lambda t: t.strip() == t and t)


@st.composite
def rule_docs(draw: st.DrawFn) -> dict[str, object]:
    ids = draw(st.lists(CODE, min_size=1, max_size=6, unique=True))
    rules = [
        {
            "id": rule_id,
            "trigger": draw(CODE),
            "procedure": draw(CODE),
            "days": draw(st.integers(1, 3660)),
            "unit": draw(st.sampled_from(UNITS)),
            "title": draw(CLEAN),
            "reference": draw(CLEAN),
            "note": draw(st.one_of(st.just(""), CLEAN)),
        }
        for rule_id in ids
    ]
    return {"version": 1, "rules": rules}


@settings(max_examples=40, deadline=None)
@given(rule_docs(), st.integers(2, 1000))
def test_a_rule_set_comes_back_from_its_rows(doc: dict[str, object], version: int) -> None:
    rows = legal.rules_rows(doc)
    assert all(isinstance(v, str) for row in rows for v in row.values())  # flat text rows
    back = legal.rules_from_rows(version, rows)
    original = RuleSet.from_doc(doc)
    assert back.rules == original.rules and back.version == version and not back.defaults


DAYS = st.one_of(
    st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat),
    st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).map(lambda d: d.strftime("%m-%d")),
)
SCOPES = st.one_of(
    st.just("judicial"), st.from_regex(r"ubigeo:(\d{2}|\d{4}|\d{6})", fullmatch=True)
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries({"date": DAYS, "reason": CLEAN, "scope": SCOPES,
                                       "source": st.one_of(st.just(""), CLEAN)}),
                max_size=8))  # fmt: skip
def test_a_calendar_comes_back_from_its_rows(days: list[dict[str, str]]) -> None:
    doc = {"version": 1, "days": days}
    back = legal.calendar_from_rows(5, legal.calendar_rows(doc))
    assert back.days == CalendarCatalog.from_doc(doc).days and back.version == 5


def test_shipped_sets_scopes_and_bad_input() -> None:
    assert legal.shipped_version("plazos") == 1 and legal.shipped_version("calendario") == 1
    shipped = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    assert legal.rules_from_rows(2, legal.rules_rows(shipped)).get("evaluacion_gratuidad")
    cal = legal.calendar_from_rows(2, legal.calendar_rows(
        json.loads(CATALOG_FILE.read_text(encoding="utf-8"))))  # fmt: skip
    assert not WorkingCalendar(cal).is_working(dt.date(2026, 8, 4))  # the Día del Juez
    assert legal.templates_name() == "plantillas" and legal.office_of("plantillas") is None
    assert legal.office_of(legal.templates_name("CUS01")) == "CUS01"
    with pytest.raises(legal.LegalCatalogError, match="rules\\[0\\]"):
        legal.rules_rows({"version": 1, "rules": [{"id": "X"}]})
    with pytest.raises(legal.LegalCatalogError, match="'days' is not a number"):
        legal.rules_from_rows(2, [{"id": "a1", "days": "diez"}])


def test_template_rows_are_checked_both_ways() -> None:
    good = _template("{{ demandante.nombre_completo }}")
    row = legal.template_row("escrito_simple", "Escrito simple", good)
    (doc,) = legal.templates_from_rows(3, [row], office="CUS01")
    assert doc.data == good and doc.label == "escrito_simple@CUS01 v3"
    forged = dict(row, docx=base64.b64encode(good + b"x").decode())
    with pytest.raises(legal.LegalCatalogError, match="does not match"):
        legal.templates_from_rows(3, [forged])
    with pytest.raises(legal.LegalCatalogError, match="not base64"):
        legal.templates_from_rows(3, [dict(row, docx="%%%")])
    with pytest.raises(legal.LegalCatalogError, match=r"unknown field 'caso\.juez'"):
        legal.template_row("escrito_simple", "Escrito", _template("{{ caso.juez }}"))
    with pytest.raises(legal.LegalCatalogError, match="lowercase code"):
        legal.template_row("Escrito Libre", "Escrito", good)
    with pytest.raises(legal.LegalCatalogError, match="title"):
        legal.template_row("escrito_simple", "  ", good)
