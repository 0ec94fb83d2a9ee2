"""The working-day calendar: year ends, Easter (a moving holiday), the judiciary's own
day, a district holiday, the catalog's validation, and the property that counting n
working days forward and back again gives n."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.workdays import (
    CalendarCatalog,
    CalendarError,
    WorkingCalendar,
    bundled_catalog,
)

CAL = WorkingCalendar()
D = dt.date
CUSCO, LIMA = "080101", "150101"


def test_year_end_skips_christmas_the_weekend_and_new_year() -> None:
    start = D(2026, 12, 23)  # a Wednesday
    assert CAL.add_working_days(start, 1) == D(2026, 12, 24)
    assert CAL.add_working_days(start, 2) == D(2026, 12, 28)  # 25 holiday, 26-27 weekend
    assert CAL.add_working_days(start, 5) == D(2026, 12, 31)
    due, skipped = CAL.count_forward(start, 6)
    assert due == D(2027, 1, 4)
    assert [d for d, _ in skipped] == [
        D(2026, 12, 25), D(2026, 12, 26), D(2026, 12, 27),
        D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3),
    ]  # fmt: skip
    reasons = dict(skipped)
    assert "Navidad" in reasons[D(2026, 12, 25)] and "feriado nacional" in reasons[D(2027, 1, 1)]
    assert reasons[D(2026, 12, 26)] == "sábado" and reasons[D(2027, 1, 3)] == "domingo"


@pytest.mark.parametrize(
    ("tuesday", "holy_thursday"),
    [(D(2026, 3, 31), D(2026, 4, 2)), (D(2027, 3, 23), D(2027, 3, 25))],
)
def test_easter_moves_and_its_thursday_and_friday_do_not_count(
    tuesday: dt.date, holy_thursday: dt.date
) -> None:
    due, skipped = CAL.count_forward(tuesday, 2)  # Wednesday, then the next Monday
    assert due == holy_thursday + dt.timedelta(days=4)
    assert [d for d, _ in skipped][:2] == [holy_thursday, holy_thursday + dt.timedelta(days=1)]
    assert "Jueves Santo" in skipped[0][1] and "Viernes Santo" in skipped[1][1]


def test_the_judiciarys_own_day_does_not_count_anywhere() -> None:
    due, skipped = CAL.count_forward(D(2026, 8, 3), 2)
    assert due == D(2026, 8, 7)  # 4 Día del Juez, 6 Batalla de Junín
    assert skipped[0] == (D(2026, 8, 4), "Día del Juez (Poder Judicial)")
    assert CAL.closed(D(2026, 8, 4), LIMA) == CAL.closed(D(2026, 8, 4), CUSCO)


def test_a_regional_holiday_counts_only_in_its_region() -> None:
    assert CAL.add_working_days(D(2026, 6, 23), 1, CUSCO) == D(2026, 6, 25)
    assert CAL.add_working_days(D(2026, 6, 23), 1, LIMA) == D(2026, 6, 24)
    assert CAL.add_working_days(D(2026, 6, 23), 1) == D(2026, 6, 24)  # no district given
    assert CAL.working_days_between(D(2026, 6, 22), D(2026, 6, 26), CUSCO) == 3
    assert CAL.working_days_between(D(2026, 6, 22), D(2026, 6, 26), LIMA) == 4


def test_a_published_catalog_with_a_district_day_replaces_the_bundled_one() -> None:
    catalog = CalendarCatalog.from_doc(
        {
            "version": 2,
            "days": [
                {"date": "2026-06-24", "reason": "Fiesta patronal", "scope": "ubigeo:150132"},
            ],
        }
    )
    cal = WorkingCalendar(catalog)
    assert cal.add_working_days(D(2026, 6, 23), 1, "150132") == D(2026, 6, 25)
    assert cal.add_working_days(D(2026, 6, 23), 1, "150101") == D(2026, 6, 24)
    assert cal.add_working_days(D(2027, 6, 23), 1, "150132") == D(2027, 6, 24)  # one year only
    assert cal.is_working(D(2026, 8, 4))  # the new set has no Día del Juez
    assert not catalog.defaults and bundled_catalog().defaults


@pytest.mark.parametrize(
    ("doc", "says"),
    [
        ({"days": []}, "version"),
        ({"version": 1, "days": {}}, "days"),
        ({"version": 1, "days": [{"date": "02-30", "reason": "x", "scope": "judicial"}]}, "date"),
        ({"version": 1, "days": [{"date": "12-01", "reason": "", "scope": "judicial"}]}, "reason"),
        ({"version": 1, "days": [{"date": "12-01", "reason": "x", "scope": "ubigeo:1"}]}, "scope"),
        ({"version": 1, "days": [{"date": "2026-13-01", "reason": "x", "scope": "judicial"}]},
         "date"),
        ({"version": True, "days": []}, "version"),
    ],
)  # fmt: skip
def test_a_malformed_catalog_is_refused_with_a_precise_message(doc: object, says: str) -> None:
    with pytest.raises(CalendarError, match=says):
        CalendarCatalog.from_doc(doc)


def test_terms_out_of_range_are_refused() -> None:
    with pytest.raises(CalendarError):
        CAL.add_working_days(D(2026, 1, 5), -1)
    with pytest.raises(CalendarError):
        CAL.add_working_days(D(2026, 1, 5), 10**6)
    assert CAL.add_working_days(D(2026, 1, 3), 0) == D(2026, 1, 3)


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
districts = st.sampled_from([None, CUSCO, LIMA, "040101"])


@settings(max_examples=200, deadline=None)
@given(start=days, n=st.integers(min_value=0, max_value=400), district=districts)
def test_counting_n_working_days_forward_and_back_gives_n(
    start: dt.date, n: int, district: str | None
) -> None:
    due = CAL.add_working_days(start, n, district)
    assert CAL.working_days_between(start, due, district) == n
    assert CAL.working_days_between(due, start, district) == -n
    if n:
        assert CAL.is_working(due, district)  # a term never ends on a day that does not count
        assert CAL.add_working_days(start, n - 1, district) < due


def test_peru_holidays_load_without_every_other_country() -> None:
    """The ``holidays`` package's ``countries/__init__`` imports ~250 countries (0.65 s of
    the desktop's first Inicio under load): the calendar imports Peru's alone, names in
    Spanish, and the library's own lookups by country code still work afterwards."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "from forms.workdays import WorkingCalendar\n"
        "cal = WorkingCalendar()\n"
        "assert not cal.is_working(dt.date(2026, 7, 28)), 'Independence Day counts'\n"
        "loaded = [m for m in sys.modules if m.startswith('holidays.countries.')]\n"
        "assert loaded == ['holidays.countries.peru'], loaded\n"
        "import holidays\n"
        "assert holidays.country_holidays('FR', years=2026).get(dt.date(2026, 7, 14))\n"
        "print(cal.closed(dt.date(2026, 7, 28)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Independencia" in done.stdout
