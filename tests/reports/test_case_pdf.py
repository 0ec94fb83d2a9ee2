"""The case PDF of a case edited through the core, read back: every party with its
role, the referrals, the court file number with its judicial district, the closure in
the form's words, and the reopening note."""

from __future__ import annotations

from datetime import UTC, datetime

from app import reports
from app.core import cases, hearings, people, referrals
from app.core.queries.case_file import audit_events
from app.reports.timefmt import format_datetime
from app.store import Store
from tests.core.conftest import person_input
from tests.reports.pdftext import text_of

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _case(store: Store) -> str:
    client = people.register_person(store, person_input(given_names="Rosa Elvira"))
    intake = store.insert(
        "intake",
        {"office_id": store.office_id, "person_id": client, "form_id": "ficha_atencion",
         "form_version": 1, "answers": {}, "status": "submitted", "matter": "alimentos"},
    )  # fmt: skip
    return cases.open_case(store, intake, now=NOW)


def _text(store: Store, case_id: str) -> str:
    return " ".join(text_of(reports.render_case(store, case_id)).split())


def test_case_pdf_shows_parties_and_referrals(store: Store) -> None:
    case_id = _case(store)
    other = people.register_person(
        store,
        person_input(given_names="Julia Yolanda", paternal_surname="Alarcón",
                     maternal_surname="Mendoza", doc_number="40000001"),
    )  # fmt: skip
    witness = people.register_person(
        store, person_input(given_names="Pedro", paternal_surname="Huanca", doc_number="40000002")
    )
    cases.add_party(store, case_id, other, "counterparty")
    party = cases.add_party(store, case_id, witness, "other")
    cases.edit_case(store, case_id, {"court_file_number": "00123-2021-0-1801-JP-FC-01"})
    referrals.add_referral(
        store,
        {"case_id": case_id, "institution": "cem", "institution_name": "CEM Cusco",
         "reason": "Evaluación psicológica de la niña", "referred_on": "2026-03-03"},
    )  # fmt: skip
    text = _text(store, case_id)
    for piece in (
        "Beneficiario(a) Rosa Elvira Quispe Mamani DNI 10117410",
        "Contraparte Julia Yolanda Alarcón Mendoza DNI 40000001",
        "Tercero Pedro Huanca Mamani",
        "00123-2021-0-1801-JP-FC-01 (Distrito judicial de Lima)",
        "Derivaciones",
        "Centro Emergencia Mujer (CEM)",
        "CEM Cusco",
        "Evaluación psicológica de la niña",
        "Derivada",
    ):
        assert piece in text, piece
    assert "No hay derivaciones registradas." not in text
    cases.remove_party(store, party)
    assert "Pedro Huanca" not in _text(store, case_id)


def test_case_pdf_closure_and_reopening(store: Store) -> None:
    case_id = _case(store)
    assert "No hay derivaciones registradas." in _text(store, case_id)
    closure = {"materia": "alimentos", "fecha_cierre": "2026-03-01",
               "motivo_cierre": "conciliacion", "resultado": "favorable",
               "monto_alimentos": 450}  # fmt: skip
    cases.close_case(store, case_id, closure, now=NOW)
    text = _text(store, case_id)
    for piece in ("Concluido", "Conclusión del caso", "Motivo de cierre",
                  "Acuerdo conciliatorio", "Favorable"):  # fmt: skip
        assert piece in text, piece
    cases.reopen_case(store, case_id, "Incumplimiento del acuerdo", now=NOW)
    text = _text(store, case_id)
    assert "En trámite" in text and "Conclusión del caso" not in text
    assert "Motivo: Incumplimiento del acuerdo" in text
    assert "Caso reabierto (estaba concluido)" in text


def test_case_pdf_lists_each_closing_and_reopening_with_its_date_and_reason(
    store: Store,
) -> None:
    """Fresh 9 #11b: a case closed, reopened and closed again shows both closings and the
    reopening in "Cierres y reaperturas", oldest first, each with the moment it was
    recorded (office time, as the notes) and why: the first closure's reason and result
    (gone from the case since the reopening), the reopening's reason. A case never closed
    has no such section. Fails on the old code: only the reopening's note said it."""
    case_id = _case(store)
    assert "Cierres y reaperturas" not in _text(store, case_id)
    closure = {"materia": "alimentos", "fecha_cierre": "2026-03-01",
               "motivo_cierre": "conciliacion", "resultado": "favorable",
               "monto_alimentos": 450}  # fmt: skip
    cases.close_case(store, case_id, closure, now=NOW)
    cases.reopen_case(store, case_id, "Incumplimiento del acuerdo", now=NOW)
    again = {**closure, "motivo_cierre": "conclusion", "resultado": "desfavorable"}
    cases.close_case(store, case_id, again, now=NOW)
    text = _text(store, case_id)
    section = text[text.index("Cierres y reaperturas") : text.index("Notas (cronología)")]
    events = reversed(audit_events(store, [case_id]))  # oldest first
    stamps = [e["at"] for e in events if e["action"] == "status"]
    assert len(stamps) == 3
    first, reopened, second = (format_datetime(at) for at in stamps)
    assert section == (
        "Cierres y reaperturas Fecha y hora Cambio Motivo "
        f"{first} Cierre Acuerdo conciliatorio, Favorable, S/ 450.00 "
        f"{reopened} Reapertura Incumplimiento del acuerdo "
        f"{second} Cierre Conclusión del proceso, Desfavorable, S/ 450.00 "
    )


