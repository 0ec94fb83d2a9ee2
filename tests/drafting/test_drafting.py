"""Drafting writs from a case: the drafted .docx, read back with python-docx, holds each
child, the obligated parent, the amount in figures and in words and no unfilled field;
a template naming an unknown field is refused; drafting is audited; LibreOffice turns
the file into a PDF when it is installed."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document

import forms
from app.core import cases, intakes, people, sample
from app.core.errors import InvalidInput
from app.drafting.context import case_context
from app.drafting.templates import KINDS, check_template, draft, template_problems
from app.drafting.words import amount_in_words, date_in_words
from tests.cli.conftest import assert_one_clean_error, ok, run

CLAIMANT = {
    "given_names": "María Elena",
    "paternal_surname": "Quispe",
    "maternal_surname": "Mamani",
    "doc_type": "DNI",
    "doc_number": "45871236",
    "birth_date": "1990-04-12",
    "sex": "F",
    "ubigeo": "080101",
    "phone": "987654321",
}
CHILDREN = [
    {"hijo_nombres": "Luz Quispe Huamán", "hijo_fecha_nacimiento": "2018-03-01",
     "hijo_acta_numero": "1000234567", "hijo_acta_oficina": "RENIEC Cusco",
     "hijo_reconocido": True},
    {"hijo_nombres": "Túpac Quispe Huamán", "hijo_fecha_nacimiento": "2021-11-28",
     "hijo_acta_numero": "1000345678", "hijo_acta_oficina": "Municipalidad de Wanchaq",
     "hijo_reconocido": True},
]  # fmt: skip


def alimentos_case(store: Any, obligado: str = "Juan Carlos Huamán Ccori") -> str:
    """Our client claims alimony from ``obligado`` (the client's own name: claimed from
    her, the side the office defends)."""
    person_id = people.register_person(store, CLAIMANT)
    definition = forms.load_registry().get("ficha_atencion")
    answers = sample.intake_answers(random.Random(3), CLAIMANT, definition)
    answers.update(
        area="asistencia_legal",
        materia="alimentos",
        hijos=CHILDREN,
        obligado_nombres=obligado,
        obligado_ocupacion="mototaxista",
        obligado_ingreso_estimado=1800,
        monto_solicitado=850,
        resumen_caso="El padre no aporta para la manutención de sus hijos desde marzo.",
    )
    if obligado == people.full_name(CLAIMANT):  # her own document too
        answers.update(obligado_tipo_documento="DNI", obligado_numero_documento="45871236")
    intake_id = intakes.add_intake(
        store, person_id, {"answers": answers}, intakes.FormsIntakeValidator(), "ficha_atencion"
    )
    return cases.open_case(store, intake_id)


@pytest.fixture
def vault_options() -> dict[str, Any]:
    return {"office": "CUS01", "office_name": "ALEGRA Cusco"}


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_dates_and_amounts_in_words_as_legal_style_expects() -> None:
    assert date_in_words(dt.date(2026, 11, 28)) == "veintiocho de noviembre de dos mil veintiséis"
    assert date_in_words(dt.date(2027, 1, 1)) == "primero de enero de dos mil veintisiete"
    assert amount_in_words(850) == "S/ 850.00 (ochocientos cincuenta y 00/100 soles)"
    assert amount_in_words("1250.5") == "S/ 1,250.50 (mil doscientos cincuenta y 50/100 soles)"
    assert amount_in_words(1) == "S/ 1.00 (un y 00/100 sol)"
    with pytest.raises(ValueError):
        amount_in_words("-3")


def test_a_drafted_claim_holds_every_child_the_obligor_and_the_amount(
    store: Any, tmp_path: Path
) -> None:
    case_id = alimentos_case(store)
    out = draft(store, "demanda_alimentos", case_id, tmp_path / "demanda.docx")
    text = text_of(out)
    for needle in (
        "Luz Quispe Huamán", "Túpac Quispe Huamán", "primero de marzo de dos mil dieciocho",
        "Acta de nacimiento N.° 1000345678 de Túpac Quispe Huamán",
        "Juan Carlos Huamán Ccori", "mototaxista",
        "S/ 850.00 (ochocientos cincuenta y 00/100 soles)",
        "S/ 1,800.00 (mil ochocientos y 00/100 soles)",
        "María Elena Quispe Mamani", "45871236", "no aporta para la manutención",
        "1-A.", "JUZGADO DE PAZ LETRADO DE CUSCO", "distrito de Cusco",
        # fresh8 #10: the mother acts for her children, and says so
        "por derecho propio y en representación de Luz Quispe Huamán, Túpac Quispe Huamán, "
        "menores de edad a su cargo, a usted respetuosamente digo:",
    ):  # fmt: skip
        assert needle in text, needle
    assert "{{" not in text and "{%" not in text and "}}" not in text
    # fresh8 #10: "nacido(a)" read as a blank form; the ficha does not say the sex
    assert "nacido(a)" not in text
    assert re.search(
        r"— Túpac Quispe Huamán, de \d+ años, con fecha de nacimiento [^,]+ de dos mil "
        r"\w+, acta de nacimiento N\.° 1000345678\.",
        text,
    )
    assert text.count("Acta de nacimiento N.°") == 2 + 2  # petition block + evidence list
    events = store.query("SELECT action, entity_id, detail FROM audit_event WHERE action='draft'")
    assert [(e["action"], e["entity_id"]) for e in events] == [("draft", case_id)]
    assert "María" not in str(events[0]["detail"])  # the audit never holds the content
    with pytest.raises(InvalidInput, match="already exists"):
        draft(store, "demanda_alimentos", case_id, out)  # never overwrites


def test_the_other_writs_draft_without_unfilled_fields(store: Any, tmp_path: Path) -> None:
    case_id = alimentos_case(store)
    for kind in ("apersonamiento", "medidas_proteccion"):
        text = text_of(draft(store, kind, case_id, tmp_path / f"{kind}.docx"))
        assert "María Elena Quispe Mamani" in text and "{{" not in text and "{%" not in text
    assert "Luz Quispe Huamán, Túpac Quispe Huamán" in text  # the children, one list


def test_every_starter_template_names_only_known_fields() -> None:
    from app.drafting.templates import template_path

    for kind in KINDS:
        assert template_problems(template_path(kind.code).read_bytes()) == [], kind.code


def _template(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_template_naming_an_unknown_field_is_refused_naming_it() -> None:
    bad = _template(
        "{{ caso.expediente }} {{ caso.juez }}",
        "{%p for h in hijos %}",
        "{{ h.nombre }} {{ h.dni }}",
        "{%p endfor %}",
        "{{ desconocido }}",
    )
    problems = template_problems(bad)
    named = {p.split("'")[1] for p in problems}
    assert named == {"caso.juez", "hijos.dni", "desconocido"}, problems
    with pytest.raises(InvalidInput, match=r"caso\.juez"):
        check_template(bad)
    check_template(_template("{{ caso.expediente }}", "{{ fecha.hoy_letras }}"))
    assert template_problems(b"not a docx") == ["the file is not a Word (.docx) document"]
    assert "syntax" in template_problems(_template("{{ caso.expediente "))[0]


def test_the_context_is_text_ready_to_print(store: Any) -> None:
    case_id = alimentos_case(store)
    ctx = case_context(store, case_id, today=dt.date(2026, 11, 28))
    assert ctx["fecha"]["hoy_letras"] == "veintiocho de noviembre de dos mil veintiséis"
    assert [h["edad"] for h in ctx["hijos"]] == ["8", "5"]
    assert ctx["caso"]["expediente"] == ""  # none yet: the template prints "por asignar"


def test_libreoffice_turns_the_draft_into_a_pdf(store: Any, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    case_id = alimentos_case(store)
    out = draft(store, "demanda_alimentos", case_id, tmp_path / "demanda.docx")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    from pypdf import PdfReader

    pdf = PdfReader(str(tmp_path / "demanda.pdf"))
    text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Túpac Quispe Huamán" in text and "ochocientos cincuenta" in text


def test_the_command_line_drafts_warns_and_refuses_bad_input(
    store: Any, vault_dir: Path, tmp_path: Path
) -> None:
    case_id = alimentos_case(store)
    store.lock()
    listed = ok(["draft", "--list"])
    assert [line.split("\t")[0] for line in listed.splitlines()] == [k.code for k in KINDS]
    target = tmp_path / "demanda.docx"
    result = run(["draft", "demanda_alimentos", case_id, "--out", str(target)], vault_dir)
    assert result.code == 0, result.err
    assert "NOT encrypted" in result.err and str(target) in result.out
    # all the demanda prints but the demandado's address (fresh4 #4: marked, said)
    assert [line for line in result.err.splitlines() if "COMPLETAR" in line or "domicilio" in line]
    assert "domicilio del demandado" in result.err and "nombre del obligado" not in result.err
    assert "Luz Quispe Huamán" in text_of(target)
    again = run(["draft", "demanda_alimentos", case_id, "--out", str(target)], vault_dir)
    assert_one_clean_error(again, 2, "already exists")
    bad_kind = run(["draft", "demanda_divorcio", case_id, "--out", str(tmp_path / "x.docx")],
                   vault_dir)  # fmt: skip
    assert_one_clean_error(bad_kind, 2, "unknown kind 'demanda_divorcio'")
    assert not (tmp_path / "x.docx").exists()
    template = tmp_path / "oficina.docx"
    template.write_bytes(_template("{{ caso.juez }}"))
    assert_one_clean_error(run(["draft", "--check", str(template)]), 2, "caso.juez")


def test_what_the_case_lacks_is_marked_in_the_writ_and_listed_before(
    store: Any, tmp_path: Path
) -> None:
    """Walkthrough: a demanda drafted from a case without the obligado's document, the
    claimant's address or the children read "identificado con  N.° ," — silent blanks a
    hurried defender could file. Each is now marked and listed before drafting."""
    from app.drafting.templates import gaps

    full = alimentos_case(store)
    person_id = people.register_person(store, {**CLAIMANT, "doc_number": "45871237"})
    definition = forms.load_registry().get("ficha_atencion")
    answers = sample.intake_answers(random.Random(4), CLAIMANT, definition)
    child = {k: v for k, v in CHILDREN[0].items() if not k.startswith("hijo_acta")}
    answers.update(
        area="asistencia_legal",
        materia="alimentos",
        hijos=[child],
        obligado_nombres="Juan Carlos Huamán Ccori",
    )
    for key in ("direccion", "obligado_numero_documento", "obligado_tipo_documento",
                "obligado_ocupacion", "obligado_ingreso_estimado"):  # fmt: skip
        answers.pop(key, None)
    intake_id = intakes.add_intake(
        store, person_id, {"answers": answers}, intakes.FormsIntakeValidator(), "ficha_atencion"
    )
    sparse = cases.open_case(store, intake_id)
    missing = gaps(store, "demanda_alimentos", sparse)
    for label in (
        "domicilio de la parte demandante", "número de documento del obligado",
        "número del acta de nacimiento",
    ):  # fmt: skip
        assert label in missing, missing
    text = text_of(draft(store, "demanda_alimentos", sparse, tmp_path / "sparse.docx"))
    assert "[COMPLETAR: número de documento del obligado]" in text
    assert "[COMPLETAR: domicilio de la parte demandante]" in text
    assert "Acta de nacimiento N.° [COMPLETAR: número del acta de nacimiento]" in text
    assert "identificado con  N.°" not in text and "en , distrito" not in text
    # fresh6 #5: what the ficha does not say is said in a sentence, not "tiene como
    # ocupación no precisada"; a district is written with its accents, as on screen
    assert (
        "La ocupación del demandado no se ha precisado y su ingreso mensual no se ha "
        "precisado." in text
    )
    assert "ocupación no precisada" not in text
    from app.drafting.context import _district

    assert _district("150113") == "Jesús María" and _district("") == ""
    full_gaps = gaps(store, "demanda_alimentos", full)
    assert "número del acta de nacimiento" not in full_gaps
    assert "nombre del obligado" not in full_gaps and "nombre del obligado" not in missing
    assert "[COMPLETAR: nombre del obligado]" not in text  # what the case has is printed


def test_an_empty_list_the_writ_needs_stands_marked_once() -> None:
    from app.drafting.templates import mark_gaps

    data = _template(
        "{%p for h in hijos %}", "{{ h.nombre }} ({{ h.edad }})", "{%p endfor %}",
        "{% if caso.expediente %}{{ caso.expediente }}{% else %}por asignar{% endif %}",
    )  # fmt: skip
    context: dict[str, Any] = {"hijos": [], "caso": {"expediente": ""}}
    assert mark_gaps(context, data) == ["hijos o hijas"]
    assert context["hijos"] == [
        {
            "nombre": "[COMPLETAR: nombre del hijo o hija]",
            "edad": "[COMPLETAR: edad del hijo o hija]",
        }
    ]
    assert context["caso"]["expediente"] == ""  # the template words its own absence


def test_the_obligado_is_the_case_counterparty_the_ficha_names(store: Any) -> None:
    """Walkthrough: the demanda named the ficha's obligado while the case's Partes showed
    another counterparty. The ficha's obligado takes his document from his person record
    when he is a party, and his address from his own ficha."""
    from app.drafting.templates import gaps

    definition = forms.load_registry().get("ficha_atencion")

    def case_with(doc_number: str, obligado: str) -> str:
        claimant = {**CLAIMANT, "doc_number": doc_number}
        answers = sample.intake_answers(random.Random(5), claimant, definition)
        answers.update(
            area="asistencia_legal", materia="alimentos", hijos=CHILDREN[:1], monto_solicitado=850
        )
        answers["obligado_nombres"] = obligado
        for key in ("obligado_numero_documento", "obligado_tipo_documento"):
            answers.pop(key, None)
        person_id = people.register_person(store, claimant)
        intake_id = intakes.add_intake(
            store, person_id, {"answers": answers}, intakes.FormsIntakeValidator(),
            "ficha_atencion",
        )  # fmt: skip
        return cases.open_case(store, intake_id)

    father = people.register_person(
        store,
        {"given_names": "Juan Carlos", "paternal_surname": "Huaman", "maternal_surname": "Ccori",
         "doc_type": "DNI", "doc_number": "41234567", "sex": "M"},
    )  # fmt: skip
    other = people.register_person(
        store,
        {"given_names": "Pedro", "paternal_surname": "Soto", "maternal_surname": "Ramos",
         "doc_type": "DNI", "doc_number": "41234568", "sex": "M"},
    )  # fmt: skip
    named = case_with("45871240", "Juan Carlos Huamán Ccori")
    cases.add_party(store, named, other, "counterparty")
    assert case_context(store, named)["obligado"]["documento_numero"] == ""  # Pedro is not him
    cases.add_party(store, named, father, "counterparty")
    obligado = case_context(store, named)["obligado"]
    # as his record (the case's Partes) writes it, not as typed in the ficha (fresh 10 #31)
    assert obligado["nombre_completo"] == "Juan Carlos Huaman Ccori"
    assert (obligado["documento_tipo"], obligado["documento_numero"]) == ("DNI", "41234567")
    # fresh4 #4: his address is needed to serve him: unknown here, it is marked and listed
    assert (obligado["domicilio"], obligado["distrito"]) == ("", "")
    assert "domicilio del demandado" in gaps(store, "demanda_alimentos", named)
    # once he has a ficha of his own (the address asked of whoever is attended), printed
    his = sample.intake_answers(random.Random(6), {**CLAIMANT, "sex": "M"}, definition)
    his.update(direccion="Jr. Los Incas 123", ubigeo_domicilio="080108")
    intakes.add_intake(
        store, father, {"answers": his}, intakes.FormsIntakeValidator(), "ficha_atencion"
    )
    people.update_person(store, father, {"ubigeo": "080108"})
    obligado = case_context(store, named)["obligado"]
    assert (obligado["domicilio"], obligado["distrito"]) == ("Jr. Los Incas 123", "Wanchaq")
    assert "domicilio del demandado" not in gaps(store, "demanda_alimentos", named)


def test_a_hostile_amount_is_never_formatted_at_length() -> None:
    """Review5 F8: a synced closure amount "1e999999999" built a 1.3 GB string on the case
    page and in the History; "NaN" crashed the drafting. Shown as stored (cut), or left
    for the writ to mark."""
    import time

    from app.core.queries.case_facts import closure_summary, money
    from app.drafting.context import _amount

    started = time.monotonic()
    for hostile in ("1e999999999", "-1e999999999", "NaN", "-Infinity", 1e400):
        assert len(money(hostile)) <= 30
        assert _amount(amount_in_words, hostile) == ""
        with pytest.raises(ValueError):
            amount_in_words(hostile)
    closure = {"form_version": 1, "answers": {"monto_alimentos": "1e999999999"}}
    assert len(closure_summary(closure)) <= 30
    assert time.monotonic() - started < 2  # never a giant string
    assert money("1500") == "S/ 1,500.00"


def test_a_case_starts_on_the_writ_drafted_for_its_matter() -> None:
    """Fresh6 #4: each shipped writ names the matters it is drafted for; a case of
    another matter starts on none (the defender chooses), whatever the offer's order."""
    from forms.catalogs import MATTERS
    from forms.writs import kind_for_matter

    offered = [k.code for k in KINDS]
    assert kind_for_matter("alimentos", offered) == "demanda_alimentos"
    assert kind_for_matter("violencia", offered[::-1]) == "medidas_proteccion"
    assert kind_for_matter("filiacion", offered) is None
    assert kind_for_matter("", offered) is None and kind_for_matter(None, offered) is None
    assert kind_for_matter("alimentos", ["apersonamiento"]) is None  # not offered
    known = {code for code, _label in MATTERS}
    assert all(set(k.matters) <= known for k in KINDS)  # matter codes of the catalog


def test_a_new_demanda_prints_no_expediente_but_a_writ_in_a_process_does(
    store: Any, tmp_path: Path
) -> None:
    """Fresh7 #8: a demanda starts the process, so it has no expediente yet (it printed
    "Expediente: 00456-2026-…" of the case's other process); the apersonamiento goes to
    a process and names it."""
    case_id = alimentos_case(store)
    cases.edit_case(store, case_id, {"court_file_number": "00456-2026-0-1001-JP-FC-01"})
    texts = {}
    for kind in ("demanda_alimentos", "apersonamiento"):
        out = draft(store, kind, case_id, tmp_path / f"{kind}.docx")
        texts[kind] = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Expediente" not in texts["demanda_alimentos"]
    assert "Expediente: 00456-2026-0-1001-JP-FC-01" in texts["apersonamiento"]
