"""Page layout shared by every document: A4, office header, footer, styles, tables.

``build_pdf(story, meta)`` lays out a platypus story on A4 pages with the office name and
the document title in the header and, in the footer, when and by whom the document was
generated and "Página X de Y" (a two-pass canvas counts the pages before drawing).
The PDF is built in memory and returned as bytes: nothing touches the disk here.
Helpers build paragraphs with escaped text and tables whose cells wrap instead of
overflowing the page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.reports.fonts import BOLD, REGULAR, register_fonts
from app.reports.timefmt import format_datetime

PAGE_WIDTH, PAGE_HEIGHT = A4
LANDSCAPE = (PAGE_HEIGHT, PAGE_WIDTH)
MARGIN_X = 18 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LANDSCAPE_FRAME_WIDTH = PAGE_HEIGHT - 2 * MARGIN_X

HEADER_BG = colors.HexColor("#1F3A5F")
ROW_ALT = colors.HexColor("#EEF2F7")
GRID = colors.HexColor("#9AA5B1")


@dataclass(frozen=True)
class DocumentMeta:
    """What the header and footer of every page show."""

    title: str
    office_name: str
    generated_by: str
    generated_at: datetime
    subtitle: str = ""


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    notice: ParagraphStyle


def styles() -> Styles:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5)
    return Styles(
        title=ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19),
        subtitle=ParagraphStyle(
            "subtitle", parent=base, fontSize=10, leading=13, textColor=colors.HexColor("#444")
        ),
        heading=ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=9,
            spaceAfter=4,
            textColor=HEADER_BG,
        ),
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        cell=ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5
        ),
        cell_right=ParagraphStyle(
            "cell_right", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        head=ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white
        ),
        notice=ParagraphStyle("notice", parent=base, fontSize=7.5, leading=9.5),
    )


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: user text never becomes markup)."""
    value = "" if text is None else str(text)
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    bold_last: bool = False,
    frame_width: float = FRAME_WIDTH,
) -> Table:
    """A table with a coloured header row (repeated on each page) and wrapping cells.

    ``widths`` are fractions of the frame width; ``numeric`` columns align right.
    """
    st = styles()
    head = [para(h, st.head) for h in header]
    body: list[list[Flowable]] = []
    for index, row in enumerate(rows):
        last = bold_last and index == len(rows) - 1
        cells: list[Flowable] = []
        for col, value in enumerate(row):
            style = st.cell_right if col in numeric else (st.cell_bold if last else st.cell)
            if last and col in numeric:
                style = ParagraphStyle("num_bold", parent=st.cell_right, fontName=BOLD)
            cells.append(para(value, style))
        body.append(cells)
    table = Table(
        [head, *body], colWidths=[w * frame_width for w in widths], repeatRows=1, hAlign="LEFT"
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for index in range(1, len(body) + 1):
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), ROW_ALT))
    table.setStyle(TableStyle(commands))
    return table


def field_table(pairs: Sequence[tuple[str, object]], label_width: float = 0.32) -> Table:
    """A two-column label/value table (labels bold), for records such as a person."""
    st = styles()
    data = [[para(label, st.cell_bold), para(value, st.cell)] for label, value in pairs]
    if not data:
        data = [[para("—", st.cell), para("", st.cell)]]
    table = Table(
        data,
        colWidths=[label_width * FRAME_WIDTH, (1 - label_width) * FRAME_WIDTH],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (0, -1), ROW_ALT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


class _NumberedCanvas(rl_canvas.Canvas):
    """Keeps every page until the end so the footer can say "Página X de Y"."""

    def __init__(self, *args: Any, meta: DocumentMeta, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._meta = meta
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        meta = self._meta
        width, height = self._pagesize
        self.saveState()
        top = height - 12 * mm
        self.setFillColor(HEADER_BG)
        self.setFont(BOLD, 10)
        self.drawString(MARGIN_X, top, meta.office_name)
        self.setFont(REGULAR, 9)
        self.setFillColor(colors.HexColor("#444444"))
        self.drawRightString(width - MARGIN_X, top, meta.title)
        self.setStrokeColor(HEADER_BG)
        self.setLineWidth(0.8)
        self.line(MARGIN_X, top - 3 * mm, width - MARGIN_X, top - 3 * mm)
        bottom = 10 * mm
        self.setStrokeColor(GRID)
        self.setLineWidth(0.4)
        self.line(MARGIN_X, bottom + 4 * mm, width - MARGIN_X, bottom + 4 * mm)
        self.setFont(REGULAR, 7.5)
        generated = f"Generado el {format_datetime(meta.generated_at)} por {meta.generated_by}"
        self.drawString(MARGIN_X, bottom, generated)
        self.drawRightString(width - MARGIN_X, bottom, f"Página {number} de {total}")
        self.restoreState()


def build_pdf(story: list[Flowable], meta: DocumentMeta, *, landscape: bool = False) -> bytes:
    """Lay ``story`` out on A4 (portrait, or landscape for wide tables) with header and
    footer; return the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LANDSCAPE if landscape else A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=meta.title,
        author=meta.office_name,
        subject=meta.title,
        creator="Chasqui",
        initialFontName=REGULAR,
    )
    st = styles()
    heading: list[Flowable] = [para(meta.title, st.title)]
    if meta.subtitle:
        heading.append(para(meta.subtitle, st.subtitle))
    doc.build([*heading, *story], canvasmaker=partial(_NumberedCanvas, meta=meta))
    return buffer.getvalue()


def centered(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "_c", parent=style, alignment=TA_CENTER)
