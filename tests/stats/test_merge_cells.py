"""``stats.timeliness.merge_cells``: the national cells the dashboard keeps are updated
office by office (an office's old cells taken away, its new ones added); whatever the
parts, adding some and taking one away again gives exactly the merge of the others, and
figures from merged cells equal the figures of one tally over every observation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stats import timeliness as tl

KEYS = st.sampled_from([("total", tl.TOTAL, "intake_to_filing"),
                        ("matter", "Alimentos", "intake_to_closure")])  # fmt: skip
OBS = st.tuples(KEYS, st.integers(0, 30), st.integers(0, 20), st.booleans())
PARTS = st.lists(st.lists(OBS, max_size=12), min_size=1, max_size=4)


def _tally(obs: list[tuple[tuple[str, str, str], int, int, bool]]) -> tl.Tally:
    tally = tl.Tally()
    for (kind, group, interval), days, working, event in obs:
        tally.add(kind, group, interval, days, working, event)
    return tally


def _cells(obs: list[tuple[tuple[str, str, str], int, int, bool]]) -> tl.Cells:
    tally = _tally(obs)
    return {key: tally.counts(key) for key in tally.cells}


@settings(max_examples=60, deadline=None)
@given(PARTS, st.data())
def test_adding_and_taking_away_a_part_leaves_the_merge_of_the_others(
    parts: list[list[tuple[tuple[str, str, str], int, int, bool]]], data: st.DataObject
) -> None:
    merged: tl.Cells = {}
    for part in parts:
        tl.merge_cells(merged, _cells(part))
    everything = [o for part in parts for o in part]
    assert merged == _cells(everything)
    assert tl.cell_figures(merged) == tl.tally_figures(_tally(everything))
    gone = data.draw(st.integers(0, len(parts) - 1))
    tl.merge_cells(merged, _cells(parts[gone]), -1)
    others = [o for i, part in enumerate(parts) if i != gone for o in part]
    assert merged == _cells(others)
