"""Bar and pie charts for the monthly report, drawn with reportlab graphics.

Each function returns a ``Drawing`` (a platypus flowable) sized for the A4 frame, with
DejaVu Sans labels large enough to read on paper, whole-number axes and the value
printed on each bar. Long category labels are shortened with an ellipsis, in the middle
where cutting the end would make two alike (``shorten_apart``; the table beside the
chart always has the full label). The labels under vertical bars are written level,
wrapped word by word into the width of their group (``wrap_label``): rotated text was
hard to read on paper (fresh-eyes 6 #11).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports.fonts import REGULAR, register_fonts

PALETTE = [
    colors.HexColor(c)
    for c in (
        "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
        "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
        "#393B79", "#AD494A",
    )
]  # fmt: skip

LABEL_SIZE = 7.5
MIN_LABEL_SIZE = 6.0  # the smallest size a level category label is printed at
LABEL_LINES = 3  # lines a level category label may take under its group
Value = int | float | Decimal


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten_apart(texts: Sequence[str], limit: int) -> list[str]:
    """Each text shortened to ``limit`` characters so that different texts stay
    different: where cutting the end would make two alike ("Brigada sin campaña
    registrada —…" twice), those keep their beginning's first words and then the words
    where they start to differ ("Comunidad…de Llaccta (brigada…")."""
    short = [shorten(t, limit) for t in texts]
    alike: dict[str, list[str]] = {}
    for text, cut in zip(texts, short, strict=True):
        alike.setdefault(cut, []).append(text)
    out = []
    for text, cut in zip(texts, short, strict=True):
        group = set(alike[cut])
        if len(group) == 1:
            out.append(cut)
            continue
        low, high = min(group), max(group)  # their common beginning: of the extremes
        pairs = enumerate(zip(low, high, strict=False))
        same = next((i for i, (a, b) in pairs if a != b), min(len(low), len(high)))
        apart = text.rfind(" ", 0, same) + 1  # the word where they start to differ
        head = shorten(text, max(4, limit // 3)).rstrip("…").rstrip()
        out.append(head + "…" + shorten(text[apart:], max(4, limit - len(head) - 1)))
    return out


def fit(name: str, suffix: str, room: float, size: float) -> str:
    """``name + suffix``, with ``name`` shortened until the text is at most ``room`` wide."""
    text = name + suffix
    limit = len(name)
    while limit > 4 and stringWidth(text, REGULAR, size) > room:
        limit -= 1
        text = shorten(name, limit) + suffix
    return text


def wrap_label(text: str, room: float, size: float, lines: int = LABEL_LINES) -> str:
    """``text`` wrapped at spaces into at most ``lines`` lines of at most ``room`` points
    (lines joined by "\\n", which reportlab's labels print one under the other); a word
    wider than ``room`` stays whole on its own line, and what does not fit in ``lines``
    ends the last line with an ellipsis."""
    out: list[str] = []
    for word in text.split():
        if out and stringWidth(f"{out[-1]} {word}", REGULAR, size) <= room:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    if len(out) > lines:
        last = " ".join(out[lines - 1 :])
        limit = len(last) - 1
        while limit > 2 and stringWidth(shorten(last, limit), REGULAR, size) > room:
            limit -= 1
        out = [*out[: lines - 1], shorten(last, limit)]
    return "\n".join(out)


def level_labels(categories: Sequence[str], room: float) -> tuple[list[str], float]:
    """Category labels written level under groups ``room`` points wide, and the font
    size they take: the largest from ``LABEL_SIZE`` down to ``MIN_LABEL_SIZE`` at which
    every word fits its group (so neighbours never touch), the smallest otherwise."""
    names = shorten_apart(categories, 60)
    size = LABEL_SIZE
    words = [w for name in names for w in name.split()] or [""]
    while size > MIN_LABEL_SIZE and max(stringWidth(w, REGULAR, size) for w in words) > room:
        size -= 0.5
    return [wrap_label(name, room, size) for name in names], size


def _nice_step(top: float) -> int:
    """A whole step giving about five ticks up to ``top``."""
    if top <= 5:
        return 1
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return max(1, int(factor * power))
    return max(1, int(10 * power))


def axis_range(values: Sequence[Value]) -> tuple[int, int]:
    top = float(max([0, *values]))
    step = _nice_step(top)
    return step, max(step, step * math.ceil(top / step)) if top > 0 else step


def bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    width: float,
    height: float = 190,
) -> Drawing:
    """Vertical (grouped) bars: one group per category, one bar per series."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    legend_h = 16 if len(series) > 1 else 0
    chart.x, chart.y = 40, 14 + LABEL_LINES * (LABEL_SIZE + 1.5)
    chart.width, chart.height = width - 50, height - chart.y - 10 - legend_h
    chart.data = [[float(v) for v in values] for _, values in series]
    room = chart.width / max(1, len(categories)) - 4  # a group's width, less a gap
    names, size = level_labels(categories, room)
    chart.categoryAxis.categoryNames = names
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.leading = REGULAR, size, size + 1.5
    labels.angle, labels.boxAnchor, labels.dy, labels.textAnchor = 0, "n", -3, "middle"
    step, top = axis_range([v for _, values in series for v in values])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = REGULAR, 6.5
    chart.barLabels.nudge = 6
    chart.groupSpacing, chart.barSpacing = 8, 1
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = 40, height - 6
        legend.fontName, legend.fontSize = REGULAR, LABEL_SIZE
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 95
        legend.dx = legend.dy = 7
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(series)
        ]
        drawing.add(legend)
    return drawing


def hbar_chart(
    categories: Sequence[str],
    values: Sequence[Value],
    width: float,
    reference: float | None = None,
) -> Drawing:
    """Horizontal bars, one per category (first at the top); ``reference`` draws a
    dashed red line at that value (e.g. the caseload ceiling)."""
    register_fonts()
    row = 15
    height = max(60, row * len(categories) + 40)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    label_w = 170
    chart.x, chart.y = label_w, 20
    chart.width, chart.height = width - label_w - 30, height - 28
    # HorizontalBarChart draws the first category at the bottom: reverse for reading order.
    chart.data = [[float(v) for v in reversed(values)]]
    chart.categoryAxis.categoryNames = shorten_apart(list(reversed(categories)), 34)
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    step, top = axis_range([*values, reference or 0])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = REGULAR, 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barSpacing = 2
    drawing.add(chart)
    if reference is not None and top > 0:
        x = chart.x + chart.width * reference / top
        drawing.add(
            Line(
                x,
                chart.y,
                x,
                chart.y + chart.height,
                strokeColor=colors.HexColor("#C0392B"),
                strokeWidth=1.2,
                strokeDashArray=[3, 2],
            )
        )
        drawing.add(
            String(
                x + 2,
                chart.y + chart.height + 2,
                f"Tope: {int(reference)}",
                fontName=REGULAR,
                fontSize=LABEL_SIZE,
                fillColor=colors.HexColor("#C0392B"),
            )
        )
    return drawing


def pie_chart(categories: Sequence[str], values: Sequence[Value], width: float) -> Drawing:
    """A pie with a legend naming each slice with its count and share."""
    register_fonts()
    pairs = [(c, float(v)) for c, v in zip(categories, values, strict=True) if v]
    total = sum(v for _, v in pairs)
    height = max(120, 14 * len(pairs) + 20)
    drawing = Drawing(width, height)
    if not pairs:
        drawing.add(String(10, height / 2, "Sin datos en el periodo", fontName=REGULAR, fontSize=9))
        return drawing
    pie = Pie()
    size = 96
    pie.x, pie.y = 14, (height - size) / 2
    pie.width = pie.height = size
    pie.data = [v for _, v in pairs]
    pie.labels = None
    pie.sideLabels = False
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    for index in range(len(pairs)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = size + 30, height / 2 + 7 * len(pairs)
    font_size = LABEL_SIZE + 0.5
    legend.fontName, legend.fontSize = REGULAR, font_size
    legend.alignment = "right"
    legend.columnMaximum = len(pairs)
    legend.dx = legend.dy = 8
    legend.deltay = 14
    room = width - legend.x - legend.dx - 12  # the text must stay inside the drawing
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], fit(name, f": {int(v)} ({100 * v / total:.1f} %)", room,
                                        font_size))
        for i, (name, v) in enumerate(pairs)
    ]  # fmt: skip
    drawing.add(legend)
    return drawing
