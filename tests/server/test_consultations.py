"""The server's consultations (``sync/server/consultations.py``): kept in the ingest
transaction as devices push intakes through the real protocol (SQLite and PostgreSQL) —
each submitted consulta's recorded day and matter (the desktop's rule), moved by a later
edit, gone when it is deleted or stops being a consulta —, counted per month and
matter for the dashboard without reading any JSON, and backfilled by migration 0008 to
exactly what the hook keeps."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, select

from sync.merge import RecordState
from sync.server import consultations, schema
from sync.server.db import _alembic_config
from sync.spec import vocab
from tests.server.conftest import Server, statuses

D = dt.date


def _table(conn: Connection) -> dict[str, tuple[Any, ...]]:
    c = schema.consultations.c
    return {
        str(i): (o, s, m)
        for i, o, s, m in conn.execute(select(c.intake_id, c.office_id, c.served_on, c.matter))
    }


def _intake(dev: Any, day: str, matter: str | None, service: str = "consulta",
            status: str = "submitted") -> dict[str, Any]:  # fmt: skip
    values = {"office_id": dev.office_id, "recorded_at": f"{day}T09:00:00", "status": status,
              "service_type": service, "matter": matter}  # fmt: skip
    return dict(dev.change("intake", values))


def test_pushed_consultations_are_counted_per_month_and_matter(db_url: str) -> None:
    server = Server(db_url)
    try:
        dev = server.enroll("LIMA", "pc lima")
        other = server.enroll("CUSCO", "pc cusco")
        lima, cusco = dev.office_id, other.office_id
        pushed = [
            _intake(dev, "2026-01-05", "alimentos"), _intake(dev, "2026-01-20", "penal"),
            _intake(dev, "2026-02-03", "alimentos"),
            _intake(dev, "2026-02-04", "alimentos", service="patrocinio"),  # not a consulta
            _intake(dev, "2026-02-05", "laboral", status="draft"),  # not submitted
        ]  # fmt: skip
        assert statuses(server.sync(dev, pushed)) == ["accepted"] * 5
        assert statuses(server.sync(other, [_intake(other, "2026-02-10", None)])) == ["accepted"]
        with server.db.read() as conn:
            table = _table(conn)
            assert sorted(v for v in table.values() if v[0] == lima) == [
                (lima, D(2026, 1, 5), "alimentos"), (lima, D(2026, 1, 20), "penal"),
                (lima, D(2026, 2, 3), "alimentos"),
            ]  # fmt: skip
            two = consultations.monthly(conn, D(2026, 1, 1), D(2026, 2, 28), lima)
            assert two == {lima: Counter({("2026-01", "Alimentos"): 1,
                                          ("2026-01", "Penal (defensa)"): 1,
                                          ("2026-02", "Alimentos"): 1})}  # fmt: skip
            every = consultations.monthly(conn, D(2026, 1, 1), D(2026, 12, 31))
            assert every[cusco] == Counter({("2026-02", vocab.NO_MATTER): 1})
            ids = {v[1]: i for i, v in table.items() if v[0] == lima}
            stamps = {
                str(i): max(s.hlc for s in RecordState.versions_from_json(v).values())
                for i, v in conn.execute(select(schema.records.c.entity_id,
                                                schema.records.c.versions_json))
            }  # fmt: skip
        # an edit moves its day and matter, another turns a consulta into a patrocinio
        # (it leaves the count), and another intake is deleted
        moved, changed, gone = ids[D(2026, 1, 5)], ids[D(2026, 2, 3)], ids[D(2026, 1, 20)]
        edits = [
            dev.change(
                "intake", {"recorded_at": "2026-03-09T08:00:00", "matter": "laboral"}, moved
            ),
            dev.change("intake", {"service_type": "patrocinio"}, changed),
            dev.change("intake", {}, gone, op="delete", base={"_record": stamps[gone]}),
        ]
        answer = server.sync(dev, edits)
        assert statuses(answer) == ["accepted"] * 3, answer["push"]["items"]
        with server.db.read() as conn:
            table = _table(conn)
            assert table[moved] == (lima, D(2026, 3, 9), "laboral")
            assert gone not in table and changed not in table
            march = consultations.monthly(conn, D(2026, 3, 1), D(2026, 3, 31), lima)
            assert march == {lima: Counter({("2026-03", "Laboral"): 1})}
        with server.db.write() as conn:
            assert consultations.rebuild(conn) == len(table)
            assert _table(conn) == table  # the backfill's rule is the hook's
    finally:
        server.close()


def test_the_migration_backfills_the_consultations(tmp_path: Path) -> None:
    server = Server(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        dev = server.enroll("LIMA", "pc lima")
        pushed = [_intake(dev, "2026-01-05", "alimentos"), _intake(dev, "2026-02-01", None)]
        assert statuses(server.sync(dev, pushed)) == ["accepted"] * 2
        with server.db.read() as conn:
            before = _table(conn)
        assert len(before) == 2
        with server.db.engine.connect() as conn:
            command.downgrade(_alembic_config(conn), "0007")
            conn.commit()
        server.db.migrate()  # 0008 and 0009 again: created and filled from the records
        with server.db.read() as conn:
            assert _table(conn) == before
    finally:
        server.close()


def test_a_consultation_is_a_submitted_consulta_on_its_recorded_day() -> None:
    values = {"recorded_at": "2026-04-02T09:00:00", "matter": None, "status": "submitted",
              "answers": {"tipo_servicio": "consulta", "materia": "alimentos",
                          "fecha_atencion": "2026-03-30"}}  # fmt: skip
    assert consultations.row("i1", "o1", values) == {
        "intake_id": "i1",
        "office_id": "o1",
        "served_on": D(2026, 4, 2),
        "matter": "alimentos",
    }
    assert consultations.row("i2", "o1", {**values, "status": "draft"}) is None
    assert consultations.row("i3", "o1", {**values, "service_type": "derivacion"}) is None
    assert consultations.row("i4", "o1", {**values, "recorded_at": "bad"})["served_on"] is None  # type: ignore[index]


def test_a_backfill_writes_only_the_columns_the_table_has_at_its_revision() -> None:
    """A migration's backfill runs today's rule (review 5 F5): into a table as an older
    revision made it — here without ``matter`` — it writes the columns that exist."""
    from sqlalchemy import create_engine, text

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            schema.metadata.create_all(conn, tables=[schema.records])
            conn.execute(text("CREATE TABLE consultations (intake_id VARCHAR(128) PRIMARY KEY,"
                              " office_id VARCHAR(64) NOT NULL, served_on DATE)"))  # fmt: skip
            values = (
                '{"status": "submitted", "service_type": "consulta", "matter": "penal",'
                ' "recorded_at": "2026-05-01T09:00:00"}'
            )
            conn.execute(schema.records.insert().values(
                entity="intake", entity_id="i1", office_id="o1", values_json=values,
                versions_json="{}", deleted=False, updated_seq=1))  # fmt: skip
            assert consultations.rebuild(conn) == 1
            assert conn.execute(text("SELECT * FROM consultations")).all() == [
                ("i1", "o1", "2026-05-01")]  # fmt: skip
    finally:
        engine.dispose()
