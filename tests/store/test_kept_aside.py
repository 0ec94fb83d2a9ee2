"""Records of an entity type the vault's schema lacked are applied once a migration adds it.

The referral entity arrived with schema version 5: a vault still at version 4 (the app
before the upgrade) keeps pulled referral changes aside; after the upgrade the vault
migrates and shows them, searchable, exactly once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store import Vault, apply, kept_aside, replication
from app.store import migrations as mig
from app.store.connection import open_connection
from app.store.keys import new_data_key
from app.store.schema import ENTITIES
from sync.hlc import HybridLogicalClock
from tests.conftest import FAST, PASS

REFERRAL_VERSION = 5


def _referral_change(rid: str, hlc: HybridLogicalClock, n: int, **fields: object) -> dict:
    return {
        "change_id": f"c-ref-{rid}-{n}",
        "entity": "referral",
        "entity_id": rid,
        "op": "upsert",
        "fields": fields,
        "base": {},
        "hlc": hlc.now(),
        "device_id": "remote",
        "seq": n,
        "user_id": None,
        "extra": {},
    }


def _as_version_4(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make this process behave as the app before referrals existed."""
    old = {k: v for k, v in ENTITIES.items() if v.spec.since < REFERRAL_VERSION}
    monkeypatch.setattr(mig, "MIGRATIONS", [m for m in mig.MIGRATIONS if m[0] < REFERRAL_VERSION])
    monkeypatch.setattr(mig, "LATEST", REFERRAL_VERSION - 1)
    monkeypatch.setattr(replication, "ENTITIES", old)
    monkeypatch.setattr(apply, "ENTITIES", old)  # the apply path (app.store.apply)
    monkeypatch.setattr(kept_aside, "ENTITIES", old)


def test_kept_aside_referrals_appear_after_the_upgrade(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    hlc = HybridLogicalClock("remote")
    first = _referral_change(
        "r1", hlc, 1, institution="cem", institution_name="CEM Cusco", reason="medidas urgentes"
    )
    second = _referral_change("r1", hlc, 2, status="attended", follow_up="atendida el lunes")
    other = _referral_change("r2", hlc, 3, institution="demuna", status="sent")
    with pytest.MonkeyPatch.context() as mp:
        _as_version_4(mp)
        store, _ = Vault.create(vault, "CUS01", "ALEGRA Cusco", "ana", PASS, kdf=FAST)
        assert store.replica.apply_remote_changes([first, second]).unknown == 2
        assert store.replica.apply_remote_changes([other]).unknown == 1
        versions = [r["version"] for r in store.query("SELECT version FROM schema_migrations")]
        assert versions == [1, 2, 3, 4]
        store.lock()

    store = Vault.unlock(vault, "ana", PASS)  # migrates to 5, then applies what was kept
    try:
        assert mig.current_version(store._writer.conn) == mig.LATEST  # type: ignore[union-attr]
        r1 = store.get("referral", "r1")
        assert r1 is not None
        assert (r1["institution"], r1["status"], r1["follow_up"]) == (
            "cem",
            "attended",
            "atendida el lunes",
        )
        assert store.get("referral", "r2") is not None
        assert store.query("SELECT count(*) AS n FROM unknown_change")[0]["n"] == 0
        assert [h.entity_id for h in store.search("cem cusco")] == ["r1"]
        assert store.verify_audit().ok
    finally:
        store.lock()
    store = Vault.unlock(vault, "ana", PASS)  # nothing left to apply: nothing changes
    try:
        assert store.get("referral", "r1")["status"] == "attended"  # type: ignore[index]
    finally:
        store.lock()


def test_unknown_types_stay_aside(tmp_path: Path) -> None:
    store, _ = Vault.create(tmp_path / "v", "LIM01", "x", "ana", PASS, kdf=FAST)
    change = _referral_change("s1", HybridLogicalClock("remote"), 1)
    change["entity"] = "spaceship"
    assert store.replica.apply_remote_changes([change]).unknown == 1
    assert kept_aside.apply_kept_aside(store) == 0
    assert store.query("SELECT entity FROM unknown_change")[0]["entity"] == "spaceship"
    store.lock()


def test_a_new_column_takes_the_values_kept_in_extra(tmp_path: Path) -> None:
    conn = open_connection(tmp_path / "x.db", new_data_key())
    mig.migrate(conn, target=1)
    conn.execute(
        "INSERT INTO campaign (id, name, _hlc, _extra) VALUES"
        " ('c1', 'Brigada', 'h', '{\"vehicle\":\"lancha\",\"other\":1}'),"
        " ('c2', 'Otra', 'h', '{\"vehicle\":\"mula\"}'), ('c3', 'Sin', 'h', NULL)"
    )
    mig._add_column(conn, "campaign", "vehicle", "TEXT")
    rows = conn.execute("SELECT id, vehicle, _extra FROM campaign ORDER BY id").fetchall()
    conn.close()
    assert [tuple(r) for r in rows] == [
        ("c1", "lancha", '{"other":1}'),
        ("c2", "mula", None),
        ("c3", None, None),
    ]