def test_case_pdf_shows_the_children_the_amount_and_the_closing_result(store: Store) -> None:
    """What the ficha claims (children with their age, the monthly amount) and how the
    case ended (date, result, reason, amount obtained) are on the first page's data."""
    client = people.register_person(store, person_input(given_names="Rosa Elvira"))
    answers = {
        "hijos": [
            {"hijo_nombres": "Ana Quispe", "hijo_fecha_nacimiento": "2019-01-10"},
            {"hijo_nombres": "Luis Quispe", "hijo_edad": 1},
        ],
        "monto_solicitado": 1250,
    }
    intake = store.insert(
        "intake",
        {"office_id": store.office_id, "person_id": client, "form_id": "ficha_atencion",
         "form_version": 1, "answers": answers, "status": "submitted", "matter": "alimentos"},
    )  # fmt: skip
    case_id = cases.open_case(store, intake, now=NOW)
    text = _text(store, case_id)
    from app import office_time

    today = office_time.today()
    age = today.year - 2019 - ((today.month, today.day) < (1, 10))
    assert f"Hijas e hijos alimentistas Ana Quispe ({age} años); Luis Quispe (1 año)" in text
    assert "Monto mensual solicitado S/ 1,250.00" in text
    assert "Resultado del cierre —" in text  # open: nothing to say yet
    closure = {"materia": "alimentos", "fecha_cierre": "2026-03-01",
               "motivo_cierre": "conciliacion", "resultado": "favorable",
               "monto_alimentos": 450}  # fmt: skip
    cases.close_case(store, case_id, closure, now=NOW)
    text = _text(store, case_id)
    assert "Resultado del cierre Favorable · Acuerdo conciliatorio · obtenido S/ 450.00" in text


HEADINGS = ("Partes", "Notas (cronología)", "Audiencias y plazos", "Derivaciones",
            "Archivos adjuntos")  # fmt: skip
FOOTER_LINES = 4  # office, title, "Generado el …", "Página N de M"


def test_case_pdf_keeps_headings_with_their_tables_and_words_whole(store: Store) -> None:
    """Fresh-eyes finding: "Archivos adjuntos" stood alone at a page's foot, its table on
    the next; "Audiencia" was cut "Audienci / a". However many notes push the sections
    down, no page's body ends with a heading; the hearings table keeps words whole."""
    from io import BytesIO

    from pypdf import PdfReader

    from app.core import hearings, notes

    case_id = _case(store)
    moved = hearings.schedule_hearing(store, case_id, "2027-03-15T09:00", "Audiencia única", "JPL")
    hearings.mark_hearing(store, moved, "rescheduled", "Licencia del juez", "2027-03-22T09:00")
    hearings.schedule_hearing(store, case_id, "2027-03-10T23:59", "Contestar", None, "deadline")
    ends: list[str] = []
    for n in range(13):  # with 7, 11 and 12 notes a heading fell at a page's foot
        if n in (0, 7, 11, 12):
            pdf = reports.render_case(store, case_id)
            for page in PdfReader(BytesIO(pdf)).pages[:-1]:
                lines = [line for line in (page.extract_text() or "").splitlines() if line]
                ends.append(lines[-FOOTER_LINES - 1].strip())
        if n == 0:
            text = " ".join(text_of(pdf).split())
            assert "Audiencia" in text and "Audienci a" not in text
            assert "Reprogramada" in text and "Licencia del juez" in text
        notes.add_note(store, case_id, f"Nota {n}: se coordinó con la DEMUNA la entrevista.")
    assert ends and not set(ends) & set(HEADINGS), ends


def test_case_pdf_lists_the_milestones_as_the_hitos_tab(store: Store) -> None:
    """Fresh7 #6: the case's timeline was on screen (Hitos) but not in its PDF: each step
    with its day, who recorded it (or "Automático" when derived) and its note."""
    from app.core import milestones

    case_id = _case(store)
    milestones.record_milestone(
        store, case_id, "filed", "2026-03-01", note="Mesa de partes de Wanchaq"
    )
    held = hearings.schedule_hearing(store, case_id, "2026-03-05T09:00", "Audiencia única")
    hearings.mark_hearing(store, held, "held")
    text = _text(store, case_id)
    assert "Hitos del caso Fecha Hito Registrado por Nota" in text
    assert "01/03/2026 Demanda o denuncia presentada" in text
    assert "Mesa de partes de Wanchaq" in text
    assert "05/03/2026 Primera audiencia realizada Automático" in text  # derived
