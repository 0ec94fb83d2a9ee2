"""The directorate's dashboard as HTML: server-rendered, in Spanish, self-contained.

Owns the pages' markup (``login_page``, ``dashboard_page``) and the charts, drawn as
inline SVG (``bar_chart``: horizontal bars with an optional reference line such as the
caseload ceiling; ``line_chart``: monthly series with a legend). No script, no external
asset, no web font: the pages work without internet and under a strict
Content-Security-Policy. Every text that comes from data is escaped. Figure cells carry
``data-cell`` attributes (office|group kind|group|interval|column) so that a test can
read what a person sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from stats import timeliness as tl
from sync.server import report
from sync.server.dashboard_data import (
    ACTIVE,
    CURRENT,
    FAILED,
    OVER,
    UPDATING,
    Figures,
    suppressed_count,
)

PALETTE = ("#1f5f8b", "#c0392b", "#27864a", "#8e44ad", "#d68910", "#566573", "#117a65")
STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;color:#1b2631;background:#f4f6f7}
header{background:#1f3a52;color:#fff;padding:.6em 1em;display:flex;gap:1em;
align-items:center;flex-wrap:wrap}
header h1{font-size:1.2em;margin:0;flex:1}
main{padding:1em;max-width:1200px}
section{background:#fff;border:1px solid #d5dbdb;border-radius:4px;padding:.8em 1em;
margin:0 0 1em}
h2{font-size:1.05em;margin:.2em 0 .6em}
table{border-collapse:collapse;font-size:.9em}
th,td{border-bottom:1px solid #e5e8e8;padding:.25em .6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.pair{display:flex;gap:1.5em;flex-wrap:wrap;align-items:flex-start}
.note{color:#566573;font-size:.85em}
.error{color:#922b21;font-weight:bold}
.stale{color:#6e2c00;background:#fef5e7;border-left:3px solid #d68910;padding:.2em .5em}
form.inline{display:inline}
button,input{font:inherit}
label{margin-right:.5em}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="es-PE"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def login_page(nonce: str, message: str = "") -> str:
    error = f'<p class="error" id="mensaje">{escape(message)}</p>' if message else ""
    return _page(
        "Ingreso — Panel de la Dirección",
        "<header><h1>Chasqui — Panel de la Dirección</h1></header><main><section>"
        f"<h2>Ingreso de supervisores</h2>{error}"
        '<form method="post" action="/panel/login">'
        f'<input type="hidden" name="nonce" value="{escape(nonce)}">'
        '<p><label for="usuario">Usuario</label>'
        '<input id="usuario" name="usuario" autocomplete="username" required></p>'
        '<p><label for="clave">Contraseña</label><input id="clave" name="clave" '
        'type="password" autocomplete="current-password" required></p>'
        '<p><button type="submit" id="ingresar">Ingresar</button></p></form>'
        "</section></main>",
    )


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _cell(row: report.Row | None, column: str) -> str:
    if row is None:
        return "—"
    f = row.figure
    if row.suppressed:
        return row.shown_n if column == "n" else "—"
    values = {
        "n": str(f.n), "events": str(f.events), "median": _days(f.median_days),
        "q1q3": f"{_days(f.q1_days)} – {_days(f.q3_days)}",
    }  # fmt: skip
    return values[column]


def _td(figs: Figures, office: str, kind: str, group: str, interval: str, column: str,
        working: bool = False) -> str:  # fmt: skip
    row = figs.cell(office, kind, group, interval, working)
    key = "|".join((office, kind, group, interval, column + ("_hab" if working else "")))
    return f'<td class="n" data-cell="{escape(key)}">{escape(_cell(row, column))}</td>'


def bar_chart(items: Sequence[tuple[str, float]], unit: str, reference: float | None = None,
              reference_label: str = "", title: str = "") -> str:  # fmt: skip
    """Horizontal bars (label, value), scaled to the largest value or the reference."""
    width, left, bar_h, gap = 560, 190, 16, 6
    height = max(1, len(items)) * (bar_h + gap) + 30
    top = max([v for _, v in items] + [reference or 0, 1])
    scale = (width - left - 60) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(items):
        y = 8 + i * (bar_h + gap)
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">'
            f"{escape(label[:30])}</text>"
            f'<rect x="{left}" y="{y}" width="{value * scale:.1f}" height="{bar_h}" '
            f'fill="{PALETTE[0]}"/><text x="{left + value * scale + 4:.1f}" y="{y + 12}" '
            f'font-size="11">{value:g} {escape(unit)}</text>'
        )
    if reference is not None:
        x = left + reference * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{height - 18}" stroke="{PALETTE[1]}" '
            f'stroke-width="2" stroke-dasharray="5,3"/><text x="{x:.1f}" y="{height - 4}" '
            f'font-size="11" fill="{PALETTE[1]}" text-anchor="middle">'
            f"{escape(reference_label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(months: Sequence[str], series: dict[str, dict[str, int]], title: str) -> str:
    """One line per series over the months, with a legend."""
    width, height, left, bottom, top_pad = 560, 230, 40, 40, 10
    plot_w, plot_h = width - left - 130, height - bottom - top_pad
    top = max([v for s in series.values() for v in s.values()] + [1])
    step = plot_w / max(1, len(months) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_pad + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top_pad + 8}" font-size="10" text-anchor="end">{top}</text>',
        f'<text x="{left - 4}" y="{top_pad + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    for i, month in enumerate(months):
        if len(months) <= 12 or i % 3 == 0:
            parts.append(
                f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" font-size="9" '
                f'text-anchor="middle">{escape(month[2:])}</text>'
            )
    for n, (name, values) in enumerate(sorted(series.items())):
        color = PALETTE[n % len(PALETTE)]
        points = " ".join(
            f"{left + i * step:.1f},{top_pad + plot_h - values.get(m, 0) / top * plot_h:.1f}"
            for i, m in enumerate(months)
        )
        parts.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>'
            f'<rect x="{left + plot_w + 12}" y="{top_pad + n * 16}" width="10" height="10" '
            f'fill="{color}"/><text x="{left + plot_w + 26}" y="{top_pad + n * 16 + 9}" '
            f'font-size="10">{escape(name[:18])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _national(figs: Figures) -> str:
    head = (
        "<tr><th>Intervalo</th><th>Casos</th><th>Llegaron</th><th>Mediana (días)</th>"
        "<th>Q1 – Q3</th><th>Mediana (días hábiles)</th></tr>"
    )
    rows, bars = [], []
    for interval in tl.INTERVALS:
        c = (report.NATIONAL, "total", tl.TOTAL, interval.code)
        rows.append(
            f"<tr><td>{escape(interval.label)}</td>{_td(figs, *c, 'n')}{_td(figs, *c, 'events')}"
            f"{_td(figs, *c, 'median')}{_td(figs, *c, 'q1q3')}{_td(figs, *c, 'median', True)}"
            "</tr>"
        )
        row = figs.cell(*c)
        if row and not row.suppressed and row.figure.median_days is not None:
            bars.append((interval.label.split(" → ")[-1], row.figure.median_days))
    chart = bar_chart(bars, "días", title="Mediana nacional por intervalo")
    return (
        '<section id="nacional"><h2>Tiempos nacionales</h2><div class="pair">'
        f"<table>{head}{''.join(rows)}</table>{chart}</div>"
        '<p class="note">Kaplan–Meier: los casos que aún esperan cuentan como observaciones '
        "censuradas; la mediana queda vacía (—) cuando menos de la mitad llegó al hito. "
        f"Celdas con menos de {report.MIN_CELL} casos: {report.SUPPRESSED}; «{report.RESERVED}»:"
        " oculta para que no pueda deducirse una celda pequeña del total nacional."
        "</p></section>"
    )


def _offices(figs: Figures) -> str:
    head = (
        '<tr><th rowspan="2">Oficina</th>'
        + "".join(f'<th colspan="2">{escape(i.label)}</th>' for i in tl.INTERVALS)
        + "</tr><tr>" + "<th>Mediana (días)</th><th>Casos</th>" * len(tl.INTERVALS) + "</tr>"
    )  # fmt: skip
    rows = []
    for code, name in figs.offices.items():
        cells = "".join(
            _td(figs, code, "total", tl.TOTAL, i.code, "median")
            + _td(figs, code, "total", tl.TOTAL, i.code, "n")
            for i in tl.INTERVALS
        )
        rows.append(f"<tr><td>{escape(name)} ({escape(code)})</td>{cells}</tr>")
    table = f"<table>{head}{''.join(rows)}</table>"
    return f'<section id="oficinas"><h2>Por oficina</h2>{table}</section>'


def _load(figs: Figures) -> str:
    rows = "".join(
        f"<tr><td>{escape(o.name)} ({escape(o.office)})</td>"
        f'<td class="n" data-cell="{escape(o.office)}|load|defenders">{o.defenders}</td>'
        f'<td class="n" data-cell="{escape(o.office)}|load|active">'
        f"{suppressed_count(o.active)}</td>"
        f'<td class="n" data-cell="{escape(o.office)}|load|over">{o.over_ceiling}</td>'
        f'<td class="n" data-cell="{escape(o.office)}|load|most">{suppressed_count(o.most)}</td>'
        "</tr>"
        for o in figs.load
    )
    chart = bar_chart(
        [(o.name, o.most) for o in figs.load if o.most >= report.MIN_CELL], "casos",
        figs.ceiling, f"tope {figs.ceiling}", "Casos activos del defensor más cargado",
    )  # fmt: skip
    return (
        f'<section id="carga"><h2>Carga de casos al {figs.end:%d/%m/%Y}</h2><div class="pair">'
        "<table><tr><th>Oficina</th><th>Defensores</th><th>Casos activos</th>"
        f"<th>Sobre el tope ({figs.ceiling})</th><th>Máximo por defensor</th></tr>"
        f"{rows}</table>{chart}</div></section>"
    )


def _monthly(figs: Figures, first: str, rows: list[tuple[str, str, dict[str, str]]]) -> str:
    """A month-by-month table: (label, data-cell key, month -> shown value) per row."""
    head = f"<tr><th>{first}</th>" + "".join(f"<th>{m}</th>" for m in figs.months) + "</tr>"
    body = "".join(
        f"<tr><td>{escape(label)}</td>"
        + "".join(
            f'<td class="n" data-cell="{escape(key)}|{m}">{escape(shown.get(m, "0"))}</td>'
            for m in figs.months
        )
        + "</tr>"
        for label, key, shown in rows
    )
    return f'<div style="overflow-x:auto"><table>{head}{body}</table></div>'


def _counts(values: dict[str, int]) -> dict[str, str]:
    """Counts as shown across offices: 0, or under ``report.MIN_CELL`` suppressed."""
    return {m: suppressed_count(n) if n else "0" for m, n in values.items()}


def _caseload(figs: Figures) -> str:
    """National caseload at each month end: active cases, defenders over the ceiling."""
    active, over = figs.caseload.get(ACTIVE, {}), figs.caseload.get(OVER, {})
    table = _monthly(figs, "", [
        (ACTIVE, "caseload|active", _counts(active)),
        (OVER, "caseload|over", {m: str(n) for m, n in over.items()}),
    ])  # fmt: skip
    chart = line_chart(figs.months, figs.caseload, "Carga de casos al cierre de cada mes")
    return (
        '<section id="carga-mensual"><h2>Carga de casos por mes (nacional)</h2>'
        f'<p class="note">Al último día de cada mes; tope por defensor: {figs.ceiling}.</p>'
        f"{chart}{table}</section>"
    )


def _trend(figs: Figures) -> str:
    table = _monthly(figs, "Materia", [
        (matter, f"trend|{matter}", _counts(values))
        for matter, values in sorted(figs.trend.items())
    ])  # fmt: skip
    chart = line_chart(figs.months, figs.trend, "Consultas por mes y materia")
    return (
        '<section id="tendencia"><h2>Consultas por mes y materia (nacional)</h2>'
        f"{chart}{table}</section>"
    )


def _courts(figs: Figures) -> str:
    rows = (
        "".join(
            f"<tr><td>{escape(r.figure.group)}</td>"
            + _td(figs, report.NATIONAL, "court", r.figure.group, r.figure.interval, "n")
            + _td(figs, report.NATIONAL, "court", r.figure.group, r.figure.interval, "median")
            + "</tr>"
            for r in figs.slowest
        )
        or '<tr><td colspan="3">Sin juzgados con datos suficientes.</td></tr>'
    )
    return (
        '<section id="juzgados"><h2>Juzgados más lentos (demanda → sentencia)</h2>'
        "<table><tr><th>Juzgado</th><th>Casos</th><th>Mediana (días)</th></tr>"
        f"{rows}</table></section>"
    )


def _as_of(figs: Figures, state: str) -> str:
    """When the figures were computed; when the change log has moved since, that they are
    being brought up to date (``UPDATING``) or could not be (``FAILED``)."""
    note = f"Cifras al {figs.computed_at:%d/%m/%Y %H:%M:%S} (hora de la oficina)."
    if state == UPDATING:
        note += (" Hay sincronizaciones posteriores que aún no están en estas cifras: se"
                 " están actualizando; vuelva a cargar la página en unos segundos.")  # fmt: skip
    elif state == FAILED:
        note += (" Hay sincronizaciones posteriores que no se pudieron sumar a estas"
                 " cifras; el servidor lo sigue intentando. Vuelva a cargar la página"
                 " más tarde.")  # fmt: skip
    kind, current = ("note", "1") if state == CURRENT else ("note stale", "0")
    return (f'<p class="{kind}" id="vigencia" data-current="{current}" data-state="{state}">'
            f"{note}</p>")  # fmt: skip


def dashboard_page(figs: Figures, name: str, csrf: str, state: str = CURRENT) -> str:
    """The figures page; ``state``: what ``FiguresCache.view`` said of the figures."""
    period = f"desde={figs.start.isoformat()}&hasta={figs.end.isoformat()}"
    header = (
        "<header><h1>Chasqui — Panel de la Dirección</h1>"
        f'<span id="sesion">Sesión: {escape(name)}</span>'
        '<form class="inline" method="post" action="/panel/logout">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        '<button type="submit" id="salir">Cerrar sesión</button></form></header>'
    )
    controls = (
        '<section><form method="get" action="/panel">'
        f'<label>Desde <input type="date" name="desde" value="{figs.start.isoformat()}">'
        f'</label><label>Hasta <input type="date" name="hasta" value="{figs.end.isoformat()}">'
        '</label><button type="submit">Ver</button></form>'
        f'<p><a id="exportar" href="/panel/tiempos.csv?{period}">Exportar CSV</a> '
        f'<span class="note">Periodo: casos cuyo intervalo empezó entre el {figs.start:%d/%m/%Y}'
        f" y el {figs.end:%d/%m/%Y}.</span></p>{_as_of(figs, state)}</section>"
    )
    body = (
        f"{header}<main>{controls}{_national(figs)}{_offices(figs)}{_load(figs)}"
        f"{_caseload(figs)}{_trend(figs)}{_courts(figs)}</main>"
    )
    return _page("Panel de la Dirección — Chasqui", body)
