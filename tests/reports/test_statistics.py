"""Monthly statistics from plain rows: each figure against a count made here independently.

The expected values are computed with plain string comparisons on the fixture's naive
Lima timestamps ("2026-03" prefixes), not with the report's own date handling.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.reports import labels
from app.reports.statistics import MonthlyInput, compute_monthly
from app.reports.timefmt import parse_month
from tests.reports.fixtures import monthly_input

MONTH = "2026-03"
END = "2026-04-01"


def _attended(inp: MonthlyInput, defender: str | None = None) -> list[dict]:
    return [
        dict(i)
        for i in inp.intakes
        if i["status"] == "submitted"
        and str(i["recorded_at"]).startswith(MONTH)
        and (defender is None or i["defender_id"] == defender)
    ]


def _active(case: dict) -> bool:
    return case["opened_at"] < END and (case["closed_at"] is None or case["closed_at"] >= END)


def test_attentions_by_matter_and_service() -> None:
    inp = monthly_input(seed=3)
    stats = compute_monthly(inp)
    section = stats.section("atenciones")
    expected = Counter(
        (labels.label(labels.MATTER, i["matter"]), i["service_type"]) for i in _attended(inp)
    )
    for (matter, service), count in expected.items():
        column = {"consulta": "Consultas", "patrocinio": "Patrocinios"}.get(service, "Derivaciones")
        assert section.value(matter, column) == count
    assert section.value("Total", "Total") == len(_attended(inp))


def test_cases_new_active_closed() -> None:
    inp = monthly_input(seed=4)
    stats = compute_monthly(inp)
    section = stats.section("casos")
    cases = [dict(c) for c in inp.cases]
    assert section.value("Total", "Nuevos") == sum(c["opened_at"].startswith(MONTH) for c in cases)
    assert section.value("Total", "Activos al cierre") == sum(_active(c) for c in cases)
    closed = [c for c in cases if (c["closed_at"] or "").startswith(MONTH)]
    assert section.value("Total", "Concluidos") == len(closed)
    outcomes = Counter(c["closure"]["resultado"] for c in closed)
    result = stats.section("resultados")
    for code, count in outcomes.items():
        assert result.value(labels.humanize(code)) == count
    alimony = [Decimal(str(c["closure"]["monto_alimentos"])) for c in closed
               if c["closure"]["monto_alimentos"]]  # fmt: skip
    amounts = stats.section("montos")
    assert amounts.value("Pensión de alimentos (mensual)", "Casos con monto") == len(alimony)
    assert amounts.value("Pensión de alimentos (mensual)", "Monto total (S/)") == sum(alimony)


def test_hearings_by_status() -> None:
    inp = monthly_input(seed=5)
    section = compute_monthly(inp).section("audiencias")
    held = [h for h in inp.hearings if h["category"] == "hearing" and h["status"] == "held"]
    failed = [h for h in inp.hearings if h["category"] == "deadline" and h["status"] == "failed"]
    assert section.value("Realizadas", "Audiencias") == len(held)
    assert section.value("Frustradas", "Plazos") == len(failed)
    assert section.value("Total", "Audiencias") + section.value("Total", "Plazos") == len(
        inp.hearings
    )


def test_caseload_against_ceiling_and_defender_scope() -> None:
    inp = monthly_input(seed=6)
    active = Counter(c["defender_id"] for c in inp.cases if _active(dict(c)))
    ceiling = min(active.values())  # at least one defender is at it, others over
    stats = compute_monthly(inp, ceiling=ceiling)
    section = stats.section("carga")
    for uid, count in active.items():
        name = inp.users[uid]["display_name"]
        assert section.value(name, "Casos activos") == count
        assert section.value(name, "Tope") == ceiling
    over = [inp.users[u]["display_name"] for u, n in active.items() if n > ceiling]
    assert over and all(name in section.note for name in over)
    assert [r.label for r in section.rows] == sorted(
        (u["display_name"] for u in inp.users.values() if u["role"] == "defender"), key=str.lower
    )
    mine = compute_monthly(inp, defender_id="u1", ceiling=ceiling)
    assert mine.defender == inp.users["u1"]["display_name"]
    assert [r.label for r in mine.section("carga").rows] == [mine.defender]
    assert mine.section("atenciones").value("Total", "Total") == len(_attended(inp, "u1"))


def test_work_of_each_defender() -> None:
    inp = monthly_input(seed=9)
    section = compute_monthly(inp).section("produccion")
    for uid in ("u0", "u1", "u2"):
        name = inp.users[uid]["display_name"]
        mine = _attended(inp, uid)
        assert section.value(name, "Consultas") == sum(
            i["service_type"] == "consulta" for i in mine
        )
        opened = [c for c in inp.cases if c["defender_id"] == uid and c["opened_at"] < END
                  and c["opened_at"] >= "2026-03"]  # fmt: skip
        assert section.value(name, "Casos nuevos") == len(opened)
        held = [h for h in inp.hearings if h["defender_id"] == uid and h["status"] == "held"
                and h["category"] == "hearing"]  # fmt: skip
        assert section.value(name, "Audiencias realizadas") == len(held)
    assert "produccion" not in {s.key for s in compute_monthly(inp, defender_id="u0").sections}


def test_profile_and_eligibility_and_brigades() -> None:
    inp = monthly_input(seed=7)
    stats = compute_monthly(inp)
    attended = _attended(inp)
    people = {i["person_id"] for i in attended}
    for key in ("perfil_sexo", "perfil_edad", "perfil_lengua", "perfil_interprete",
                "perfil_discapacidad", "perfil_distrito"):  # fmt: skip
        section = stats.section(key)
        assert section.value("Total") == len(people)
        assert sum(r.values[0] for r in section.rows[:-1]) == len(people)
    quechua = sum(inp.persons[p]["mother_tongue"] == "quechua" for p in people)
    assert stats.section("perfil_lengua").value("Quechua") == quechua
    late = [e for e in inp.eligibility if e["started_at"] < "2026-03-11"]
    eligibility = stats.section("elegibilidad")
    assert eligibility.value("Pendientes por más de 20 días") == len(late)
    brigades = stats.section("brigadas")
    in_c1 = [i for i in attended if i["campaign_id"] == "c1"]
    assert brigades.value("Brigada Puno Norte — Ilave", "Atenciones") == len(in_c1)
    assert brigades.value("Brigada Ucayali — Masisea", "Atenciones") == 0  # campaign, no visits


def test_age_band_uses_the_attention_day() -> None:
    inp = MonthlyInput("Of", date(2026, 3, 1), date(2026, 4, 1), date(2026, 3, 31))
    inp.persons = {"p": {"birth_date": "2008-03-20"}, "q": {"birth_date": "2008-03-05"}}
    inp.intakes = [
        {"person_id": p, "status": "submitted", "service_type": "consulta", "matter": "penal",
         "recorded_at": "2026-03-10T09:00:00", "answers": {}}
        for p in ("p", "q")
    ]  # fmt: skip
    section = compute_monthly(inp).section("perfil_edad")
    assert section.value("12 a 17 años") == 1  # 17 on the 10th, turns 18 on the 20th
    assert section.value("18 a 29 años") == 1


def test_utc_timestamps_count_in_lima_month() -> None:
    inp = MonthlyInput("Of", date(2026, 3, 1), date(2026, 4, 1), date(2026, 3, 31))
    base = {"status": "submitted", "service_type": "consulta", "matter": "penal", "answers": {}}
    inp.intakes = [
        {**base, "person_id": "a", "recorded_at": "2026-04-01T03:00:00+00:00"},  # 31/03 22:00
        {**base, "person_id": "b", "recorded_at": "2026-03-01T03:00:00Z"},  # 28/02 22:00
        {**base, "person_id": "c", "recorded_at": "2026-03-01T00:30:00-05:00"},
    ]
    assert compute_monthly(inp).section("atenciones").value("Total", "Total") == 2


def test_brigade_attention_without_campaign_counts_by_locality() -> None:
    inp = MonthlyInput("Of", date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 31))
    base = {"status": "submitted", "service_type": "consulta", "matter": "penal",
            "recorded_at": "2026-03-10T09:00:00"}  # fmt: skip
    inp.intakes = [
        {**base, "person_id": "a", "answers": {"lugar_atencion": "brigada",
                                                "brigada_localidad": "Ilave"}},
        {**base, "person_id": "b", "answers": {"lugar_atencion": "brigada",
                                                "brigada_localidad": "Ilave"}},
        {**base, "person_id": "c", "answers": {"lugar_atencion": "oficina"}},
    ]  # fmt: skip
    section = compute_monthly(inp).section("brigadas")
    assert section.value("Ilave (brigada sin campaña registrada)", "Atenciones") == 2
    assert section.value("Total", "Personas") == 2


def test_brigade_chart_labels_stay_distinct_in_the_pdf() -> None:
    """Brigades without a campaign whose localities share a long beginning: every bar's
    label in the PDF tells them apart (read back), and the table keeps the whole name."""
    from app.reports.api import render_monthly
    from tests.reports.pdftext import text_of

    inp = MonthlyInput("Of", date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 31))
    places = ["Comunidad campesina San Juan Bautista de Llaccta",
              "Comunidad campesina San Juan Bautista de Marca",
              "Comunidad nativa Yarina"]  # fmt: skip
    inp.intakes = [
        {"status": "submitted", "service_type": "consulta", "matter": "penal",
         "recorded_at": "2026-03-10T09:00:00", "person_id": f"p{i}",
         "answers": {"lugar_atencion": "brigada", "brigada_localidad": place}}
        for i, place in enumerate(places)
    ]  # fmt: skip
    stats = compute_monthly(inp)
    page = text_of(render_monthly(stats))
    start = page.index("Actividad de brigadas")
    section = page[start : page.index("Derivaciones por institución", start)]
    shown = [ln.strip() for ln in section.splitlines() if "…" in ln]
    assert len(shown) == len(set(shown)) >= 2, shown  # shortened, yet all different
    for place in places:
        assert any(ln.startswith(place[:8]) for ln in shown) or place in section
        assert stats.section("brigadas").value(f"{place} (brigada sin campaña registrada)") == 1


def test_parse_month_rejects_bad_text() -> None:
    assert parse_month("2026-12") == (date(2026, 12, 1), date(2027, 1, 1))
    for bad in ("2026-13", "2026-1", "marzo", "2026/03", ""):
        with pytest.raises(ValueError):
            parse_month(bad)


def test_ceiling_must_be_positive() -> None:
    with pytest.raises(ValueError):
        compute_monthly(monthly_input(n=5), ceiling=0)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 60))
def test_totals_are_sums_of_rows(seed: int, n: int) -> None:
    stats = compute_monthly(monthly_input(seed=seed, n=n))
    for section in stats.sections:
        if not section.has_total:
            continue
        body, total = section.rows[:-1], section.rows[-1]
        for index, column in enumerate(section.columns):
            if section.key == "brigadas" and index == 1:
                continue  # distinct people: one person may attend several campaigns
            assert sum(r.values[index] for r in body) == total.values[index], (section.key, column)


def test_identifying_cells_are_the_small_counts_about_people() -> None:
    """``identifying_cells`` (what makes the figures-only report ask for a password):
    only sections about beneficiaries, only counts of 1 to 4, never a total or "Sin
    dato"; every one is printed in the report."""
    from app.reports.monthly import identifying_cells

    stats = compute_monthly(monthly_input(seed=5, n=40))
    cells = identifying_cells(stats)
    people = {s.title: s for s in stats.sections if s.people}
    expected = []
    for title, section in people.items():
        for row in section.rows[:-1] if section.has_total else section.rows:
            small = [v for v in row.values if 1 <= v <= 4]
            if small and row.label != "Sin dato":
                expected.append(f"{title} — {row.label}: {small[0]}")
    assert cells == expected
    assert {c.split(" — ")[0] for c in cells} <= set(people)
    assert "Atenciones por materia" not in {c.split(" — ")[0] for c in cells}


