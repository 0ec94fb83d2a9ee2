"""The facts of a case that its intake form and its closure answer, as the case view's
Resumen and the case PDF show them (one reading for both).

Owns ``case_facts(store, case, today)``: from the case's ficha (``answers``) the children
claimed for (``hijos``: name, birth date, age — given, else counted from the birth date)
and the monthly amount claimed (``monto_solicitado``); from its ``cierre_caso`` answers
the closing date, reason and result (Spanish labels of the form's choices) and the
amount obtained (``monto_alimentos``). ``children_text`` and ``money`` say them in one
line each; ``closure_summary`` the closure's reason, result and amount (history lines).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import forms
from stats.milestones import closure_day
from stats.milestones import day as milestone_day

CLOSURE_FORM = "cierre_caso"


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def day(value: Any) -> dt.date | None:
    """A stored date (or the date of a timestamp); None when empty or not a date (the
    reading of ``stats.milestones.day``, as a ``date``)."""
    iso = milestone_day(value)
    return dt.date.fromisoformat(iso) if iso else None


MONEY_DIGITS = 12  # no amount of a case reaches 10^12: beyond, shown as stored
MONEY_SHOWN = 30  # characters of such a value shown


def money(value: Any) -> str:
    """``S/ 1,250.00``; "" when there is no amount."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)[:MONEY_SHOWN]
    if not amount.is_finite() or amount.adjusted() >= MONEY_DIGITS:  # a synced "1e999999999"
        return str(value)[:MONEY_SHOWN]
    return f"S/ {amount:,.2f}"


def age_on(born: dt.date, today: dt.date) -> int:
    """Whole years from ``born`` to ``today`` (also the reports', ``app.reports.timefmt``)."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def ficha_children(answers: Mapping[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """Each child the ficha claims for (``hijos``): ``name`` (single-spaced), ``born``
    (a date or None), ``age`` (as given, else counted from ``born``; None when neither),
    ``acta_numero`` and ``acta_oficina`` (texts). The one reading of the children, for
    the Resumen, the case PDF and drafted writs."""
    out = []
    for row in answers.get("hijos") or []:
        if not isinstance(row, Mapping):
            continue
        born = day(row.get("hijo_fecha_nacimiento"))
        age = row.get("hijo_edad")
        if (age is None or age == "") and born is not None:
            age = age_on(born, today)
        out.append(
            {
                "name": " ".join(str(row.get("hijo_nombres") or "").split()),
                "born": born,
                "age": None if age == "" else age,
                "acta_numero": str(row.get("hijo_acta_numero") or "").strip(),
                "acta_oficina": str(row.get("hijo_acta_oficina") or "").strip(),
            }
        )
    return out


def children_text(children: list[dict[str, Any]]) -> str:
    """``Ana Quispe (7 años); Luis Quispe (1 año)``; "" when none."""
    parts = []
    for child in children:
        age = child.get("age")
        years = "" if age is None else f" ({age} {'año' if age == 1 else 'años'})"
        parts.append(f"{child.get('name') or '—'}{years}")
    return "; ".join(parts)


def _choice_label(version: Any, name: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        definition = forms.load_registry().get(
            CLOSURE_FORM, version=version if isinstance(version, int) else None
        )
    except (KeyError, forms.DefinitionError):
        definition = None
    spec = definition.by_name.get(name) if definition is not None else None
    for choice in (spec.choices if spec is not None else None) or []:
        if str(choice.value) == str(value):
            return str(choice.label.get("es") or value)
    return str(value)


def closure_summary(closure: Any) -> str:
    """A case's ``closure`` (the ``cierre_caso`` answers, JSON or a mapping) as a person
    reads it: "Acuerdo conciliatorio, Favorable, S/ 500.00" — the reason (its detail when
    "Otro"), the result, the amount obtained; "" when there is none."""
    closure = _json(closure)
    inner = closure.get("answers") if isinstance(closure, Mapping) else None
    if not isinstance(closure, Mapping) or not isinstance(inner, Mapping):
        return ""
    version = closure.get("form_version")
    reason = _choice_label(version, "motivo_cierre", inner.get("motivo_cierre"))
    detail = " ".join(str(inner.get("motivo_cierre_otro") or "").split())
    if inner.get("motivo_cierre") == "otro" and detail:
        reason = f"{reason}: {detail}"
    result = _choice_label(version, "resultado", inner.get("resultado"))
    amount = money(inner.get("monto_alimentos")) or money(inner.get("monto_reparacion_civil"))
    return ", ".join(p for p in (reason, result, amount) if p)


def case_facts(store: Any, case: Mapping[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """``children``, ``amount_claimed`` (text), ``closed_on`` (ISO date or None),
    ``closure_reason``, ``closure_result``, ``amount_obtained`` (texts, "" when unknown)."""
    from forms.clock import office_today

    answers: Any = {}
    if case.get("intake_id"):
        intake = store.get("intake", str(case["intake_id"]))
        answers = _json((intake or {}).get("answers")) or {}
    if not isinstance(answers, Mapping):
        answers = {}
    closure = _json(case.get("closure")) or {}
    if not isinstance(closure, Mapping):
        closure = {}
    inner = closure.get("answers")
    given: Mapping[str, Any] = inner if isinstance(inner, Mapping) else {}
    version = closure.get("form_version")
    closed = day(closure_day(case))  # the one closing day (review 5 F1)
    return {
        "children": [
            {
                "name": child["name"],
                "birth_date": child["born"].isoformat() if child["born"] else None,
                "age": child["age"] if isinstance(child["age"], int) else None,
            }
            for child in ficha_children(answers, today or office_today())
        ],
        "amount_claimed": money(answers.get("monto_solicitado")),
        "closed_on": closed.isoformat() if closed and case.get("status") == "closed" else None,
        "closure_reason": _choice_label(version, "motivo_cierre", given.get("motivo_cierre")),
        "closure_result": _choice_label(version, "resultado", given.get("resultado")),
        "amount_obtained": money(given.get("monto_alimentos")),
    }
