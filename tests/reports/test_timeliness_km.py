"""The Kaplan–Meier estimator and its quartiles against lifelines (a well-known
survival-analysis library, used only here) on generated data with censoring."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter

from app.reports.timeliness import kaplan_meier, survival_quantile

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
