"""Migrations: a v1 database (built from code) is upgraded; a newer one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store import Vault, errors
from app.store import migrations as mig
from app.store.connection import open_connection
from app.store.introspect import schema_problems
from app.store.keys import KeyFile, new_data_key
from app.store.schema import ENTITIES, META_COLUMNS
from app.store.store import DB_NAME
from tests.conftest import FAST, PASS


def make_v1_vault(data_dir: Path) -> dict[str, str]:
    """A vault exactly as version 1 of the schema left it, with one person and one note."""
    data_dir.mkdir(parents=True)
    key = new_data_key()
    conn = open_connection(data_dir / DB_NAME, key)
    assert mig.migrate(conn, target=1) == [1]
    ids = {"vault": "v1-vault", "user": "u1", "office": "o1", "person": "p1", "note": "n1"}
    hlc = "001700000000000-00000-dev1"
    conn.execute("BEGIN")
    for k, v in {
        "vault_id": ids["vault"],
        "device_id": "dev1",
        "device_no": "1",
        "office_id": ids["office"],
        "office_code": "CUS01",
        "hlc_last": hlc,
    }.items():
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (k, v))
    conn.execute(
        "INSERT INTO person (id, given_names, paternal_surname, doc_number, _versions, _hlc)"
        " VALUES ('p1', 'Túpac', 'Huamán', '40404040', ?, ?)",
        (f'{{"doc_number":["{hlc}","{mig_zero()}"],"given_names":["{hlc}","{mig_zero()}"]}}', hlc),
    )
    conn.execute(
        "INSERT INTO note (id, case_id, text, _hlc) VALUES ('n1', 'c1', 'visita a Ñuñoa', ?)",
        (hlc,),
    )
    conn.execute("INSERT INTO app_user (id, name, _hlc) VALUES ('u1', 'ana', ?)", (hlc,))
    conn.execute("COMMIT")
    conn.close()
    keyfile = KeyFile.new(ids["vault"])
    keyfile.set_user("ana", ids["user"], PASS, key, FAST)
    keyfile.save(data_dir)
    return ids


def mig_zero() -> str:
    from sync.hlc import ZERO

    return ZERO


def test_v1_database_is_upgraded(tmp_path: Path) -> None:
    ids = make_v1_vault(tmp_path / "old")
    store = Vault.unlock(tmp_path / "old", "ana", PASS)
    versions = [r["version"] for r in store.query("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, mig.LATEST + 1))
    assert [h.entity_id for h in store.search("tupac huaman")] == [ids["person"]]
    assert [h.entity_id for h in store.search("nunoa")] == [ids["note"]]
    store.update("person", ids["person"], {"phone": "912345678"})
    assert store.office_code == "CUS01"
    assert store.verify_audit().ok
    store.lock()


def test_newer_database_is_refused(vault_dir: Path) -> None:
    store, _ = Vault.create(vault_dir, "LIM01", "x", "ana", PASS, kdf=FAST)
    assert store._writer is not None
    store._writer.conn.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')"
    )
    store.lock()
    with pytest.raises(errors.VaultTooNew) as info:
        Vault.unlock(vault_dir, "ana", PASS)
    assert "v99" in str(info.value)


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_data_key()
    conn = open_connection(tmp_path / "x.db", key)
    mig.migrate(conn, target=1)

    def broken(c) -> None:
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(mig, "MIGRATIONS", [*mig.MIGRATIONS[:1], (2, "broken", broken)])
    with pytest.raises(RuntimeError):
        mig.migrate(conn)
    assert mig.current_version(conn) == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master").fetchall()}
    assert "half_done" not in names
    conn.close()


def test_schema_module_matches_database(store) -> None:
    assert schema_problems(store.read_conn()) == []
    for ent in ENTITIES.values():  # and no column beyond the expected ones
        info = store.query(f"PRAGMA table_info({ent.table})")
        assert {r["name"] for r in info} - {"id", *META_COLUMNS} == set(ent.columns), ent.name


def test_schema_damage_is_reported(store) -> None:
    assert store.check_integrity() == []
    assert store._writer is not None
    conn = store._writer.conn
    conn.execute("DROP TRIGGER note_fts_ad")
    conn.execute("ALTER TABLE person DROP COLUMN phone")
    conn.execute("DROP TABLE draft")
    problems = store.check_integrity()
    assert problems == [
        "table draft is missing",
        "column person.phone is missing",
        "trigger note_fts_ad is missing",
    ]


def test_duplicate_check_lookups_use_an_index(store) -> None:
    for column in ("birth_date", "ubigeo"):
        plan = store.query(
            f"EXPLAIN QUERY PLAN SELECT id FROM person WHERE _deleted = 0 AND {column} = ?", ("x",)
        )
        assert any(f"person_{column}" in str(row.get("detail")) for row in plan), plan


def test_what_each_released_version_builds_never_changes(tmp_path: Path) -> None:
    """The DDL is derived from the specification; versions 1-4 must stay as released."""
    conn = open_connection(tmp_path / "x.db", new_data_key())
    mig.migrate(conn, target=4)
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE name NOT LIKE 'search_fts_%' AND name != 'schema_migrations'"
    ).fetchall()
    conn.close()
    built = [f"{t} {n} {' '.join((s or '').split())}" for t, n, s in sorted(rows)]
    pinned = (Path(__file__).parent / "data" / "schema_v4.txt").read_text("utf-8").splitlines()
    assert built == pinned
