"""The charts of time and load, drawn once for the PDF and the screen.

Owns ``survival_chart`` (Kaplan–Meier step curves: the share of cases still waiting by
days elapsed, one line per group with its n in the legend), ``month_chart`` (one line per
group over months, with an optional dashed reference line: the caseload ceiling) and
``svg(drawing)`` (the same reportlab ``Drawing`` as SVG bytes, which the desktop shows in
a ``QSvgWidget``). Labels in DejaVu Sans, Spanish.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports.charts import LABEL_SIZE, PALETTE, axis_range, fit
from app.reports.fonts import REGULAR, register_fonts
from app.reports.labels import month_label
from app.reports.office_figures import Curve, OfficeFigures
from stats.timeliness import INTERVALS

# one line per group, each in a colour of its own; past that the legend says how many
# more the table beside lists (fresh-eyes 6 #13: a matter of the table was silently left out)
MAX_LINES = len(PALETTE)
CEILING_COLOR = colors.HexColor("#C0392B")


def _plot(width: float, height: float, legend_rows: int) -> tuple[Drawing, LinePlot]:
    register_fonts()
    drawing = Drawing(width, height)
    # an opaque page: on screen the SVG is drawn over the window's colours
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    plot = LinePlot()
    legend_h = 12 * legend_rows + 6
    plot.x, plot.y = 42, 30 + legend_h
    plot.width, plot.height = width - 56, height - 44 - legend_h
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = REGULAR, LABEL_SIZE
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    return drawing, plot


LEGEND_MARK = 22  # points a legend entry needs besides its text (swatch and gaps)


def legend_columns(names: Sequence[str], width: float) -> int:
    """How many legend columns fit ``names`` whole (at most 3, at least 1: a name too
    long even for one column is shortened by ``_legend``)."""
    register_fonts()
    widest = max((stringWidth(n, REGULAR, LABEL_SIZE) for n in names), default=0.0)
    for columns in (3, 2):
        if widest + LEGEND_MARK <= (width - 16) / columns:
            return columns
    return 1


def _named(names: Sequence[str], total: int) -> list[str]:
    """The legend's entries: every line's name, then "y N más en la tabla" when ``total``
    groups had more than the lines drawn."""
    more = total - len(names)
    return [*names, f"y {more} más en la tabla"] if more > 0 else list(names)


def _legend_rows(names: Sequence[str], width: float) -> int:
    columns = legend_columns(names, width)
    return (len(names) + columns - 1) // columns


def _legend(drawing: Drawing, names: Sequence[str], width: float) -> None:
    if not names:
        return
    legend = Legend()
    columns = legend_columns(names, width)
    rows = (len(names) + columns - 1) // columns
    room = (width - 16) / columns - LEGEND_MARK
    legend.x, legend.y = 8, 6 + 12 * rows
    legend.fontName, legend.fontSize = REGULAR, LABEL_SIZE
    legend.alignment = "right"
    legend.columnMaximum = rows
    legend.deltax = (width - 16) / columns
    legend.deltay = 12
    legend.dx, legend.dy = 10, 3
    legend.colorNamePairs = [
        (PALETTE[i] if i < len(PALETTE) else colors.white, fit(name, "", room, LABEL_SIZE))
        for i, name in enumerate(names)
    ]
    drawing.add(legend)


def _axis_title(drawing: Drawing, plot: LinePlot, x_title: str, y_title: str) -> None:
    drawing.add(String(plot.x, plot.y + plot.height + 4, y_title, fontName=REGULAR,
                       fontSize=LABEL_SIZE))  # fmt: skip
    drawing.add(String(plot.x + plot.width, plot.y - 24, x_title, fontName=REGULAR,
                       fontSize=LABEL_SIZE, textAnchor="end"))  # fmt: skip


def _empty(drawing: Drawing, width: float, height: float) -> Drawing:
    drawing.add(String(width / 2, height / 2, "Sin datos en el periodo", fontName=REGULAR,
                       fontSize=9, textAnchor="middle"))  # fmt: skip
    return drawing


def thin_steps(
    points: Sequence[tuple[float, float]], resolution: float
) -> list[tuple[float, float]]:
    """A step curve's corners (``Curve.points``: (0, 1), then each drop as two corners,
    (time, before) and (time, after)) with the drops that fall within ``resolution`` of
    the first drop of their run merged into that one drop, to the run's last value: the
    same picture at the chart's size, a few hundred corners instead of thousands."""
    if resolution <= 0 or len(points) < 3:
        return list(points)
    steps: list[tuple[float, float]] = []  # (time, value after the drop)
    for (t0, _v0), (t1, v1) in zip(points[1::2], points[2::2], strict=False):
        if t0 != t1:  # not a drop: keep the corners as they are
            return list(points)
        if steps and t1 - steps[-1][0] < resolution:
            steps[-1] = (steps[-1][0], v1)
        else:
            steps.append((t1, v1))
    out, before = [points[0]], points[0][1]
    for time, value in steps:
        out += [(time, before), (time, value)]
        before = value
    return out


