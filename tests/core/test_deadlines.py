"""Deadlines proposed by the rules: from a notification date the documented due dates,
each accepted or set to another date with a reason, stored with the rule and the set's
version; the warning N working days ahead; the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from app.core import deadlines
from app.core.errors import InvalidInput
from tests.cli.conftest import assert_one_clean_error, run
from tests.conftest import PASS
from tests.drafting.test_drafting import alimentos_case

FRIDAY = dt.date(2026, 7, 24)  # before the Fiestas Patrias (28 and 29 July)


DEFENDED = "María Elena Quispe Mamani"  # the obligado is the client: the office defends


def test_a_notified_sentence_gives_the_documented_appeal_deadline(store: Any) -> None:
    case_id = alimentos_case(store, DEFENDED)  # matter alimentos: proceso único de alimentos
    found = deadlines.propose(store, case_id, "notificacion_sentencia", FRIDAY)
    assert [p.rule_id for p in found] == ["alimentos_apelacion_sentencia"]
    appeal = found[0]
    # 3 working days: Mon 27 (1), 28 and 29 are holidays, Thu 30 (2), Fri 31 (3)
    assert appeal.due == dt.date(2026, 7, 31) and appeal.rules_version == 1
    reasons = dict(appeal.skipped)
    assert reasons[dt.date(2026, 7, 25)] == "sábado"
    assert "feriado nacional" in reasons[dt.date(2026, 7, 28)]
    assert "art. 178" in appeal.reference
    claim = deadlines.propose(store, case_id, "notificacion_demanda", dt.date(2026, 8, 3))
    # 5 working days from Monday 3 August: not the Día del Juez (4, the judiciary's),
    # nor the Batalla de Junín (6, national), nor the weekend
    assert [(p.rule_id, p.due) for p in claim] == [("alimentos_contestacion", dt.date(2026, 8, 12))]
    assert [d.day for d, _ in claim[0].skipped] == [4, 6, 8, 9]
    with pytest.raises(InvalidInput) as bad:
        deadlines.propose(store, case_id, "notificacion_demanda", FRIDAY, "proceso_inventado")
    assert bad.value.problems[0].field == "procedure"


def _set_answers(store: Any, case_id: str, **changes: Any) -> None:
    """Change the answers of the case's ficha (as a sync of an edit would)."""
    intake = store.get("intake", store.get("case", case_id)["intake_id"])
    answers = json.loads(intake["answers"]) if isinstance(intake["answers"], str) else {}
    answers.update(changes)
    with store.transaction() as tx:
        tx.update("intake", intake["id"], {"answers": answers})


def test_only_the_clients_side_is_proposed_when_it_is_certain(store: Any) -> None:
    """Fresh4 #16: the claim's answer is the demandado's term. Our client claiming alimony
    from an obligado whose document differs from hers is certainly the demandante: not
    proposed it; defended (the obligado is the client, same DNI), she is; a ficha that
    says both sides proposes it (the dialog labels it); the client's rol procesal is
    certain too."""
    claimant = alimentos_case(store)  # the sample ficha gives the obligado a DNI
    defended = alimentos_case(store, DEFENDED)
    case = store.get("case", claimant)
    assert deadlines.case_side(store, case) == deadlines.ClientSide("demandante", True)
    assert deadlines.case_side(store, store.get("case", defended)) == deadlines.ClientSide(
        "demandado", True
    )
    on = dt.date(2026, 8, 3)
    assert deadlines.propose(store, claimant, "notificacion_demanda", on) == []
    [answer] = deadlines.propose(store, defended, "notificacion_demanda", on)
    assert (answer.rule_id, answer.side, answer.other_side) == (
        "alimentos_contestacion", "demandado", False,
    )  # fmt: skip
    assert deadlines.as_row(answer)["side"] == "demandado"
    assert deadlines.as_row(answer)["other_side"] is False
    _set_answers(store, claimant, partes=[{"parte_nombres": "Rosa", "parte_apellidos":
                 "Ccori Apaza", "parte_rol": "demandante"}])  # fmt: skip
    # the obligado (documented: certain) and Rosa (by name: a guess) disagree: still
    # the certain side, but no term is withheld on it
    assert deadlines.case_side(store, case) == deadlines.ClientSide("demandante", False)
    _set_answers(store, claimant, partes=[{"parte_nombres": "Rosa", "parte_apellidos":
                 "Ccori Apaza", "parte_rol": "demandante", "parte_tipo_documento": "DNI",
                 "parte_numero_documento": "42345678"}])  # fmt: skip
    assert deadlines.case_side(store, case) is None  # says both for certain: unknown
    [listed] = deadlines.propose(store, claimant, "notificacion_demanda", on)
    assert (listed.rule_id, listed.other_side) == ("alimentos_contestacion", False)


