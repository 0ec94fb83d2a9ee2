"""The server's per-case timeline (``sync/server/timeline.py``): kept in the ingest
transaction as devices push through the real protocol (SQLite and PostgreSQL), dates
checked against the raw dates the test pushed; later pushes move it (a hearing held, an
assessment, a recorded correction, a deleted case); the migration's backfill builds the
same table from the records; and, as a property, following writes one batch at a time
always leaves what a rebuild from scratch gives (records of two offices whose links
cross: a case is fed only by its own office's records)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine, select
from sqlalchemy.pool import StaticPool

from sync.merge import RecordState
from sync.server import schema, timeline
from sync.server.db import Database, _alembic_config
from sync.spec import vocab
from tests.server.conftest import Server, statuses
from tests.server.directorate import Spec, push_cases

D = dt.date


def _table(conn: Connection) -> dict[str, dict[str, Any]]:
    t = schema.case_timeline
    return {
        row["case_id"]: {k: v for k, v in row.items() if k != "case_id"}
        for row in (dict(r._mapping) for r in conn.execute(select(t)))
    }


def _links(conn: Connection) -> set[tuple[Any, ...]]:
    return {tuple(r) for r in conn.execute(select(schema.timeline_links))}


def test_pushed_cases_have_their_dates_in_typed_columns(db_url: str) -> None:
    server = Server(db_url)
    try:
        specs = [
            Spec(
                "LIMA",
                "alimentos",
                "2026-01-05",
                filed="2026-01-09",
                held="2026-03-02",
                decision="2026-05-20",
                closed="2026-06-01",
                court=("1801", "FC"),
            ),
            Spec("CUSCO", "violencia", "2026-02-10"),
        ]
        dev = push_cases(server, specs)
        with server.db.read() as conn:
            rows = sorted(_table(conn).values(), key=lambda r: str(r["intake_on"]))
        lima, cusco = rows
        assert lima["office_id"] == server.offices["LIMA"].office_id
        assert (lima["matter"], lima["court"]) == ("alimentos", "Lima · Familia civil")
        assert lima["defender_id"] == server.users["LIMA"]
        assert (lima["intake_on"], lima["filed_on"], lima["first_hearing_on"]) == (
            D(2026, 1, 5), D(2026, 1, 9), D(2026, 3, 2))  # fmt: skip
        assert (lima["decision_on"], lima["closure_on"], lima["closed_on"]) == (
            D(2026, 5, 20), D(2026, 6, 1), D(2026, 6, 1))  # fmt: skip
        assert lima["opened_on"] == D(2026, 1, 5) and lima["eligibility_on"] is None
        assert (cusco["intake_on"], cusco["filed_on"], cusco["court"]) == (
            D(2026, 2, 10), None, "sin expediente")  # fmt: skip

        # later pushes move the dates: an assessment, an earlier hearing held, a recorded
        # correction of the intake date; then the case is deleted
        with server.db.read() as conn:
            case_id, intake_id = conn.execute(
                select(schema.case_timeline.c.case_id, schema.case_timeline.c.intake_id).where(
                    schema.case_timeline.c.office_id == server.offices["LIMA"].office_id)
            ).one()  # fmt: skip
        d = dev["LIMA"]
        later = [
            d.change(
                "eligibility",
                {
                    "office_id": d.office_id,
                    "intake_id": intake_id,
                    "result": "gratuito",
                    "assessed_at": "2026-01-07T10:00:00",
                },
            ),
            d.change(
                "hearing",
                {
                    "case_id": case_id,
                    "category": "hearing",
                    "status": "held",
                    "kind": "audiencia_unica",
                    "at": "2026-02-20T09:00:00",
                },
            ),
            d.change(
                "case_milestone",
                {
                    "office_id": d.office_id,
                    "case_id": case_id,
                    "kind": "intake",
                    "occurred_on": "2026-01-04",
                    "recorded_by": d.user_id,
                },
            ),
        ]
        assert statuses(server.sync(d, later)) == ["accepted"] * 3
        with server.db.read() as conn:
            row = _table(conn)[case_id]
        assert (row["eligibility_on"], row["first_hearing_on"], row["intake_on"]) == (
            D(2026, 1, 7), D(2026, 2, 20), D(2026, 1, 4))  # fmt: skip
        with server.db.read() as conn:
            stamp = max(v.hlc for v in RecordState.versions_from_json(conn.execute(
                select(schema.records.c.versions_json).where(
                    schema.records.c.entity_id == case_id)).scalar_one()).values())  # fmt: skip
        gone = d.change("case", {}, case_id, op="delete", base={"_record": stamp})
        assert statuses(server.sync(d, [gone])) == ["accepted"]
        with server.db.read() as conn:
            assert case_id not in _table(conn)
            assert len(_table(conn)) == 1
    finally:
        server.close()


def test_the_tables_milestone_columns_are_the_vocabularys_kinds_today() -> None:
    """The columns are written out, not read from the vocabulary (migration 0006 builds
    those columns and runs the timeline code): a kind added to MILESTONE_KIND fails here
    until a migration adds its column and the kind is added to schema.MILESTONE_KINDS."""
    assert tuple(vocab.MILESTONE_KIND.codes()) == schema.MILESTONE_KINDS
    migration = Path(schema.__file__).parent / "migrations/versions/0006_case_timeline.py"
    text = migration.read_text(encoding="utf-8")
    assert all(f'"{kind}"' in text for kind in schema.MILESTONE_KINDS)
    assert "MILESTONE_KIND" not in text.replace("MILESTONE_KINDS", "")


def test_the_migration_backfills_the_timeline_from_the_records(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    server = Server(url)
    try:
        push_cases(server, [Spec("LIMA", "alimentos", "2026-01-05", filed="2026-01-20",
                                 held="2026-02-01")])  # fmt: skip
        with server.db.read() as conn:
            before = _table(conn), _links(conn)
        assert len(before[0]) == 1 and len(before[1]) == 3  # intake, milestone, hearing
        with server.db.engine.connect() as conn:
            command.downgrade(_alembic_config(conn), "0005")
            conn.commit()
        server.db.migrate()  # 0006 again: created and backfilled from the records
        with server.db.read() as conn:
            assert (_table(conn), _links(conn)) == before
    finally:
        server.close()


# ----------------------------------------------------------------- the property

OFFICE = "office-1"
OFFICES = (OFFICE, "office-2")  # a record's office by its number: links cross offices
CASES = [f"case-{n}" for n in range(2)]
INTAKES = [f"intake-{n}" for n in range(2)]
days = st.dates(D(2026, 1, 1), D(2026, 1, 31)).map(lambda d: d.isoformat())


@st.composite
def writes(draw: st.DrawFn) -> tuple[str, str, dict[str, Any], bool]:
    """One record's new state: a case (re)pointing at an intake, an intake, an
    assessment, a hearing, a recorded milestone; sometimes a deletion."""
    entity = draw(st.sampled_from(timeline.SOURCES))
    deleted = draw(st.integers(0, 3)) == 0
    if entity == "case":  # usually its own intake; sometimes both cases share one
        n = draw(st.integers(0, len(CASES) - 1))
        ident = CASES[n]
        intake = INTAKES[n] if draw(st.booleans()) else draw(st.sampled_from(INTAKES))
        values: dict[str, Any] = {"intake_id": intake, "matter": "alimentos",
                                  "opened_at": draw(days)}  # fmt: skip
        if draw(st.booleans()):
            values["closed_at"] = draw(days) + "T12:00:00"
    elif entity == "intake":
        ident = draw(st.sampled_from(INTAKES))
        values = {"recorded_at": draw(days) + "T09:00:00"}
        if draw(st.booleans()):
            values["answers"] = json.dumps({"fecha_atencion": draw(days)})
    else:
        ident = f"{entity}-{draw(st.integers(0, 1))}"
        if entity == "eligibility":
            values = {"intake_id": draw(st.sampled_from(INTAKES)), "assessed_at": draw(days),
                      "result": draw(st.sampled_from([None, "eligible"]))}  # fmt: skip
        elif entity == "hearing":
            values = {"case_id": draw(st.sampled_from(CASES)), "category": "hearing",
                      "status": draw(st.sampled_from(["held", "scheduled"])),
                      "at": draw(days) + "T09:00:00"}  # fmt: skip
        else:
            values = {"case_id": draw(st.sampled_from(CASES)), "occurred_on": draw(days),
                      "kind": draw(st.sampled_from(["intake", "filed", "decision"]))}  # fmt: skip
    return entity, ident, values, deleted


def _store(conn: Connection, batch: list[tuple[str, str, dict[str, Any], bool]]) -> None:
    """What an ingest batch does: the records' final states, then ``timeline.follow``."""
    final = {(e, i): (v, dead) for e, i, v, dead in batch}
    r = schema.records
    for (entity, ident), (values, dead) in final.items():
        conn.execute(r.delete().where(r.c.entity == entity, r.c.entity_id == ident))
        conn.execute(r.insert().values(
            entity=entity, entity_id=ident, office_id=_office(ident),
            values_json=json.dumps(values), versions_json="{}", deleted=dead, updated_seq=1,
        ))  # fmt: skip
    timeline.follow(conn, [timeline.Written(e, i, _office(i), v, dead)
                           for (e, i), (v, dead) in final.items()])  # fmt: skip


