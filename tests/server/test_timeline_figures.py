"""The Kaplan–Meier figures estimated over the timeline's arrays (``timeline_figures``) are
the shared estimator's (``stats.timeliness.cell_figures`` over the tallies counted from the
same timeline, ``timeline_tally.office_tallies``), figure for figure — n, events and each
quartile, in calendar and working days, per office and national, and for one office or
the national figures alone (what the dashboard asks after a sync). Hypothesis draws
timelines with many ties, censored cases, milestones before their start and survival
curves landing exactly on a quartile (four cases, two events at once: S = 0.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stats import timeliness as tl
from sync.server import schema, timeline_figures, timeline_tally
from sync.server.db import Database
from tests.server.pgcluster import PgCluster

D = dt.date
OFFICES = {"office-a": "LIMA", "office-b": "CUSCO"}
START, END = D(2026, 1, 1), D(2026, 3, 31)


@pytest.fixture(scope="module")
def pg(
    pg_cluster: PgCluster, pg_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    # Set for this module only: left in the environment it moved every later SQLite
    # server's identity file of this worker away from its database, and a child process
    # (which drops CHASQUI_* variables) then found it missing (test_enroll_atomic).
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CHASQUI_SERVER_KEY", str(tmp_path_factory.mktemp("key") / "server.identity"))
        db = Database(pg_cluster.url(pg_cluster.create_database(pg_template)))
        with db.write() as conn:
            conn.execute(schema.offices.insert(), [
                {"id": i, "code": c, "name": c, "created_at": 0} for i, c in OFFICES.items()
            ])  # fmt: skip
        try:
            yield db
        finally:
            db.dispose()


def _day(offset: int | None) -> D | None:
    return None if offset is None else START + dt.timedelta(days=offset)


case = st.tuples(
    st.sampled_from(sorted(OFFICES)),
    st.sampled_from([None, "alimentos", "penal"]),
    st.sampled_from(["sin expediente", "Lima · Familia"]),
    st.integers(-10, 100),  # intake, days from START (some before the period)
    st.one_of(st.none(), st.integers(-15, 40)),  # filed, days after the intake
    st.one_of(st.none(), st.integers(0, 120)),  # decision, days after filing
    st.one_of(st.none(), st.integers(0, 60)),  # closure, days after the intake
)


def _fill(db: Database, cases: list[tuple[object, ...]]) -> None:
    rows = []
    for n, (office, matter, court, intake, filed, decision, closure) in enumerate(cases):
        assert isinstance(intake, int)
        filed_on = None if filed is None else intake + int(filed)  # type: ignore[call-overload]
        rows.append({
            "case_id": f"c{n}", "office_id": office, "intake_id": f"i{n}", "matter": matter,
            "defender_id": None, "court": court, "opened_on": _day(intake),
            "closed_on": None, **{f"{k}_on": None for k in schema.MILESTONE_KINDS},
            "intake_on": _day(intake), "filed_on": _day(filed_on),
            "decision_on": None if decision is None or filed_on is None
            else _day(filed_on + int(decision)),  # type: ignore[call-overload]
            "closure_on": None if closure is None
            else _day(intake + int(closure)),  # type: ignore[call-overload]
        })  # fmt: skip
    with db.write() as conn:
        conn.execute(schema.case_timeline.delete())
        if rows:
            conn.execute(schema.case_timeline.insert(), rows)


def _python(db: Database, office_id: str | None = None) -> dict[str, list[tl.Figure]]:
    whole: tl.Cells = {}
    with db.read() as conn:
        per_office = timeline_tally.office_tallies(
            conn, OFFICES, START, END, office_id=office_id, national=whole
        )
    out = {code: tl.cell_figures(cells) for code, cells in per_office.items()}
    if whole and office_id is None:
        out[timeline_figures.NATIONAL] = tl.cell_figures(whole)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases=st.lists(case, max_size=40))
def test_the_arrays_give_the_shared_estimators_figures_on_postgresql(
    pg: Database, cases: list[tuple[object, ...]]
) -> None:
    _fill(pg, cases)
    expected = _python(pg)
    with pg.read() as conn:
        assert timeline_figures.figures(conn, OFFICES, START, END) == expected
        national = timeline_figures.figures(conn, OFFICES, START, END, per_office=False)
        one = timeline_figures.figures(conn, OFFICES, START, END, office_id="office-a",
                                       national=False)  # fmt: skip
    assert national == {k: v for k, v in expected.items() if k == timeline_figures.NATIONAL}
    assert one == {k: v for k, v in _python(pg, "office-a").items()}


def test_a_curve_landing_on_a_quartile_gives_that_day(pg: Database) -> None:
    """Four cases filed 10 days after intake for two, never for two: S(10) = 0.5 exactly,
    so the median is 10 (and Q3 not reached) in both estimators."""
    cases = [("office-a", "penal", "sin expediente", 5, f, None, None)
             for f in (10, 10, None, None)]  # fmt: skip
    _fill(pg, cases)
    with pg.read() as conn:
        found = timeline_figures.figures(conn, OFFICES, START, END)
    total = next(f for f in found["LIMA"] if f.group_kind == "total"
                 and f.interval == "intake_to_filing" and not f.working_days)  # fmt: skip
    got = (total.n, total.events, total.median_days, total.q1_days, total.q3_days)
    assert got == (4, 2, 10, 10, None)
    assert found == _python(pg)


def test_sqlite_gives_the_same_figures_through_the_shared_estimator(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    db.migrate()
    try:
        with db.write() as conn:
            conn.execute(schema.offices.insert(), [
                {"id": i, "code": c, "name": c, "created_at": 0} for i, c in OFFICES.items()
            ])  # fmt: skip
        _fill(db, [("office-b", "alimentos", "sin expediente", 3, 7, 20, 30)] * 6)
        with db.read() as conn:
            found = timeline_figures.figures(conn, OFFICES, START, END)
            national = timeline_figures.figures(conn, OFFICES, START, END, per_office=False)
        assert found == _python(db) and set(found) == {"CUSCO", timeline_figures.NATIONAL}
        assert national == {timeline_figures.NATIONAL: found[timeline_figures.NATIONAL]}
    finally:
        db.dispose()


def test_cells_counted_in_several_blocks_give_the_same_figures(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A period or a country too large for one array is counted in blocks of cells."""
    cases = [(office, matter, "sin expediente", day, filed, 30, 20)
             for office in sorted(OFFICES) for matter in ("alimentos", "penal", None)
             for day, filed in ((1, 3), (2, None), (40, 9), (41, 9), (70, None))]  # fmt: skip
    _fill(pg, cases)
    with pg.read() as conn:
        whole = timeline_figures.figures(conn, OFFICES, START, END)
        monkeypatch.setattr(timeline_figures, "BLOCK", 50)  # a cell or two per block
        assert timeline_figures.figures(conn, OFFICES, START, END) == whole
    assert whole == _python(pg)


