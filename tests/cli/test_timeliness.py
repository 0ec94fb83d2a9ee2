"""Milestones and timeliness as an administrator's script uses them: ``chasqui case
milestone`` records dated steps (intake and closure are derived), and ``chasqui report
timeliness`` gives Kaplan–Meier figures whose CSV matches counts made here from the raw
dates; cases still waiting are censored, never dropped. Bad input exits 2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import forms
from app.core import cases, intakes, people, sample
from forms.workdays import WorkingCalendar
from tests.cli.conftest import PERSON, assert_one_clean_error, ok, run, run_json
from tests.conftest import make_vault

INTAKES = ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04"]
FILED = ["2026-09-11", "2026-09-22", "2026-10-03", None]  # the fourth still waits


def _cases(vault: Path, days: list[str] = INTAKES) -> list[str]:
    store = make_vault(vault, "CUS01", "ALEGRA Cusco")
    definition = forms.load_registry().get("ficha_atencion")
    out = []
    try:
        for i, day in enumerate(days):
            person = dict(PERSON, doc_number=f"4587123{i}", given_names=f"Persona {i}")
            person.pop("doc_check", None)
            person_id = people.register_person(store, person)
            answers = sample.intake_answers(random.Random(i), person, definition)
            answers.update(
                fecha_atencion=day, area="asistencia_legal", materia="alimentos",
                monto_solicitado=600,
                obligado_nombres="Juan Pérez",
                hijos=[{"hijo_nombres": "Luz", "hijo_fecha_nacimiento": "2019-05-01",
                        "hijo_reconocido": True}],
            )  # fmt: skip
            intake_id = intakes.add_intake(
                store, person_id, {"answers": answers}, intakes.FormsIntakeValidator(),
                "ficha_atencion",
            )  # fmt: skip
            out.append(cases.open_case(store, intake_id))
    finally:
        store.lock()
    return out


def test_milestones_and_the_timeliness_csv(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    ids = _cases(vault)
    for case_id, filed in zip(ids, FILED, strict=True):
        if filed:
            day = dt.date.fromisoformat(filed).strftime("%d/%m/%Y")  # as a person types it
            ok(["case", "milestone", case_id, "--kind", "filed", "--on", day], vault)
    listed = run_json(["case", "milestone", ids[0], "--list", "--json"], vault)
    assert [(r["kind"], r["occurred_on"], r["derived"]) for r in listed] == [
        ("intake", "2026-09-01", True), ("filed", "2026-09-11", False),
    ]  # fmt: skip
    out = tmp_path / "tiempos.csv"
    ok(["report", "timeliness", "--from", "2026-09-01", "--to", "2026-10-31", "--csv", str(out)],
       vault)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["group_kind", "group", "interval", "n", "events", "median_days",
                             "q1_days", "q3_days", "working_days"]  # fmt: skip
    got = {(r["group_kind"], r["interval"], r["working_days"]): r for r in rows}
    # Independent counts: durations 10, 20, 30 days reached; one case censored at day 57.
    # KM: S(10)=3/4, S(20)=1/2, S(30)=1/4 -> Q1 10, median 20, Q3 30.
    total = got[("total", "intake_to_filing", "0")]
    assert (total["n"], total["events"]) == ("4", "3")
    assert (total["q1_days"], total["median_days"], total["q3_days"]) == ("10", "20", "30")
    cal = WorkingCalendar()
    working = sorted(
        cal.working_days_between(dt.date.fromisoformat(a), dt.date.fromisoformat(b))
        for a, b in zip(INTAKES, FILED, strict=True) if b
    )  # fmt: skip
    w = got[("total", "intake_to_filing", "1")]
    assert (w["q1_days"], w["median_days"], w["q3_days"]) == tuple(str(x) for x in working)
    closure = got[("total", "intake_to_closure", "0")]  # nobody closed: all censored
    assert (closure["n"], closure["events"], closure["median_days"]) == ("4", "0", "")
    matter = got[("matter", "intake_to_filing", "0")]
    assert "limentos" in matter["group"]
    periods = {r["group"] for r in rows if r["group_kind"] == "period"}
    assert periods == {"2026-09", "2026-10"}  # the month each interval started (C filed in Oct)
    hearing = got[("total", "filing_to_first_hearing", "0")]  # three filed, none heard yet
    assert (hearing["n"], hearing["events"], hearing["median_days"]) == ("3", "0", "")
    stdout = ok(["report", "timeliness", "--from", "2026-09-01", "--to", "2026-10-31"], vault)
    assert stdout == out.read_text(encoding="utf-8")  # the same CSV on stdout
    pdf = tmp_path / "tiempos.pdf"
    ok(["report", "timeliness", "--from", "2026-09-01", "--to", "2026-10-31", "--pdf", str(pdf),
        "--password-env", "PDF_PASS"], vault, PDF_PASS="clave-larga-del-pdf")  # fmt: skip
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert reader.is_encrypted and reader.decrypt("clave-larga-del-pdf")
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "Atención → presentación de la demanda" in text and "Kaplan" in text


def test_bad_milestones_and_periods_are_refused(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    case_id = _cases(vault)[0]
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    bad: list[tuple[list[str], str]] = [
        (["case", "milestone", case_id, "--kind", "filed", "--on", future], "futura"),
        (["case", "milestone", case_id, "--kind", "filed", "--on", "31/02/2026"], "--on"),
        (["case", "milestone", "no-such-case", "--kind", "filed", "--on", "2026-09-01"],
         "not found"),
        (["report", "timeliness", "--from", "2026-10-31", "--to", "2026-09-01"], "--to"),
        (["report", "timeliness", "--from", "1900-01-01", "--to", "2026-09-01"], "--from/--to"),
    ]  # fmt: skip
    for args, needle in bad:
        assert_one_clean_error(run(args, vault), 2, needle)
    listed: Any = run_json(["case", "milestone", case_id, "--list", "--json"], vault)
    assert [r["kind"] for r in listed] == ["intake"]  # nothing was written
    assert json.dumps(listed)


def test_days_the_cases_facts_rule_out_are_refused_and_unusual_ones_said(tmp_path: Path) -> None:
    """fresh-eyes #7/#27: a notification in the future, a sentence before the claim it
    decides was filed: exit 2, the date named, nothing written; a step before the case was
    opened (taken on in court) is saved with an ``aviso:`` line (the desktop asks)."""
    from app import office_time

    vault = tmp_path / "vault"
    (case_id,) = _cases(vault, INTAKES[:1])  # opened today; its ficha of 2026-09-01
    today = office_time.today()
    result = run(["case", "milestone", case_id, "--kind", "filed", "--on", "2026-08-20"], vault)
    assert result.code == 0 and "Traceback" not in result.err
    assert result.err == "aviso: La fecha de la presentación de la demanda o denuncia " \
        "(20/08/2026) es anterior al inicio del caso (la atención del 01/09/2026).\n"  # fmt: skip
    future = (today + dt.timedelta(days=3)).isoformat()
    sentence = ["deadline", "add", case_id, "--trigger", "notificacion_sentencia", "--all"]
    bad: list[tuple[list[str], str]] = [
        (["case", "milestone", case_id, "--kind", "decision", "--on", "2026-08-15"],
         "--on: La fecha de la sentencia (15/08/2026) es anterior a la de la presentación de "
         "la demanda o denuncia del caso (20/08/2026): no puede serlo."),
        ([*sentence, "--on", future],
         "on: La fecha de la notificación de la sentencia "
         f"({dt.date.fromisoformat(future):%d/%m/%Y}) es futura: aún no ocurre."),
        ([*sentence, "--on", today.isoformat(), "--decided-on", "2026-08-18"],
         "decided_on: La fecha de la sentencia (18/08/2026) es anterior"),
        ([*sentence, "--on", "2026-08-19"],
         "notificación de la sentencia (19/08/2026) es anterior"),
    ]  # fmt: skip
    for args, needle in bad:
        assert_one_clean_error(run(args, vault), 2, needle)
    listed: Any = run_json(["case", "milestone", case_id, "--list", "--json"], vault)
    assert [r["kind"] for r in listed] == ["filed", "intake"]  # nothing more was written
    out = ok([*sentence, "--on", today.isoformat(), "--decided-on", "2026-10-01"], vault)
    assert len(out.split()) == 1  # the appeal's deadline; the sentence recorded with it
    listed = run_json(["case", "milestone", case_id, "--list", "--json"], vault)
    assert ("decision", "2026-10-01") in [(r["kind"], r["occurred_on"]) for r in listed]
