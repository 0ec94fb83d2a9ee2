"""The monthly report's bar charts write their category labels level, wrapped into the
width of their group (fresh-eyes 6 #11: labels slanted under the bars read as letters
stacked one over the other on the printed page)."""

from __future__ import annotations

import io
from datetime import datetime

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports.charts import MIN_LABEL_SIZE, bar_chart, wrap_label
from app.reports.fonts import REGULAR
from app.reports.layout import FRAME_WIDTH, DocumentMeta
from app.reports.monthly import monthly_pdf
from app.reports.statistics import compute_monthly
from tests.reports.fixtures import monthly_input

MATTERS = [
    "Alimentos", "Violencia familiar (Ley 30364)", "Penal (defensa)", "Laboral", "Filiación",
    "Asistencia a víctimas", "Tenencia y régimen de visitas", "Conciliación extrajudicial",
]  # fmt: skip


def test_every_label_line_fits_its_group_and_is_level() -> None:
    drawing = bar_chart(MATTERS, [("Casos", [5, 1, 3, 3, 1, 3, 0, 1])], FRAME_WIDTH)
    chart = drawing.contents[0]
    labels = chart.categoryAxis.labels
    assert labels.angle == 0
    room = chart.width / len(MATTERS)
    assert labels.fontSize >= MIN_LABEL_SIZE
    for name, printed in zip(MATTERS, chart.categoryAxis.categoryNames, strict=True):
        lines = printed.split("\n")
        assert 1 <= len(lines) <= 3
        assert " ".join(lines) == name  # nothing cut at this width
        assert all(stringWidth(line, REGULAR, labels.fontSize) < room for line in lines)


def test_a_label_too_long_for_three_lines_ends_with_an_ellipsis() -> None:
    text = wrap_label("Comunidad de San Pedro de la Sierra alta y baja del río", 50, 7.5)
    lines = text.split("\n")
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(stringWidth(line, REGULAR, 7.5) <= 50 for line in lines)


def test_no_text_of_the_monthly_pdf_is_rotated() -> None:
    stats = compute_monthly(monthly_input(seed=3, n=120))
    meta = DocumentMeta("Estadística", "Oficina", "Jefa", datetime(2026, 4, 1, 9, 0))
    pdf = monthly_pdf(stats, meta)
    turned: list[str] = []
    words: list[str] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            words.append(text)
            if cm[1] or cm[2] or tm[1] or tm[2]:
                turned.append(text)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=seen)
    assert words and turned == []