def survival_chart(
    curves: Sequence[Curve], width: float = 460, height: float = 260, highlight: str = ""
) -> Drawing:
    """Step curves of the share of cases still waiting (0–100 %) by calendar days;
    ``highlight``: the group whose line stands out (the table row selected beside it)."""
    groups = [c for c in curves if c.n]
    shown = groups[:MAX_LINES]
    names = _named([f"{c.group} (n={c.n})" for c in shown], len(groups))
    drawing, plot = _plot(width, height, _legend_rows(names, width))
    if not shown:
        return _empty(drawing, width, height)
    step, top = axis_range([max(c.last for c in shown)])
    resolution = top / max(1.0, float(plot.width))  # one point of the x axis
    plot.data = [
        [(t, 100.0 * s) for t, s in thin_steps(c.points, resolution)]
        + [(c.last, 100.0 * c.points[-1][1])]
        for c in shown
    ]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, top
    plot.xValueAxis.valueStep = step
    plot.xValueAxis.labelTextFormat = "%d"
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 100, 25
    plot.yValueAxis.labelTextFormat = "%d %%"
    for i, curve in enumerate(shown):
        plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        plot.lines[i].strokeWidth = 2.0 if i == 0 else 1.3
        if highlight:  # the one chosen stands out, the others recede
            plot.lines[i].strokeWidth = 4.0 if curve.group == highlight else 0.8
    drawing.add(plot)
    if not any(c.events for c in shown):  # a flat line at 100 %, or none at all: say why
        waiting = shown[0].n
        drawing.add(String(plot.x + plot.width / 2, plot.y + plot.height / 2,
                           "Ningún caso llegó todavía al final del tramo", fontName=REGULAR,
                           fontSize=LABEL_SIZE + 1, textAnchor="middle"))  # fmt: skip
        drawing.add(String(plot.x + plot.width / 2, plot.y + plot.height / 2 - 12,
                           f"(esperan: {waiting})", fontName=REGULAR,
                           fontSize=LABEL_SIZE + 1, textAnchor="middle"))  # fmt: skip
    _axis_title(drawing, plot, "días desde el inicio", "casos que aún esperan")
    _legend(drawing, names, width)
    return drawing


