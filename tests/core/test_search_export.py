"""Search grouped by kind; export: every live record, stable, audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import cases, export, intakes, notes, people
from app.core import search as search_core
from app.core.errors import InvalidInput
from app.store import Store
from tests.core.conftest import person_input


def _case(store: Store, validator: Any) -> str:
    pid = people.register_person(store, person_input(given_names="Sumaq Killa"))
    intake = intakes.add_intake(
        store,
        pid,
        {"service_type": "patrocinio", "matter": "violencia"},
        validator,
        form_id="ficha_prueba",
    )
    return cases.open_case(store, intake)


def test_search_groups_hits(store: Store, validator: Any) -> None:
    case_id = _case(store, validator)
    notes.add_note(store, case_id, "La usuaria Killa solicita medidas de protección")
    grouped = search_core.search(store, "killa")
    assert [h["entity"] for h in grouped["person"]] == ["person"]
    assert [h["parent_id"] for h in grouped["note"]] == [case_id]
    assert grouped["case"] == []
    with pytest.raises(InvalidInput):
        search_core.search(store, "   ")


@given(st.permutations(["García Ramírez", "Fernández García", "Choque García"]))
@settings(max_examples=6, deadline=None)
def test_name_match_puts_the_words_in_order_first(order: list[str]) -> None:
    """The one ranking (fresh8 #15e), whatever the store's order: "maria garcia" finds
    María García Ramírez (given name, first surname) before the scattered matches."""
    hits = [{"entity": "person", "title": f"María {n}"} for n in order]
    hits.append({"entity": "case", "title": "María García"})  # not a person: stays put
    shown = search_core.ranked(hits, "maria garcia", 10)
    assert shown[0]["title"] == "María García Ramírez"
    assert [h["title"] for h in shown[1:3]] == [f"María {n}" for n in order if "Ram" not in n]
    assert shown[3]["entity"] == "case"
    assert search_core.ranked(hits, "maria garcia", 2) == shown[:2]


def test_export_is_complete_stable_and_audited(store: Store, validator: Any) -> None:
    case_id = _case(store, validator)
    gone = people.register_person(store, person_input(doc_number="40000001"))
    store.delete("person", gone)
    before = store.verify_audit().events
    doc = export.export_all(store)
    assert store.verify_audit().events == before + 1
    data = doc["entities"]
    assert list(data) == sorted(data)
    assert [r["id"] for r in data["case"]] == [case_id]
    assert gone not in {r["id"] for r in data["person"]}
    assert isinstance(data["intake"][0]["answers"], dict)
    assert export.dumps(doc) == export.dumps(export.export_all(store))
    assert json.loads(export.dumps(doc)) == doc
