"""A person's profile (``app.core.queries.person_file``) on a real store: cases as client
and as another party, intakes with the case they opened, referrals, the timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.core import cases, hearings, intakes, people, queries, referrals
from app.core.errors import NotFound
from app.store import Store
from tests.core.conftest import person_input

ANSWERS = {"service_type": "patrocinio", "matter": "alimentos", "summary": "Pensión"}


def _case(store: Store, validator: Any, person_id: str, when: datetime) -> str:
    intake = intakes.add_intake(store, person_id, ANSWERS, validator, form_id="ficha_prueba")
    return cases.open_case(store, intake, now=when)


def test_person_file_splits_client_and_party_cases(store: Store, validator: Any) -> None:
    ana = people.register_person(store, person_input())
    rosa = people.register_person(store, person_input(doc_number="41234567", given_names="Rosa"))
    first = _case(store, validator, ana, datetime(2026, 1, 5, 9, tzinfo=UTC))
    second = _case(store, validator, rosa, datetime(2026, 2, 5, 9, tzinfo=UTC))
    cases.add_party(store, second, ana, "counterparty")
    referrals.add_referral(store, {"case_id": first, "institution": "demuna", "reason": "x"})
    hearings.schedule_hearing(store, first, "2026-03-01T10:00:00", "Audiencia única", "JPL")
    hearings.schedule_hearing(store, second, "2026-04-01T10:00:00", "Audiencia única", "JPL")

    profile = queries.person_file(store, ana)
    assert profile["person"]["id"] == ana and profile["person"]["name"]
    assert [c["id"] for c in profile["client_cases"]] == [first]
    assert [(c["id"], c["role"]) for c in profile["party_cases"]] == [(second, "counterparty")]
    assert profile["client_cases"][0]["defender"]  # the user's label
    assert [i["case_id"] for i in profile["intakes"]] == [first]
    assert [r["institution"] for r in profile["referrals"]] == ["demuna"]
    kinds = [e["kind"] for e in profile["timeline"]]
    assert {"registered", "intake", "case_opened", "hearing", "referral"} <= set(kinds)
    hearing_cases = {e["case_id"] for e in profile["timeline"] if e["kind"] == "hearing"}
    assert hearing_cases == {first}  # the other party's hearings are not in her timeline
    stamps = [e["at"] for e in profile["timeline"]]
    assert stamps == sorted(stamps, reverse=True)

    people.update_person(store, ana, {"phone": "912345678"})
    kinds = [e["kind"] for e in queries.person_file(store, ana)["timeline"]]
    assert "edited" in kinds


def test_person_file_of_unknown_person_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        queries.person_file(store, "0190aaaa-0000-7000-8000-000000000000")
