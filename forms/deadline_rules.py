"""Deadline rules as data: which act starts which term, in which procedure, how long.

Owns the rule set format and the one computation that turns a trigger into proposed
deadlines. A rule says which act triggers it (``trigger``: e.g. the notification of the
claim), in which procedure (``procedure``: e.g. ``proceso_unico_alimentos``), how many
days and whether they are working or calendar days, its legal reference, a note and, for
a term only one side has (answering the claim), whose it is (``side``). A
rule set carries a version; every proposal keeps the rule's id and the set's version, so
a deadline computed before a corrected set was published still says which rule it used.

The starter set ships in ``forms/data/plazos.json``, marked as defaults for the
directorate to confirm; the server can publish a corrected one. Working days come from
``forms.workdays``. Pure code; imports nothing of ours but ``forms``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from forms.workdays import CalendarError, WorkingCalendar

RULES_FILE = Path(__file__).parent / "data" / "plazos.json"
UNITS = ("working", "calendar")
# Whose term a rule is (``side``): the party sued or the party suing; a rule without one
# runs for either side (an appeal) or for the court. A case whose side is certain is
# proposed only its own terms; a side that is a guess drops nothing: the other side's
# terms come last, marked ``other_side`` (``RuleSet.propose(side=..., side_certain=...)``).
SIDES = ("demandado", "demandante")
UNIT_LABELS = {"working": "días hábiles", "calendar": "días calendario"}
# Spanish names of the codes the starter set uses (a published set may add codes: they
# are shown as written, underscores as spaces).
TRIGGER_LABELS = {
    "atencion": "Atención (ficha)",
    "notificacion_demanda": "Notificación de la demanda",
    "notificacion_sentencia": "Notificación de la sentencia",
    "notificacion_auto": "Notificación de un auto",
    "denuncia": "Denuncia",
}
PROCEDURE_LABELS = {
    "gratuidad": "Gratuidad del servicio",
    "proceso_unico_alimentos": "Proceso único de alimentos",
    "proceso_sumarisimo": "Proceso sumarísimo",
    "filiacion_extramatrimonial": "Filiación extramatrimonial",
    "violencia_ley_30364": "Medidas de protección (Ley 30364)",
    "penal_ncpp": "Proceso penal (NCPP)",
    "laboral_ordinario": "Proceso laboral ordinario",
    "laboral_abreviado": "Proceso laboral abreviado",
}
# The procedures a case of each matter usually follows (the first is proposed).
MATTER_PROCEDURES = {
    "alimentos": ("proceso_unico_alimentos", "proceso_sumarisimo"),
    "filiacion": ("filiacion_extramatrimonial", "proceso_unico_alimentos"),
    "tenencia": ("proceso_sumarisimo",),
    "violencia": ("violencia_ley_30364",),
    "victimas": ("penal_ncpp", "violencia_ley_30364"),
    "laboral": ("laboral_ordinario", "laboral_abreviado"),
    "penal": ("penal_ncpp",),
}


def label(code: str, labels: dict[str, str]) -> str:
    """The Spanish name of a trigger or procedure code (the code, readable, if unnamed)."""
    return labels.get(code) or code.replace("_", " ").capitalize()
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class RuleError(ValueError):
    """A rule set that cannot be used (the message names the rule and the field)."""


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    trigger: str
    procedure: str
    days: int
    unit: str  # "working" or "calendar"
    title: str
    reference: str
    note: str = ""
    side: str = ""  # "" (either side, or the court), else one of SIDES


@dataclass(frozen=True)
class Proposal:
    """A deadline the rules propose: accepted or adjusted (with a reason) by the defender."""

    rule_id: str
    rules_version: int
    title: str
    due: dt.date
    days: int
    unit: str
    reference: str
    skipped: tuple[tuple[dt.date, str], ...] = ()
    side: str = ""  # whose term it is ("" either side): the rule's ``side``
    # the other party's term, listed (last) only because the client's side is a guess:
    # not to be accepted unless the client is that party after all
    other_side: bool = False


@dataclass(frozen=True)
class RuleSet:
    version: int
    rules: tuple[DeadlineRule, ...]
    defaults: bool = True

    @classmethod
    def from_doc(cls, doc: object) -> RuleSet:
        if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
            raise RuleError("a rule set is an object with a list of 'rules'")
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise RuleError("a rule set needs a positive integer 'version'")
        rules, seen = [], set()
        for index, item in enumerate(doc["rules"]):
            rule = _rule(f"rules[{index}]", item)
            if rule.id in seen:
                raise RuleError(f"rules[{index}]: the id {rule.id!r} is repeated")
            seen.add(rule.id)
            rules.append(rule)
        return cls(version, tuple(rules), bool(doc.get("defaults", False)))

    def get(self, rule_id: str) -> DeadlineRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def triggers(self, procedure: str | None = None) -> list[str]:
        found = [r.trigger for r in self.rules if procedure in (None, r.procedure)]
        return sorted(set(found))

    def procedures(self, matter: str | None = None) -> list[str]:
        """The court procedures of the set (not the gratuidad check); for a matter, its
        usual ones first."""
        found = sorted({r.procedure for r in self.rules if r.procedure != "gratuidad"})
        usual = [p for p in MATTER_PROCEDURES.get(matter or "", ()) if p in found]
        return usual + [p for p in found if p not in usual]

    def propose(
        self,
        trigger: str,
        procedure: str,
        on: dt.date,
        district: str | None = None,
        calendar: WorkingCalendar | None = None,
        side: str | None = None,
        side_certain: bool = True,
    ) -> list[Proposal]:
        """The deadlines that follow from ``trigger`` on ``on`` in ``procedure``, by due
        date. With ``side`` (the case's client's, one of ``SIDES``): when
        ``side_certain``, not the other side's terms; else (a guess) every term, the
        other side's last and marked ``other_side`` — a rule is never dropped on a guess."""
        cal = calendar or WorkingCalendar()
        out = []
        for rule in self.rules:
            if rule.trigger != trigger or rule.procedure != procedure:
                continue
            other = bool(side and rule.side and rule.side != side)
            if other and side_certain:
                continue
            if rule.unit == "working":
                due, skipped = cal.count_forward(on, rule.days, district)
            else:
                due, skipped = cal.add_calendar_days(on, rule.days), []
            out.append(
                Proposal(
                    rule.id,
                    self.version,
                    rule.title,
                    due,
                    rule.days,
                    rule.unit,
                    rule.reference,
                    tuple(skipped),
                    rule.side,
                    other,
                )
            )
        return sorted(out, key=lambda p: (p.other_side, p.due, p.rule_id))


