"""Each office's pack (``sync.server.office_packs``) counts what the database counts: the
caseload per defender and the consultations per month and matter cut from the packs equal
``timeline_tally.active_by_defender`` and ``consultations.monthly`` from SQL, for several
periods; a pack survives its encoding; a restarted dashboard and a cold report read the
stored packs (not the derived tables) while no office changed, and an office that synced
is counted again; a rebuild of the derived tables drops the packs."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

import numpy as np
from sqlalchemy import func, select, update

from stats import caseload
from sync.server import (
    consultations,
    dashboard_data,
    office_packs,
    report,
    schema,
    timeline,
    upgrade,
)
from sync.server import timeline_tally as tally
from sync.server.db import Database
from tests.server.test_timeline_tally import OFFICES, _filled

D = dt.date
PERIODS = ((D(2025, 10, 1), D(2026, 9, 30)), (D(2026, 2, 3), D(2026, 2, 27)),
           (D(2024, 1, 1), D(2024, 12, 31)))  # fmt: skip


def _with_consultations(url: str) -> Database:
    db = _filled(url)
    rnd = random.Random(5)
    rows = []
    for n in range(120):
        values = {"status": "submitted", "service_type": "consulta",
                  "recorded_at": f"{D(2025, 9, 20) + dt.timedelta(days=rnd.randrange(400))}"
                                 "T21:30:00-05:00",
                  "matter": rnd.choice(["alimentos", "violencia", None])}  # fmt: skip
        rows.append({"entity": "intake", "entity_id": uuid.uuid4().hex, "updated_seq": 900 + n,
                     "office_id": rnd.choice(sorted(OFFICES)), "values_json": json.dumps(values),
                     "versions_json": "{}", "deleted": False})  # fmt: skip
    with db.write() as conn:
        conn.execute(schema.records.insert(), rows)
        consultations.rebuild(conn)
    return db


def _packed(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.office_packs)).scalar())


def test_packs_count_what_the_database_counts(db_url: str) -> None:
    db = _with_consultations(db_url)
    try:
        seqs = office_packs.office_seqs(db)
        assert seqs == dict.fromkeys(OFFICES, 0)  # written without changes
        packs = office_packs.kept(db, seqs)
        assert _packed(db) == len(OFFICES)
        for pack in packs.values():  # the stored form gives the same arrays back
            again = office_packs.Pack.decode(pack.encode())
            assert again.timeline.groups == pack.timeline.groups
            assert again.defenders == pack.defenders and again.matters == pack.matters
            for a, b in ((again.timeline.cases, pack.timeline.cases), (again.load, pack.load),
                         (again.served, pack.served)):  # fmt: skip
                assert np.array_equal(a, b)
        with db.read() as conn:  # the nation's pass (a first view of many offices)
            whole = office_packs.read_packs(conn)
        served = active = 0
        for start, end in PERIODS:
            days = caseload.month_ends(start, end)
            with db.read() as conn:
                load = tally.active_by_defender(conn, days)
                monthly = consultations.monthly(conn, start, end)
            for found in (packs, whole):
                assert office_packs.active_by_defender(found, days) == load
                assert office_packs.monthly(found, start, end) == monthly
            served += sum(sum(c.values()) for c in monthly.values())
            active += sum(sum(c.values()) for c in load.values())
        assert served and active  # the periods are not all empty
    finally:
        db.dispose()


def test_a_restart_reads_the_stored_packs_and_a_sync_counts_its_office_again(
    db_url: str,
) -> None:
    db = _with_consultations(db_url)
    start, end = PERIODS[0]
    try:
        first = dashboard_data.FiguresCache(db).get(start, end)
        rows = report.timeliness(db, start, end)
        with db.write() as conn:  # the derived tables emptied behind the packs' back
            conn.execute(schema.case_timeline.delete())
            conn.execute(schema.consultations.delete())
        restarted = dashboard_data.FiguresCache(db).get(start, end)  # a new process
        assert (restarted.rows, restarted.load, restarted.trend, restarted.caseload) == (
            first.rows, first.load, first.trend, first.caseload)  # fmt: skip
        assert report.timeliness(db, start, end) == rows  # a cold report, from the packs
        lima = next(o for o, code in OFFICES.items() if code == "LIMA")
        with db.write() as conn:  # LIMA syncs: its pack is counted again (now empty)
            conn.execute(schema.change_log.insert().values(
                seq=1, change_id="c1", office_id=lima, device_id="d", user_id=None,
                entity="case", entity_id="x", doc="{}", received_at=0))  # fmt: skip
        synced = dashboard_data.FiguresCache(db).get(start, end)
        assert {r.office for r in synced.rows} == {report.NATIONAL, "CUSCO"}
        assert {r.office for r in first.rows} == {report.NATIONAL, "CUSCO", "LIMA"}
        with db.write() as conn:  # a rebuild rewrites the derived tables: packs dropped
            timeline.rebuild(conn)
        assert _packed(db) == 0
    finally:
        db.dispose()


def test_a_pack_read_before_a_rebuild_is_not_stored_after_it(db_url: str) -> None:
    """Review 7 F3: a reader counts the old rows, a rebuild (a migration, a repair)
    rewrites the derived tables and drops the packs meanwhile, without moving any office's
    change; the reader's packs must not be stored, or they would be served as current."""
    db = _with_consultations(db_url)
    original = office_packs.read_packs

    def read_then_rebuild(conn: Any, office_id: str | None = None) -> dict[str, Any]:
        found = original(conn, office_id)  # the reader's snapshot: the old rows
        with db.write() as other:  # meanwhile the derived tables are rewritten
            timeline.forget_packs(other)
            other.execute(update(schema.case_timeline).values(opened_on=None))
        return found

    try:
        seqs = office_packs.office_seqs(db)
        office_packs.read_packs = read_then_rebuild  # type: ignore[assignment]
        try:
            office_packs.kept(db, seqs)  # answers from what it read, stores nothing
        finally:
            office_packs.read_packs = original  # type: ignore[assignment]
        assert office_packs.office_seqs(db) == seqs and _packed(db) == 0
        served = office_packs.kept(db, seqs)  # a later reader counts the new rows
        assert all(len(pack.load) == 0 for pack in served.values())
    finally:
        db.dispose()


