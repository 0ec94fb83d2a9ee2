"""The sample loader gives the demo and the benchmarks a believable year of history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import forms
from app.core import sample_load
from app.store import Store
from tests.conftest import make_vault

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_history_closures_and_hearing_outcomes(store: Store) -> None:
    counts = sample_load.load(store, 120, seed=5, now=NOW)
    rows = store.query("SELECT status, opened_at, closed_at, closure FROM legal_case")
    assert counts["cases"] == len(rows) and counts["closed"] > 0
    closed = [r for r in rows if r["status"] == "closed"]
    assert len(closed) == counts["closed"]
    definition = forms.load_registry().get("cierre_caso")
    for row in closed:
        stored: dict[str, Any] = json.loads(row["closure"])  # as cases.close_case keeps it
        assert (stored["form_id"], stored["form_version"]) == ("cierre_caso", 1)
        closure = stored["answers"]
        assert row["opened_at"] < row["closed_at"] <= NOW.isoformat()
        blocking = forms.blocking(forms.validate(definition, closure, today=NOW.date()))
        assert blocking == [], blocking
    oldest = (NOW - timedelta(days=sample_load.HISTORY_DAYS + 1)).isoformat()
    assert all(oldest <= r["opened_at"] <= NOW.isoformat() for r in rows)
    months = {r["opened_at"][:7] for r in rows}
    assert len(months) >= 5  # spread over the half year, not all "today"
    hearings = store.query("SELECT category, at, status FROM hearing")
    past = [h for h in hearings if h["category"] == "hearing" and h["at"] < "2026-11-20T12:00"]
    assert past and all(h["status"] != "scheduled" for h in past)
    assert {h["status"] for h in past} >= {"held", "failed"}
    assert counts["hearings"] == len(hearings)
    # fresh-eyes 4 #15: a "Concluido" demo case showed a "Programada" hearing in the
    # Agenda; closing cancels what was pending, so no closed case keeps one
    live_on_closed = store.query(
        "SELECT c.internal_number, h.kind, h.at FROM hearing h JOIN legal_case c "
        "ON c.id = h.case_id WHERE c.status != 'open' AND h.status = 'scheduled'"
    )
    assert live_on_closed == []
    cancelled = store.query("SELECT result FROM hearing WHERE status = 'cancelled'")
    assert cancelled and {h["result"] for h in cancelled} == {"Caso cerrado"}
    steps = store.query("SELECT case_id, kind, occurred_on FROM case_milestone")
    assert len(steps) == counts["milestones"] and {s["kind"] for s in steps} == {
        "filed",
        "decision",
    }
    filed = {s["case_id"]: s["occurred_on"] for s in steps if s["kind"] == "filed"}
    for step in steps:  # a sentence follows its filing; nothing after today
        assert step["occurred_on"] <= NOW.date().isoformat()
        if step["kind"] == "decision":
            assert filed[step["case_id"]] < step["occurred_on"]


def test_same_seed_same_data(store: Store, tmp_path: Path) -> None:
    other_store = make_vault(tmp_path / "other")
    sample_load.load(store, 20, seed=9, now=NOW)
    sample_load.load(other_store, 20, seed=9, now=NOW)
    query = "SELECT internal_number, status, matter, closure FROM legal_case ORDER BY 1"
    try:
        assert store.query(query) == other_store.query(query)
    finally:
        other_store.lock()


def test_demo_hearings_make_sense(store: Store) -> None:
    """Fresh eyes: a hearing at 04:31, conciliations on a Sunday, an alimony case heard by
    a criminal court. Hearings are on working days in office hours, in a court of the
    case's matter."""
    from app.core.sample_case import COURTS

    sample_load.load(store, 150, seed=11, now=NOW)
    rows = store.query(
        "SELECT h.at, h.place, h.category, c.matter FROM hearing h "
        "JOIN legal_case c ON c.id = h.case_id WHERE h.category = 'hearing'"
    )
    assert len(rows) > 20
    for row in rows:
        at = datetime.fromisoformat(row["at"])
        assert at.weekday() < 5, row
        assert 8 <= at.hour < 17, row
        courts = COURTS.get(row["matter"])
        if courts:
            assert any(row["place"].startswith(c.split("{")[0]) for c in courts), row