def _text(where: str, item: dict[str, object], key: str, limit: int, required: bool = True) -> str:
    value = item.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise RuleError(f"{where}: '{key}' must be a text of {int(required)} to {limit} characters")
    return value.strip()


def _rule(where: str, item: object) -> DeadlineRule:
    if not isinstance(item, dict):
        raise RuleError(f"{where}: must be an object")
    for key in ("id", "trigger", "procedure"):
        value = item.get(key)
        if not isinstance(value, str) or not _CODE.match(value):
            raise RuleError(f"{where}: '{key}' must be a lowercase code (a-z, 0-9, _)")
    days = item.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= 3660:
        raise RuleError(f"{where}: 'days' must be a whole number from 1 to 3660")
    unit = item.get("unit")
    if unit not in UNITS:
        raise RuleError(f"{where}: 'unit' must be one of {', '.join(UNITS)}")
    side = item.get("side", "")
    if side not in ("", *SIDES):
        raise RuleError(f"{where}: 'side' must be one of {', '.join(SIDES)} (or left out)")
    return DeadlineRule(
        id=str(item["id"]),
        trigger=str(item["trigger"]),
        procedure=str(item["procedure"]),
        days=days,
        unit=str(unit),
        title=_text(where, item, "title", 200),
        reference=_text(where, item, "reference", 300),
        note=_text(where, item, "note", 1000, required=False),
        side=str(side),
    )


@lru_cache(maxsize=1)
def bundled_rules() -> RuleSet:
    """The starter rule set shipped with the app (defaults to confirm)."""
    return RuleSet.from_doc(json.loads(RULES_FILE.read_text(encoding="utf-8")))


def eligibility_rule(rules: RuleSet | None = None) -> DeadlineRule:
    """The rule that says how the eligibility (gratuidad) check is counted."""
    rule = (rules or bundled_rules()).get("evaluacion_gratuidad")
    if rule is None:
        raise RuleError("the rule set has no 'evaluacion_gratuidad' rule")
    return rule


def eligibility_due(
    on: dt.date, rules: RuleSet | None = None, calendar: WorkingCalendar | None = None
) -> dt.date:
    """When the eligibility (gratuidad) check of an intake on ``on`` is due: the rule
    ``evaluacion_gratuidad`` says how many days and how they are counted (working days
    on ``calendar``)."""
    rule_set = rules or bundled_rules()
    rule = eligibility_rule(rule_set)
    try:
        found = rule_set.propose(rule.trigger, rule.procedure, on, calendar=calendar)
    except CalendarError as exc:
        raise RuleError(str(exc)) from None
    return next(p.due for p in found if p.rule_id == rule.id)
