"""Registering an intake as the desktop does: person, intake, case and the ficha's other
parties as case parties, in one transaction; decisions audited; the party mapping."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import forms
from app.core import cases, duplicates, intakes, people, sample
from app.core.errors import InvalidInput
from app.core.intake_person import (
    PARTY_NO_DOCUMENT,
    draft_title,
    parties_from_answers,
    party_answers,
    party_from_answers,
    split_full_name,
    split_surnames,
    with_obligado,
)
from app.core.registration import register_intake
from app.store import Store
from tests.core.conftest import JULIA, person_input

FORM = "ficha_atencion"
FICHA = forms.load_registry().get(FORM)


@pytest.fixture
def ficha() -> intakes.FormsIntakeValidator:
    return intakes.FormsIntakeValidator(forms.load_registry())


def _answers(person: dict[str, Any], counterparty: dict[str, Any] | None = None) -> Any:
    return sample.intake_answers(random.Random(5), person, FICHA, counterparty=counterparty)


def _count(store: Store, table: str) -> int:
    return int(store.query(f"SELECT count(*) AS n FROM {table} WHERE _deleted = 0")[0]["n"])


def test_other_parties_become_case_parties(store: Store, ficha: Any) -> None:
    client = person_input()
    answers = _answers(client, counterparty=JULIA)
    answers["partes"].append(
        {
            "parte_nombres": "Pedro",
            "parte_apellidos": "de la Cruz Huamán",
            "parte_tipo_documento": "SIN_DOCUMENTO",
            "parte_rol": "tercero",
        }
    )
    parties = parties_from_answers(answers)
    assert [p["role"] for p in parties] == ["counterparty", "other"]
    result = register_intake(
        store, client, answers, ficha, parties=parties, open_case=True, form_id=FORM
    )
    listed = cases.case_parties(store, result["case_id"])
    assert [(p["role"], p["given_names"], p["paternal_surname"]) for p in listed] == [
        ("beneficiary", "Rosa", "Quispe"),
        ("counterparty", "Julia Yolanda", "Alarcón"),
        ("other", "Pedro", "de la Cruz"),
    ]
    pedro = people.get_person(store, listed[2]["person_id"])
    assert pedro["doc_type"] == "SIN_DOCUMENTO" and pedro["doc_reason"] == PARTY_NO_DOCUMENT
    assert len(result["party_ids"]) == 2


def test_a_recognised_party_is_linked_not_registered_again(store: Store, ficha: Any) -> None:
    julia = people.register_person(store, JULIA)
    answers = _answers(person_input(), counterparty=JULIA)
    parties = [{**p, "person_id": julia} for p in parties_from_answers(answers)]
    result = register_intake(
        store,
        person_input(),
        answers,
        ficha,
        parties=parties,
        open_case=True,
        form_id=FORM,
        decisions={julia: duplicates.SAME},
    )
    assert _count(store, "person") == 2
    [party] = [
        p for p in cases.case_parties(store, result["case_id"]) if p["role"] != "beneficiary"
    ]
    assert party["person_id"] == julia
    [event] = store.query("SELECT detail FROM audit_event WHERE action = 'duplicate_decision'")
    assert json.loads(event["detail"])["decisions"] == {julia: "same"}


def test_consultation_registers_no_parties(store: Store, ficha: Any) -> None:
    answers = _answers(person_input(), counterparty=JULIA)
    result = register_intake(
        store, person_input(), answers, ficha, parties=parties_from_answers(answers), form_id=FORM
    )
    assert result["case_id"] is None and result["party_ids"] == []
    assert _count(store, "person") == 1


def test_a_bad_party_writes_nothing_and_names_its_row(store: Store, ficha: Any) -> None:
    answers = _answers(person_input(), counterparty=JULIA)
    parties = parties_from_answers(answers)
    parties[0]["person"]["birth_date"] = "2999-01-01"  # the ficha would not allow it either
    with pytest.raises(InvalidInput) as caught:
        register_intake(
            store, person_input(), answers, ficha, parties=parties, open_case=True, form_id=FORM
        )
    [problem] = caught.value.problems
    assert problem.field == "partes[1].birth_date"
    assert problem.label == "Otras partes, fila 1: Fecha de nacimiento"
    for table in ("person", "intake", "legal_case", "case_party"):
        assert _count(store, table) == 0, table


def test_decisions_are_audited_before_registration(store: Store) -> None:
    julia = people.register_person(store, JULIA)
    duplicates.record_decisions(
        store, "draft-1", "other", {julia: duplicates.CONFLICT}, {julia: 0.75}, party_row=0
    )
    [event] = store.query(
        "SELECT entity, entity_id, detail FROM audit_event WHERE action = 'conflict_check'"
    )
    assert (event["entity"], event["entity_id"]) == ("person", julia)
    assert json.loads(event["detail"]) == {
        "draft_id": "draft-1",
        "side": "other",
        "decision": "conflict",
        "score": 0.75,
        "party_row": 0,
    }
    with pytest.raises(ValueError):
        duplicates.record_decisions(store, "draft-1", "client", {julia: "maybe"})
    assert store.verify_audit().ok


def test_surnames_split_with_particles() -> None:
    assert split_surnames("Alarcón Mendoza") == ("Alarcón", "Mendoza")
    assert split_surnames("de la Cruz Quispe") == ("de la Cruz", "Quispe")
    assert split_surnames("Quispe de la Cruz") == ("Quispe", "de la Cruz")
    assert split_surnames("Mamani") == ("Mamani", None)
    assert split_surnames("  ") == (None, None)


def test_draft_title_names_the_person() -> None:
    assert draft_title({"nombres": "Killa", "apellido_paterno": "Huaman"}) == "Killa Huaman"
    assert draft_title({"materia": "alimentos"}) == ""


names = st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóú", min_size=2, max_size=10)


@given(
    names,
    names,
    st.one_of(st.none(), names),
    st.sampled_from(["DNI", "CE", "SIN_DOCUMENTO"]),
)
def test_party_round_trip(given_name: str, paternal: str, maternal: str | None, doc: str) -> None:
    person: dict[str, Any] = {
        "given_names": given_name,
        "paternal_surname": paternal,
        "doc_type": doc,
        "birth_date": "1980-01-02",
    }
    if maternal:
        person["maternal_surname"] = maternal
    if doc != "SIN_DOCUMENTO":
        person["doc_number"] = "40000002"
    back = party_from_answers(party_answers(person, "demandado"))
    if doc == "SIN_DOCUMENTO":
        person["doc_reason"] = PARTY_NO_DOCUMENT
    particles = {"DE", "DEL", "LA", "LAS", "LOS", "Y", "SAN", "SANTA"}
    if paternal.upper() in particles or (maternal or "").upper() in particles:
        return  # a surname that is a lone particle joins its neighbour by design
    assert back == person


def test_the_recognised_person_is_completed_never_erased(store: Store, ficha: Any) -> None:
    """Same person: the record is the one person record — what was typed now (a new
    phone) reaches it through the one validator; what was not typed stays."""
    julia = people.register_person(store, {**JULIA, "phone": "987654321"})
    answers = _answers({**JULIA, "phone": "912345678"})
    typed = {**JULIA, "phone": "912345678", "birth_date": "", "maternal_surname": ""}
    register_intake(store, typed, answers, ficha, person_id=julia, form_id=FORM)
    record = people.get_person(store, julia)
    assert record["phone"] == "912345678"
    assert record["birth_date"] == JULIA["birth_date"]  # not erased
    assert record["maternal_surname"] == JULIA["maternal_surname"]
    assert _count(store, "person") == 1


OBLIGADO = {
    "obligado_nombres": "Juan Wilber Ccama Quispe",
    "obligado_tipo_documento": "DNI",
    "obligado_numero_documento": "66654242",
}


def test_split_full_name() -> None:
    assert split_full_name("Juan Wilber Ccama Quispe") == ("Juan Wilber", "Ccama Quispe")
    assert split_full_name("Juan Ccama Quispe") == ("Juan", "Ccama Quispe")
    assert split_full_name("Juan Ccama") == ("Juan", "Ccama")
    assert split_full_name("Pedro de la Cruz Huamán") == ("Pedro", "de la Cruz Huamán")
    assert split_full_name("Juan") == ("Juan", None)
    assert split_full_name("Juan de la") == ("Juan", "de la")  # typed half-way
    assert split_full_name("  ") == (None, None)


def test_the_obligado_entered_only_in_the_section_becomes_a_case_party(
    store: Store, ficha: Any
) -> None:
    client = person_input()
    child = {"hijo_nombres": "Luis Quispe", "hijo_fecha_nacimiento": "2016-06-04"}
    answers = {
        **_answers(client),
        "area": "asistencia_legal",  # an area that takes alimentos
        "materia": "alimentos",
        "hijos": [{**child, "hijo_reconocido": True}],
        "monto_solicitado": 500.0,
        **OBLIGADO,
    }
    answers.pop("partes", None)
    answers, row = with_obligado(answers)
    assert row == 0 and answers["partes"] == [
        {
            "parte_nombres": "Juan Wilber",
            "parte_apellidos": "Ccama Quispe",
            "parte_tipo_documento": "DNI",
            "parte_numero_documento": "66654242",
            "parte_rol": "demandado",
        }
    ]
    parties = parties_from_answers(answers)
    result = register_intake(
        store, client, answers, ficha, parties=parties, open_case=True, form_id=FORM
    )
    listed = cases.case_parties(store, result["case_id"])
    [other] = [p for p in listed if p["role"] != "beneficiary"]
    juan = people.get_person(store, other["person_id"])
    assert (juan["given_names"], juan["paternal_surname"], juan["maternal_surname"]) == (
        "Juan Wilber",
        "Ccama",
        "Quispe",
    )
    assert (juan["doc_type"], juan["doc_number"]) == ("DNI", "66654242")


def test_the_obligado_typed_twice_is_one_row_completed_by_the_section() -> None:
    typed = {
        "parte_nombres": "juan wilber",
        "parte_apellidos": "CCAMA QUISPE",
        "parte_tipo_documento": "SIN_DOCUMENTO",
        "parte_rol": "demandado",
    }
    third = {
        "parte_nombres": "Pedro",
        "parte_apellidos": "Ccama",
        "parte_tipo_documento": "SIN_DOCUMENTO",
        "parte_rol": "tercero",
    }
    answers, row = with_obligado({**OBLIGADO, "partes": [third, typed]})
    assert row == 1 and len(answers["partes"]) == 2
    assert answers["partes"][1] == {  # his own spelling kept, the document added
        **typed,
        "parte_tipo_documento": "DNI",
        "parte_numero_documento": "66654242",
    }
    assert answers["partes"][0] == third


def test_another_document_is_another_person() -> None:
    other = {
        "parte_nombres": "Juan Wilber",
        "parte_apellidos": "Ccama Quispe",
        "parte_tipo_documento": "DNI",
        "parte_numero_documento": "41234567",
        "parte_rol": "tercero",
    }
    answers, row = with_obligado({**OBLIGADO, "partes": [other]})
    assert row == 1 and len(answers["partes"]) == 2


def test_a_party_named_with_part_of_his_names_is_another_person() -> None:
    """Review: a token-set match took "Ccama Quispe" (a tercero with two of his four
    names) for the obligado and gave that row his document."""
    for nombres, apellidos in (("Juan", "Ccama"), ("", "Ccama Quispe"), ("Wilber", "Quispe")):
        other = {
            "parte_nombres": nombres,
            "parte_apellidos": apellidos,
            "parte_tipo_documento": "SIN_DOCUMENTO",
            "parte_rol": "tercero",
        }
        answers, row = with_obligado({**OBLIGADO, "partes": [other]})
        assert row == 1 and len(answers["partes"]) == 2, (nombres, apellidos)
        assert answers["partes"][0] == other  # nothing of his copied onto her row


def test_an_obligado_without_a_document_is_not_said_to_have_none() -> None:
    """Walk at 1024x600: an obligado typed without a document became a row with
    "Sin documento" (he has none) in the ficha and its PDF; he is only not known."""
    answers, row = with_obligado({"obligado_nombres": "Juan Wilber Ccama Quispe"})
    him = {"parte_nombres": "Juan Wilber", "parte_apellidos": "Ccama Quispe"}
    assert row == 0 and answers["partes"] == [{**him, "parte_rol": "demandado"}]
    problems = forms.blocking(forms.validate(FICHA, answers))  # the ficha of new intakes
    assert not [e for e in problems if e.path.startswith("partes")]
    [party] = parties_from_answers(answers)
    assert party["person"]["doc_reason"] == PARTY_NO_DOCUMENT  # the person record says why


def test_no_obligado_no_row() -> None:
    assert with_obligado({"partes": []}) == ({"partes": []}, None)
    assert with_obligado({"obligado_nombres": "Juan"}) == ({"obligado_nombres": "Juan"}, None)


_word = st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóú", min_size=2, max_size=8)
_row = st.fixed_dictionaries(
    {
        "parte_nombres": _word,
        "parte_apellidos": st.lists(_word, min_size=1, max_size=2).map(" ".join),
        "parte_tipo_documento": st.sampled_from(["DNI", "SIN_DOCUMENTO"]),
        "parte_numero_documento": st.from_regex(r"\d{8}", fullmatch=True),
        "parte_rol": st.sampled_from(["demandado", "tercero"]),
    }
)


@settings(deadline=None)  # pure and fast; a loaded CI machine must not fail it on time
@given(
    name=st.lists(_word, min_size=2, max_size=5).map(" ".join),
    doc=st.one_of(st.none(), st.from_regex(r"\d{8}", fullmatch=True)),
    rows=st.lists(_row, max_size=4),
)
@example(name="aa la", doc=None, rows=[])  # found by the final CI: a trailing particle
@example(name="de la", doc="12345678", rows=[])  # only particles
def test_the_obligado_is_always_exactly_one_party(
    name: str, doc: str | None, rows: list[dict[str, Any]]
) -> None:
    """Whatever "Otras partes" holds: at most one row is added, applying it again changes
    nothing, and his row is one of the parties that are checked and registered."""
    section = {"obligado_nombres": name, "partes": rows}
    if doc:
        section |= {"obligado_tipo_documento": "DNI", "obligado_numero_documento": doc}
    once, row = with_obligado(section)
    assert row is not None and len(rows) <= len(once["partes"]) <= len(rows) + 1
    assert with_obligado(once) == (once, row)
    assert row in [p["row"] for p in parties_from_answers(once)]
