"""The monthly report's eligibility figure counts the term as the rule
``evaluacion_gratuidad`` says: 20 calendar days in the shipped set, working days on the
vault's calendar when a published set says so (issue 17)."""

from __future__ import annotations

import dataclasses
from datetime import date

from app.reports.statistics import MonthlyInput, compute_monthly
from forms.deadline_rules import bundled_rules


def _input(**kw: object) -> MonthlyInput:
    return MonthlyInput(
        office_name="ALEGRA Lima",
        month_start=date(2026, 3, 1),
        month_end=date(2026, 4, 1),
        reference_day=date(2026, 3, 31),
        users={"u0": {"display_name": "Ana Quispe"}},
        eligibility=[{"started_at": "2026-03-16T10:00:00", "defender_id": "u0"}],  # a Monday
        **kw,  # type: ignore[arg-type]
    )


def test_the_eligibility_term_is_the_rule_in_force() -> None:
    shipped = compute_monthly(_input()).section("elegibilidad")
    assert shipped.value("Evaluaciones pendientes") == 1
    assert shipped.value("Pendientes por más de 20 días") == 0  # due 5 April
    assert "20 días calendario" in shipped.note and "versión 1" in shipped.note

    rules = bundled_rules()
    working = [
        dataclasses.replace(r, days=10, unit="working") if r.id == "evaluacion_gratuidad" else r
        for r in rules.rules
    ]
    published = dataclasses.replace(rules, version=2, rules=tuple(working), defaults=False)
    section = compute_monthly(_input(rules=published)).section("elegibilidad")
    # 10 working days from Monday 16 March end on Monday 30 March: late on the 31st
    assert section.value("Pendientes por más de 10 días hábiles") == 1
    assert section.value("Más de 10 días hábiles — Ana Quispe") == 1
    assert "10 días hábiles" in section.note and "versión 2" in section.note
