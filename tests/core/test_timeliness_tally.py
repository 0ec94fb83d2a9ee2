"""The database-side timeliness tally equals the reference path (``stats.timeliness``
over ``app.core.milestones``' rows) figure for figure, on varied data: recorded
milestones overriding derived ones, several of a kind, ends before starts, invalid
dates, cases without intake, court or defender, deleted records; for several periods."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from app.core import milestones
from app.core.queries.timeliness_tally import timeliness_tally
from stats.timeliness import cell_figures, figures, observations, to_csv

START = date(2025, 1, 1)
MATTERS = ("alimentos", "violencia", "filiacion", "", "laboral")
COURTS = ({"court": "1801", "specialty": "FC"}, {"court": "1001", "specialty": "PE"},
          {"court": "2101"}, None)  # fmt: skip


def _day(rng: random.Random, base: date, span: int) -> str:
    return (base + timedelta(days=rng.randrange(-10, span))).isoformat()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.conftest import make_vault

    s = make_vault(tmp_path_factory.mktemp("tally") / "vault")
    rng = random.Random(1616)
    office = s.office_id
    with s.transaction() as tx:
        users = [
            tx.insert(
                "user",
                {
                    "office_id": office,
                    "name": f"d{i}",
                    "role": "defender",
                    "display_name": f"Defensora {i}",
                },
            )
            for i in range(3)
        ]
        person = tx.insert(
            "person",
            {
                "office_id": office,
                "given_names": "Rosa",
                "paternal_surname": "Quispe",
                "doc_type": "DNI",
            },
        )
        for n in range(260):
            served = START + timedelta(days=rng.randrange(500))
            answers: dict[str, Any] = {}
            roll = rng.random()
            if roll < 0.6:
                answers["fecha_atencion"] = served.isoformat()
            elif roll < 0.7:
                answers["fecha_atencion"] = "2025-02-30"  # not a date: recorded_at counts
            intake = (
                tx.insert(
                    "intake",
                    {
                        "office_id": office,
                        "person_id": person,
                        "form_id": "ficha_atencion",
                        "form_version": 1,
                        "status": "submitted",
                        "answers": answers,
                        "recorded_at": f"{served.isoformat()}T{rng.randrange(24):02d}:30:00+00:00",
                    },
                )
                if rng.random() < 0.9
                else None
            )
            closed = _day(rng, served, 400) if rng.random() < 0.3 else None
            case = tx.insert("case", {
                "office_id": office, "internal_number": f"T-{n:04d}",
                "matter": rng.choice(MATTERS) or None, "status": "closed" if closed else "open",
                "defender_id": rng.choice([*users, None]), "intake_id": intake,
                "person_id": person, "opened_at": f"{served.isoformat()}T16:00:00+00:00",
                "closed_at": f"{closed}T12:00:00-05:00" if closed else None,
                "court_file_parts": rng.choice(COURTS),
            })  # fmt: skip
            for kind in ("filed", "decision", "first_hearing", "intake", "closure", "admitted"):
                for _ in range(rng.choice((0, 0, 1, 1, 2))):
                    tx.insert("case_milestone", {
                        "office_id": office, "case_id": case, "kind": kind,
                        "occurred_on": _day(rng, served, 300),
                    })  # fmt: skip
            for _ in range(rng.randrange(3)):
                tx.insert("hearing", {
                    "case_id": case, "category": rng.choice(("hearing", "hearing", "deadline")),
                    "kind": "audiencia_unica", "status": rng.choice(("held", "scheduled")),
                    "at": f"{_day(rng, served, 200)}T09:00:00",
                })  # fmt: skip
            if rng.random() < 0.05:
                tx.delete("case", case)
    yield s
    s.lock()


@pytest.mark.parametrize(
    "start, end",
    [(date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 6, 15), date(2026, 3, 3)),
     (date(2024, 1, 1), date(2026, 12, 31)), (date(2025, 3, 1), date(2025, 3, 31))],
)  # fmt: skip
def test_the_database_tally_gives_the_reference_figures(store: Any, start: date,
                                                        end: date) -> None:  # fmt: skip
    cases = milestones.timeliness_cases(store)
    reference = figures(observations(cases, milestones.milestone_rows(store, cases), start, end))
    fast = cell_figures(timeliness_tally(store, start, end))
    assert reference, "the data give figures in every period"
    assert fast == reference
    assert to_csv(fast) == to_csv(reference)


def test_a_period_without_cases_gives_no_figures(store: Any) -> None:
    assert cell_figures(timeliness_tally(store, date(2030, 1, 1), date(2030, 1, 31))) == []


@pytest.mark.parametrize("kinds", [("total", "matter"), ("total",), ("total", "court", "period")])
def test_the_kinds_asked_for_give_exactly_their_reference_figures(
    store: Any, kinds: tuple[str, ...]
) -> None:
    """The page counts only all cases and matters (``office_figures.PAGE_KINDS``): the
    same figures as the full tally's, and none of another kind."""
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    cases = milestones.timeliness_cases(store)
    reference = figures(observations(cases, milestones.milestone_rows(store, cases), start, end))
    got = cell_figures(timeliness_tally(store, start, end, kinds=kinds))
    assert got == [f for f in reference if f.group_kind in kinds]
    assert {f.group_kind for f in got} == set(kinds)


class SaturdaysWork:
    """A calendar whose Saturdays are working days (only Sundays and each month's 7th
    are off): the working-day index cannot count weekends by division."""

    def is_working(self, day: date) -> bool:
        return day.weekday() != 6 and day.day != 7


@pytest.mark.parametrize("calendar", [None, SaturdaysWork()], ids=["peru", "saturdays-work"])
def test_working_days_follow_the_calendar_given(store: Any, calendar: Any) -> None:
    start, end = date(2025, 2, 10), date(2026, 1, 20)
    cases = milestones.timeliness_cases(store)
    rows = milestones.milestone_rows(store, cases)
    reference = figures(observations(cases, rows, start, end, calendar))
    assert cell_figures(timeliness_tally(store, start, end, calendar)) == reference
    if calendar is not None:  # the two calendars give other working days
        assert reference != figures(observations(cases, rows, start, end))


def test_an_empty_vault_gives_no_figures(tmp_path: Any) -> None:
    from tests.conftest import make_vault

    empty = make_vault(tmp_path / "vault")
    try:
        assert timeliness_tally(empty, date(2025, 1, 1), date(2025, 12, 31)) == {}
    finally:
        empty.lock()