def test_a_deadline_left_scheduled_past_its_moment_is_overdue_not_scheduled() -> None:
    """Fresh-eyes 7 #13: the monthly report called "Programada" a deadline the Agenda shows
    "Vencido". Still scheduled before the report's moment: "Vencidas"; after it:
    "Programadas"; with an outcome recorded: that outcome."""
    from dataclasses import replace
    from datetime import datetime

    inp = replace(
        monthly_input(seed=2, n=10),
        hearings=[
            {"category": "deadline", "status": "scheduled", "at": "2026-03-05T09:00:00"},
            {"category": "deadline", "status": "scheduled", "at": "2026-03-20T09:00:00"},
            {"category": "hearing", "status": "scheduled", "at": "2026-03-06T10:00:00"},
            {"category": "deadline", "status": "held", "at": "2026-03-02T09:00:00"},
        ],
        now=datetime(2026, 3, 10, 12, 0),
    )
    section = compute_monthly(inp).section("audiencias")
    assert section.value("Vencidas", "Plazos") == 1
    assert section.value("Vencidas", "Audiencias") == 1
    assert section.value("Programadas", "Plazos") == 1
    assert section.value("Realizadas", "Plazos") == 1
    assert section.value("Total", "Plazos") == 3
    assert "Vencidas: sin resultado registrado y con fecha ya pasada" in section.note