def month_chart(
    months: Sequence[date],
    series: Sequence[tuple[str, Sequence[int]]],
    width: float = 460,
    height: float = 260,
    *,
    reference: float | None = None,
    y_title: str = "",
    x_title: str = "mes",
) -> Drawing:
    """One line per (name, values) over ``months``; ``reference`` draws the ceiling."""
    shown = list(series)[:MAX_LINES]
    names = _named([name for name, _ in shown], len(series))
    drawing, plot = _plot(width, height, _legend_rows(names, width))
    if not months or not shown:
        return _empty(drawing, width, height)
    plot.data = [[(float(i), float(v)) for i, v in enumerate(values)] for _, values in shown]
    if len(months) == 1:  # one point: widen the axis so it shows
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = -0.5, 0.5
    else:
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, len(months) - 1
    every = max(1, (len(months) + 5) // 6)
    plot.xValueAxis.valueSteps = [float(i) for i in range(0, len(months), every)]
    plot.xValueAxis.labelTextFormat = lambda i: month_label(months[round(i)])
    step, top = axis_range([*(v for _, values in shown for v in values), reference or 0])
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, top, step
    plot.yValueAxis.labelTextFormat = "%d"
    for i in range(len(shown)):
        plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        plot.lines[i].strokeWidth = 1.5
        if len(months) <= 24:
            from reportlab.graphics.widgets.markers import makeMarker

            plot.lines[i].symbol = makeMarker("FilledCircle", size=3)
    drawing.add(plot)
    if reference is not None and top > 0:
        y = plot.y + plot.height * reference / top
        # dashes drawn one by one: an SVG path closed back onto itself hides a dash array
        x, stop = float(plot.x), float(plot.x + plot.width)
        while x < stop:
            drawing.add(Line(x, y, min(x + 5, stop), y, strokeColor=CEILING_COLOR,
                             strokeWidth=1.4))  # fmt: skip
            x += 8
        drawing.add(String(plot.x + plot.width - 2, y + 3, f"Tope: {int(reference)}",
                           fontName=REGULAR, fontSize=LABEL_SIZE, fillColor=CEILING_COLOR,
                           textAnchor="end"))  # fmt: skip
    _axis_title(drawing, plot, x_title, y_title)
    _legend(drawing, names, width)
    return drawing


CHART_KEYS = (*(f"survival:{i.code}" for i in INTERVALS), "caseload", "trend", "demand")


def chart(fig: OfficeFigures, key: str, width: float = 460, height: float = 260) -> Drawing:
    """One chart of the office's figures by its key (``CHART_KEYS``):
    ``survival:<interval>`` (``survival:<interval>:<group>``: that group's line
    highlighted), ``caseload`` (with the ceiling line), ``trend``
    (consultations by matter) or ``demand`` (consultations and sponsorships per
    defender). The page draws only the one it shows (each costs about 0.1 s at 100k)."""
    if key.startswith("survival:"):
        _, code, *group = key.split(":", 2)
        return survival_chart(fig.curves.get(code, ()), width, height, "".join(group))
    if key == "caseload":
        load = fig.caseload
        heaviest = sorted(load.defenders, key=lambda s: (-max(s.values, default=0), s.label))
        return month_chart(
            load.months, [(s.label, s.values) for s in heaviest], width, height,
            reference=load.ceiling, y_title="casos activos", x_title="fin de mes",
        )  # fmt: skip
    if key == "trend":
        return month_chart(
            fig.trend.months, [(s.label, s.values) for s in fig.trend.matters], width, height,
            y_title="consultas",
        )  # fmt: skip
    if key == "demand":
        both = [
            (c.label, tuple(a + b for a, b in zip(c.values, p.values, strict=True)))
            for c, p in zip(fig.demand.consultations, fig.demand.sponsorships, strict=True)
        ]
        both.sort(key=lambda kv: (-sum(kv[1]), kv[0]))
        return month_chart(
            fig.demand.months, both, width, height, y_title="consultas y patrocinios"
        )
    raise KeyError(key)


def chart_set(fig: OfficeFigures, width: float = 460, height: float = 260) -> dict[str, Drawing]:
    """Every chart of the office's figures, by key (``chart``)."""
    return {key: chart(fig, key, width, height) for key in CHART_KEYS}


def svg(drawing: Drawing) -> bytes:
    """The drawing as SVG (UTF-8 bytes)."""
    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(drawing)
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    # reportlab writes "fill: None" for open lines; CSS keywords are lower case, and Qt's
    # SVG renderer fills such a polyline black
    return data.replace(b"fill: None", b"fill: none")
