"""The monthly statistics as a PDF (tables + charts) and as CSV.

``monthly_pdf(stats, meta)`` prints every section of ``MonthlyStats`` as a table with its
chart. ``stats_to_csv(stats)`` writes the same figures, one per line, as UTF-8 with a
byte-order mark (so Excel shows accents right) with the columns::

    seccion,fila,columna,valor

``seccion`` is the section title as printed, ``fila`` the row label, ``columna`` the
column header and ``valor`` the number (integers plain, amounts and percentages with a
dot and two/one decimals, no thousands separator). The PDF prints the same numbers with
a thousands separator (",").
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.reports.charts import bar_chart, hbar_chart, pie_chart
from app.reports.fonts import BOLD, REGULAR
from app.reports.layout import FRAME_WIDTH, DocumentMeta, build_pdf, data_table, para, styles
from app.reports.statistics import NO_DATA, MonthlyStats, Number, StatSection
from app.reports.timefmt import format_date, month_title
from stats.disclosure import identifying

CSV_HEADER = ("seccion", "fila", "columna", "valor")


def format_number(value: Number) -> str:
    """Printed form: thousands separator; amounts with two decimals."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return f"{value:,.{places}f}"
    return f"{value:,}"


def csv_number(value: Number) -> str:
    return str(value)


def _chart(section: StatSection, width: float) -> Flowable | None:
    rows = section.rows[:-1] if section.has_total else section.rows
    if section.chart == "none" or not rows:
        return None
    names = [r.label for r in rows]
    if section.chart == "pie":
        return pie_chart(names, [r.values[section.chart_columns[0]] for r in rows], width)
    if section.chart == "hbar":
        values = [r.values[section.chart_columns[0]] for r in rows]
        if section.key == "carga":
            return hbar_chart(names, values, width, reference=float(section.rows[0].values[1]))
        return hbar_chart(names, values, width)
    series = [(section.columns[c], [r.values[c] for r in rows]) for c in section.chart_columns]
    return bar_chart(names, series, width)


def _beside_widths(section: StatSection, rows: list[list[str]]) -> list[float]:
    """Column widths (points) that fit the text of a table printed beside its chart."""
    pad = 14
    label = max(
        [stringWidth(section.row_header, BOLD, 8.5)]
        + [stringWidth(r[0], BOLD if section.has_total else REGULAR, 8.5) for r in rows]
    )
    numbers = [
        max([stringWidth(c, BOLD, 8.5), *(stringWidth(r[i + 1], BOLD, 8.5) for r in rows)])
        for i, c in enumerate(section.columns)
    ]
    return [min(label + pad, 0.34 * FRAME_WIDTH), *(max(n + pad, 44) for n in numbers)]


def _section(section: StatSection) -> list[Flowable]:
    st = styles()
    ncols = len(section.columns)
    chart_beside = section.chart == "pie"
    rows = [[r.label, *(format_number(v) for v in r.values)] for r in section.rows]
    if chart_beside:
        widths = _beside_widths(section, rows)
        frame = 1.0  # widths are already in points
    else:
        label_share = 0.46 if ncols <= 2 else 0.34 if ncols <= 4 else 0.28
        widths = [label_share, *([(1 - label_share) / ncols] * ncols)]
        frame = FRAME_WIDTH
    flow: list[Flowable] = [para(section.title, st.heading)]
    table = data_table(
        [section.row_header, *section.columns],
        rows,
        widths,
        numeric=tuple(range(1, ncols + 1)),
        bold_last=section.has_total,
        frame_width=frame,
    )
    if chart_beside:
        table_w = sum(widths) + 10
        chart = _chart(section, FRAME_WIDTH - table_w)
        pair = Table([[table, chart]], colWidths=[table_w, FRAME_WIDTH - table_w])
        pair.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        flow.append(pair)
    else:
        flow.append(table)
        chart = _chart(section, FRAME_WIDTH)
        if chart is not None:
            flow += [Spacer(1, 2 * mm), chart]
    if section.note:
        flow += [Spacer(1, 1.5 * mm), para(section.note, st.small)]
    return [KeepTogether(flow)]


def monthly_pdf(stats: MonthlyStats, meta: DocumentMeta) -> bytes:
    st = styles()
    scope = f"Defensor(a): {stats.defender}" if stats.defender else "Toda la oficina"
    story: list[Flowable] = [
        Spacer(1, 2 * mm),
        para(
            f"Periodo: {format_date(stats.month_start)} al "
            f"{format_date(stats.month_end.fromordinal(stats.month_end.toordinal() - 1))}. "
            f"Alcance: {scope}. Tope de carga: {stats.ceiling} casos por defensor(a).",
            st.body,
        ),
    ]
    for section in stats.sections:
        story += _section(section)
    if stats.office is not None:
        from app.reports.office_pdf import timeliness_section

        story += timeliness_section(stats.office)
    story.append(para("Definiciones", st.heading))
    for text in (
        "Atenciones: fichas registradas en el mes (hora de Lima) con tipo de servicio; no se "
        "cuentan los borradores. Consultas y patrocinios son fichas: el caso se abre aparte "
        "(puede no abrirse todavía, o tener varias fichas), por eso los patrocinios y los "
        "casos nuevos pueden no coincidir.",
        "Casos nuevos: abiertos en el mes. Concluidos: con fecha de conclusión en el mes. "
        "Activos: abiertos antes del fin de mes y sin conclusión a esa fecha.",
        "Audiencias y plazos: con fecha en el mes, según su estado registrado.",
        "Resultados y montos: casos concluidos en el mes, según el acta de cierre del caso.",
        "Perfil de beneficiarios: personas distintas atendidas en el mes; edad al día de la "
        "atención.",
        "Gratuidad pendiente: evaluaciones sin resultado después del plazo de la regla de "
        "plazos 'evaluacion_gratuidad' (días calendario o hábiles, según la regla vigente).",
        "Brigadas: atenciones del mes vinculadas a una campaña itinerante.",
        "Derivaciones: las registradas con fecha en el mes y las atenciones del mes cuyo "
        "servicio fue «Derivación» (una sola vez si también se registró ese día).",
    ):
        story.append(para("• " + text, st.small))
    return build_pdf(story, meta)


def identifying_cells(stats: MonthlyStats) -> list[str]:
    """The cells of the sections about beneficiaries (their district, age, language,
    disability, brigade village, referral) that count 1 to 4 people
    (``stats.disclosure.identifying``), as "Section — row: n". The report has no names, but
    such a cell can point at one person for whoever knows the place: the report then
    leaves the desktop with a password; without any, it holds only totals."""
    found = []
    for section in stats.sections:
        if not section.people:
            continue
        rows = section.rows[:-1] if section.has_total else section.rows
        for row in rows:
            if row.label == NO_DATA:  # "Sin dato" describes nobody
                continue
            counts = [v for v in row.values if isinstance(v, int) and identifying(v)]
            if counts:
                found.append(f"{section.title} — {row.label}: {counts[0]}")
    return found


def monthly_title(stats: MonthlyStats) -> str:
    return f"Estadística mensual — {month_title(stats.month_start)}"


def stats_to_csv(stats: MonthlyStats) -> str:
    """Every figure, one per line (see the module docstring), starting with a BOM."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for section, row, column, value in stats.figures():
        writer.writerow((section.title, row.label, column, csv_number(value)))
    return out.getvalue()
