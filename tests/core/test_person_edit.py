"""The one person validator: Spanish field labels, edits checked on the merged record."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import people
from app.core.errors import InvalidInput
from app.store import Store
from tests.core.conftest import person_input

TODAY = date(2026, 6, 1)


def _problems(exc: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {p.field: p.shown for p in exc.value.problems}


def test_problems_name_fields_in_spanish() -> None:
    """The issue's step-1 input: a 7-digit DNI, ``12345678-9``, 2030, an 8-digit phone."""
    for doc in ("1234567", "12345678-9"):
        data = person_input(doc_number=doc, birth_date="2030-01-01", phone="98765432")
        with pytest.raises(InvalidInput) as exc:
            people.normalize_person(data, today=TODAY)
        shown = _problems(exc)
        assert set(shown) == {"doc_number", "birth_date", "phone"}
        assert shown["doc_number"].startswith("Número de documento: ")
        assert shown["birth_date"].startswith("Fecha de nacimiento: ")
        assert shown["phone"].startswith("Teléfono: ")
        # The CLI keeps the precise field name.
        assert str(exc.value.problems[0]).startswith(exc.value.problems[0].field + ": ")
        assert exc.value.shown == [p.shown for p in exc.value.problems]


def test_every_input_field_has_a_spanish_label() -> None:
    for name in people.INPUT_FIELDS:
        label = people.field_label(name)
        assert label != name and label[0].isupper(), name
    assert people.field_label("nickname") == "nickname"
    assert people.field_label("phone", "en") == "Phone"


def test_edit_changes_only_what_differs(store: Store) -> None:
    pid = people.register_person(store, person_input(), today=TODAY)
    assert people.update_person(store, pid, {"phone": "+51 912 345 678"}, today=TODAY) == {
        "phone": "912345678"
    }
    assert people.update_person(store, pid, {"phone": "912345678"}, today=TODAY) == {}
    changed = people.update_person(
        store, pid, {"given_names": "  rosa   elena ", "phone": None}, today=TODAY
    )
    assert changed == {"given_names": "Rosa Elena", "phone": None}
    record = people.get_person(store, pid)
    assert record["given_names"] == "Rosa Elena" and record["phone"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_names": ""}, "given_names"),
        ({"paternal_surname": None, "maternal_surname": None}, "paternal_surname"),
        ({"doc_number": "1234567"}, "doc_number"),
        ({"doc_type": "SIN_DOCUMENTO", "doc_number": None}, "doc_reason"),
        ({"birth_date": "2030-01-01"}, "birth_date"),
        ({"phone": "98765432"}, "phone"),
        ({"sex": "Q"}, "sex"),
        ({"nickname": "Rosita"}, "nickname"),
        ({"ubigeo_reniec": "999999"}, "ubigeo_reniec"),
    ],
)
def test_bad_edit_writes_nothing(store: Store, changes: dict[str, Any], field: str) -> None:
    pid = people.register_person(store, person_input(), today=TODAY)
    before = people.get_person(store, pid)
    with pytest.raises(InvalidInput) as exc:
        people.update_person(store, pid, changes, today=TODAY)
    assert field in {p.field for p in exc.value.problems}
    assert all(p.label for p in exc.value.problems if p.field != "nickname")
    assert people.get_person(store, pid) == before


def test_document_group_checked_together(store: Store) -> None:
    pid = people.register_person(store, person_input(), today=TODAY)
    changed = people.update_person(
        store, pid, {"doc_type": "SIN_DOCUMENTO", "doc_number": None, "doc_reason": "Perdido"}
    )
    assert changed == {"doc_type": "SIN_DOCUMENTO", "doc_number": "", "doc_reason": "Perdido"}
    with pytest.raises(InvalidInput):  # a DNI again needs its number
        people.update_person(store, pid, {"doc_type": "DNI"})


def test_stored_value_from_older_rules_does_not_block_other_fields(store: Store) -> None:
    pid = people.register_person(store, person_input(), today=TODAY)
    store.update("person", pid, {"phone": "12"})  # as if an older release had accepted it
    assert people.update_person(store, pid, {"sex": "M"}, today=TODAY) == {"sex": "M"}


_VALID = {
    "given_names": st.sampled_from(["Ana", "José Luis", "María"]),
    "phone": st.sampled_from(["987654321", "912345678", None]),
    "sex": st.sampled_from(["F", "M", "X"]),
    "birth_date": st.sampled_from(["1990-01-31", "2001-12-01", None]),
}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.fixed_dictionaries({}, optional=_VALID))
def test_edit_then_read_back_matches_registration(store: Store, changes: dict[str, Any]) -> None:
    """An edit leaves the record exactly as registering the merged input would."""
    pid = people.register_person(store, person_input(), today=TODAY)
    people.update_person(store, pid, changes, today=TODAY)
    expected = people.normalize_person({**person_input(), **changes}, today=TODAY)
    record = people.get_person(store, pid)
    assert {k: record.get(k) for k in expected} == expected
