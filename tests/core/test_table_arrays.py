"""The office's figures counted over numpy arrays (``app.core.queries.table_arrays`` and its
users) equal plain counts made here, whatever the rows: Hypothesis properties for the
tally of durations per group (dense and sparse), the caseload at month ends and the
intakes per month, defender, service and matter (issue 16: these replaced SQL ``GROUP
BY``s; the figures must not move)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.queries import caseload as load
from app.core.queries import table_arrays
from app.core.queries.timeliness_tally import tallies
from stats.caseload import active_counts, month_ends


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.conftest import make_vault

    s = make_vault(tmp_path_factory.mktemp("arrays") / "vault")
    with s.transaction() as tx:
        for i in range(3):
            tx.insert("user", {"office_id": s.office_id, "name": f"def{i}",
                               "display_name": f"Defensor(a) {i}", "role": "defender"})  # fmt: skip
    yield s
    s.lock()


OBSERVATIONS = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 40), st.booleans()), max_size=60
)


@settings(max_examples=60, deadline=None)
@given(OBSERVATIONS, st.booleans())
def test_the_tally_per_group_is_a_plain_count(rows: list[Any], dense: bool) -> None:
    expected: dict[int, dict[int, list[int]]] = {}
    for group, value, event in rows:
        slot = expected.setdefault(group, {}).setdefault(value, [0, 0])
        slot[0] += int(event)
        slot[1] += 1
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    values = np.array([r[1] for r in rows], dtype=np.int64)
    events = np.array([r[2] for r in rows], dtype=bool)
    saved = table_arrays.DENSE_MAX
    table_arrays.DENSE_MAX = saved if dense else 0  # the sort path counts the same
    try:
        got = tallies(ids, 5, values, events, 41)
    finally:
        table_arrays.DENSE_MAX = saved
    assert [g for g, _ in got] == sorted(expected)  # in group order
    for group, counts in got:
        assert list(counts) == sorted(expected[group])  # times ascending
        assert counts == expected[group]


FIRST, LAST, TODAY = date(2026, 1, 1), date(2026, 6, 30), date(2026, 6, 20)
EDGES = sorted({e + timedelta(days=k) for e in month_ends(FIRST, LAST) for k in (-1, 0, 1)})
# any day around the period, often a month's end or the day before or after it
DAY = st.one_of(
    st.sampled_from(EDGES), st.integers(-40, 220).map(lambda k: FIRST + timedelta(days=k))
)
SPANS = st.lists(
    st.tuples(st.integers(0, 4), DAY, st.one_of(st.none(), DAY), st.booleans()), max_size=40
)


def _fill(store: Any, table: str, rows: list[tuple[Any, ...]], columns: tuple[str, ...]) -> None:
    with store.transaction() as tx:
        tx.conn.execute(f"DELETE FROM {table}")
        tx.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            rows,
        )


def _defenders(store: Any) -> list[str]:
    found = store.query("SELECT id FROM app_user WHERE role = 'defender' ORDER BY name")
    return [r["id"] for r in found] + ["gone-user", ""]  # an unknown id, none


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(SPANS)
def test_the_caseload_is_active_on_at_each_month_end(store: Any, spans: list[Any]) -> None:
    """Each case active at a month end (opened by it, not ended by it) counts for its
    defender there; another office's cases and spans ending before they open never."""
    who = _defenders(store)
    rows = [
        (f"c{i}", store.office_id if mine else "other", who[d] or None, opened.toordinal(),
         ended.toordinal() if ended else None)
        for i, (d, opened, ended, mine) in enumerate(spans)
    ]  # fmt: skip
    _fill(store, "case_timeline", rows, ("case_id", "office_id", "defender_id", "opened", "ended"))
    got = load.caseload(store, FIRST, LAST, today=TODAY)
    days = month_ends(FIRST, TODAY)
    expected = active_counts(
        ((who[d], opened, ended) for d, opened, ended, mine in spans if mine), days
    )
    shown = {s.key: s.values for s in got.defenders}
    assert {k for counts in expected.values() for k in counts} <= set(shown)
    for uid, values in shown.items():
        assert values == tuple(expected[day][uid] for day in days), uid


