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
    # Same full name but a different known birth date: most likely another person,
    # still shown (weak, ranked last) so the defender decides.
    [weak] = duplicates.find_duplicates(store, {**query, "birth_date": "1960-11-02"})
    assert weak.score <= duplicates.WEAK_MAX and "otra fecha de nacimiento" in weak.reasons
    # Not the same full name, and a different birth date: nobody.
    other = {**query, "given_names": "Rosa", "birth_date": "1960-11-02", "ubigeo": "150101"}
    assert duplicates.find_duplicates(store, other) == []


def test_same_full_name_other_document_and_birth_date_is_shown_last(store: Store) -> None:
    """Walkthrough #6: the same full name as a registered person, with another DNI and
    another birth date, is shown as a possible match — ranked by evidence, below a
    candidate with more of it — with the reasons against it."""
    namesake = _register(store, doc_number="40000011", birth_date="1971-05-05", ubigeo="150101")
    closer = _register(store, doc_number="40000012", birth_date=None, ubigeo="150101")
    query = person_input(doc_number="49999998", birth_date="1988-01-20")
    found = duplicates.find_duplicates(store, query)
    assert [c.person_id for c in found] == [closer, namesake]
    weak = found[1]
    assert weak.reasons[:3] == [
        "solo coincide el nombre (100 %)",
        "otra fecha de nacimiento",
        "otro documento",
    ]
    assert 0 < weak.score < found[0].score


def _open_case(store: Store, validator: Any, client: str, other: str | None = None) -> str:
    intake = intakes.add_intake(
        store,
        client,
        {"service_type": "patrocinio", "matter": "alimentos"},
        validator,
        form_id="ficha_prueba",
    )
    case_id = cases.open_case(store, intake)
    if other is not None:
        cases.add_party(store, case_id, other, "counterparty")
    return case_id


def test_names_alone_find_the_other_party_of_a_case(store: Store, validator: Any) -> None:
    """Issue 13: the other party of a demo case, entered by name only (no document, no
    birth date, no district), is found and flagged — in any case and accents."""
    client = _register(store, doc_number="40000001")
    julia = _register(
        store,
        given_names="Julia Yolanda",
        paternal_surname="Alarcón",
        maternal_surname="Mendoza",
        doc_number="40000002",
        ubigeo="150101",
    )
    number = cases.get_case(store, _open_case(store, validator, client, julia))["internal_number"]
    names = {
        "given_names": "julia yolanda",
        "paternal_surname": "ALARCON",
        "maternal_surname": "mendoza",
        "doc_type": "SIN_DOCUMENTO",
        "doc_reason": "no lo recuerda",
    }
    [hit] = duplicates.find_duplicates(store, names)
    assert hit.person_id == julia and hit.conflict_of_interest
    assert [link.internal_number for link in hit.conflict_in] == [number]
    assert hit.reasons[0].startswith("solo coincide el nombre")
    # A typo after the third letter of a surname still finds her.
    assert duplicates.find_duplicates(store, {**names, "maternal_surname": "Mendosa"})
    # Without the maternal surname on one side, the paternal one decides.
    assert duplicates.find_duplicates(store, {**names, "maternal_surname": None})
    # Names alone must be (nearly) the whole name: one given name of two is not enough.
    assert duplicates.find_duplicates(store, {**names, "given_names": "Julia"}) == []


def test_more_evidence_ranks_first(store: Store) -> None:
    by_name = _register(store, doc_number="40000001", birth_date=None, ubigeo="150101")
    with_birth = _register(store, doc_number="40000002", ubigeo="150101")
    with_doc = _register(store, given_names="Rosaura", doc_number="40000003")
    query = person_input(doc_number="40000003", ubigeo=None)
    found = duplicates.find_duplicates(store, query)
    assert [c.person_id for c in found] == [with_doc, with_birth, by_name]
    assert found[0].score == 1.0 > found[1].score > found[2].score


def test_other_party_who_is_a_client_is_a_conflict(store: Store, validator: Any) -> None:
    client = _register(store, doc_number="40000001")
    _open_case(store, validator, client)
    query = person_input(doc_type="SIN_DOCUMENTO", doc_number="", doc_reason="x", birth_date=None)
    [as_client] = duplicates.find_duplicates(store, query)
    assert not as_client.conflict_of_interest  # the same client coming back
    [as_other] = duplicates.find_duplicates(store, query, side="other")
    assert as_other.conflict_of_interest and len(as_other.client_in) == 1
    assert "es cliente de esta oficina" in as_other.reasons


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
    case_id = _open_case(store, validator, client, other)
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
        assert a["given_names"] == b["given_names"]
        # On the name alone only when the names are equal: a birth date unknown, or both
        # known and different (then ranked below everything else, at most WEAK_MAX).
        if not ("misma fecha de nacimiento" in reasons or "mismo distrito" in reasons):
            if "otra fecha de nacimiento" in reasons:
                assert a["birth_date"] and b["birth_date"] and score <= duplicates.WEAK_MAX
            else:
                assert a["birth_date"] is None or b["birth_date"] is None
            assert reasons[0].startswith("solo coincide el nombre")
            assert (a["paternal_surname"], a["maternal_surname"]) == (
                b["paternal_surname"],
                b["maternal_surname"],
            )
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