@pytest.mark.parametrize(
    "obligado",
    [
        "María Quispe",  # review5 F10: the client herself, a shorter name, no document
        "Juan Carlos Huamán Ccori",  # somebody else, by name only: still a guess
    ],
)
def test_a_side_guessed_from_names_never_withholds_a_term(store: Any, obligado: str) -> None:
    """Review5 F10: the office defends the obligado, but the ficha names him shorter and
    without a document, so the name match misses and the client is taken for the
    claimant. The contestación — the client's most urgent term — is still proposed:
    last, marked the other side's (the desktop leaves it unticked, labelled)."""
    case_id = alimentos_case(store, obligado)
    _set_answers(store, case_id, obligado_tipo_documento="SIN_DOCUMENTO",
                 obligado_numero_documento=None)  # fmt: skip
    case = store.get("case", case_id)
    assert deadlines.case_side(store, case) == deadlines.ClientSide("demandante", False)
    on = dt.date(2026, 8, 3)
    [answer] = deadlines.propose(store, case_id, "notificacion_demanda", on)
    assert (answer.rule_id, answer.side, answer.other_side) == (
        "alimentos_contestacion", "demandado", True,
    )  # fmt: skip
    assert deadlines.as_row(answer)["other_side"] is True
    # a criminal client's own condition is certain: a name-guessed row does not undo it
    _set_answers(store, case_id, rol_procesal="imputado")
    assert deadlines.case_side(store, case) == deadlines.ClientSide("demandado", False)
    _set_answers(store, case_id, obligado_nombres="", rol_procesal="imputado")
    assert deadlines.case_side(store, case) == deadlines.ClientSide("demandado", True)


def test_the_other_sides_term_is_listed_last(store: Any) -> None:
    """``RuleSet.propose`` with a guessed side keeps every rule, the other side's last;
    with a certain side it drops them."""
    from forms.deadline_rules import RuleSet

    rule = {"trigger": "notificacion_demanda", "procedure": "proceso_sumarisimo",
            "unit": "calendar", "title": "T", "reference": "R"}  # fmt: skip
    rules = RuleSet.from_doc({"version": 1, "rules": [
        {**rule, "id": "theirs", "days": 1, "side": "demandado"},
        {**rule, "id": "ours", "days": 9, "side": "demandante"},
        {**rule, "id": "both", "days": 5},
    ]})  # fmt: skip
    on = dt.date(2026, 8, 3)
    guessed = rules.propose(rule["trigger"], rule["procedure"], on, side="demandante",
                            side_certain=False)  # fmt: skip
    assert [(p.rule_id, p.other_side) for p in guessed] == [
        ("both", False), ("ours", False), ("theirs", True),
    ]  # fmt: skip
    certain = rules.propose(rule["trigger"], rule["procedure"], on, side="demandante")
    assert [p.rule_id for p in certain] == ["both", "ours"]
    unknown = rules.propose(rule["trigger"], rule["procedure"], on)
    assert [p.rule_id for p in unknown] == ["theirs", "both", "ours"]


