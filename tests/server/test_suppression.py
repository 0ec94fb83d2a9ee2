"""Complementary suppression of the directorate's figures (``report.complementary``): a
suppressed cell (under 5 cases) must not be worked out from a row or column total and
the shown cells — within one office across its matters (the office's total minus its
other matters), across offices (the national cell minus the other offices), and between
an office's total and the national ``office`` row. Checked on the CSV the report writes,
with the sets that add up rebuilt here from the CSV alone."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from stats import timeliness as tl
from sync.server import report

MATTERS = ("Alimentos", "Penal", "Laboral")
INTERVAL = "intake_to_filing"


def _cells(counts: dict[str, int]) -> tl.Cells:
    """One office's total and matter cells from its cases per matter (all events)."""
    tally = tl.Tally()
    for matter, n in counts.items():
        for i in range(n):
            for kind, group in (("total", tl.TOTAL), ("matter", matter)):
                tally.add(kind, group, INTERVAL, 3 + i % 7, 2 + i % 5, True)
    return {key: tally.counts(key) for key in tally.cells}


def _csv(per_office: dict[str, dict[str, int]]) -> list[dict[str, str]]:
    rows = report.tally_rows({office: _cells(c) for office, c in per_office.items()})
    return list(csv.DictReader(io.StringIO(report.timeliness_csv(rows))))


def _hidden(row: dict[str, str]) -> bool:
    return not row["n"].isdigit()


def _sets(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Every set of cells that adds up, from the CSV: (a) an office's (or the nation's)
    matter cells and its total; (b) one matter's office cells and the national one; (c)
    the national office rows and the national total; (d) an office's total and the
    national row naming it."""
    by: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
    index = {(r["office"], r["group_kind"], r["group"], r["working_days"]): r for r in rows}
    for r in rows:
        w = r["working_days"]
        if r["group_kind"] in ("matter", "office"):
            by[("within", r["office"], r["group_kind"], w)].append(r)
        if r["group_kind"] == "matter" and r["office"] != report.NATIONAL:
            by[("across", r["group"], w)].append(r)
    out = []
    for key, members in by.items():
        whole = (
            index.get((key[1], "total", tl.TOTAL, key[3]))
            if key[0] == "within"
            else index.get((report.NATIONAL, "matter", key[1], key[2]))
        )
        assert whole is not None
        out.append([*members, whole])
    for r in rows:
        if r["office"] == report.NATIONAL and r["group_kind"] == "office":
            out.append([r, index[(r["group"], "total", tl.TOTAL, r["working_days"])]])
    return out


def test_a_small_matter_hides_another_matter_of_its_office() -> None:
    """LIMA's 3 penal cases would be its total 21 minus alimentos 10 minus laboral 8: the
    smaller of those, laboral, is hidden too; the national cells add up over offices, so
    CUSCO's penal (and then the smallest national matter left) follow."""
    rows = _csv({"LIMA": {"Alimentos": 10, "Penal": 3, "Laboral": 8},
                 "CUSCO": {"Alimentos": 12, "Penal": 9, "Laboral": 7}})  # fmt: skip
    n = {(r["office"], r["group"]): r["n"] for r in rows if r["working_days"] == "0"}
    assert n[("LIMA", "Penal")] == "<5"
    assert n[("LIMA", "Laboral")] == "reservado"
    assert n[("LIMA", "Alimentos")] == "10" and n[("LIMA", tl.TOTAL)] == "21"
    for members in _sets(rows):
        assert sum(map(_hidden, members)) != 1, [(r["office"], r["group"]) for r in members]


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["LIMA", "CUSCO", "PUNO"]),
        st.fixed_dictionaries({m: st.integers(0, 9) for m in MATTERS}),
        min_size=1,
    )
)
def test_no_set_that_adds_up_has_exactly_one_hidden_cell(
    per_office: dict[str, dict[str, int]],
) -> None:
    per_office = {o: {m: n for m, n in c.items() if n} for o, c in per_office.items()}
    per_office = {o: c for o, c in per_office.items() if c}
    if not per_office:
        return
    rows = _csv(per_office)
    for r in rows:  # a small count is never shown; a shown one is the true count
        if not _hidden(r):
            assert int(r["n"]) >= report.MIN_CELL
        elif r["n"] == report.SUPPRESSED:
            assert r["median_days"] == r["events"] == ""
    for members in _sets(rows):
        assert sum(map(_hidden, members)) != 1, [(r["office"], r["group"]) for r in members]
