"""Issue 12, finding 1: an observed clock is bounded and the HLC never leaves its format."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.hlc import (
    HLC_PATTERN,
    MAX_MS,
    MAX_PLAUSIBLE_MS,
    MAX_SKEW_MS,
    ClockOverflow,
    HybridLogicalClock,
    Timestamp,
    is_valid,
)

WALL = 1_795_000_000_000  # 2026-11-19


@given(
    remote=st.from_regex(HLC_PATTERN, fullmatch=True),
    wall=st.integers(min_value=0, max_value=MAX_MS - MAX_SKEW_MS),
    events=st.integers(min_value=1, max_value=5),
)
def test_observing_any_timestamp_keeps_now_in_format_and_bound(
    remote: str, wall: int, events: int
) -> None:
    clock = HybridLogicalClock("dev1", lambda: wall)
    clock.observe(remote)
    for _ in range(events):
        stamp = clock.now()
        assert is_valid(stamp)
        assert Timestamp.parse(stamp).ms <= wall + MAX_SKEW_MS


@given(saved=st.from_regex(HLC_PATTERN, fullmatch=True))
def test_a_saved_clock_resumes_monotonic_and_never_overflows(saved: str) -> None:
    clock = HybridLogicalClock("dev1", lambda: WALL, last=saved)
    stamp = clock.now()
    assert is_valid(stamp)
    ms = Timestamp.parse(stamp).ms
    if Timestamp.parse(saved).ms <= MAX_PLAUSIBLE_MS:
        assert stamp[:21] > saved[:21]  # monotonic across a restart, even if the wall went back
    else:  # a poisoned saved clock (an older version adopted it) is not resumed
        assert ms <= WALL + MAX_SKEW_MS


def test_a_close_remote_clock_is_still_followed() -> None:
    clock = HybridLogicalClock("dev1", lambda: WALL)
    clock.observe(Timestamp(WALL + 60_000, 7, "other").encode())
    assert clock.now() == Timestamp(WALL + 60_000, 8, "dev1").encode()


def test_the_poisoned_stamp_of_the_attack_is_not_adopted() -> None:
    clock = HybridLogicalClock("dev1", lambda: WALL)
    clock.observe("999999999999999-99990-evil")
    for _ in range(200_000):  # the attack needed only a few edits to overflow
        clock.now()
    assert Timestamp.parse(clock.now()).ms <= WALL + MAX_SKEW_MS + 2


def test_a_wall_clock_past_the_format_raises_a_clear_error() -> None:
    clock = HybridLogicalClock("dev1", lambda: MAX_MS + 1)
    with pytest.raises(ClockOverflow, match="15-digit"):
        clock.now()
