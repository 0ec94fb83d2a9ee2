"""People: normalization, validation naming each field, RENIEC mapping, listing."""

from __future__ import annotations

from datetime import date

import pytest

from app.core import people
from app.core.errors import InvalidInput, NotFound
from app.store import Store
from tests.core.conftest import person_input

TODAY = date(2026, 6, 1)


def _fields(exc: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {p.field: p.message for p in exc.value.problems}


def test_register_normalizes_and_stores(store: Store) -> None:
    data = person_input(
        given_names="  maría   rosa ",
        paternal_surname=" Huamán ",
        doc_number="10117410-2",
        phone="+51 987 654 321",
        sex="f",
    )
    pid = people.register_person(store, data, today=TODAY)
    record = people.get_person(store, pid)
    assert record["given_names"] == "María Rosa"
    assert record["paternal_surname"] == "Huamán"
    assert record["doc_number"] == "10117410"
    assert record["phone"] == "987654321"
    assert record["sex"] == "F"
    assert record["office_id"] == store.office_id
    assert record["created_by"] == store.user_id


def test_every_problem_names_its_field() -> None:
    data = person_input(
        doc_number="10117410-3",
        birth_date="2030-01-01",
        sex="Q",
        ubigeo="999999",
        phone="12345",
        nickname="Rosita",
    )
    with pytest.raises(InvalidInput) as exc:
        people.normalize_person(data, today=TODAY)
    fields = _fields(exc)
    assert set(fields) == {"doc_number", "birth_date", "sex", "ubigeo", "phone", "nickname"}
    assert fields["doc_number"].endswith("revise el número.")  # not the right character
    assert "se esperaba" not in fields["doc_number"]
    assert fields["nickname"] == "campo desconocido"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"given_names": ""}, "given_names"),
        ({"given_names": 12}, "given_names"),
        ({"paternal_surname": None, "maternal_surname": None}, "paternal_surname"),
        ({"doc_type": "LIBRETA"}, "doc_type"),
        ({"doc_type": "SIN_DOCUMENTO", "doc_number": ""}, "doc_reason"),
        ({"doc_number": "1234"}, "doc_number"),
        ({"birth_date": "1890-01-01"}, "birth_date"),
        ({"birth_date": "1901-01-01"}, "birth_date"),  # 125 years old
        ({"birth_date": "14/03/1985"}, "birth_date"),
        ({"interpreter_needed": "si"}, "interpreter_needed"),
        ({"ubigeo_reniec": "000000"}, "ubigeo_reniec"),
    ],
)
def test_single_bad_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        people.normalize_person(person_input(**overrides), today=TODAY)
    assert [p.field for p in exc.value.problems] == [field]


def test_not_an_object() -> None:
    with pytest.raises(InvalidInput):
        people.normalize_person(["Rosa"], today=TODAY)  # type: ignore[arg-type]


def test_sin_documento_with_reason() -> None:
    out = people.normalize_person(
        person_input(doc_type="SIN_DOCUMENTO", doc_number="", doc_reason="  Nunca  tramitó "),
        today=TODAY,
    )
    assert out["doc_number"] == "" and out["doc_reason"] == "Nunca tramitó"


def test_reniec_code_is_mapped_to_inei() -> None:
    # Bagua: INEI 010201, RENIEC 010205 (and INEI 010205 is another district, Imaza).
    data = person_input(ubigeo=None, ubigeo_reniec="010205")
    assert people.normalize_person(data, today=TODAY)["ubigeo"] == "010201"
    with pytest.raises(InvalidInput) as exc:
        people.normalize_person(person_input(ubigeo="010205", ubigeo_reniec="010205"), today=TODAY)
    assert exc.value.field == "ubigeo_reniec"


def test_update_validates_and_keeps_document_rules(store: Store) -> None:
    pid = people.register_person(store, person_input(), today=TODAY)
    people.update_person(store, pid, {"phone": "912345678"}, today=TODAY)
    assert people.get_person(store, pid)["phone"] == "912345678"
    with pytest.raises(InvalidInput) as exc:
        people.update_person(store, pid, {"doc_number": "10117410-9"}, today=TODAY)
    assert exc.value.field == "doc_number"
    with pytest.raises(NotFound):
        people.update_person(store, "nope", {"phone": "912345678"})


def test_list_orders_by_surname(store: Store) -> None:
    people.register_person(store, person_input(paternal_surname="Rojas", doc_number="40000001"))
    people.register_person(store, person_input(paternal_surname="Apaza", doc_number="40000002"))
    names = [r["paternal_surname"] for r in people.list_people(store)]
    assert names == ["Apaza", "Rojas"]
    with pytest.raises(NotFound):
        people.get_person(store, "missing")
