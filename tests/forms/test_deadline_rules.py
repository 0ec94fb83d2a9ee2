"""Deadline rules as data: from a notification date the starter set gives the documented
due dates; a republished set changes new proposals and old ones keep their version; a
malformed set is refused naming the rule and the field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from forms.deadline_rules import RULES_FILE, RuleError, RuleSet, bundled_rules, eligibility_due

D = dt.date


def test_every_starter_rule_cites_its_source_and_is_marked_to_confirm() -> None:
    rules = bundled_rules()
    assert rules.defaults and rules.version == 1 and len(rules.rules) >= 10
    for rule in rules.rules:
        assert rule.reference and ("art." in rule.reference or "Reglamento" in rule.reference)
        assert "confirme" in rule.note


@pytest.mark.parametrize(
    ("trigger", "procedure", "on", "expected"),
    [
        # 5 working days from Wed 23 Dec 2026: 24, 28, 29, 30, 31 (25 Navidad, weekend)
        ("notificacion_demanda", "proceso_unico_alimentos", D(2026, 12, 23),
         {"alimentos_contestacion": D(2026, 12, 31)}),
        # 3 working days from Tue 31 Mar 2026: Wed 1 Apr, then Jueves/Viernes Santo -> 6, 7
        ("notificacion_sentencia", "proceso_unico_alimentos", D(2026, 3, 31),
         {"alimentos_apelacion_sentencia": D(2026, 4, 7)}),
        # penal: 5 and 10 working days over the year end
        ("notificacion_sentencia", "penal_ncpp", D(2026, 12, 22),
         {"penal_apelacion_sentencia": D(2026, 12, 30), "penal_casacion": D(2027, 1, 7)}),
        # Ley 30364: calendar days (hours in the law), weekends count
        ("denuncia", "violencia_ley_30364", D(2026, 12, 5),
         {"violencia_medidas_severo": D(2026, 12, 6),
          "violencia_medidas_leve_moderado": D(2026, 12, 7)}),
        # filiación: 10 working days across the Día del Juez (4 Aug) and Junín (6 Aug)
        ("notificacion_demanda", "filiacion_extramatrimonial", D(2026, 7, 31),
         {"filiacion_oposicion": D(2026, 8, 18)}),
    ],
)  # fmt: skip
def test_a_trigger_proposes_the_documented_due_dates(
    trigger: str, procedure: str, on: dt.date, expected: dict[str, dt.date]
) -> None:
    found = bundled_rules().propose(trigger, procedure, on)
    assert {p.rule_id: p.due for p in found} == expected
    assert all(p.rules_version == 1 and p.reference for p in found)


def test_nothing_is_proposed_for_an_unknown_trigger_or_procedure() -> None:
    assert bundled_rules().propose("notificacion_demanda", "no_existe", D(2026, 1, 5)) == []
    assert bundled_rules().propose("no_existe", "penal_ncpp", D(2026, 1, 5)) == []


def test_a_republished_set_changes_new_proposals_and_old_ones_keep_their_version() -> None:
    doc = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    trigger, procedure = "notificacion_demanda", "proceso_unico_alimentos"
    old = bundled_rules().propose(trigger, procedure, D(2026, 12, 23))
    for rule in doc["rules"]:
        if rule["id"] == "alimentos_contestacion":
            rule["days"] = 10
    doc["version"], doc["defaults"] = 2, False
    new_set = RuleSet.from_doc(doc)
    new = new_set.propose(trigger, procedure, D(2026, 12, 23))
    assert (old[0].rules_version, old[0].due, old[0].days) == (1, D(2026, 12, 31), 5)
    assert (new[0].rules_version, new[0].due, new[0].days) == (2, D(2027, 1, 8), 10)


def test_the_eligibility_check_counts_as_its_rule_says() -> None:
    assert eligibility_due(D(2026, 11, 30)) == D(2026, 12, 20)  # 20 calendar days
    doc = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    for rule in doc["rules"]:
        if rule["id"] == "evaluacion_gratuidad":
            rule["unit"] = "working"
    doc["version"] = 2
    # 20 working days: 8 and 9 Dec (Inmaculada, Ayacucho), 25 Dec and weekends skipped
    assert eligibility_due(D(2026, 11, 30), RuleSet.from_doc(doc)) == D(2026, 12, 31)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"days": 0}, "rules\\[0\\]: 'days'"),
        ({"days": "5"}, "'days'"),
        ({"unit": "hábiles"}, "'unit'"),
        ({"id": "Con Espacios"}, "'id'"),
        ({"reference": ""}, "'reference'"),
        ({"title": "x" * 201}, "'title'"),
    ],
)
def test_a_malformed_rule_is_refused_naming_it(change: dict[str, object], says: str) -> None:
    doc = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    doc["rules"][0].update(change)
    with pytest.raises(RuleError, match=says):
        RuleSet.from_doc(doc)


def test_a_repeated_rule_id_is_refused() -> None:
    doc = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    doc["rules"].append(dict(doc["rules"][0]))
    with pytest.raises(RuleError, match="repeated"):
        RuleSet.from_doc(doc)