def test_a_demo_case_is_heard_at_one_court_on_working_days(store: Store) -> None:
    """Fresh-eyes #25: one demo case had hearings at three courts, and demo hearings fell
    on 08/12 (Inmaculada Concepción). Each case's hearings are at one court, and every
    hearing and deadline is on a working day of the vault's calendar (no holiday)."""
    from app.core import legal_data

    sample_load.load(store, 150, seed=11, now=NOW)
    courts: dict[str, set[str]] = {}
    rows = store.query("SELECT case_id, category, at, place FROM hearing")
    calendar = legal_data.calendar(store)
    for row in rows:
        day = datetime.fromisoformat(row["at"]).date()
        assert calendar.is_working(day), (row, calendar.closed(day))
        if row["category"] == "hearing":
            courts.setdefault(row["case_id"], set()).add(row["place"])
    assert len(courts) > 20 and any(len(v) == 1 for v in courts.values())
    assert {c: p for c, p in courts.items() if len(p) > 1} == {}
    places = {p for found in courts.values() for p in found}  # as Spanish writes them
    assert not [p for p in places if " De " in p], sorted(places)[:5]  # not "Santiago De …"


def test_no_demo_hearing_outside_its_case(store: Store) -> None:
    """Fresh-eyes 8 #2 and #7: demo case 010010, closed 15/11, had its "Audiencia única"
    of 30/11 "Realizada"; a hearing came before the claim was filed. Over the whole
    sample: no hearing held or pending after its case closed, none before its filing,
    and every hearing held passes the one rule (``hearings.check_day``)."""
    from app.core import hearings
    from app.office_time import parse_local

    sample_load.load(store, 150, seed=11, now=NOW)
    rows = store.query(
        "SELECT h.case_id, h.at, h.status, h.category, c.closed_at, m.occurred_on AS filed"
        " FROM hearing h JOIN legal_case c ON c.id = h.case_id LEFT JOIN case_milestone m"
        " ON m.case_id = c.id AND m.kind = 'filed' WHERE h.category = 'hearing'"
    )
    assert sum(1 for r in rows if r["closed_at"]) > 5
    for row in rows:
        closed = parse_local(row["closed_at"])
        if closed is not None and row["status"] in ("held", "scheduled"):
            assert row["at"][:16] < closed.isoformat()[:16], row
        if row["filed"]:
            assert row["at"][:10] >= row["filed"], row
        if row["status"] == "held":
            hearings.check_day(store, row["case_id"], "hearing", row["at"], held=True)


def test_every_demo_sponsorship_opens_its_case(store: Store) -> None:
    """Fresh-eyes 8 #8: the demo's monthly report said "Patrocinios" 46 and "Casos
    nuevos" 29 and nobody could say why: intakes marked patrocinio without a case. Over
    the whole sample, every sponsorship intake has its case, and every case one."""
    sample_load.load(store, 150, seed=11, now=NOW)
    rows = store.query(
        "SELECT i.id, json_extract(i.answers, '$.tipo_servicio') AS service,"
        " (SELECT count(*) FROM legal_case c WHERE c.intake_id = i.id) AS cases FROM intake i"
    )
    sponsored = [r for r in rows if r["service"] == "patrocinio"]
    assert len(sponsored) > 20
    assert [r["id"] for r in sponsored if r["cases"] != 1] == []
    assert [r["id"] for r in rows if r["cases"] and r["service"] != "patrocinio"] == []


