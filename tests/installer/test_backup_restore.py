"""The server backup/restore procedure of ``docs/deploy/servidor.md``, on PostgreSQL.

A server database is backed up with ``installer/server/chasqui-backup.sh`` (``pg_dump
--format=custom``, checked with ``pg_restore --list``) while two enrolled
laptops sync; both keep syncing after the backup; the database is lost and restored with
``pg_restore`` into a fresh database; ``chasqui-server migrate`` and ``chasqui-server
epoch renew`` run on it (the documented steps) and the server starts on it. The laptops
then re-send what the restored database lacks, so nothing accepted after the backup is
lost. A restore *without* the epoch renewal is shown to lose those records: that is why
the step is in the procedure.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.store import Store
from app.store.replication import Replica
from sync.client import SyncEngine, enroll
from sync.client.transport import HttpTransport
from sync.server import cli as server_cli
from sync.server.admin import Admin
from sync.server.app import create_app
from sync.server.auth import issue_code
from sync.server.db import Database
from tests.conftest import make_vault
from tests.server import pgcluster
from tests.server.pgcluster import PgCluster

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

BASE = "https://chasqui.test"
BACKUP_SCRIPT = Path(__file__).resolve().parents[2] / "installer" / "server" / "chasqui-backup.sh"


class Server:
    """The server app in-process on one PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.db = Database(url)
        self.db.migrate()
        self.app = create_app(database=self.db, enroll_per_ip=1000, enroll_overall=1000)
        self.client = TestClient(self.app, base_url=BASE, raise_server_exceptions=False)

    def person_ids(self) -> set[str]:
        with self.db.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT entity_id FROM records WHERE entity = 'person'"
            ).all()
        return {str(r[0]) for r in rows}

    def close(self) -> None:
        self.client.close()
        self.db.dispose()


@dataclass
class Laptop:
    store: Store
    adapter: Replica

    def engine(self, server: Server) -> SyncEngine:
        transport = HttpTransport(BASE, client=server.client)
        transport.set_token(self.adapter.get_sync_state("device_token"))
        return SyncEngine(self.adapter, transport, sleep=lambda _s: None)

    def sync(self, server: Server) -> Any:
        report = self.engine(server).run_round()
        assert report.complete, report
        return report

    def person(self, n: int) -> str:
        return self.store.insert(
            "person",
            {
                "office_id": self.store.office_id,
                "given_names": f"Rosa {n}",
                "paternal_surname": "Quispe",
                "maternal_surname": "Mamani",
                "doc_type": "DNI",
                "doc_number": f"{41000000 + n}",
            },
        )


def pg_tool(cluster: PgCluster, tool: str, *args: str) -> None:
    command = [str(pgcluster.PG_BIN / tool), "-h", cluster.host, "-p", str(cluster.port),
               "-U", "postgres", *args]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"{tool} failed: {done.stderr}"


def run_backup_script(cluster: PgCluster, db_name: str, directory: Path) -> Path:
    """``installer/server/chasqui-backup.sh`` against the test cluster; the dump file."""
    env = dict(
        os.environ,
        PATH=f"{pgcluster.PG_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        PGHOST=cluster.host,
        PGPORT=str(cluster.port),
        PGUSER="postgres",
        CHASQUI_BACKUP_DB=db_name,
        CHASQUI_BACKUP_DIR=str(directory),
    )
    done = subprocess.run(
        ["sh", str(BACKUP_SCRIPT)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    dumps = sorted(directory.glob("chasqui-*.dump"))
    assert len(dumps) == 1 and "backup written" in done.stdout, (dumps, done.stdout)
    assert not list(directory.glob(".*.part"))  # written under a temp name, then renamed
    return dumps[0]


def server_cli_ok(*args: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = server_cli.main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[list[Laptop]]:
    made: list[Laptop] = []
    for name in ("pc1", "pc2"):
        store = make_vault(tmp_path / name, "LIMA")
        made.append(Laptop(store, store.replica))
    yield made
    for laptop in made:
        laptop.store.lock()


def test_pg_dump_restore_then_epoch_renew_loses_nothing(
    pg_cluster: PgCluster,
    laptops: list[Laptop],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    live_name = pg_cluster.create_database()
    live = Server(pg_cluster.url(live_name))
    office = Admin(live.db).add_office("LIMA", "ALEGRA Lima")
    a, b = laptops
    for laptop in laptops:
        code = issue_code(live.db, office.office_id, 3600)
        transport = HttpTransport(BASE, client=live.client)
        enroll(BASE, code, laptop.adapter, transport=transport)
    early = a.person(1)
    a.sync(live)
    b.sync(live)

    # the nightly backup, with the script the deployment guide installs
    dump = run_backup_script(pg_cluster, live_name, tmp_path / "backups")

    # work goes on after the backup
    late_a = a.person(2)
    a.sync(live)
    late_b = b.person(3)
    b.sync(live)
    assert {early, late_a, late_b} <= live.person_ids()
    live.close()  # disaster: the database is lost

    # restore into a fresh database, as the procedure says
    restored_name = pg_cluster.create_database()
    pg_tool(pg_cluster, "pg_restore", "--no-owner", "--exit-on-error", "-d", restored_name,
            str(dump))  # fmt: skip
    url = pg_cluster.url(restored_name)
    assert "database at revision" in server_cli_ok("migrate", "--db", url, capsys=capsys)
    assert "new epoch" in server_cli_ok("epoch", "renew", "--db", url, capsys=capsys)
    restored = Server(url)
    try:
        assert early in restored.person_ids()
        assert late_a not in restored.person_ids() and late_b not in restored.person_ids()
        ra = a.sync(restored)
        rb = b.sync(restored)
        assert ra.epoch_changed and ra.requeued > 0, ra
        assert rb.epoch_changed, rb
        a.sync(restored)  # a pulls what b re-sent
        assert {early, late_a, late_b} <= restored.person_ids()
        for laptop in laptops:
            for pid in (early, late_a, late_b):
                assert laptop.store.get("person", pid) is not None
    finally:
        restored.close()


def test_restore_without_epoch_renew_loses_the_later_records(
    pg_cluster: PgCluster, laptops: list[Laptop], tmp_path: Path
) -> None:
    """Why the procedure renews the epoch: without it the laptops believe the server
    still holds what it confirmed before the disaster, and never send it again."""
    live_name = pg_cluster.create_database()
    live = Server(pg_cluster.url(live_name))
    office = Admin(live.db).add_office("LIMA", "ALEGRA Lima")
    a = laptops[0]
    enroll(BASE, issue_code(live.db, office.office_id, 3600), a.adapter,
           transport=HttpTransport(BASE, client=live.client))  # fmt: skip
    a.person(1)
    a.sync(live)
    dump = tmp_path / "chasqui.dump"
    pg_tool(pg_cluster, "pg_dump", "--format=custom", "--no-owner", "-f", str(dump), live_name)
    late = a.person(2)
    a.sync(live)
    live.close()
    restored_name = pg_cluster.create_database()
    pg_tool(pg_cluster, "pg_restore", "--no-owner", "-d", restored_name, str(dump))
    restored = Server(pg_cluster.url(restored_name))  # no `epoch renew`
    try:
        report = a.sync(restored)
        a.sync(restored)
        assert not report.epoch_changed
        assert late not in restored.person_ids()
    finally:
        restored.close()
