"""The server's consultations (``sync/server/consultations.py``): kept in the ingest
transaction as devices push intakes through the real protocol (SQLite and PostgreSQL) —
the service day and matter of each live intake (the form's ``fecha_atencion`` and
``materia`` first), moved by a later edit, gone with a deleted intake —, counted per month and
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
from tests.server.conftest import Server, statuses
from tests.server.directorate import Spec, push_cases

D = dt.date


def _table(conn: Connection) -> dict[str, tuple[Any, ...]]:
    c = schema.consultations.c
    return {
        str(i): (o, s, m)
        for i, o, s, m in conn.execute(select(c.intake_id, c.office_id, c.served_on, c.matter))
    }


def test_pushed_intakes_are_counted_per_month_and_matter(db_url: str) -> None:
    server = Server(db_url)
    try:
        dev = push_cases(server, [
            Spec("LIMA", "alimentos", "2026-01-05"), Spec("LIMA", "penal", "2026-01-20"),
            Spec("LIMA", "alimentos", "2026-02-03"), Spec("CUSCO", "violencia", "2026-02-10"),
        ])["LIMA"]  # fmt: skip
        lima = server.offices["LIMA"].office_id
        with server.db.read() as conn:
            table = _table(conn)
            assert sorted(v for v in table.values() if v[0] == lima) == [
                (lima, D(2026, 1, 5), "alimentos"), (lima, D(2026, 1, 20), "penal"),
                (lima, D(2026, 2, 3), "alimentos"),
            ]  # fmt: skip
            two = consultations.monthly(conn, D(2026, 1, 1), D(2026, 2, 28), lima)
            assert two[lima] == Counter(
                {
                    ("2026-01", "Alimentos"): 1,
                    ("2026-01", "Penal (defensa)"): 1,
                    ("2026-02", "Alimentos"): 1,
                }
            )
            every = consultations.monthly(conn, D(2026, 1, 1), D(2026, 12, 31))
            assert sorted(sum(c.values()) for c in every.values()) == [1, 3]
            ids = {v[1]: i for i, v in table.items() if v[0] == lima}
            stamps = {
                str(i): max(s.hlc for s in RecordState.versions_from_json(v).values())
                for i, v in conn.execute(select(schema.records.c.entity_id,
                                                schema.records.c.versions_json))
            }  # fmt: skip
        # an edit moves its day and matter; then another intake is deleted
        moved, gone = ids[D(2026, 1, 5)], ids[D(2026, 1, 20)]
        edit = dev.change(
            "intake", {"recorded_at": "2026-03-09T08:00:00", "matter": "laboral"}, moved
        )
        drop = dev.change("intake", {}, gone, op="delete", base={"_record": stamps[gone]})
        answer = server.sync(dev, [edit, drop])
        assert statuses(answer) == ["accepted", "accepted"], answer["push"]["items"]
        with server.db.read() as conn:
            table = _table(conn)
            assert table[moved] == (lima, D(2026, 3, 9), "laboral")
            assert gone not in table
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
        push_cases(server, [Spec("LIMA", "alimentos", "2026-01-05"),
                            Spec("CUSCO", "penal", "2026-02-01")])  # fmt: skip
        with server.db.read() as conn:
            before = _table(conn)
        assert len(before) == 2
        with server.db.engine.connect() as conn:
            command.downgrade(_alembic_config(conn), "0007")
            conn.commit()
        server.db.migrate()  # 0008 again: created and backfilled from the records
        with server.db.read() as conn:
            assert _table(conn) == before
    finally:
        server.close()


def test_the_forms_service_day_and_matter_come_first() -> None:
    values = {"recorded_at": "2026-04-02T09:00:00", "matter": None,
              "answers": {"fecha_atencion": "2026-03-30", "materia": "alimentos"}}  # fmt: skip
    assert consultations.row("i1", "o1", values) == {
        "intake_id": "i1",
        "office_id": "o1",
        "served_on": D(2026, 3, 30),
        "matter": "alimentos",
    }
    plain = {"recorded_at": "2026-04-02T09:00:00", "matter": "penal", "answers": "not a dict"}
    assert consultations.row("i2", "o1", plain)["served_on"] == D(2026, 4, 2)
    assert consultations.row("i3", "o1", {"recorded_at": "bad"})["served_on"] is None
