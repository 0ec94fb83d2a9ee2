"""Duplicate-person and conflict-of-interest check."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.core import cases, duplicates, intakes, people
from app.store import Store
from tests.core.conftest import person_input


def _register(store: Store, **overrides: Any) -> str:
    return people.register_person(store, person_input(**overrides))


def test_same_document_scores_one(store: Store) -> None:
    pid = _register(store, given_names="Rosa", doc_number="10117410")
    # Different spelling and the check digit typed: the document decides.
    found = duplicates.find_duplicates(
        store, person_input(given_names="Rossa", doc_number="10117410-2", birth_date=None)
    )
    assert [(c.person_id, c.score) for c in found] == [(pid, 1.0)]
    assert found[0].reasons == ["mismo documento"]


def test_fuzzy_needs_birth_date_or_district(store: Store) -> None:
    pid = _register(store, given_names="Rosa Elvira", paternal_surname="Huamán")
    query = person_input(
        given_names="Rosa Elvira",
        paternal_surname="Huaman",
        doc_type="SIN_DOCUMENTO",
        doc_number="",
        doc_reason="DNI extraviado",
    )
    # Same name (accent-insensitive), same birth date, same district: strong candidate.
    [candidate] = duplicates.find_duplicates(store, query)
    assert candidate.person_id == pid and candidate.score > 0.95
    assert "misma fecha de nacimiento" in candidate.reasons
    assert "mismo distrito" in candidate.reasons
    # Same name, same birth date, another department: still a candidate.
    assert duplicates.find_duplicates(store, {**query, "ubigeo": "150101"})
    # Same name and district, birth date unknown: a candidate.
    assert duplicates.find_duplicates(store, {**query, "birth_date": None})
    # Same name and district but a different known birth date: another person.
    assert duplicates.find_duplicates(store, {**query, "birth_date": "1960-11-02"}) == []
    # Same name, neither birth date nor district agree: name alone is not enough.
    assert (
        duplicates.find_duplicates(store, {**query, "birth_date": "1960-11-02", "ubigeo": "150101"})
        == []
    )


def test_common_surnames_do_not_make_everyone_a_duplicate(store: Store) -> None:
    for i, given_name in enumerate(("María", "Juana", "Carmen", "Luz", "Yolanda", "Killa")):
        _register(store, given_names=given_name, doc_number=f"4000000{i}")
    query = person_input(given_names="Rosa", doc_number="49999999")
    # Same surnames (Quispe Mamani), birth date and district, other given names: nobody.
    assert duplicates.find_duplicates(store, query) == []


def test_typo_in_birth_date_with_same_district(store: Store) -> None:
    pid = _register(store, birth_date="1985-03-14")
    query = person_input(doc_number="49999999", birth_date="1985-03-15")
    [candidate] = duplicates.find_duplicates(store, query)
    assert candidate.person_id == pid
    assert "fecha de nacimiento parecida" in candidate.reasons


def test_deleted_people_are_not_candidates(store: Store) -> None:
    pid = _register(store)
    store.delete("person", pid)
    assert duplicates.find_duplicates(store, person_input()) == []


def test_counterparty_is_a_conflict_of_interest(store: Store, validator: Any) -> None:
    client = _register(store, given_names="Rosa", doc_number="40000001")
    other = _register(
        store, given_names="Walter", paternal_surname="Condori", sex="M", doc_number="40000002"
    )
    intake = intakes.add_intake(
        store,
        client,
        {"service_type": "patrocinio", "matter": "alimentos"},
        validator,
        form_id="ficha_prueba",
    )
    case_id = cases.open_case(store, intake)
    cases.add_party(store, case_id, other, "counterparty")
    number = cases.get_case(store, case_id)["internal_number"]
    [hit] = duplicates.find_duplicates(
        store, person_input(given_names="Walter", paternal_surname="Condori", doc_number="40000002")
    )
    assert hit.person_id == other and hit.conflict_of_interest
    assert [link.internal_number for link in hit.counterparty_in] == [number]
    assert hit.to_dict()["conflict_of_interest"] is True
    # The beneficiary of the same case is a duplicate but not a conflict.
    [same] = duplicates.find_duplicates(store, person_input(doc_number="40000001"))
    assert same.person_id == client and not same.conflict_of_interest


names = st.sampled_from(["Quispe", "Mamani", "Huamán", "Flores", "Condori", "Apaza"])
givens = st.sampled_from(["María", "Rosa", "Juan", "José", "Luz", "Inti", "Killa"])
record = st.fixed_dictionaries(
    {
        "given_names": givens,
        "paternal_surname": names,
        "maternal_surname": names,
        "birth_date": st.sampled_from([None, "1980-01-02", "1980-02-01", "1990-07-07"]),
        "ubigeo": st.sampled_from([None, "080101", "080102", "150101"]),
    }
)


@given(record, record)
def test_score_properties(a: dict[str, Any], b: dict[str, Any]) -> None:
    score, reasons = duplicates.score_pair(a, b)
    assert 0.0 <= score <= 1.0
    if score:
        # Never a candidate on the name alone.
        assert "misma fecha de nacimiento" in reasons or "mismo distrito" in reasons
        assert a["given_names"] == b["given_names"]
    assert duplicates.score_pair(b, a)[0] == score


def test_realistic_population_gives_few_candidates(store: Store) -> None:
    """2,000 sample people with realistic surname frequencies; 200 newcomers (another
    seed) rarely match anyone, while re-registering a known person always does."""
    from app.core import sample

    known = list(sample.people(2000, seed=21))
    with store.transaction():
        ids = [people.register_person(store, p) for p in known]
    newcomers = list(sample.people(200, seed=22))
    fuzzy_hits = 0
    for who in newcomers:
        query = {**who, "doc_type": "SIN_DOCUMENTO", "doc_number": "", "doc_reason": "x"}
        fuzzy_hits += len(duplicates.find_duplicates(store, query))
    assert fuzzy_hits <= 4  # common surnames do not make everyone a duplicate
    for pid, who in list(zip(ids, known, strict=True))[:50]:
        query = {**who, "doc_type": "SIN_DOCUMENTO", "doc_number": "", "doc_reason": "x"}
        found = duplicates.find_duplicates(store, query)
        assert found and found[0].person_id == pid
