"""Reports over a real vault: figures, documents, CSV, protected export and audit."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app import reports
from app.core.referrals import with_served
from app.reports import api
from app.reports.errors import InvalidReportInput
from app.reports.monthly import format_number
from app.reports.statistics import compute_monthly
from app.store import Store
from sync.errors import DiskFull
from tests.reports.conftest import OFFICE_NAME
from tests.reports.fixtures import monthly_input
from tests.reports.pdftext import POPPLER, missing_figures, poppler_text, text_of
from tests.reports.seed import seed_store

TODAY = date(2026, 5, 4)


@pytest.fixture
def seeded(store: Store) -> tuple[Store, Any, dict[str, str]]:
    inp = monthly_input(seed=11, n=250)
    ids = seed_store(store, inp)
    return store, inp, ids


def _exports(store: Store) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT action, entity, entity_id, detail FROM audit_event WHERE action = 'export'"
        " ORDER BY seq"
    )
    for row in rows:
        row["detail"] = json.loads(row["detail"]) if row["detail"] else None
    return rows


def test_store_figures_equal_pure_figures(seeded: tuple[Store, Any, dict[str, str]]) -> None:
    store, inp, _ = seeded
    stats = api.monthly_statistics(store, "2026-03", today=TODAY)
    # the attentions served as a referral are referrals (app.core.referrals' rule)
    served = [
        {**i, "named": (i.get("answers") or {}).get("entidad_derivacion")}
        for i in inp.intakes
        if i["status"] == "submitted" and i["service_type"] == "derivacion"
    ]
    inp = replace(inp, referrals=with_served(inp.referrals, served, date(2026, 3, 1),
                                             date(2026, 4, 1)))  # fmt: skip
    assert inp.referrals  # the fixture has some
    expected = compute_monthly(inp, outcome_labels=api.outcome_labels())
    assert stats.office_name == OFFICE_NAME
    assert [s.key for s in stats.sections] == [s.key for s in expected.sections]
    for got, want in zip(stats.sections, expected.sections, strict=True):
        assert got == want, got.key


def test_tombstoned_records_are_left_out(seeded: tuple[Store, Any, dict[str, str]]) -> None:
    store, inp, ids = seeded
    before = api.monthly_statistics(store, "2026-03", today=TODAY)
    counted = next(
        i for i in inp.intakes
        if i["status"] == "submitted" and i["recorded_at"].startswith("2026-03")
    )  # fmt: skip
    store.delete("intake", ids[counted["id"]])
    after = api.monthly_statistics(store, "2026-03", today=TODAY)
    total = before.section("atenciones").value("Total", "Total")
    assert after.section("atenciones").value("Total", "Total") == total - 1


def test_monthly_pdf_and_csv_carry_the_same_figures(
    seeded: tuple[Store, Any, dict[str, str]], tmp_path: Path
) -> None:
    store, _, _ = seeded
    stats = api.monthly_statistics(store, "2026-03", today=TODAY)
    pdf = reports.render_monthly(stats, generated_by="Jefa de Oficina")
    assert missing_figures(stats, pdf) == []
    path = reports.export_csv(store, reports.stats_to_csv(stats), tmp_path / "cifras.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["seccion", "fila", "columna", "valor"]
    printed = {(s.title, r.label, c): format_number(v) for s, r, c, v in stats.figures()}
    from_csv = {(a, b, c): d for a, b, c, d in rows[1:]}
    assert from_csv.keys() == printed.keys()
    for key, value in from_csv.items():  # same number, CSV without thousands separator
        assert printed[key].replace(",", "") == value
    assert "Atenciones por materia" in {r[0] for r in rows[1:]}


def test_intake_record_uses_the_form_labels(store: Store) -> None:
    person = store.insert(
        "person",
        {"office_id": store.office_id, "given_names": "Ñusta", "paternal_surname": "Huamán",
         "maternal_surname": "Ccori", "doc_type": "DNI", "doc_number": "45678912",
         "sex": "F", "birth_date": "1990-02-01", "ubigeo": "210101",
         "mother_tongue": "quechua", "interpreter_needed": 1},
    )  # fmt: skip
    answers = {
        "tipo_servicio": "patrocinio",
        "materia": "alimentos",
        "lengua_materna": "quechua",
        "discapacidad": True,
        "tipo_discapacidad": ["visual", "auditiva"],
        "hijos": [{"hijo_nombres": "Killa", "hijo_fecha_nacimiento": "2019-05-03"}],
        "monto_solicitado": 2500.0,
        "campo_futuro": "¿dato de una versión nueva?",
    }
    intake = store.insert(
        "intake",
        {"office_id": store.office_id, "person_id": person, "form_id": "ficha_atencion",
         "form_version": 1, "answers": answers, "status": "submitted",
         "service_type": "patrocinio", "matter": "alimentos", "defender_id": store.user_id,
         "recorded_at": "2026-03-05T15:00:00+00:00"},
    )  # fmt: skip
    text = " ".join(text_of(reports.render_intake(store, intake)).split())
    for piece in ("Ñusta Huamán Ccori", "¿Tiene alguna discapacidad? Sí", "Tipo de servicio",
                  "Patrocinio", "Puno, Puno, Puno", "Quechua", "Killa", "03/05/2019",
                  "Campo futuro", "¿dato de una versión nueva?", "05/03/2026 10:00",
                  "Generado el", "por Jefa de Oficina", OFFICE_NAME,
                  "Formulario Ficha de atención", "S/ 2,500.00"):  # fmt: skip
        assert piece in text, piece
    assert "ficha_atencion" not in text and "2500.0" not in text  # fresh4, fresh5 #16
    with pytest.raises(InvalidReportInput):
        reports.render_intake(store, "01900000-0000-7000-8000-000000000000")


def test_case_summary_and_agenda_from_the_store(store: Store) -> None:
    person = store.insert("person", {"office_id": store.office_id, "given_names": "José",
                                     "paternal_surname": "Mamani"})  # fmt: skip
    case = store.insert(
        "case",
        {"office_id": store.office_id, "internal_number": "LIM01-2026-010007",
         "person_id": person, "matter": "violencia", "status": "closed",
         "court_file_number": "00123-2021-0-1801-JP-FC-01", "defender_id": store.user_id,
         "opened_at": "2026-03-01T10:00:00", "closed_at": "2026-03-30T10:00:00",
         "closure": {"resultado": "favorable", "monto_reparacion_civil": 1500}},
    )  # fmt: skip
    store.insert("case_party", {"case_id": case, "person_id": person, "role": "beneficiary"})
    first = store.insert("note", {"case_id": case, "text": "Primera versión", "author_id":
                                  store.user_id, "created_at": "2026-03-02T09:00:00",
                                  "signed_at": "2026-03-02T09:05:00"})  # fmt: skip
    store.insert("note", {"case_id": case, "text": "Corrección", "author_id": store.user_id,
                          "created_at": "2026-03-03T09:00:00", "supersedes_id": first})  # fmt: skip
    for day, status in ((9, "held"), (20, "failed")):
        store.insert("hearing", {"case_id": case, "category": "hearing", "kind": "juicio_oral",
                                 "at": f"2026-03-{day:02d}T10:30", "place": "Sala 2",
                                 "status": status})  # fmt: skip
    text = " ".join(text_of(reports.render_case(store, case)).split())
    for piece in ("LIM01-2026-010007", "Violencia familiar (Ley 30364)", "Concluido",
                  "Corregida por una nota posterior", "Juicio oral", "Realizada", "Frustrada",
                  "Favorable", "Reparación civil obtenida (S/) S/ 1,500.00"):  # fmt: skip
        assert piece in text, piece
    agenda = text_of(reports.render_agenda(store, date(2026, 3, 1), date(2026, 3, 15)))
    assert "Total: 1 diligencia en 1 día" in agenda and "Lunes 09/03/2026" in agenda
    assert "Lunes 09/03/2026 — 1 diligencia" in agenda and "diligencia(s)" not in agenda
    assert "José Mamani" in agenda  # the client beside the case number (fresh-eyes walkthrough)
    with pytest.raises(InvalidReportInput):
        reports.render_agenda(store, date(2026, 3, 15), date(2026, 3, 1))
    with pytest.raises(InvalidReportInput):
        reports.render_agenda(store, date(2026, 3, 1), date(2026, 3, 2), defender="nadie")


def test_protected_export_opens_only_with_its_password(store: Store, tmp_path: Path) -> None:
    pdf = reports.render_agenda(store, date(2026, 3, 1), date(2026, 3, 31))
    target = tmp_path / "out" / "agenda.pdf"
    target.parent.mkdir()
    reports.export_pdf(
        store, pdf, target, password="clave-ñandú-del-ande", audit_detail={"document": "agenda"}
    )
    assert sorted(p.name for p in target.parent.iterdir()) == ["agenda.pdf"]  # no temp left
    data = target.read_bytes()
    locked = PdfReader(io.BytesIO(data))
    assert locked.is_encrypted
    assert locked.decrypt("otra-clave") == 0
    assert "Agenda de audiencias y plazos" in text_of(data, password="clave-ñandú-del-ande")
    assert "/AESV3" in data.decode("latin-1")  # AES-256 crypt filter
    if not POPPLER:
        pytest.skip("poppler (pdftotext) not installed: third-party read-back not checked")
    assert poppler_text(target).returncode != 0
    opened = poppler_text(target, "clave-ñandú-del-ande")
    assert opened.returncode == 0 and "Página 1 de 1" in opened.stdout


def test_every_export_is_audited_without_personal_data(store: Store, tmp_path: Path) -> None:
    pdf = reports.render_agenda(store, date(2026, 3, 1), date(2026, 3, 31))
    reports.export_pdf(
        store, pdf, tmp_path / "Quispe_Mamani.pdf", audit_detail={"document": "agenda"}
    )
    reports.export_pdf(store, pdf, tmp_path / "b.pdf", password="1234-abcd-efgh", entity="case",
                       entity_id="c-1", audit_detail={"document": "case"})  # fmt: skip
    events = _exports(store)
    assert [(e["entity"], e["entity_id"]) for e in events] == [(None, None), ("case", "c-1")]
    assert events[0]["detail"]["encrypted"] is False and events[1]["detail"]["encrypted"] is True
    assert "Quispe" not in json.dumps(events)  # the file name can carry a name: not logged
    assert store.verify_audit().ok


def test_failed_write_leaves_nothing_and_is_not_audited(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(DiskFull):
        reports.export_pdf(store, b"%PDF-1.4 fake", out / "x.pdf", password=None)
    assert list(out.iterdir()) == []
    assert _exports(store) == []
    with pytest.raises(InvalidReportInput):
        reports.export_pdf(store, b"%PDF", tmp_path / "missing" / "x.pdf")


def test_bad_requests_are_invalid_input(store: Store) -> None:
    for month in ("2026-13", "03-2026", "2999-01"):
        with pytest.raises(InvalidReportInput):
            api.monthly_statistics(store, month, today=TODAY)
    with pytest.raises(InvalidReportInput):
        api.monthly_statistics(store, "2026-03", defender="nadie", today=TODAY)
    with pytest.raises(InvalidReportInput):
        api.monthly_statistics(store, "2026-03", ceiling=0, today=TODAY)


def test_defender_report_counts_only_their_work(seeded: tuple[Store, Any, dict[str, str]]) -> None:
    store, inp, _ = seeded
    stats = api.monthly_statistics(store, "2026-03", defender="luis", today=TODAY)
    mine = [i for i in inp.intakes if i["defender_id"] == "u1" and i["status"] == "submitted"
            and i["recorded_at"].startswith("2026-03")]  # fmt: skip
    assert stats.defender == "Luis Ñañez Huamán"
    assert stats.section("atenciones").value("Total", "Total") == len(mine)
    text = " ".join(text_of(reports.render_monthly(stats)).split())
    assert "Alcance: Defensor(a): Luis Ñañez Huamán" in text
    assert "por Jefa de Oficina" in text  # the vault user who asked for it


def test_one_login_is_one_defender_in_the_monthly_caseload(tmp_path: Path) -> None:
    """Fresh-eyes 4 #7: the vault's own user and the same login received from the server
    ("demo" and "Usuaria de demostración") are one defender in the monthly report, as on
    the Tiempos page — not a second, phantom defender with 0 cases."""
    from tests.conftest import make_vault

    store = make_vault(tmp_path / "vault")
    try:
        office = store.office_id
        with store.transaction() as tx:
            a = tx.insert("user", {"office_id": office, "name": "demo", "role": "defender"})
            b = tx.insert("user", {"office_id": office, "name": "demo", "role": "defender",
                                   "display_name": "Usuaria de demostración"})  # fmt: skip
            person = tx.insert("person", {"office_id": office, "given_names": "Rosa",
                                          "paternal_surname": "Quispe", "doc_type": "DNI",
                                          "doc_number": "12345678"})  # fmt: skip
            for n, uid in enumerate((a, b, a)):
                tx.insert("case", {"office_id": office, "person_id": person, "status": "open",
                                   "matter": "alimentos", "defender_id": uid,
                                   "internal_number": f"X-{n}",
                                   "opened_at": "2026-03-02T15:00:00+00:00"})  # fmt: skip
        load = api.monthly_statistics(store, "2026-03", today=TODAY).section("carga")
        demo = [r for r in load.rows if "demo" in r.label.lower() or "demostración" in r.label]
        assert [(r.label, r.values[0]) for r in demo] == [("Usuaria de demostración", 3)]
    finally:
        store.lock()


def test_one_login_has_one_name_on_every_screen_and_paper(tmp_path: Path) -> None:
    """Fresh-eyes 6 #11: the case screens and the case PDF said "demo" where the monthly
    report said "Usuaria de demostración" for the same person. One rule
    (``app.core.user_names``) names a user everywhere: the full name one of the users
    sharing the login carries."""
    from app.core import milestones, queries
    from tests.conftest import make_vault

    store = make_vault(tmp_path / "vault", user="demo")  # the vault's own user: login only
    try:
        with store.transaction() as tx:
            tx.insert("user", {"office_id": store.office_id, "name": "demo",
                               "role": "defender",
                               "display_name": "Usuaria de demostración"})  # fmt: skip
            person = tx.insert("person", {"office_id": store.office_id, "given_names": "Rosa",
                                          "paternal_surname": "Quispe", "doc_type": "DNI",
                                          "doc_number": "12345678"})  # fmt: skip
            case = tx.insert("case", {"office_id": store.office_id, "person_id": person,
                                      "status": "open", "matter": "alimentos",
                                      "defender_id": store.user_id, "internal_number": "X-1",
                                      "opened_at": "2026-03-02T15:00:00+00:00"})  # fmt: skip
        milestones.record_milestone(store, case, "filed", "2026-03-03")
        shown = queries.case_file(store, case)
        name = "Usuaria de demostración"
        assert shown["case"]["defender"] == name
        assert {e["who"] for e in shown["events"]} == {name}
        steps = milestones.case_milestones(store, case)
        assert [s["recorded_by"] for s in steps if not s["derived"]] == [name]
        text = " ".join(text_of(reports.render_case(store, case)).split())
        assert f"por {name}" in text and "por demo" not in text
        load = api.monthly_statistics(store, "2026-03", today=TODAY).section("carga")
        assert [r.label for r in load.rows] == [name]
    finally:
        store.lock()
