"""Caseload helpers: month ends, what "active" means, counts per key."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from stats.caseload import active_counts, active_on, month_ends, monthly_counts

D = dt.date


def test_month_ends_stop_at_the_period_end() -> None:
    assert month_ends(D(2025, 11, 15), D(2026, 2, 10)) == [
        D(2025, 11, 30), D(2025, 12, 31), D(2026, 1, 31), D(2026, 2, 10),
    ]  # fmt: skip
    assert month_ends(D(2024, 2, 1), D(2024, 2, 29)) == [D(2024, 2, 29)]


def test_a_case_is_active_from_its_opening_until_its_closing_day() -> None:
    assert active_on(D(2026, 1, 1), D(2026, 1, 1), None)
    assert not active_on(D(2025, 12, 31), D(2026, 1, 1), None)
    assert not active_on(D(2026, 3, 1), D(2026, 1, 1), D(2026, 3, 1))
    assert not active_on(D(2026, 3, 1), None, None)


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["ana", "luis"]),
            st.dates(D(2025, 1, 1), D(2026, 12, 31)),
            st.one_of(st.none(), st.integers(0, 400)),
        ),
        max_size=30,
    )
)
def test_active_counts_count_each_case_once_per_day(
    rows: list[tuple[str, dt.date, int | None]],
) -> None:
    cases = [(k, o, None if n is None else o + dt.timedelta(days=n)) for k, o, n in rows]
    days = month_ends(D(2025, 1, 1), D(2026, 12, 31))
    counts = active_counts(cases, days)
    for day in days:
        expected = sum(1 for _, o, c in cases if o <= day and (c is None or c > day))
        assert sum(counts[day].values()) == expected


def test_monthly_counts() -> None:
    rows = [(D(2026, 1, 5), "alimentos"), (D(2026, 1, 20), "alimentos"), (D(2026, 2, 1), "penal")]
    assert monthly_counts(rows) == {("2026-01", "alimentos"): 2, ("2026-02", "penal"): 1}
