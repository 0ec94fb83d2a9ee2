"""``chasqui deadline``: the deadlines the rules propose for a case, and the warning.

    chasqui deadline propose CASE_ID --trigger T --on DATE [--procedure P] [--json]
        the deadlines that follow from the act T on DATE: due date, how it was counted
        (the days skipped and why), the rule (id, version of the set, legal reference);
        when the client's side is only guessed from names, the other side's terms come
        last, marked "plazo de la otra parte" (JSON ``other_side``: true)
    chasqui deadline add CASE_ID --trigger T --on DATE [--procedure P]
                         (--all | --rule RULE_ID ...) [--due RULE_ID=DATE --reason RULE_ID=TEXT]
                         [--decided-on DATE]
        record the chosen proposals as deadlines of the case (all or none); ``--all``
        is every proposal but the other side's (name those with ``--rule``); a date other
        than the rule's (``--due``) needs its ``--reason``; prints the new ids.
        ``--decided-on``: with ``--trigger notificacion_sentencia``, the day the sentence
        was issued (on or before its notification): recorded as the case's "decision"
        milestone with the deadlines (or alone, without --all/--rule). A notification in
        the future or a sentence the case's steps rule out is refused (exit 2); a day
        before the case was opened is saved with an ``aviso:`` line on stderr
    chasqui deadline soon [--json]
        the scheduled deadlines due within the warning horizon (working days)
    chasqui deadline warn-days [N]
        show or set how many working days ahead Inicio and the Agenda warn (3)

The rules and the calendar are the newest the server published (else the shipped
ones). Exit codes: 0 ok; 2 invalid input (the message names the argument); 3 the vault
cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from app.cli.calendar import parse_day
from app.cli.context import open_store
from app.core.errors import InvalidInput


def cmd_propose(args: argparse.Namespace) -> int:
    from app.core import deadlines
    from forms.deadline_rules import UNIT_LABELS

    on = parse_day(args.on, "--on")
    with open_store(args) as store:
        found = deadlines.propose(store, args.case_id, args.trigger, on, args.procedure)
    if args.as_json:
        json.dump([deadlines.as_row(p) for p in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not found:
        print("no rule gives a deadline for this act in this procedure")
    for p in found:
        whose = "\tplazo de la otra parte" if p.other_side else ""
        print(f"{p.due.isoformat()}\t{p.title}\t{p.days} {UNIT_LABELS[p.unit]}{whose}")
        print(f"  rule {p.rule_id} (set version {p.rules_version}): {p.reference}")
        for day, why in p.skipped:
            print(f"  skipped {day.isoformat()}: {why}")
    return 0


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values or []:
        rule_id, sep, rest = value.partition("=")
        if not sep or not rule_id.strip():
            raise InvalidInput.one(option, f"{value!r}: use RULE_ID=VALUE", "format")
        out[rule_id.strip()] = rest
    return out


def cmd_add(args: argparse.Namespace) -> int:
    from app.core import deadlines

    on = parse_day(args.on, "--on")
    dues = {k: parse_day(v, "--due") for k, v in _pairs(args.due, "--due").items()}
    reasons = _pairs(args.reason, "--reason")
    decided_on = parse_day(args.decided_on, "--decided-on") if args.decided_on else None
    if not args.all and not args.rule and decided_on is None:
        raise InvalidInput.one("--rule", "give --all or at least one --rule RULE_ID", "required")
    with open_store(args) as store:
        chosen = args.rule or [
            p.rule_id
            for p in deadlines.propose(store, args.case_id, args.trigger, on, args.procedure)
            if not p.other_side and args.all  # the other party's: only named with --rule
        ]
        extra = sorted((set(dues) | set(reasons)) - set(chosen))
        if extra:
            raise InvalidInput.one("--due", f"not among the chosen rules: {', '.join(extra)}")
        choices = {r: deadlines.Choice(dues.get(r), reasons.get(r, "")) for r in chosen}
        asked = deadlines.day_questions(store, args.case_id, args.trigger, on, decided_on)
        ids = deadlines.record(
            store, args.case_id, args.trigger, on, choices, args.procedure, decided_on
        )
    for question in asked:  # unusual, saved as given (the desktop asks first)
        print(f"aviso: {question}", file=sys.stderr)
    for hearing_id in ids:
        print(hearing_id)
    return 0


def cmd_soon(args: argparse.Namespace) -> int:
    from app import office_time
    from app.core import deadlines

    with open_store(args) as store:
        days = deadlines.warn_days(store)
        rows = deadlines.upcoming_warnings(store, office_time.today())
    if args.as_json:
        doc = {"warn_days": days, "deadlines": rows}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    print(f"deadlines due within {days} working day(s): {len(rows)}")
    for r in rows:
        print(
            f"{str(r['at'])[:10]}\t{r['kind']}\t{r.get('case_number') or ''}\t"
            f"{r.get('client') or ''}\t{r['working_days_left']} working day(s) left"
        )
    return 0


def cmd_warn_days(args: argparse.Namespace) -> int:
    from app.core import deadlines

    with open_store(args) as store:
        if args.n is not None:
            deadlines.set_warn_days(store, args.n)
        print(deadlines.warn_days(store))
    return 0


def add_deadline_commands(
    group: argparse._SubParsersAction,
    leaf: Callable[..., argparse.ArgumentParser],
) -> None:
    def question(p: argparse.ArgumentParser) -> None:
        p.add_argument("case_id", metavar="CASE_ID")
        p.add_argument("--trigger", required=True, help="the act, e.g. notificacion_demanda")
        p.add_argument("--on", required=True, metavar="DATE", help="the act's date")
        p.add_argument("--procedure", help="e.g. proceso_unico_alimentos (default: by matter)")

    p = leaf(group, "propose", cmd_propose, "the deadlines the rules propose for an act")
    question(p)
    p.add_argument("--json", dest="as_json", action="store_true", help="print JSON")
    p = leaf(group, "add", cmd_add, "record proposed deadlines in the case")
    question(p)
    p.add_argument(
        "--all", action="store_true", help="every proposal as proposed (not the other side's)"
    )
    p.add_argument("--rule", action="append", metavar="RULE_ID", help="a proposal to record")
    p.add_argument("--due", action="append", metavar="RULE_ID=DATE", help="another due date")
    p.add_argument("--reason", action="append", metavar="RULE_ID=TEXT", help="why the change")
    p.add_argument(
        "--decided-on", metavar="DATE", help="the sentence's own date: records its milestone"
    )
    p = leaf(group, "soon", cmd_soon, "deadlines due within the warning days")
    p.add_argument("--json", dest="as_json", action="store_true", help="print JSON")
    p = leaf(group, "warn-days", cmd_warn_days, "show or set the warning days (working)")
    p.add_argument("n", metavar="N", type=int, nargs="?")