def test_accepted_and_adjusted_deadlines_keep_their_rule(store: Any) -> None:
    case_id = alimentos_case(store, DEFENDED)
    later = dt.date(2026, 8, 3)
    with pytest.raises(InvalidInput) as refused:  # another date without a reason
        deadlines.record(
            store, case_id, "notificacion_sentencia", FRIDAY,
            {"alimentos_apelacion_sentencia": deadlines.Choice(later)},
        )  # fmt: skip
    assert "motivo" in refused.value.problems[0].message
    assert store.query("SELECT id FROM hearing") == []  # nothing written
    (accepted,) = deadlines.record(
        store, case_id, "notificacion_sentencia", FRIDAY,
        {"alimentos_apelacion_sentencia": deadlines.Choice()},
    )  # fmt: skip
    (adjusted,) = deadlines.record(
        store, case_id, "notificacion_demanda", FRIDAY,
        {"alimentos_contestacion": deadlines.Choice(later, "Cédula recibida el lunes")},
    )  # fmt: skip
    rows = {r["id"]: r for r in store.query("SELECT * FROM hearing")}
    a, b = rows[accepted], rows[adjusted]
    assert (a["category"], a["status"], a["at"]) == ("deadline", "scheduled", "2026-07-31T23:59")
    assert (a["rule_id"], a["rules_version"], a["trigger"]) == (
        "alimentos_apelacion_sentencia", 1, "notificacion_sentencia",
    )  # fmt: skip
    assert (a["trigger_on"], a["computed_on"], a["adjust_reason"]) == (
        "2026-07-24", "2026-07-31", None,
    )  # fmt: skip
    assert b["at"] == "2026-08-03T23:59" and b["computed_on"] == "2026-08-05"
    assert b["adjust_reason"] == "Cédula recibida el lunes"


def test_the_warning_looks_n_working_days_ahead(store: Any) -> None:
    case_id = alimentos_case(store)
    deadlines.record(
        store,
        case_id,
        "notificacion_sentencia",
        FRIDAY,
        {"alimentos_apelacion_sentencia": deadlines.Choice()},
    )  # fmt: skip  due Fri 31 July
    assert deadlines.warn_days(store) == 3
    thursday = dt.date(2026, 7, 30)  # 1 working day before
    (row,) = deadlines.upcoming_warnings(store, thursday)
    assert row["working_days_left"] == 1 and row["case_number"] and row["client"]
    friday_before = dt.date(2026, 7, 24)  # Mon 27, Thu 30, Fri 31: 3 working days
    assert len(deadlines.upcoming_warnings(store, friday_before)) == 1
    assert deadlines.upcoming_warnings(store, dt.date(2026, 7, 23)) == []  # 4 working days
    deadlines.set_warn_days(store, 5)
    assert len(deadlines.upcoming_warnings(store, dt.date(2026, 7, 23))) == 1
    assert deadlines.upcoming_warnings(store, dt.date(2026, 8, 1)) == []  # past: overdue
    with pytest.raises(InvalidInput):
        deadlines.set_warn_days(store, 99)


def test_the_command_line_proposes_and_records(store: Any, vault_dir: Path) -> None:
    case_id = alimentos_case(store)
    store.lock()
    ask = ["deadline", "propose", case_id, "--trigger", "notificacion_sentencia",
           "--on", "24/07/2026"]  # fmt: skip
    shown = run([*ask, "--json"], vault_dir, CHASQUI_PASSPHRASE=PASS)
    assert shown.code == 0, shown.err
    (doc,) = json.loads(shown.out)
    assert doc["due"] == "2026-07-31" and doc["rule_id"] == "alimentos_apelacion_sentencia"
    add = ["deadline", "add", case_id, "--trigger", "notificacion_sentencia", "--on",
           "2026-07-24", "--rule", "alimentos_apelacion_sentencia"]  # fmt: skip
    bad = run([*add, "--due", "alimentos_apelacion_sentencia=2026-08-03"], vault_dir,
              CHASQUI_PASSPHRASE=PASS)  # fmt: skip
    assert_one_clean_error(bad, 2, "motivo")
    done = run([*add, "--due", "alimentos_apelacion_sentencia=2026-08-03", "--reason",
                "alimentos_apelacion_sentencia=Notificada por cédula"], vault_dir,
               CHASQUI_PASSPHRASE=PASS)  # fmt: skip
    assert done.code == 0, done.err
    assert len(done.out.split()) == 1  # one new deadline id