def test_a_push_does_not_wait_for_a_cold_reader_storing_packs(
    pg_cluster: Any, pg_template: str, tmp_path: Any, monkeypatch: Any
) -> None:
    """Review 7 F9: a cold reader (a report, a restarted dashboard) stores every office's
    pack; while it is inside that transaction — held there, at its insert — a device's
    push on PostgreSQL goes through (it waits on the write lock, which packs do not take).
    On the old code the reader stored the packs under the write lock: the push waited
    until the reader was let go."""
    import threading

    from sqlalchemy import event

    from tests.server.conftest import Server

    monkeypatch.setenv("CHASQUI_SERVER_KEY", str(tmp_path / "server.identity"))
    server = Server(pg_cluster.url(pg_cluster.create_database(pg_template)))
    inside, release = threading.Event(), threading.Event()

    def hold(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO OFFICE_PACKS"):
            inside.set()
            release.wait(120)  # a bound for the old code; released at once below

    try:
        device = server.enroll("LIMA")
        seqs = office_packs.office_seqs(server.db)
        event.listen(server.db.engine, "before_cursor_execute", hold)
        reader = threading.Thread(target=office_packs.kept, args=(server.db, seqs))
        reader.start()
        assert inside.wait(120), "the cold reader never stored a pack"
        answers: list[dict[str, Any]] = []
        note = device.change("person", {"given_names": "Rosa", "paternal_surname": "Quispe",
                                        "office_id": device.office_id})  # fmt: skip
        pushing = threading.Thread(target=lambda: answers.append(server.sync(device, [note])))
        pushing.start()
        pushing.join(30)
        pushed = not pushing.is_alive()  # done while the reader holds its transaction
        release.set()
        pushing.join(120)
        reader.join(120)
        assert pushed, "the push waited for the cold reader's pack transaction"
        assert [r["status"] for r in answers[0]["push"]["results"]] == ["accepted"]
        assert _packed(server.db) == len(seqs)  # and the reader stored every pack
    finally:
        release.set()
        event.remove(server.db.engine, "before_cursor_execute", hold)
        server.close()


def test_a_rebuild_waits_for_a_pack_being_stored_then_drops_it(
    pg_cluster: Any, pg_template: str, tmp_path: Any, monkeypatch: Any
) -> None:
    """The packs are stored outside the write lock (review 7 F9), so a rebuild (which
    holds it) must still never leave a pack counted from the old rows: a reader is held
    inside its pack insert, a rebuild starts and waits on the packs' lock (seen waiting in
    ``pg_locks``), and once the reader commits the rebuild drops what it stored. Without
    the packs' lock in ``forget_packs`` the rebuild deleted before the insert committed
    and the old pack stayed, served as current."""
    import threading
    import time

    from sqlalchemy import event, text

    monkeypatch.setenv("CHASQUI_SERVER_KEY", str(tmp_path / "server.identity"))
    db = _with_consultations(pg_cluster.url(pg_cluster.create_database(pg_template)))
    inside, release = threading.Event(), threading.Event()

    def hold(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        first = not inside.is_set()  # the first insert only
        if first and statement.lstrip().upper().startswith("INSERT INTO OFFICE_PACKS"):
            inside.set()
            release.wait(120)

    def rebuild() -> None:
        with db.write() as conn:
            timeline.forget_packs(conn)

    def waiting() -> int:  # sessions waiting for an advisory lock
        with db.read() as conn:
            sql = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            return int(conn.execute(text(sql)).scalar_one())

    stored: list[str] = []  # the reader's inserts done (none failed)

    def done(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO OFFICE_PACKS"):
            stored.append(statement)

    try:
        seqs = office_packs.office_seqs(db)
        event.listen(db.engine, "before_cursor_execute", hold)
        event.listen(db.engine, "after_cursor_execute", done)
        reader = threading.Thread(target=office_packs.kept, args=(db, seqs))
        reader.start()
        assert inside.wait(120), "the reader never stored a pack"
        rebuilding = threading.Thread(target=rebuild)
        rebuilding.start()
        deadline = time.monotonic() + 60  # pg_locks read until the rebuild is seen waiting
        while not waiting() and time.monotonic() < deadline and rebuilding.is_alive():
            pass
        blocked = rebuilding.is_alive() and bool(waiting())
        release.set()
        reader.join(120)
        rebuilding.join(120)
        assert blocked, "the rebuild did not wait for the pack being stored"
        assert stored and not reader.is_alive()  # the reader stored its packs
        assert _packed(db) == 0  # dropped after they were stored: none served as current
    finally:
        release.set()
        event.remove(db.engine, "before_cursor_execute", hold)
        event.remove(db.engine, "after_cursor_execute", done)
        db.dispose()


def test_a_migration_that_rebuilds_the_timeline_stores_the_packs_again(
    db_url: str, monkeypatch: Any
) -> None:
    """0013 (as 0010, and any later re-derivation) rebuilds the timeline, which drops every
    stored pack; ``upgrade.migrate`` (the CLI's, ``serve``'s) stores them again before it
    returns, so the report after it
    reads packs and counts nothing cold (fails on the old code: no pack after migrate)."""
    from alembic import command

    from sync.server.db import _alembic_config

    db = _with_consultations(db_url)
    start, end = PERIODS[0]
    try:
        rows = report.timeliness(db, start, end)  # packs stored
        with db.engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0012")
        upgrade.migrate(db)  # 0013: timeline.rebuild, packs dropped; then stored again
        assert _packed(db) == len(OFFICES)
        with db.read() as conn:
            assert timeline.packs_generation(conn) >= 1  # the rebuild did drop them

        def cold(conn: Any, office_id: Any = None) -> dict[str, Any]:
            raise AssertionError("the report counted the derived tables cold")

        monkeypatch.setattr(office_packs, "read_packs", cold)
        assert report.timeliness(db, start, end) == rows
        upgrade.migrate(db)  # at the head: stores nothing, reads nothing
        assert _packed(db) == len(OFFICES)
    finally:
        db.dispose()


def test_a_migrate_stopped_before_the_packing_is_finished_by_the_next_one(
    db_url: str, monkeypatch: Any
) -> None:
    """Review 10 F4: the upgrade committed, then the packing failed (or the process
    stopped): the next ``upgrade.migrate`` — at the head, nothing to upgrade — stores the
    packs (fails when only an upgrading run packs)."""
    from alembic import command
    from sqlalchemy.exc import OperationalError

    from sync.server.db import _alembic_config

    db = _with_consultations(db_url)
    try:
        with db.engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0012")

        def stopped(db: Database) -> int:
            raise OperationalError("restore", {}, Exception("the process stopped"))

        with monkeypatch.context() as patched:
            patched.setattr(office_packs, "restore", stopped)
            upgrade.migrate(db)  # upgraded; packs dropped, not stored (logged)
        assert _packed(db) == 0
        upgrade.migrate(db)  # at the head
        assert _packed(db) == len(OFFICES)
    finally:
        db.dispose()


def test_a_new_server_migrates_without_packing_anything(tmp_path: Any) -> None:
    """A database with no timeline row: ``upgrade.migrate`` stores no pack (and imports no numpy
    for it: ``test_the_server_starts_without_numpy``)."""
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        upgrade.migrate(db)
        assert _packed(db) == 0
    finally:
        db.dispose()


def test_many_offices_synced_are_read_again_in_one_pass_over_theirs(
    db_url: str, monkeypatch: Any
) -> None:
    """More than ``FEW`` offices synced since their packs were made: one pass reads those
    offices' rows only (a list), and their packs count what the first pass counted."""
    db = _with_consultations(db_url)
    monkeypatch.setattr(office_packs, "FEW", 0)
    original, asked = office_packs.read_packs, []

    def recorded(conn: Any, office_id: Any = None) -> dict[str, Any]:
        asked.append(office_id)
        return original(conn, office_id)

    monkeypatch.setattr(office_packs, "read_packs", recorded)
    try:
        first = office_packs.kept(db, office_packs.office_seqs(db))  # every office: no list
        lima = next(o for o, code in OFFICES.items() if code == "LIMA")
        with db.write() as conn:  # LIMA syncs
            conn.execute(schema.change_log.insert().values(
                seq=1, change_id="c1", office_id=lima, device_id="d", user_id=None,
                entity="case", entity_id="x", doc="{}", received_at=0))  # fmt: skip
        again = office_packs.kept(db, office_packs.office_seqs(db))
        assert asked == [None, [lima]]
        days = caseload.month_ends(*PERIODS[0])
        for count in (lambda p: office_packs.active_by_defender(p, days),
                      lambda p: office_packs.monthly(p, *PERIODS[0])):  # fmt: skip
            assert count({lima: again[lima]}) == count({lima: first[lima]})
        assert _cases(again[lima]) == _cases(first[lima])
    finally:
        db.dispose()


def _cases(pack: office_packs.Pack) -> list[tuple[Any, ...]]:
    """A pack's cases as (matter, court, days…), sorted (group indexes vary by pass)."""
    groups = pack.timeline.groups
    return sorted((*groups[row[0]], *row[1:]) for row in pack.timeline.cases.tolist())