def test_no_demo_date_is_after_the_offices_today(store: Store) -> None:
    """fresh8 N1: a concluded demo case showed "Cierre 01/12/2026" while the app's day
    (Lima) was 30/11: the closing's date was the UTC day. Loaded at 22:30 in Lima (03:30
    UTC the next day: a fixed clock, so neither the machine's zone nor the hour matters),
    no date the sample makes — a closing, a milestone, a note, an intake's service date —
    is after the office's today, and each closing's date is its closing moment's office
    day. Fails on the old code (fecha_cierre 2026-12-01)."""
    from app.office_time import parse_local, to_office

    now = datetime(2026, 12, 1, 3, 30, tzinfo=UTC)
    today = to_office(now).date().isoformat()
    assert today == "2026-11-30"
    sample_load.load(store, 150, seed=11, now=now)
    closed = store.query("SELECT closed_at, closure FROM legal_case WHERE status = 'closed'")
    assert len(closed) > 5
    for row in closed:
        day = json.loads(row["closure"])["answers"]["fecha_cierre"]
        moment = parse_local(row["closed_at"])
        assert moment is not None
        assert day <= today and day == moment.date().isoformat(), row
    steps = store.query("SELECT occurred_on FROM case_milestone")
    assert steps and max(s["occurred_on"] for s in steps) <= today
    notes = store.query("SELECT created_at FROM note")
    assert notes
    for note in notes:
        written = parse_local(note["created_at"])
        assert written is not None and written.date().isoformat() <= today, note
    for intake in store.query("SELECT answers FROM intake"):
        answers = json.loads(intake["answers"])
        assert answers.get("fecha_atencion", "") <= today


def test_the_history_fills_every_month_tiempos_shows(store: Store) -> None:
    """Fresh8 #8, fresh 9: the demo started six months back, so Tendencia's "Primer mes"
    was 0 for every matter and its 12-month charts half empty. The loaded year fills
    each month of the page's default period (its twelve months up to today's) with
    consultations and intakes. Fails on the old loader (months 12 to 7 back empty)."""
    from app.core.queries.caseload import consultation_trend, months_of

    sample_load.load(store, 150, seed=11, now=NOW)
    today = NOW.date()
    first = today.replace(day=1)
    for _ in range(11):  # as TimelinessPage's default Desde: DEFAULT_MONTHS back
        first = (first - timedelta(days=1)).replace(day=1)
    trend = consultation_trend(store, first, today)
    assert len(trend.months) == 12 == len(months_of(first, today))
    assert all(total > 0 for total in trend.totals), trend.totals
    assert sum(s.values[0] for s in trend.matters) > 0  # "Primer mes"


def test_an_alimony_case_has_the_mother_and_the_demandado(store: Store) -> None:
    """Fresh 9 N6: a demo Alimentos case listed its client alone (sometimes a man of 76
    claiming for children). As a real one: the mother claims for her children (a woman at
    least 18 years older than her eldest), and the ficha's obligado is the case's other
    party — the same name and DNI, his row of "Otras partes" as demandado. Fails on the
    old data."""
    from datetime import date

    sample_load.load(store, 150, seed=11, now=NOW)
    rows = store.query(
        "SELECT c.id, p.sex, p.birth_date, i.answers FROM legal_case c"
        " JOIN person p ON p.id = c.person_id JOIN intake i ON i.id = c.intake_id"
        " WHERE c.matter = 'alimentos'"
    )
    assert len(rows) >= 10
    for row in rows:
        answers = json.loads(row["answers"])
        eldest = min(date.fromisoformat(h["hijo_fecha_nacimiento"]) for h in answers["hijos"])
        assert row["sex"] == "F"
        assert (eldest - date.fromisoformat(row["birth_date"])).days >= 18 * 365
        parties = store.query(
            "SELECT cp.role, p.given_names, p.paternal_surname, p.maternal_surname,"
            " p.doc_number FROM case_party cp JOIN person p ON p.id = cp.person_id"
            " WHERE cp.case_id = ? AND cp._deleted = 0 AND cp.role != 'beneficiary'",
            (row["id"],),
        )
        [him] = parties
        named = f"{him['given_names']} {him['paternal_surname']} {him['maternal_surname']}"
        assert him["role"] == "counterparty"
        assert answers["obligado_nombres"] == named
        assert answers["obligado_numero_documento"] == him["doc_number"]
        [row_of_him] = answers["partes"]
        assert row_of_him["parte_rol"] == "demandado"
        assert row_of_him["parte_numero_documento"] == him["doc_number"]
