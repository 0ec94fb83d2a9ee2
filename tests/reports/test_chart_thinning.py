"""The survival charts draw thinned step curves (``office_charts.thin_steps``): drops
closer than the chart's resolution are merged, so a 100k-case office draws a few hundred
corners instead of thousands — and the picture is the same: at every time the thinned
curve shows a value the real curve takes within one resolution step after it, it starts
at (0, 1) and ends on the real curve's last value."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from app.reports.office_charts import thin_steps
from app.reports.office_figures import curve


def _value(points: list[tuple[float, float]], t: float) -> float:
    """The step curve's value at time ``t`` (after every drop at or before it)."""
    drops = [(time, after) for (time, _b), (_t, after) in zip(points[1::2], points[2::2],
                                                                strict=False)]  # fmt: skip
    i = bisect_right([time for time, _ in drops], t)
    return drops[i - 1][1] if i else points[0][1]


TALLIES = st.dictionaries(
    st.integers(0, 400).map(float),
    st.tuples(st.integers(0, 3), st.integers(1, 4)).map(lambda p: [min(p), p[1]]),
    min_size=1,
    max_size=120,
)


@settings(max_examples=60)
@given(TALLIES, st.sampled_from([0.5, 1.0, 2.0, 7.5]))
def test_a_thinned_curve_shows_the_same_picture(counts: dict[float, list[int]],
                                                resolution: float) -> None:  # fmt: skip
    real = list(curve("Todas", counts).points)
    thin = thin_steps(real, resolution)
    assert thin[0] == real[0] == (0.0, 1.0) and thin[-1][1] == real[-1][1]
    assert len(thin) <= len(real)
    times = sorted({t for t, _ in real} | {t + 0.25 for t, _ in real})
    for t in times:
        ahead = [t, *(d for d, _ in real if t <= d < t + resolution)]
        assert any(_value(thin, t) == _value(real, d) for d in ahead), t


def test_close_drops_are_merged_and_far_ones_kept() -> None:
    points = [(0.0, 1.0), (10.0, 1.0), (10.0, 0.9), (10.5, 0.9), (10.5, 0.8),
              (30.0, 0.8), (30.0, 0.5)]  # fmt: skip
    assert thin_steps(points, 1.0) == [(0.0, 1.0), (10.0, 1.0), (10.0, 0.8), (30.0, 0.8),
                                       (30.0, 0.5)]  # fmt: skip
    assert thin_steps(points, 0.0) == points
