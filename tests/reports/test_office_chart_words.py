"""What the office's charts and monthly notes say in words: a survival chart where no case
reached the end says so (a flat line at 100 %, or a curve of length 0, is not an empty
chart: fresh-eyes 5 #7), and the eligibility note names the rule by its title, not its
id."""

from __future__ import annotations

from app.reports.office_charts import survival_chart, svg
from app.reports.office_figures import curve


def test_a_chart_where_nobody_arrived_says_so() -> None:
    waiting = curve("Todas", {0.0: [0, 3]})  # three cases filed today, none decided
    text = svg(survival_chart([waiting], 270, 300)).decode()
    assert "Ningún caso llegó todavía al final del tramo" in text and "(esperan: 3)" in text
    arrived = curve("Todas", {4.0: [1, 1], 9.0: [0, 2]})
    assert "Ningún caso" not in svg(survival_chart([arrived], 270, 300)).decode()


def test_the_eligibility_note_names_the_rule_by_its_title() -> None:
    from app.reports.statistics import compute_monthly
    from tests.reports.fixtures import monthly_input

    stats = compute_monthly(monthly_input(seed=3, n=20))
    note = stats.section("elegibilidad").note
    assert "«Evaluación de gratuidad (socioeconómica)»" in note
    assert "evaluacion_gratuidad" not in note
