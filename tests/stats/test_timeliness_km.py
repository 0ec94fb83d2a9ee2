"""The Kaplan–Meier estimator and its quartiles against lifelines (a well-known
survival-analysis library, used only here) on generated data with censoring."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter

from forms.workdays import MAX_TERM_DAYS, WorkingCalendar
from stats.timeliness import (
    INTERVALS,
    WorkdayCounter,
    court_label,
    kaplan_meier,
    kaplan_meier_counts,
    survival_quantile,
)
from sync.spec import vocab

samples = st.lists(
    st.tuples(st.integers(min_value=0, max_value=400), st.booleans()), min_size=1, max_size=80
)


def _lifelines_quantile(kmf: KaplanMeierFitter, p: float) -> float | None:
    """lifelines' ``qth_survival_time`` rule (the first time S(t) <= 1 - p) on lifelines'
    own curve, with a tolerance: lifelines multiplies in floating point, so S can come
    out as 0.7500000000000001 where it is exactly 3/4, and its strict test then misses
    an exact quartile."""
    curve = kmf.survival_function_["KM_estimate"]
    reached = curve[curve <= 1.0 - p + 1e-9]
    return None if reached.empty else float(reached.index[0])


@settings(max_examples=150, deadline=None)
@given(data=samples)
def test_curve_and_quartiles_match_lifelines(data: list[tuple[int, bool]]) -> None:
    durations = [float(d) for d, _ in data]
    events = [e for _, e in data]
    curve = kaplan_meier(durations, events)
    kmf = KaplanMeierFitter().fit(durations, event_observed=events)
    reference = kmf.survival_function_["KM_estimate"]
    for time, survival in curve:
        assert math.isclose(survival, float(reference.loc[time]), abs_tol=1e-9)
    for p in (0.25, 0.5, 0.75):
        assert survival_quantile(curve, p) == _lifelines_quantile(kmf, p), p


def test_censored_cases_are_kept_not_dropped() -> None:
    # 4 cases: two reached the milestone on days 10 and 30; two still wait (censored at
    # 20 and 40). Dropping the waiting ones would give a median of 10-30; KM says 30.
    curve = kaplan_meier([10, 20, 30, 40], [True, False, True, False])
    assert curve == [(10, 0.75), (30, 0.375)]
    assert survival_quantile(curve, 0.5) == 30
    assert survival_quantile(curve, 0.25) == 10
    assert survival_quantile(curve, 0.75) is None  # too many still waiting


@settings(max_examples=100, deadline=None)
@given(data=samples)
def test_the_curve_from_a_tally_is_the_curve_from_durations(data: list[tuple[int, bool]]) -> None:
    """What a GROUP BY counts (time -> events, leaving) gives the same curve."""
    durations = [float(d) for d, _ in data]
    events = [e for _, e in data]
    counts: dict[float, list[int]] = {}
    for d, e in zip(durations, events, strict=True):
        slot = counts.setdefault(d, [0, 0])
        slot[0] += int(e)
        slot[1] += 1
    assert kaplan_meier_counts(counts) == kaplan_meier(durations, events)


days = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2027, 12, 31))


@settings(max_examples=30, deadline=None)
@given(pairs=st.lists(st.tuples(days, days), min_size=1, max_size=8))
def test_bulk_working_days_are_the_calendars(pairs: list[tuple[dt.date, dt.date]]) -> None:
    """One counter over many pairs (years counted in any order) answers as the calendar."""
    calendar = WorkingCalendar()
    counter = WorkdayCounter(calendar)
    for a, b in pairs:
        if abs((b - a).days) <= MAX_TERM_DAYS * 2:
            assert counter.between(a, b) == calendar.working_days_between(a, b), (a, b)


def test_the_interval_kinds_are_milestone_kinds() -> None:
    codes = set(vocab.MILESTONE_KIND.codes())
    assert {k for i in INTERVALS for k in (i.start, i.end)} <= codes


def test_court_labels_come_from_the_catalogs_or_digits() -> None:
    assert court_label({"court": "1801", "specialty": "FC"}) == "Lima · Familia civil"
    assert court_label('{"court": "9901"}') == "99"
    assert court_label({"court": "=cmd|' /C calc'!A0"}) == "distrito desconocido"
    assert court_label(None) == court_label("{not json") == "sin expediente"
