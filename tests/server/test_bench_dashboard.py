"""``bench/dashboard.py`` writes the timeline rows as its generator drew the dates (COPY,
no derivation pass over a million cases): they must be exactly the rows and links the
server's rule derives from the same records (``timeline.office_rows``), or the benchmark
would measure another table than the one ingest keeps."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from bench import dashboard
from sync.server import consultations, schema, timeline
from sync.server.admin import Admin
from sync.server.db import Database
from tests.server.pgcluster import PgCluster


def test_the_generated_timeline_is_the_one_the_rule_derives() -> None:
    records, links, rows = dashboard._office_records(random.Random(3), "office-x", 400, "18")
    rule_links, rule_rows = timeline.office_rows("office-x", records)
    assert sorted(rows) == sorted(tuple(r[c] for c in dashboard.TIMELINE_COLUMNS)
                                  for r in rule_rows)  # fmt: skip
    assert sorted(links) == sorted(tuple(r[c] for c in dashboard.LINK_COLUMNS)
                                   for r in rule_links)  # fmt: skip
    assert len(rows) == 400 and any(r[7] for r in rows)  # some closed
    assert any(r[5] == "sin expediente" for r in rows)  # conciliations have no court file


def test_the_rows_drawn_inside_postgresql_are_the_ones_the_rule_derives(
    pg_cluster: PgCluster, pg_template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``bench.dashboard_gen`` writes records, links, timeline and consultation rows in
    SQL: rebuilding them from those records with the server's rules gives the same rows."""
    monkeypatch.setenv("CHASQUI_SERVER_KEY", str(tmp_path / "server.identity"))
    db = Database(pg_cluster.url(pg_cluster.create_database(pg_template)))
    try:
        admin = Admin(db)
        offices = [admin.add_office(f"OF{i}", f"Oficina {i}").office_id for i in range(3)]
        records = dashboard.load(db, 600, offices)

        def tables() -> tuple[list[Any], list[Any], list[Any]]:
            with db.read() as conn:
                links = conn.execute(select(schema.timeline_links)).all()
                rows = conn.execute(select(schema.case_timeline)).all()
                served = conn.execute(select(schema.consultations)).all()
            return sorted(map(tuple, links)), sorted(map(tuple, rows)), sorted(map(tuple, served))

        drawn = tables()
        with db.write() as conn:
            assert timeline.rebuild(conn) == 600
            assert consultations.rebuild(conn) == 600
        assert tables() == drawn
        links, rows, _ = drawn
        assert records == 600 * 2 + len(links) - 600  # intake, case, each linked source
        assert {r.office_id for r in map(_timeline_row, rows)} == set(offices)
        assert any(r.closed_on for r in map(_timeline_row, rows))
        assert any(r.court == "sin expediente" for r in map(_timeline_row, rows))
        assert any(r.first_hearing_on and r.decision_on for r in map(_timeline_row, rows))
    finally:
        db.dispose()


def _timeline_row(row: tuple[Any, ...]) -> Any:
    return SimpleNamespace(**dict(zip(schema.case_timeline.c.keys(), row, strict=True)))