def _arrays(rows: list[tuple[object, ...]]) -> dict[str, timeline_figures.Arrays]:
    """The offices' timeline arrays of ``case`` tuples (as ``timeline_figures.read``)."""
    import numpy as np

    def days(offset: object) -> int:
        if offset is None:
            return timeline_figures.MISSING
        return (_day(int(offset)) - timeline_figures.EPOCH).days  # type: ignore[call-overload, operator]

    out: dict[str, tuple[list[tuple[str, str]], list[list[int]]]] = {}
    for office, matter, court, intake, filed, decision, closure in rows:
        groups, cases = out.setdefault(str(office), ([], []))
        if (group := (str(matter or ""), str(court))) not in groups:
            groups.append(group)
        start, after = int(intake), (None if filed is None else int(filed))  # type: ignore[call-overload]
        at = {
            "intake": start,
            "filed": None if after is None else start + after,
            "decision": None if decision is None or after is None
            else start + after + int(decision),  # type: ignore[call-overload]
            "closure": None if closure is None else start + int(closure),  # type: ignore[call-overload]
        }  # fmt: skip
        cases.append([groups.index(group), *(days(at.get(k)) for k in timeline_figures.COLUMNS)])
    return {o: timeline_figures.Arrays(g, np.array(c, np.int32).reshape(-1, 6))
            for o, (g, c) in out.items()}  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(rounds=st.lists(st.lists(case, max_size=25), min_size=1, max_size=4))
