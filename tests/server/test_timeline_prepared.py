"""The timeline's writes computed before the write lock (``timeline.prepare`` /
``Prepared.write``, ``derived.Prepares``): a batch's timeline rows prepared on the state
before a concurrent batch, then written after it, are written only if nothing they were
computed from moved — else the hook runs again in the write transaction. Either way the
table is what a rebuild from scratch gives (Hypothesis, the writes of
``test_timeline``'s property, records of two offices whose links cross); a concurrent
batch that feeds none of the same cases leaves the prepared rows valid; and through the
real push path the hook's computation happens before the lock."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import StaticPool

from sync.server import ingest, schema, timeline
from sync.server.derived import Prepares, StoredBatch
from tests.server.conftest import Server, statuses
from tests.server.test_timeline import _links, _office, _table, writes

Write = tuple[str, str, dict[str, Any], bool]
_TABLES = [schema.records, schema.case_timeline, schema.timeline_links]
_ENGINE = create_engine("sqlite://", poolclass=StaticPool)  # one in-memory database
schema.metadata.create_all(_ENGINE, tables=_TABLES)
_SEQ = itertools.count(1)  # every write of a record moves its updated_seq, as ingest's


def _final(batch: list[Write]) -> dict[tuple[str, str], tuple[dict[str, Any], bool]]:
    return {(e, i): (v, dead) for e, i, v, dead in batch}


def _written(batch: list[Write]) -> list[timeline.Written]:
    return [
        timeline.Written(e, i, _office(i), v, dead) for (e, i), (v, dead) in _final(batch).items()
    ]


def _records(conn: Connection, batch: list[Write]) -> None:
    r = schema.records
    for (entity, ident), (values, dead) in _final(batch).items():
        conn.execute(r.delete().where(r.c.entity == entity, r.c.entity_id == ident))
        conn.execute(r.insert().values(
            entity=entity, entity_id=ident, office_id=_office(ident),
            values_json=json.dumps(values), versions_json="{}", deleted=dead,
            updated_seq=next(_SEQ),
        ))  # fmt: skip


def _store(conn: Connection, batch: list[Write]) -> None:
    _records(conn, batch)
    timeline.follow(conn, _written(batch))


HEARING = ("hearing", "hearing-0", {"case_id": "case-0", "category": "hearing",
           "status": "held", "at": "2026-01-05T09:00:00"}, False)  # fmt: skip
CASE0 = ("case", "case-0", {"intake_id": "intake-0", "opened_at": "2026-01-02"}, False)
CASE1 = ("case", "case-1", {"intake_id": "intake-1", "opened_at": "2026-01-03"}, False)
CASE0_MOVED = ("case", "case-0", {"intake_id": "intake-1", "opened_at": "2026-01-04"}, False)
CASE1_MOVED = ("case", "case-1", {"intake_id": "intake-1", "opened_at": "2026-01-09"}, False)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(writes(), min_size=1, max_size=4), max_size=5),
    st.lists(writes(), min_size=1, max_size=4),
    st.lists(writes(), min_size=1, max_size=4),
)
@example(before=[[CASE0]], mine=[HEARING], concurrent=[CASE0_MOVED])
@example(before=[[CASE0, CASE1]], mine=[CASE1], concurrent=[HEARING])
def test_prepared_before_a_concurrent_batch_equals_a_rebuild(
    before: list[list[Write]], mine: list[Write], concurrent: list[Write]
) -> None:
    with _ENGINE.connect() as conn, conn.begin() as tx:
        for batch in before:
            _store(conn, batch)
        prepared = timeline.plan(conn, _written(mine))  # on the snapshot, before the lock
        _store(conn, concurrent)  # committed meanwhile by another push
        if set(_final(mine)) & set(_final(concurrent)):
            prepared = None  # the push's own check: its records moved, decided again
        _records(conn, mine)  # under the lock: the batch's records, then its hook
        if prepared is None or not prepared.write(conn):
            timeline.follow(conn, _written(mine))
        followed = _table(conn), _links(conn)
        timeline.rebuild(conn)
        assert (_table(conn), _links(conn)) == followed
        tx.rollback()


def test_a_concurrent_batch_of_other_cases_leaves_the_prepared_rows_valid() -> None:
    with _ENGINE.connect() as conn, conn.begin() as tx:
        _store(conn, [CASE0, CASE1])
        prepared = timeline.plan(conn, _written([HEARING]))  # feeds case-0
        _store(conn, [CASE1_MOVED])
        _records(conn, [HEARING])
        assert prepared.write(conn)
        assert _table(conn)["case-0"]["first_hearing_on"].isoformat() == "2026-01-05"
        tx.rollback()


def test_a_concurrent_hearing_of_the_same_case_is_not_lost() -> None:
    late = ("hearing", "hearing-2", {**HEARING[2], "at": "2026-01-04T09:00:00"}, False)
    with _ENGINE.connect() as conn, conn.begin() as tx:
        _store(conn, [CASE0])
        prepared = timeline.plan(conn, _written([HEARING]))
        _store(conn, [late])  # an earlier hearing of case-0, from another laptop
        _records(conn, [HEARING])
        assert not prepared.write(conn)  # computed without it: nothing written
        timeline.follow(conn, _written([HEARING]))
        assert _table(conn)["case-0"]["first_hearing_on"].isoformat() == "2026-01-04"
        tx.rollback()


def test_a_push_computes_its_timeline_before_the_write_lock(db_url: str) -> None:
    server = Server(db_url)
    where: list[bool] = []
    hook = next(h for h in ingest.DERIVED if isinstance(h, Prepares))

    def prepare(conn: Connection, batch: StoredBatch) -> timeline.Prepared:
        where.append(bool(conn.get_execution_options().get("chasqui_write")))
        return hook.prepare(conn, batch)

    try:
        original = ingest.DERIVED
        ingest.DERIVED = tuple(Prepares(prepare) if h is hook else h for h in original)
        dev = server.enroll()
        fields = {"office_id": dev.office_id, "defender_id": dev.user_id, "matter": "alimentos",
                  "opened_at": "2026-01-02T10:00:00"}  # fmt: skip
        case = dev.change("case", fields)
        assert statuses(server.sync(dev, [case])) == ["accepted"]
        assert where == [False]  # on the read snapshot, not in the write transaction
        with server.db.read() as conn:
            assert set(_table(conn)) == {case["entity_id"]}
    finally:
        ingest.DERIVED = original
        server.close()
