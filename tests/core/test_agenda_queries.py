"""The agenda reads on a real store: client names, windows of any status, overdue items
grouped by case and counted, and case labels for search hits."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import cases, hearings, intakes, people, queries
from app.store import Store
from tests.core.conftest import person_input

ANSWERS = {"service_type": "patrocinio", "matter": "alimentos", "summary": "Pensión"}
NOW = "2026-11-30T12:00:00"


def _case(store: Store, validator: Any, **person: Any) -> str:
    pid = people.register_person(store, person_input(**person))
    intake = intakes.add_intake(store, pid, ANSWERS, validator, form_id="ficha_prueba")
    return cases.open_case(store, intake)


def test_items_carry_the_client_and_windows_include_every_status(
    store: Store, validator: Any
) -> None:
    case_id = _case(store, validator)
    client = people.full_name(store.get("person", cases.get_case(store, case_id)["person_id"]))
    held = hearings.schedule_hearing(store, case_id, "2026-11-30T09:00", "Audiencia única")
    hearings.mark_hearing(store, held, "held", "Se fijó pensión")
    hearings.schedule_hearing(store, case_id, "2026-11-30T15:00", "Contestar", None, "deadline")
    hearings.schedule_hearing(store, case_id, "2026-12-01T09:00", "Audiencia de pruebas")

    day = queries.agenda_items(store, "2026-11-30", "2026-12-01")
    assert [(r["kind"], r["status"]) for r in day] == [
        ("Audiencia única", "held"),
        ("Contestar", "scheduled"),
    ]
    assert {r["client"] for r in day} == {client}
    assert all(r["case_number"] for r in day)
    only_hearings = queries.agenda_items(store, "2026-11-30", "2026-12-02", "hearing")
    assert [r["kind"] for r in only_hearings] == ["Audiencia única", "Audiencia de pruebas"]
    # scheduled_items: still scheduled only, with the client too
    pending = queries.scheduled_items(store, "2026-12-02", "2026-11-30")
    assert [r["kind"] for r in pending] == ["Contestar", "Audiencia de pruebas"]
    assert pending[0]["client"] == client


def test_overdue_items_are_counted_and_grouped_by_case(store: Store, validator: Any) -> None:
    first = _case(store, validator, doc_number="40000001", given_names="Rosa")
    second = _case(store, validator, doc_number="40000002", given_names="Julia")
    for day in ("2026-09-01", "2026-10-01", "2026-11-01"):
        hearings.schedule_hearing(store, first, f"{day}T09:00", "Plazo", None, "deadline")
    hearings.schedule_hearing(store, second, "2026-10-15T09:00", "Audiencia única")
    done = hearings.schedule_hearing(store, second, "2026-08-01T09:00", "Audiencia previa")
    hearings.mark_hearing(store, done, "held")  # has its result: not overdue
    hearings.schedule_hearing(store, second, "2026-12-15T09:00", "Futura")  # not yet due

    summary = queries.overdue_summary(store, NOW)
    assert (summary["total"], summary["cases"]) == (4, 2)
    assert (summary["hearings"], summary["deadlines"]) == (1, 3)
    groups = summary["groups"]
    assert [(g["case_id"], g["count"]) for g in groups] == [(first, 3), (second, 1)]
    assert groups[0]["oldest"].startswith("2026-09-01") and "Rosa" in groups[0]["client"]
    assert groups[0]["deadlines"] == 3 and groups[1]["hearings"] == 1
    assert len(queries.overdue_summary(store, NOW, groups=1)["groups"]) == 1
    items = queries.overdue_items(store, NOW)
    assert [r["at"][:10] for r in items] == ["2026-09-01", "2026-10-01", "2026-10-15", "2026-11-01"]


def test_nothing_overdue_and_deleted_cases_left_out(store: Store, validator: Any) -> None:
    assert queries.overdue_summary(store, NOW) == {
        "total": 0,
        "cases": 0,
        "hearings": 0,
        "deadlines": 0,
        "groups": [],
    }
    case_id = _case(store, validator)
    hearings.schedule_hearing(store, case_id, "2026-10-01T09:00", "Plazo", None, "deadline")
    assert queries.overdue_summary(store, NOW)["total"] == 1
    store.delete("case", case_id)
    assert queries.overdue_summary(store, NOW)["total"] == 0
    assert queries.agenda_items(store, "2026-01-01", "2027-01-01") == []


def test_case_labels_name_number_and_client(store: Store, validator: Any) -> None:
    case_id = _case(store, validator, given_names="Rosa")
    labels = queries.case_labels(store, [case_id, case_id, "", "no-such-case"])
    assert list(labels) == [case_id]
    assert labels[case_id]["case_number"] == cases.get_case(store, case_id)["internal_number"]
    assert "Rosa" in labels[case_id]["client"]
    assert queries.case_labels(store, []) == {}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(st.integers(min_value=-60, max_value=60), min_size=0, max_size=12),
    outcome=st.lists(st.sampled_from(["scheduled", "held", "failed"]), min_size=12, max_size=12),
)
def test_overdue_count_is_the_scheduled_past_items(
    store: Store, validator: Any, days: list[int], outcome: list[str]
) -> None:
    """Whatever mix of dates and outcomes: the summary counts exactly the still-scheduled
    items before now, its groups add up to that, and the day windows partition the rest."""
    from datetime import datetime, timedelta

    existing = store.query("SELECT id FROM legal_case WHERE _deleted = 0")
    case_id = existing[0]["id"] if existing else _case(store, validator)
    for row in store.query("SELECT id FROM hearing WHERE _deleted = 0"):
        store.delete("hearing", row["id"])
    now = datetime.fromisoformat(NOW)
    expected = 0
    for day, status in zip(days, outcome, strict=False):
        at = (now + timedelta(days=day, minutes=1)).isoformat(timespec="minutes")
        hid = hearings.schedule_hearing(store, case_id, at, "Plazo", None, "deadline")
        if status != "scheduled":
            hearings.mark_hearing(store, hid, status)
        elif at < NOW:
            expected += 1
    summary = queries.overdue_summary(store, NOW)
    assert summary["total"] == expected == len(queries.overdue_items(store, NOW))
    assert sum(g["count"] for g in summary["groups"]) == expected
    window = queries.agenda_items(store, "2026-01-01", "2027-12-31")
    assert len(window) == len(days)


def test_a_moved_hearing_says_where_it_went_and_nothing_is_guessed(
    store: Store, validator: Any
) -> None:
    case_id = _case(store, validator)
    first = hearings.schedule_hearing(store, case_id, "2026-11-30T09:00", "Audiencia única")
    hearings.schedule_hearing(store, case_id, "2026-12-09T09:00", "Audiencia de pruebas")
    second = hearings.mark_hearing(store, first, "rescheduled", "Juez de viaje", "2026-12-03T10:00")
    assert second is not None
    # moved again: each move points at its own new date, not at the newest one
    hearings.mark_hearing(store, second, "rescheduled", "Huelga", "2026-12-05T11:00")
    # a move recorded without a new date points nowhere (nothing guessed from other rows)
    lone = hearings.schedule_hearing(store, case_id, "2026-11-30T15:00", "Audiencia única")
    hearings.mark_hearing(store, lone, "rescheduled", "Sin fecha aún")

    rows = queries.moved_to(store, queries.agenda_items(store, "2026-11-30", "2026-12-10"))
    said = {(r["at"][:16], r["status"]): r.get("moved_to") for r in rows}
    assert said[("2026-11-30T09:00", "rescheduled")] == "2026-12-03T10:00"
    assert said[("2026-12-03T10:00", "rescheduled")] == "2026-12-05T11:00"
    assert said[("2026-11-30T15:00", "rescheduled")] is None
    assert said[("2026-12-05T11:00", "scheduled")] is None
    assert said[("2026-12-09T09:00", "scheduled")] is None
