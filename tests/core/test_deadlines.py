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


def test_only_the_clients_side_is_proposed(store: Any) -> None:
    """Fresh4 #16: the claim's answer is the demandado's term. Our client claiming alimony
    (the ficha's obligado is somebody else) is not proposed it; defended (the obligado is
    the client), she is; a ficha that says both sides proposes it (the dialog labels it)."""
    claimant = alimentos_case(store)
    defended = alimentos_case(store, DEFENDED)
    case = store.get("case", claimant)
    assert deadlines.case_side(store, case) == "demandante"
    assert deadlines.case_side(store, store.get("case", defended)) == "demandado"
    on = dt.date(2026, 8, 3)
    assert deadlines.propose(store, claimant, "notificacion_demanda", on) == []
    [answer] = deadlines.propose(store, defended, "notificacion_demanda", on)
    assert (answer.rule_id, answer.side) == ("alimentos_contestacion", "demandado")
    assert deadlines.as_row(answer)["side"] == "demandado"
    intake = store.get("intake", case["intake_id"])
    answers = json.loads(intake["answers"]) if isinstance(intake["answers"], str) else {}
    answers["partes"] = [{"parte_nombres": "Rosa", "parte_apellidos": "Ccori Apaza",
                          "parte_rol": "demandante"}]  # fmt: skip
    with store.transaction() as tx:
        tx.update("intake", intake["id"], {"answers": answers})
    assert deadlines.case_side(store, case) is None  # says both: unknown
    assert [p.rule_id for p in deadlines.propose(store, claimant, "notificacion_demanda", on)] == [
        "alimentos_contestacion"
    ]


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