INTAKES = st.lists(
    st.tuples(st.integers(0, 4), st.sampled_from(["consulta", "patrocinio", "derivacion", ""]),
              st.sampled_from(["alimentos", "penal", ""]), DAY, st.booleans()),
    max_size=50,
)  # fmt: skip


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(INTAKES)
def test_the_intakes_per_month_are_a_plain_count(store: Any, intakes: list[Any]) -> None:
    who = _defenders(store)
    rows = [
        (f"i{i}", store.office_id if mine else "other", day.toordinal(), who[d] or None,
         service or None, matter or None)
        for i, (d, service, matter, day, mine) in enumerate(intakes)
    ]  # fmt: skip
    columns = ("intake_id", "office_id", "day", "defender_id", "service_type", "matter")
    _fill(store, "intake_day", rows, columns)
    expected: Counter[tuple[str, str, str, str]] = Counter(
        (f"{day:%Y-%m}", who[d], service, matter)
        for d, service, matter, day, mine in intakes
        if mine and FIRST <= day <= LAST
    )
    got = load.intake_counts(store, FIRST, LAST)
    assert len(got) == len({row[:4] for row in got})  # one row per key
    assert Counter({row[:4]: row[4] for row in got}) == expected


def test_the_demand_scans_intake_day_and_the_referrals_search_its_index(store: Any) -> None:
    """The intakes per month read every row of the office: through intake_day's index
    (made for the referrals) that was one table lookup per row, 7x slower at 100k cases
    (a scan of the table, or of the index when it holds every column read, is right)."""
    from app.core.referrals import INTAKE_REFERRALS

    columns = ("intake_id", "office_id", "day", "defender_id", "service_type", "matter")
    _fill(store, "intake_day", [("i", store.office_id, FIRST.toordinal(), "d", "consulta",
                                 "penal")], columns)  # fmt: skip
    seen: list[tuple[str, Any]] = []
    real = store.query

    def query(sql: str, params: Any = ()) -> Any:
        seen.append((sql, params))
        return real(sql, params)

    store.query = query
    try:
        load.intake_counts(store, FIRST, LAST)
    finally:
        del store.query
    assert seen
    for sql, params in seen:
        plan = " ".join(r["detail"] for r in store.query(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "USING INDEX intake_day_service" not in plan, (plan, sql)  # no lookups
    plan = store.query(f"EXPLAIN QUERY PLAN {INTAKE_REFERRALS}", ("x", 1, 2))
    assert "COVERING INDEX intake_day_service" in plan[-1]["detail"]


def test_a_write_between_the_two_statements_is_not_half_seen(store: Any) -> None:
    """Review 8 F5: the codes and the rows were two snapshots. A sync page committed in
    between with a row of a new matter and one of a known matter: the first row had no
    code (dropped: MISSING), the second was counted — neither before nor after. Now both
    statements read one snapshot: the table as it was before the write."""
    rows = [(f"i{i}", store.office_id, FIRST.toordinal() + i, None, "consulta", "penal")
            for i in range(3)]  # fmt: skip
    columns = ("intake_id", "office_id", "day", "defender_id", "service_type", "matter")
    _fill(store, "intake_day", rows, columns)
    real = store.query
    calls = 0

    def query(sql: str, params: Any = ()) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:  # after the codes were read: a write commits
            day = FIRST.toordinal()
            more = [("new1", store.office_id, day, None, "consulta", "laboral"),
                    ("new2", store.office_id, day, None, "consulta", "penal")]  # fmt: skip
            with store.transaction() as tx:
                tx.conn.executemany(f"INSERT INTO intake_day ({', '.join(columns)})"
                                    " VALUES (?, ?, ?, ?, ?, ?)", more)  # fmt: skip
        return real(sql, params)

    store.query = query
    try:
        found = table_arrays.read(
            store, "intake_day", "office_id = :office", {"office": store.office_id},
            ("day",), {"matter": ("matter",)},
        )  # fmt: skip
    finally:
        del store.query
    assert calls == 2
    assert found.n == 3 and found.codes["matter"] == [("penal",)]
    assert (found.groups["matter"] == 0).all()
    assert len(store.query("SELECT * FROM intake_day")) == 5  # the write did commit
