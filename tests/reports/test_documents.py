"""The record documents rendered from plain data: text, accents, pages, fonts, A4."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from pypdf import PdfReader

from app.reports.documents import DATA_NOTICE, agenda_pdf, case_pdf, intake_pdf
from app.reports.layout import DocumentMeta
from app.reports.model import (
    Agenda,
    AgendaItem,
    AnswerLine,
    AnswerSection,
    CaseSummary,
    HearingLine,
    IntakeRecord,
    NoteLine,
    PartyLine,
    PersonInfo,
)
from tests.reports.pdftext import text_of

META = DocumentMeta(
    "Ficha de atención", "ALEGRA Puno — Brigada", "Ana Quispe", datetime(2026, 3, 5, 10, 30)
)
ACCENTS = "¿Señora Ñusta Ccori Huamán? ¡Sí, áéíóú ÁÉÍÓÚ ü!"


def _person() -> PersonInfo:
    return PersonInfo("María Ñahui Huamán", "DNI", "45678912", "01/02/1990", "36", "Femenino")


def _intake(lines: int = 5) -> IntakeRecord:
    answers = [AnswerLine(f"Pregunta n.° {n}", f"{ACCENTS} {n}") for n in range(lines)]
    return IntakeRecord(
        "i1", "Ficha de atención", "05/03/2026 10:00", "Registrada",
        "Patrocinio", "Alimentos", "Ana Quispe", "—", _person(),
        [AnswerSection("Atención", answers)],
    )  # fmt: skip


def test_intake_record_has_person_answers_notice_and_signature_block() -> None:
    pdf = intake_pdf(_intake(), META)
    text = text_of(pdf)
    assert "María Ñahui Huamán" in text
    assert ACCENTS in text  # ¿ ¡ ñ and accented vowels survive extraction
    assert "Ley N.° 29733" in text
    assert DATA_NOTICE[:60] in " ".join(text.split())
    for caption in ("Firma del (de la) beneficiario(a)", "Huella digital (índice derecho)"):
        assert caption in text
    assert "Generado el 05/03/2026 10:30 por Ana Quispe" in text
    assert "ALEGRA Puno — Brigada" in text


def test_page_numbers_say_page_x_of_y_on_every_page() -> None:
    pdf = intake_pdf(_intake(lines=120), META)
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"Página {number} de {total}" in (page.extract_text() or "")


def test_a4_and_embedded_dejavu_fonts() -> None:
    reader = PdfReader(io.BytesIO(intake_pdf(_intake(), META)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    resources: Any = reader.pages[0]["/Resources"]
    fonts = resources["/Font"]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # TrueType program embedded
        names.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= names


def test_case_summary_lists_parties_notes_hearings() -> None:
    case = CaseSummary(
        "c1", "LIM01-2026-010001", "Alimentos", "En trámite", "00123-2021-0-1801-JP-FC-01",
        "02/03/2026", "—", "Ana Quispe", "Pensión para dos niños", "María Ñahui Huamán",
        parties=[PartyLine("Contraparte", "José Ñañez", "DNI 12345678")],
        notes=[
            NoteLine("02/03/2026 09:00", "Ana", "Primera versión", "Firmada el 02/03/2026 09:10",
                     "Corregida por una nota posterior"),
            NoteLine("03/03/2026 09:00", "Ana", "Versión corregida", "Sin firmar",
                     "Corrige la nota del 02/03/2026 09:00"),
        ],
        hearings=[HearingLine("10/03/2026 11:00", "Audiencia", "Audiencia única",
                              "Juzgado de Paz Letrado de Puno", "Realizada", "Se fijó pensión")],
    )  # fmt: skip
    text = text_of(case_pdf(case, META))
    expected = ("00123-2021-0-1801-JP-FC-01", "José Ñañez", "Corregida por una nota",
                "Versión corregida", "Audiencia única", "No hay archivos adjuntos.")  # fmt: skip
    for piece in expected:
        assert piece in text


def test_agenda_groups_by_day_in_time_order() -> None:
    def item(day: int, hour: int, number: str, status: str = "Programada") -> AgendaItem:
        return AgendaItem(datetime(2026, 3, day, hour), number, "—", "Alimentos", "Audiencia",
                          "Audiencia única", "Juzgado", status, "Ana",
                          f"Cliente {number}")  # fmt: skip

    agenda = Agenda(date(2026, 3, 2), date(2026, 3, 6),
                    [item(4, 15, "C-3"), item(2, 9, "C-1"),
                     item(4, 9, "C-2", "Reprogramada")])  # fmt: skip
    pdf = agenda_pdf(agenda, META)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    text = text_of(pdf)
    assert "Total: 3 diligencias en 2 días con actividad." in text
    assert "Miércoles 04/03/2026 — 2 diligencias" in text  # Spanish plurals, no "(s)"
    assert "Lunes 02/03/2026 — 1 diligencia" in text
    assert "Reprogramada" in text  # whole in its column (it was cut "Reprograma-da")
    assert text.index("Lunes 02/03/2026") < text.index("Miércoles 04/03/2026")
    assert text.index("C-1") < text.index("C-2") < text.index("C-3")
    assert text.index("C-1") < text.index("Cliente C-1") < text.index("C-2")  # client beside
    empty = text_of(agenda_pdf(Agenda(date(2026, 3, 2), date(2026, 3, 6), []), META))
    assert "No hay audiencias ni plazos en el periodo." in empty


def test_agenda_counts_what_happens_and_says_the_rest_apart() -> None:
    """fresh12 #21: the PDF said "Total: 18 diligencias" where the Agenda's screen said
    "Total: 14 — además, 4 canceladas": a hearing moved away or cancelled is listed, not
    counted as activity (fails on the old code: "Total: 4 diligencias")."""

    def item(day: int, number: str, happens: str = "") -> AgendaItem:
        return AgendaItem(datetime(2026, 3, day, 9), number, "—", "Alimentos", "Audiencia",
                          "Audiencia única", "Juzgado", "Programada", "Ana", "Cliente",
                          happens)  # fmt: skip

    agenda = Agenda(date(2026, 3, 2), date(2026, 3, 6),
                    [item(2, "C-1"), item(2, "C-2", "cancelled"), item(4, "C-3"),
                     item(4, "C-4", "rescheduled")])  # fmt: skip
    text = " ".join(text_of(agenda_pdf(agenda, META)).split())
    assert (
        "Total: 2 diligencias en 2 días con actividad — además, 1 reprogramada a otra fecha"
        " y 1 cancelada." in text
    )
    assert "Lunes 02/03/2026 — 1 diligencia — además, 1 cancelada" in text
    assert "Miércoles 04/03/2026 — 1 diligencia — además, 1 reprogramada a otra fecha" in text