def test_the_command_line_marks_the_other_sides_term_and_all_leaves_it(
    store: Any, vault_dir: Path
) -> None:
    """Review5 F10 in the CLI: a side guessed from names lists the other side's term,
    marked; ``--all`` records only the client's own terms, ``--rule`` names the other."""
    case_id = alimentos_case(store, "María Quispe")  # the client, shorter, no document
    _set_answers(store, case_id, obligado_tipo_documento="SIN_DOCUMENTO",
                 obligado_numero_documento=None)  # fmt: skip
    store.lock()
    ask = ["--trigger", "notificacion_demanda", "--on", "2026-08-03"]
    shown = run(["deadline", "propose", case_id, *ask], vault_dir, CHASQUI_PASSPHRASE=PASS)
    assert shown.code == 0, shown.err
    assert "Contestación" in shown.out and "\tplazo de la otra parte" in shown.out
    as_json = run(["deadline", "propose", case_id, *ask, "--json"], vault_dir,
                  CHASQUI_PASSPHRASE=PASS)  # fmt: skip
    (doc,) = json.loads(as_json.out)
    assert (doc["rule_id"], doc["other_side"]) == ("alimentos_contestacion", True)
    every = run(["deadline", "add", case_id, *ask, "--all"], vault_dir, CHASQUI_PASSPHRASE=PASS)
    assert_one_clean_error(every, 2, "elija al menos un plazo")
    named = run(["deadline", "add", case_id, *ask, "--rule", "alimentos_contestacion"],
                vault_dir, CHASQUI_PASSPHRASE=PASS)  # fmt: skip
    assert named.code == 0, named.err
    assert len(named.out.split()) == 1


def test_date_warnings_for_a_past_moment_and_a_deadline_on_a_day_off(store: Any) -> None:
    """A hand-typed hearing or deadline: a moment already past is said; a deadline on a
    day off is said with the calendar's reason and the next working day; never refused."""
    case_id = alimentos_case(store)
    now = dt.datetime(2026, 7, 24, 12, 0)  # Friday, office time
    assert deadlines.date_warnings(store, case_id, "hearing", "2026-07-27T09:00", now) == []
    [past] = deadlines.date_warnings(store, case_id, "hearing", "2026-07-24T09:00", now)
    assert past.code == "past" and "24/07/2026 09:00 es una fecha pasada" in past.message
    # fresh5 #14: a hearing on a day off (a Saturday) or at an odd hour (04:31, a typo of
    # 16:31) is asked about too — never refused
    [saturday] = deadlines.date_warnings(store, case_id, "hearing", "2026-07-25T09:00", now)
    assert (saturday.code, saturday.reason) == ("day_off", "sábado")
    assert saturday.next_day == "2026-07-27"
    [odd] = deadlines.date_warnings(store, case_id, "hearing", "2026-07-27T04:31", now)
    assert odd.code == "hour" and "04:31 es una hora inusual" in odd.message
    assert deadlines.date_warnings(store, case_id, "hearing", "2026-07-27T19:59", now) == []
    [holiday] = deadlines.date_warnings(store, case_id, "deadline", "2026-07-28T23:59", now)
    assert holiday.code == "day_off" and "feriado nacional" in holiday.reason
    assert holiday.next_day == "2026-07-30"  # 29 is a holiday too
    [sunday] = deadlines.date_warnings(store, case_id, "deadline", "2026-07-26T23:59", now)
    assert (sunday.reason, sunday.next_day) == ("domingo", "2026-07-27")
    assert "no es día hábil (domingo)" in sunday.message
    both = deadlines.date_warnings(store, case_id, "deadline", "2026-07-19T23:59", now)
    assert [w.code for w in both] == ["past", "day_off"]
    # stored with an offset: read in office time (Lima, UTC-5), never a naive/aware TypeError
    [utc] = deadlines.date_warnings(store, case_id, "deadline", "2026-07-27T03:00+00:00", now)
    assert (utc.reason, utc.next_day) == ("domingo", "2026-07-27")  # 26/07 22:00 in Lima


