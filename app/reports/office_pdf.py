"""The timeliness and caseload section of the monthly report (and of the timeliness PDF).

Owns ``timeliness_section(figures)``: platypus flowables for "Tiempos de la justicia" —
the Kaplan–Meier curve of time to sentence by matter (``office_charts.survival_chart``,
the same drawing the "Tiempos" page shows) with its table (cases, how many reached the
end, median and quartiles — "rango habitual" — in calendar days, median in working days;
plain words, ``EXPLAINED``), a table of every interval for
all cases, the caseload per defender at each month's end against the ceiling and the
monthly trend of consultations by matter, each chart with its table.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.reports.labels import days_text, explained, month_label, range_text
from app.reports.layout import FRAME_WIDTH, data_table, para, styles
from app.reports.office_charts import month_chart, survival_chart
from app.reports.office_figures import SURVIVAL_INTERVAL, OfficeFigures
from stats.timeliness import INTERVALS

TITLE = "Tiempos de la justicia y carga procesal"
HEADER = ["", "Casos", "Llegaron al final", "Mediana (días)", "Rango habitual (días)",
          "Mediana (días hábiles)"]  # fmt: skip
# What the figures mean, in plain words (the PDFs print it before their tables).
EXPLAINED = " ".join((
    "Los casos que todavía esperan no se descartan: cuentan el tiempo que llevan esperando "
    "hasta el fin del periodo (método de Kaplan–Meier).",
    *(explained(term) for term in ("median", "range", "working")),
))  # fmt: skip
WIDTHS = [0.30, 0.09, 0.16, 0.15, 0.15, 0.15]  # "Con sentencia" whole on two lines


days, quartiles = days_text, range_text  # the one wording (``labels``), as the PDFs name it


def _rows(figures: OfficeFigures, interval: str) -> list[list[str]]:
    return [
        [cal.group if cal.group_kind != "total" else "Todas", str(cal.n), str(cal.events),
         days(cal.median_days), quartiles(cal.q1_days, cal.q3_days),
         days(work.median_days)]
        for cal, work in figures.table(interval)
    ]  # fmt: skip


def timeliness_section(figures: OfficeFigures) -> list[Flowable]:
    st = styles()
    label = {i.code: i.label for i in INTERVALS}
    reached = {i.code: i.reached or HEADER[2] for i in INTERVALS}
    flow: list[Flowable] = [
        para(TITLE, st.heading),
        para(
            f"Casos cuyo tramo empezó entre el {figures.start:%d/%m/%Y} y el "
            f"{figures.end:%d/%m/%Y}. {EXPLAINED} "
            "«Atención → cierre» sigue a los casos atendidos en el periodo; casos cerrados en "
            f"el periodo, como los cuenta la estadística mensual mes a mes: {figures.closed}.",
            st.small,
        ),
        Spacer(1, 2 * mm),
    ]
    rows = _rows(figures, SURVIVAL_INTERVAL)
    flow.append(KeepTogether([
        para(f"{label[SURVIVAL_INTERVAL]}, por materia", st.body),
        survival_chart(figures.curves.get(SURVIVAL_INTERVAL, ()), FRAME_WIDTH, 220),
        data_table(["Materia", HEADER[1], reached[SURVIVAL_INTERVAL], *HEADER[3:]],
                   rows or [["Sin casos en el periodo", *[""] * 5]],
                   WIDTHS, numeric=(1, 2, 3, 4, 5)),
    ]))  # fmt: skip
    totals = []
    for interval in INTERVALS:
        first = _rows(figures, interval.code)[:1]
        none = ["0", "0", "sin casos", "", ""]
        totals.append([interval.label, *(first[0][1:] if first else none)])
    flow += [
        Spacer(1, 3 * mm),
        KeepTogether([
            para("Todos los intervalos (todas las materias)", st.body),
            data_table(["Intervalo", *HEADER[1:]], totals, WIDTHS, numeric=(1, 2, 3, 4, 5)),
        ]),
    ]  # fmt: skip
    load = figures.caseload
    months = [month_label(m) for m in load.months]
    recent = list(range(max(0, len(months) - 6), len(months)))  # the table's last 6 months
    flow += [
        Spacer(1, 3 * mm),
        KeepTogether([
            para(f"Casos activos por defensor(a) al cierre de cada mes (tope: {load.ceiling})",
                 st.body),
            month_chart(load.months, [(s.label, s.values) for s in load.defenders], FRAME_WIDTH,
                        200, reference=load.ceiling, y_title="casos activos",
                        x_title="fin de mes"),
            data_table(["Defensor(a)", *(months[i] for i in recent)],
                       [[s.label, *(str(s.values[i]) for i in recent)] for s in load.defenders]
                       or [["Sin defensores", *[""] * len(recent)]],
                       [0.34, *[0.66 / max(1, len(recent))] * len(recent)],
                       numeric=tuple(range(1, len(recent) + 1))),
        ]),
    ]  # fmt: skip
    trend = figures.trend
    flow += [
        Spacer(1, 3 * mm),
        KeepTogether([
            para("Consultas por materia, mes a mes", st.body),
            month_chart(trend.months, [(s.label, s.values) for s in trend.matters], FRAME_WIDTH,
                        200, y_title="consultas"),
            data_table(["Materia", *(months[i] for i in recent), "Total"],
                       [[s.label, *(str(s.values[i]) for i in recent), str(s.total)]
                        for s in trend.matters] or [["Sin consultas", *[""] * (len(recent) + 1)]],
                       [0.3, *[0.6 / max(1, len(recent))] * len(recent), 0.1],
                       numeric=tuple(range(1, len(recent) + 2))),
        ]),
    ]  # fmt: skip
    return flow
