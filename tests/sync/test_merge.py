"""The merge rule and the hybrid logical clock: convergence, conflicts, tombstones."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.changes import Change
from sync.hlc import ZERO, HybridLogicalClock, Timestamp
from sync.merge import RecordState, merge


def _change(
    n: int, hlc: str, fields: dict, base: dict | None = None, op: str = "upsert", device: str = "d1"
) -> Change:
    return Change(f"c{n}", "person", "p1", op, fields, base or {}, hlc, device, n)  # type: ignore[arg-type]


def _apply(changes: list[Change]) -> tuple[RecordState | None, set[tuple[str, str]]]:
    state: RecordState | None = None
    conflicts: set[tuple[str, str]] = set()
    for change in changes:
        outcome = merge(state, change)
        state = outcome.state
        conflicts.update((c.field, c.conflict_id) for c in outcome.conflicts)
    return state, conflicts


def test_hlc_is_monotonic_when_wall_clock_jumps_back() -> None:
    wall = [1_000_000]
    clock = HybridLogicalClock("dev1", lambda: wall[0])
    first = clock.now()
    wall[0] = 10  # the clock is set back to 1970
    second = clock.now()
    assert second > first
    wall[0] = 1_200_000
    ahead = Timestamp(1_700_000, 7, "other")  # ahead, within MAX_SKEW_MS of the wall clock
    clock.observe(ahead.encode())
    assert clock.now() > ahead.encode()


def test_sequential_overwrite_is_not_a_conflict() -> None:
    a = _change(1, "000000000000010-00000-d1", {"phone": "911111111"})
    b = _change(
        2, "000000000000020-00000-d2", {"phone": "922222222"}, {"phone": a.hlc}, device="d2"
    )
    state, conflicts = _apply([a, b])
    assert state is not None and state.values["phone"] == "922222222"
    assert conflicts == set()
    state2, conflicts2 = _apply([b, a])  # the update reaches a replica before its create
    assert state2 is not None and state2.values == state.values and conflicts2 == set()


def test_concurrent_overwrite_keeps_loser_in_conflict_whatever_the_order() -> None:
    a = _change(1, "000000000000010-00000-d1", {"phone": "911111111"})
    b = _change(2, "000000000000020-00000-d2", {"phone": "922222222"}, device="d2")
    for order in ([a, b], [b, a]):
        state = None
        found = []
        for change in order:
            outcome = merge(state, change)
            state = outcome.state
            found += outcome.conflicts
        assert state.values["phone"] == "922222222"
        assert [(c.loser_value, c.winner_value) for c in found] == [("911111111", "922222222")]


def test_value_from_a_third_device_is_never_dropped_silently() -> None:
    """x on A; v on B unaware of x; w on B builds on v. w's base is newer than x but w
    never saw x: whatever the delivery order, x's value must end in a conflict."""
    x = _change(1, "000000000000010-00000-dA", {"phone": "911111111"}, device="dA")
    v = _change(2, "000000000000012-00000-dB", {"phone": "922222222"}, device="dB")
    w = _change(
        3, "000000000000014-00000-dB", {"phone": "922222222"}, {"phone": v.hlc}, device="dB"
    )
    for order in itertools.permutations([x, v, w]):
        state = None
        losers = set()
        for change in order:
            outcome = merge(state, change)
            state = outcome.state
            losers.update(c.loser_value for c in outcome.conflicts)
        assert state is not None and state.values["phone"] == "922222222"
        assert "911111111" in losers, order


def test_edit_versus_delete_keeps_record_and_flags_it() -> None:
    create = _change(1, "000000000000010-00000-d1", {"name": "x"})
    delete = _change(2, "000000000000020-00000-d1", {}, {"_record": create.hlc}, "delete")
    edit = _change(3, "000000000000015-00000-d2", {"name": "y"}, {"name": create.hlc}, device="d2")
    for order in itertools.permutations([create, delete, edit]):
        state, conflicts = _apply(list(order))
        assert state is not None and not state.deleted
        assert state.values["name"] == "y" and len(conflicts) == 1
    state, conflicts = _apply([create, delete])
    assert state is not None and state.deleted and conflicts == set()


FIELDS = ("a", "b", "c")
VALUES = st.sampled_from(["x", "y", "z", None, 1, "ñandú"])


@st.composite
def histories(draw: st.DrawFn) -> list[Change]:
    """Writes on 3 replicas that each see a random prefix of the others' writes."""
    count = draw(st.integers(1, 12))
    changes: list[Change] = []
    for n in range(count):
        device = draw(st.sampled_from(["d1", "d2", "d3"]))
        seen = changes[: draw(st.integers(0, len(changes)))]
        seen_state, _ = _apply(seen)
        newest = max([c.hlc for c in changes], default=ZERO)
        ts = Timestamp.parse(newest)
        hlc = Timestamp(ts.ms + draw(st.integers(0, 2)), n, device).encode()
        if draw(st.integers(0, 9)) == 0:
            base = {"_record": seen_state.newest_field_hlc if seen_state else ZERO}
            changes.append(Change(f"c{n}", "case", "k", "delete", {}, base, hlc, device, n))
            continue
        names = draw(st.lists(st.sampled_from(FIELDS), min_size=1, unique=True))
        fields = {name: draw(VALUES) for name in names}
        base = {
            name: seen_state.versions[name].hlc
            if seen_state and name in seen_state.versions
            else ZERO
            for name in names
        }
        changes.append(Change(f"c{n}", "case", "k", "upsert", fields, base, hlc, device, n))
    return changes


@settings(max_examples=300, deadline=None)
@given(histories(), st.randoms(use_true_random=False))
def test_replicas_converge_in_any_order(changes: list[Change], rnd) -> None:
    reference, ref_conflicts = _apply(changes)
    shuffled = list(changes)
    rnd.shuffle(shuffled)
    duplicated = shuffled + shuffled[: len(shuffled) // 2]  # re-delivery is harmless
    state, conflicts = _apply(duplicated)
    assert reference is not None and state is not None
    assert json.dumps(state.values, sort_keys=True) == json.dumps(reference.values, sort_keys=True)
    assert state.versions == reference.versions and state.deleted == reference.deleted
    # no value is dropped silently: a write nobody built on ("head") whose value lost
    # yields a conflict on every replica, unless a write that was built on carried that
    # same value (then a person knowingly replaced it)
    for name in FIELDS:
        writes = [c for c in changes if c.op == "upsert" and name in c.fields]
        if not writes or reference is None or name not in reference.values:
            continue
        built_on = {c.base.get(name) for c in writes}
        heads = [c for c in writes if c.hlc not in built_on]
        known_values = [c.fields[name] for c in writes if c.hlc in built_on]
        final = reference.values[name]
        if any(h.fields[name] != final and h.fields[name] not in known_values for h in heads):
            for found in (ref_conflicts, conflicts):
                assert any(f == name for f, _ in found), f"lost value of {name} without conflict"
    # every conflict names a real write that lost, so nothing is invented
    written = {c.hlc for c in changes}
    for order in (changes, duplicated):
        state_now = None
        for change in order:
            outcome = merge(state_now, change)
            state_now = outcome.state
            for conflict in outcome.conflicts:
                assert conflict.loser_hlc in written
                assert (
                    conflict.kind == "edit_delete" or conflict.loser_value != conflict.winner_value
                )
