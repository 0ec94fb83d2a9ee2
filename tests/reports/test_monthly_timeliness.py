"""The monthly report's "Tiempos de la justicia y carga procesal" section, read back with
pypdf and checked against counts made here from the raw records: the Kaplan–Meier row of
time to sentence (cases, arrived, median — also against lifelines), the caseload per
defender at the month's end. A defender's own report has no office section."""

from __future__ import annotations

from datetime import date
from typing import Any

from lifelines import KaplanMeierFitter

from app.core import milestones
from app.reports import api
from app.reports.office_charts import chart_set, svg
from app.reports.office_figures import office_figures
from tests.reports.fixtures import monthly_input
from tests.reports.pdftext import lines_of, text_of
from tests.reports.seed import seed_store

TODAY = date(2026, 4, 15)
# (filed, decided) — decided None: still waiting at the end of March (censored)
TIMES = [("2025-11-03", "2025-12-01"), ("2025-12-01", "2026-01-10"),
         ("2026-01-05", "2026-01-15"), ("2026-02-02", None), ("2026-03-02", "2026-03-20"),
         ("2026-03-10", "2026-04-10")]  # fmt: skip


def _arrange(store: Any) -> tuple[Any, dict[str, str], list[str]]:
    inp = monthly_input(seed=11, n=80, case_ratio=0.6, in_month_ratio=0.5)
    ids = seed_store(store, inp)
    keys = [c["id"] for c in inp.cases][: len(TIMES)]
    for key, (filed, decided) in zip(keys, TIMES, strict=True):
        milestones.record_milestone(store, ids[key], "filed", filed, today=TODAY)
        if decided:
            milestones.record_milestone(store, ids[key], "decision", decided, today=TODAY)
    return inp, ids, keys


def test_monthly_pdf_prints_times_and_caseload(store: Any) -> None:
    inp, _ids, _keys = _arrange(store)
    stats = api.monthly_statistics(store, "2026-03", today=TODAY)
    assert stats.office is not None and stats.office.start == date(2025, 4, 1)
    lines = lines_of(api.render_monthly(stats, generated_by="Jefa"))
    assert "Tiempos de la justicia y carga procesal" in lines

    # by the end of March: four sentences (28, 40, 10, 18 days), two waiting (censored
    # at 31/03: 57 and 21 days); the one decided in April is not an event yet
    durations, events = [28, 40, 10, 57, 18, 21], [True, True, True, False, True, False]
    fitter = KaplanMeierFitter().fit(durations, events)
    median = f"{fitter.median_survival_time_:g}"
    assert median == "28"
    total = [ln for ln in lines if ln.startswith("Todas 6 4 ")]
    assert total and total[0].split()[3] == median, total

    # caseload at the end of March per defender, from the raw cases
    names = {uid: str(u["display_name"]) for uid, u in inp.users.items()}
    active = dict.fromkeys((names[u] for u in ("u0", "u1", "u2")), 0)
    for case in inp.cases:
        if case["opened_at"][:10] < "2026-04-01" and (
            case["closed_at"] is None or case["closed_at"][:10] >= "2026-04-01"
        ):
            active[names[case["defender_id"]]] += 1
    for name, count in active.items():
        # the table's last column is March ("mar 26")
        assert any(ln.startswith(name + " ") and ln.split()[-1] == str(count) for ln in lines), (
            name,
            count,
        )
    assert "mar 26" in " ".join(lines)


def test_a_defenders_report_has_no_office_section(store: Any) -> None:
    _arrange(store)
    stats = api.monthly_statistics(store, "2026-03", defender="ana", today=TODAY)
    assert stats.office is None
    assert "Tiempos de la justicia" not in text_of(api.render_monthly(stats))


def test_charts_are_svg_and_an_empty_office_draws_a_notice(store: Any) -> None:
    empty = office_figures(store, date(2026, 1, 1), date(2026, 3, 31), today=TODAY)
    charts = {key: svg(d) for key, d in chart_set(empty).items()}
    assert set(charts) == {"survival:intake_to_filing", "survival:filing_to_first_hearing",
                           "survival:filing_to_decision", "survival:intake_to_closure",
                           "caseload", "trend", "demand"}  # fmt: skip
    for data in charts.values():
        assert data.startswith(b"<?xml") and b"<svg" in data
    assert b"Sin datos en el periodo" in charts["survival:filing_to_decision"]


def test_legends_keep_whole_names_at_the_page_width() -> None:
    """The matters' names in the legend are whole at the "Tiempos" page's chart width
    (finding 15: "Violencia familiar (L…"); a name too long for one column is shortened,
    never the rest."""
    from app.reports.office_charts import month_chart, survival_chart
    from app.reports.office_figures import Curve
    from app.ui.timeliness_page import CHART_SIZE

    names = ["Todas", "Violencia familiar (Ley 30364)", "Tenencia y régimen de visitas",
             "Conciliación extrajudicial", "Alimentos"]  # fmt: skip
    curves = [Curve(n, 12, 6, 30.0, ((0.0, 1.0), (30.0, 0.5)), 90.0) for n in names]
    drawn = svg(survival_chart(curves, *CHART_SIZE)).decode()
    for name in names:
        assert f"{name} (n=12)" in drawn
    trend = month_chart([date(2026, 1, 1), date(2026, 2, 1)],
                        [(n, (1, 2)) for n in names], *CHART_SIZE)  # fmt: skip
    text = svg(trend).decode()
    assert all(name in text for name in names)
    long = "Asistencia a víctimas de violencia en zonas rurales alejadas de la sede" * 2
    assert "…" in svg(month_chart([date(2026, 1, 1)], [(long, (1,))], *CHART_SIZE)).decode()
