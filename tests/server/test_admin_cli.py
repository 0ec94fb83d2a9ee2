"""Admin CLI (``chasqui-server``) and migrations: schema matches the tables, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from sync.server import cli, schema
from sync.server.db import MIGRATIONS, Database
from tests.server.conftest import TEST_FORM


def test_migrations_create_exactly_the_schema(db_url: str) -> None:
    db = Database(db_url)
    try:
        epoch = db.migrate()
        assert db.migrate() == epoch  # idempotent; the epoch is created once
        assert db.current_revision() == Database.head_revision()
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        assert Database.head_revision() == ScriptDirectory.from_config(cfg).get_current_head()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
        assert diff == []
    finally:
        db.dispose()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_admin_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 's.db'}"]
    assert _run(capsys, "migrate", *db)[0] == 0
    code, out, _ = _run(capsys, "office", "add", "LIM01", "ALEGRA Lima", *db)
    assert code == 0 and "LIM01" in out
    code, _, err = _run(capsys, "office", "add", "lim01", "Otra", *db)
    assert code == 1 and err.count("\n") == 1 and "already exists" in err
    assert _run(capsys, "user", "add", "--office", "LIM01", "ana", *db)[0] == 0
    code, _, err = _run(capsys, "user", "add", "--office", "NOPE", "ana", *db)
    assert code == 1 and "no office" in err
    code, out, _ = _run(capsys, "enroll-code", "--office", "LIM01", "--ttl", "2h", *db)
    assert code == 0 and len(out.strip()) == 11
    assert _run(capsys, "enroll-code", "--office", "LIM01", "--ttl", "forever", *db)[0] == 2
    code, out, _ = _run(capsys, "form", "publish", str(TEST_FORM), *db)
    assert code == 0 and "prueba_servidor version 1" in out
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"id": "x", "version": 1}), encoding="utf-8")
    code, _, err = _run(capsys, "form", "publish", str(broken), *db)
    assert code == 1 and "not a valid form" in err
    code, _, err = _run(capsys, "form", "publish", str(tmp_path / "missing.json"), *db)
    assert code == 1 and "cannot read" in err
    assert _run(capsys, "device", "list", *db)[0] == 0
    code, _, err = _run(capsys, "device", "revoke", "nope", *db)
    assert code == 1 and "no device" in err
    code, out, _ = _run(capsys, "stats", *db)
    assert code == 0 and "LIM01\t0\tnever" in out


def test_bad_database_urls_fail_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "stats", "--db", "mysql://x")
    assert code == 1 and "sqlite://" in err
    secret = "s3cr3t-pw"
    code, _, err = _run(
        capsys, "stats", "--db", f"postgresql+psycopg://u:{secret}@127.0.0.1:1/none"
    )
    assert code == 1 and secret not in err and err.count("\n") == 1


def test_env_variable_selects_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CHASQUI_SERVER_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert _run(capsys, "office", "add", "CUS01", "Cusco")[0] == 0
    assert (tmp_path / "env.db").exists()


def test_serve_binds_loopback_unless_told() -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.workers) == ("127.0.0.1", 1)
    args = cli.build_parser().parse_args(["serve", "--host", "10.1.2.3", "--workers", "3"])
    assert (args.host, args.workers) == ("10.1.2.3", 3)


_LOADED = """
import sys
from sync.server import cli
code = cli.main(sys.argv[1:])
heavy = ("alembic", "mako", "argon2", "sync.client", "sync.server.admin", "sync.server.push")
print(code, sorted({m.split(".")[0] if m.split(".")[0] != "sync" else m
                    for m in sys.modules if m.startswith(heavy)}))
"""


def test_a_command_on_a_database_at_head_starts_without_the_migration_machinery(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``report timeliness`` on a database already at the newest revision checks it with
    one SELECT: alembic (mako, pygments), the supervisors' Argon2 set-up and the push and
    bundle machinery are never imported (they cost about 1.4 s of CPU per start)."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert _run(capsys, "migrate", "--db", url)[0] == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHASQUI_")}
    env["CHASQUI_SERVER_DB"] = url
    args = ["report", "timeliness", "--from", "2025-01-01", "--to", "2025-12-31"]
    done = subprocess.run([sys.executable, "-c", _LOADED, *args], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"
    assert done.stdout.startswith("group_kind,group,interval,n,events")


def test_an_older_version_refuses_a_database_a_newer_one_migrated(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two ``serve`` on one PostgreSQL: once a machine with the new version has migrated
    (0010 and 0013 rebuild the timeline), the old version does not start (nor any of its
    commands) and says why, changing nothing. Fails on the old code (alembic's
    ``CommandError: Can't locate revision``, no word of what to do)."""
    db = Database(db_url)
    try:
        db.migrate()
        with db.write() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    finally:
        db.dispose()
    for command in (["serve", "--port", "0"], ["migrate"], ["office", "list"]):
        code, out, err = _run(capsys, *command, "--db", db_url)
        assert code == 1 and out == "", (command, err)
        assert "schema revision 9999_future, newer than this version" in err, err
        assert f"its newest is {Database.head_revision()}" in err and err.count("\n") == 1
    db = Database(db_url)
    try:
        assert db.current_revision() == "9999_future"  # nothing was changed
    finally:
        db.dispose()