def test_national_cells_summed_office_by_office_are_the_whole_estimate(
    rounds: list[list[tuple[object, ...]]],
) -> None:
    """The dashboard's national cells (``timeline_national``), as offices sync one after
    another (each round replaces some offices' arrays), give the figures of estimating
    over every office's cases at once."""
    from sync.server.timeline_national import NationalCounts

    summed = NationalCounts(START, END)
    parts: dict[str, timeline_figures.Arrays] = {}
    for cases in rounds:
        parts.update(_arrays(cases))
        summed.sync(parts)
        whole = timeline_figures.estimate(parts, OFFICES, START, END, per_office=False)
        assert summed.figures() == whole.get(timeline_figures.NATIONAL, [])


def test_national_cells_are_kept_only_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Review 6 F4: the offices' distinct court labels are counted before any cell is
    made; a device's invented court codes (non-ASCII digits too) cannot grow them."""
    from sync.server import timeline_national

    assert tl.court_label({"court": "٣٤01", "specialty": "FC"}).startswith("distrito desconocido")
    parts = _arrays([("office-a", "penal", f"Corte {n}", 5, 3, None, None) for n in range(4)])
    summed = timeline_national.NationalCounts(START, END)
    assert summed.holds(parts)
    monkeypatch.setattr(timeline_national, "MAX_CELLS", 3 * summed.period.span)
    assert not summed.holds(parts)  # four court cells, three allowed


# a cell's counts per duration: (deaths, censored) — small, so ties and survival landing
# exactly on a quartile (S = 0.5, 0.25, 0.75) are common
_cell = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(_cell, min_size=1, max_size=6), tail=st.integers(0, 5))
def test_kaplan_meier_on_every_cell_at_once_is_the_shared_estimator(
    cells: list[list[tuple[int, int]]], tail: int
) -> None:
    """``timeline_figures.km`` on a dense matrix of counts (cells x durations; empty cells,
    and columns after the last death, computed no further) gives each non-empty cell's
    n, events and quartiles of ``stats.timeliness.kaplan_meier_counts`` +
    ``survival_quantile`` (a quartile of ``span``: not reached)."""
    import numpy as np

    span = max(map(len, cells)) + tail  # some censored-only columns at the end
    died = np.zeros((len(cells), span), np.int64)
    leaving = np.zeros((len(cells), span), np.int64)
    for i, cell in enumerate(cells):
        for t, (d, c) in enumerate(cell):
            died[i, t], leaving[i, t] = d, d + c
    alive, n, events, quartiles = timeline_figures.km(leaving, died)
    expected = []
    for i in range(len(cells)):
        tally = {t: (int(died[i, t]), int(leaving[i, t])) for t in range(span) if leaving[i, t]}
        if not tally:
            continue
        curve = tl.kaplan_meier_counts(tally)
        found = [tl.survival_quantile(curve, p) for p in (0.5, 0.25, 0.75)]
        expected.append((i, sum(v[1] for v in tally.values()), sum(v[0] for v in tally.values()),
                         [span if q is None else q for q in found]))  # fmt: skip
    got = [(int(a), int(k), int(e), [int(q[j]) for q in quartiles])
           for j, (a, k, e) in enumerate(zip(alive, n, events, strict=True))]  # fmt: skip
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(observations=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60), st.booleans()),
                             max_size=60))  # fmt: skip
def test_durations_past_the_last_event_clipped_give_the_same_figures(
    observations: list[tuple[int, int, bool]],
) -> None:
    """``clipped`` (every duration past the last event made one day past it) changes no
    cell's n, events or quartile: what ``km`` gives on the full span and on the clipped one
    is the same, a quartile of either span meaning not reached."""
    import numpy as np

    if not observations:
        return
    cell = np.array([o[0] for o in observations], np.int64)
    times = np.array([o[1] for o in observations], np.int64)
    event = np.array([o[2] for o in observations], np.bool_)

    def figures(times: np.ndarray, span: int) -> list[tuple[int, ...]]:
        leaving, died = timeline_figures.counts(cell * span + times, event, 4, span)
        alive, n, events, quartiles = timeline_figures.km(leaving, died)
        return [(int(a), int(k), int(e), *(-1 if int(q[j]) >= span else int(q[j])
                                           for q in quartiles))
                for j, (a, k, e) in enumerate(zip(alive, n, events, strict=True))]  # fmt: skip

    short, span = timeline_figures.clipped(times, event)
    assert span <= int(times.max()) + 2
    assert figures(short, span) == figures(times, int(times.max()) + 1)