def _office(ident: str) -> str:
    """case-0, intake-0, hearing-0 … are the first office's; case-1 … the second's."""
    return OFFICES[int(ident.rsplit("-", 1)[1]) % len(OFFICES)]


_TABLES = [schema.records, schema.case_timeline, schema.timeline_links]
_ENGINE = create_engine("sqlite://", poolclass=StaticPool)  # one in-memory database
schema.metadata.create_all(_ENGINE, tables=_TABLES)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(writes(), min_size=1, max_size=4), min_size=1, max_size=8))
def test_following_batch_by_batch_equals_a_rebuild(batches: list[list[Any]]) -> None:
    with _ENGINE.connect() as conn, conn.begin() as tx:
        for batch in batches:
            _store(conn, batch)
        followed = _table(conn), _links(conn)
        timeline.rebuild(conn)
        assert (_table(conn), _links(conn)) == followed
        tx.rollback()


def test_a_batch_without_sources_touches_nothing(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        schema.metadata.create_all(db.engine)
        with db.engine.begin() as conn:
            timeline.follow(conn, [timeline.Written("person", uuid.uuid4().hex, OFFICE,
                                                    {"given_names": "Ana"}, False)])  # fmt: skip
            assert _table(conn) == {} and _links(conn) == set()
    finally:
        db.dispose()


# --------------------------------------------- opening and closing days (review 5 F1)

LIMA_EVENING = {  # closed at 21:30 in Lima: 02:30 UTC the next day, no closing form
    "intake_id": "intake-0", "opened_at": "2026-03-01T03:00:00Z", "status": "closed",
    "closed_at": "2026-11-28T02:30:00Z",
}  # fmt: skip
ON_PAPER = {  # closed on paper on 27 Feb, saved on 2 Mar
    "intake_id": "intake-1", "opened_at": "2026-01-10T15:00:00Z", "status": "closed",
    "closed_at": "2026-03-02T15:00:00Z",
    "closure": json.dumps({"answers": {"fecha_cierre": "2026-02-27"}}),
}  # fmt: skip


def test_opening_and_closing_days_are_the_desktops_office_days(
    monkeypatch: Any,
) -> None:
    """The server's caseload days are the desktop's (``stats.caseload.case_span`` on the
    closing day ``stats.milestones.closure_day`` and the case view's): office-time days,
    the closing form's date first; a reopened case is active whatever was recorded."""
    from app.core.queries.case_facts import case_facts
    from stats.caseload import case_span
    from stats.milestones import closure_day

    monkeypatch.setenv("CHASQUI_TIMEZONE", "America/Lima")
    reopened = {"intake_id": "intake-0", "opened_at": "2026-04-01T12:00:00Z", "status": "open"}
    correction = {"case_id": "case-2", "kind": "closure", "occurred_on": "2026-04-09"}
    with _ENGINE.connect() as conn, conn.begin() as tx:
        _store(conn, [("case", "case-0", LIMA_EVENING, False), ("case", "case-1", ON_PAPER, False),
                      ("case", "case-2", reopened, False),
                      ("case_milestone", "case_milestone-2", correction, False)])  # fmt: skip
        rows = _table(conn)
        tx.rollback()
    days = {c: (r["opened_on"], r["closed_on"], r["closure_on"]) for c, r in rows.items()}
    assert days == {
        "case-0": (D(2026, 2, 28), D(2026, 11, 27), D(2026, 11, 27)),
        "case-1": (D(2026, 1, 10), D(2026, 2, 27), D(2026, 2, 27)),
        "case-2": (D(2026, 4, 1), None, None),
    }
    # the same days by the desktop's rules, on the same values
    for case_id, values in (("case-0", LIMA_EVENING), ("case-1", ON_PAPER)):
        closed = closure_day(values)
        assert case_span(values["opened_at"], closed, "closed") == days[case_id][:2]
        facts = case_facts(_NoIntake(), {**values, "id": case_id})
        assert facts["closed_on"] == days[case_id][1].isoformat()


class _NoIntake:
    def get(self, entity: str, ident: str) -> None:
        return None


def _migrated_from(server: Server, revision: str, **kept: Any) -> None:
    """Every timeline row set back to ``kept`` (what an older rule stored), the database
    downgraded to ``revision``, then migrated to the head again."""
    with server.db.engine.begin() as conn:
        conn.execute(schema.case_timeline.update().values(**kept))
        command.downgrade(_alembic_config(conn), revision)
    server.db.migrate()


def test_migration_0010_rederives_the_utc_days_of_stored_rows(tmp_path: Path) -> None:
    server = Server(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        dev = server.enroll("LIMA", "pc lima")
        case = {**LIMA_EVENING, "office_id": dev.office_id, "defender_id": dev.user_id,
                "matter": "alimentos", "intake_id": uuid.uuid4().hex}  # fmt: skip
        assert statuses(server.sync(dev, [dev.change("case", case)])) == ["accepted"]
        t = schema.case_timeline
        # what the rows kept before 0010: UTC days
        _migrated_from(server, "0009", opened_on=D(2026, 3, 1), closed_on=D(2026, 11, 28))
        with server.db.read() as conn:
            assert conn.execute(select(t.c.opened_on, t.c.closed_on)).one() == (
                D(2026, 2, 28), D(2026, 11, 27))  # fmt: skip
    finally:
        server.close()


def test_migration_0013_rederives_the_utc_day_of_an_intake_without_its_ficha_date(
    tmp_path: Path,
) -> None:
    """Review 8 F4: an intake without ``fecha_atencion`` saved at 22:30 on 9 March in Lima
    (03:30 UTC on the 10th) dates its case's intake milestone on the 9th at ingest; a row
    stored before the rule kept the 10th, and 0013 writes it again (fails without 0013:
    the stored row keeps its UTC day)."""
    server = Server(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        dev = server.enroll("LIMA", "pc lima")
        served = {"office_id": dev.office_id, "status": "submitted",
                  "service_type": "patrocinio", "recorded_at": "2026-03-10T03:30:00Z"}  # fmt: skip
        intake = dev.change("intake", served)
        case = dev.change("case", {"office_id": dev.office_id, "matter": "alimentos",
                                   "intake_id": intake["entity_id"],
                                   "opened_at": "2026-03-10T04:00:00Z"})  # fmt: skip
        assert statuses(server.sync(dev, [intake, case])) == ["accepted"] * 2
        t = schema.case_timeline
        with server.db.read() as conn:
            assert conn.execute(select(t.c.intake_on)).scalar_one() == D(2026, 3, 9)
        _migrated_from(server, "0012", intake_on=D(2026, 3, 10))  # kept before: the UTC day
        with server.db.read() as conn:
            assert conn.execute(select(t.c.intake_on)).scalar_one() == D(2026, 3, 9)
    finally:
        server.close()


def test_a_hearing_before_the_filing_is_not_the_first_and_0014_rederives_it(db_url: str) -> None:
    """Fresh 9 #2: an extrajudicial conciliation held on 2 March, then the claim filed on
    the 4th and a hearing held on 15 April. Pushed before the filing, the conciliation is
    the case's first hearing; the filing pushed later moves it to 15 April (the first held
    on or after the filing). A row stored under the old rule (the earliest held, 2 March)
    is written again by migration 0014 (fails without 0014: the row keeps 2 March)."""
    server = Server(db_url)
    try:
        dev = server.enroll("LIMA", "pc lima")
        case = dev.change("case", {"office_id": dev.office_id, "matter": "alimentos",
                                   "opened_at": "2026-03-03T10:00:00"})  # fmt: skip
        case_id = case["entity_id"]
        held = {"case_id": case_id, "category": "hearing", "status": "held"}
        hearings = [
            dev.change("hearing", {**held, "kind": kind, "at": at})
            for kind, at in (("conciliacion", "2026-03-02T10:00"), ("unica", "2026-04-15T09:30"))
        ]
        assert statuses(server.sync(dev, [case, *hearings])) == ["accepted"] * 3
        t = schema.case_timeline
        with server.db.read() as conn:
            assert conn.execute(select(t.c.first_hearing_on)).scalar_one() == D(2026, 3, 2)
        filed = dev.change("case_milestone", {"office_id": dev.office_id, "case_id": case_id,
                                              "kind": "filed", "occurred_on": "2026-03-04",
                                              "recorded_by": dev.user_id})  # fmt: skip
        assert statuses(server.sync(dev, [filed])) == ["accepted"]
        with server.db.read() as conn:
            got = conn.execute(select(t.c.filed_on, t.c.first_hearing_on)).one()
        assert tuple(got) == (D(2026, 3, 4), D(2026, 4, 15))
        _migrated_from(server, "0013", first_hearing_on=D(2026, 3, 2))  # kept: the earliest held
        with server.db.read() as conn:
            assert conn.execute(select(t.c.first_hearing_on)).scalar_one() == D(2026, 4, 15)
    finally:
        server.close()


def test_a_stamp_past_the_calendar_in_office_time_is_refused_at_the_door(tmp_path: Path) -> None:
    """Review 6 F2, then issue 16 (3): a timestamp valid in UTC that leaves the calendar in
    office time (year 10000 in Lima), a far-future or a far-past day is quarantined at the
    door (``invalid_field``, naming the field and the years: ``sync.spec``'s rule, which
    the devices apply too — review 7 F1) — it would read as "no date" in every figure —
    while the rest of the batch is stored; and one stored before this check is still read
    as no day (``office_moment``), never an error."""
    from forms.clock import office_moment

    stamp = "9999-12-31T23:00:00-12:00"
    assert office_moment(stamp) is None and office_moment("0001-01-01T00:00:00+14:00") is None
    server = Server(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        dev = server.enroll("LIMA", "pc lima")
        served = {"status": "submitted", "service_type": "consulta", "recorded_at": stamp}
        intake = dev.change("intake", {"office_id": dev.office_id, **served})
        opened = {"opened_at": stamp, "intake_id": intake["entity_id"], "matter": "alimentos"}
        case = dev.change("case", {"office_id": dev.office_id, **opened})
        later = dev.change("case", {"office_id": dev.office_id, "opened_at": "2150-01-02"})
        early = dev.change("person", {"office_id": dev.office_id, "birth_date": "1899-12-31"})
        fine = dev.change("case", {"office_id": dev.office_id, "opened_at": "2100-12-31T23:59"})
        result = server.sync(dev, [intake, case, later, early, fine])
        assert statuses(result) == ["rejected"] * 4 + ["accepted"]
        items = result["push"]["results"]
        assert {item["code"] for item in items[:4]} == {"invalid_field"}
        assert items[0]["reason"] == "intake: recorded_at: must be between the years 1900 and 2100"
        assert "opened_at: must be between the years" in items[2]["reason"]
        assert "birth_date: must be between the years" in items[3]["reason"]
        with server.db.read() as conn:
            assert list(_table(conn)) == [fine["entity_id"]]
            assert conn.execute(select(schema.consultations.c.served_on)).all() == []
    finally:
        server.close()