def test_a_notified_sentence_records_its_milestone_on_the_sentences_own_day(
    store: Any,
) -> None:
    """Fresh5 #19: "Notificación de la sentencia" records the "decision" milestone too,
    dated the day the defender gives (the sentence's, before its notification), in the
    same transaction as the deadline; with no deadline chosen, the milestone alone."""
    from app.core import milestones

    case_id = alimentos_case(store)
    sentenced = dt.date(2026, 7, 20)
    with pytest.raises(InvalidInput) as later:  # issued after it was notified: refused
        deadlines.record(store, case_id, "notificacion_sentencia", FRIDAY,
                         {"alimentos_apelacion_sentencia": deadlines.Choice()}, None,
                         dt.date(2026, 7, 27))  # fmt: skip
    assert later.value.problems[0].field == "decided_on"
    with pytest.raises(InvalidInput):  # the claim's notification says no step happened
        deadlines.record(store, case_id, "notificacion_demanda", FRIDAY, {}, None, sentenced)
    assert store.query("SELECT id FROM hearing") == []  # nothing written
    assert store.query("SELECT id FROM case_milestone") == []
    (appeal,) = deadlines.record(
        store, case_id, "notificacion_sentencia", FRIDAY,
        {"alimentos_apelacion_sentencia": deadlines.Choice()}, None, sentenced,
    )  # fmt: skip
    assert store.get("hearing", appeal)["trigger_on"] == FRIDAY.isoformat()
    [decision] = [m for m in milestones.case_milestones(store, case_id) if m["kind"] == "decision"]
    assert decision["occurred_on"] == sentenced.isoformat() and not decision["derived"]
    assert decision["recorded_by"]  # who recorded it, by name (the Hitos tab says it)
    assert deadlines.record(store, case_id, "notificacion_sentencia", FRIDAY, {}, None,
                            sentenced) == []  # fmt: skip  the milestone alone


def test_a_recorded_milestone_keeps_its_note_and_author(store: Any) -> None:
    from app.core import milestones

    case_id = alimentos_case(store)
    milestones.record_milestone(store, case_id, "filed", "2026-07-01", "Mesa de partes, 10:15")
    milestones.record_milestone(store, case_id, "filed", "2026-07-03", "Copia ingresada")
    rows = {m["kind"]: m for m in milestones.case_milestones(store, case_id)}
    assert (rows["filed"]["occurred_on"], rows["filed"]["note"]) == (
        "2026-07-01", "Mesa de partes, 10:15",
    )  # fmt: skip  the one that counts: the earliest
    assert rows["filed"]["recorded_by"]
    assert rows["intake"]["derived"] and rows["intake"]["note"] is None
    assert rows["intake"]["recorded_by"] is None


def test_the_command_line_records_the_sentences_milestone(store: Any, vault_dir: Path) -> None:
    case_id = alimentos_case(store)
    store.lock()
    ask = ["deadline", "add", case_id, "--trigger", "notificacion_sentencia", "--on",
           "2026-07-24"]  # fmt: skip
    late = run([*ask, "--all", "--decided-on", "2026-07-27"], vault_dir, CHASQUI_PASSPHRASE=PASS)
    assert_one_clean_error(late, 2, "posterior a su notificación")
    alone = run([*ask, "--decided-on", "20/07/2026"], vault_dir, CHASQUI_PASSPHRASE=PASS)
    assert alone.code == 0 and alone.out == "", alone.err  # no deadline: the milestone only
    listed = run(["case", "milestone", case_id, "--list", "--json"], vault_dir,
                 CHASQUI_PASSPHRASE=PASS)  # fmt: skip
    decision = next(m for m in json.loads(listed.out) if m["kind"] == "decision")
    assert decision["occurred_on"] == "2026-07-20"
