"""Old data keeps working: vaults written by earlier schema versions' own code open,
migrate to the current version with every record intact, pass the audit and integrity
checks, accept writes and sync.

The vaults in ``tests/store/fixtures/vault_vN/`` are binary files made by the code of
the commit where schema version N was the newest (``make_old_vaults.py`` there says how;
each folder's README names the commit). The test migrates to whatever version is current,
so a new migration is checked against every earlier vault without touching this file.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.core.referrals import INTAKE_REFERRALS
from app.store import Store, Vault
from app.store import migrations as mig
from app.store.attachments import Attachments
from app.store.connection import open_connection
from app.store.keys import KeyFile, wipe
from app.store.store import DB_NAME
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld

FIXTURES = Path(__file__).parent / "fixtures"
VERSIONS = sorted(int(p.name.removeprefix("vault_v")) for p in FIXTURES.glob("vault_v*"))


def _copy(version: int, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    source = FIXTURES / f"vault_v{version}"
    data_dir = tmp_path / f"v{version}"
    shutil.copytree(source, data_dir, ignore=shutil.ignore_patterns("README.md", "records.json"))
    expected = json.loads((source / "records.json").read_text(encoding="utf-8"))
    return data_dir, expected


@contextmanager
def _raw(data_dir: Path) -> Iterator[Any]:
    """The vault's database opened as its file is, without the store (which would
    migrate); closed and its key wiped after."""
    key = KeyFile.load(data_dir).unwrap_user("ana", PASS)
    try:
        conn = open_connection(data_dir / DB_NAME, key)
        try:
            yield conn
        finally:
            conn.close()
    finally:
        wipe(key)


def _schema_version(data_dir: Path) -> int:
    """The version written in the file, read without the store (which would migrate)."""
    with _raw(data_dir) as conn:
        return mig.current_version(conn)


def _ids(expected: dict[str, Any]) -> set[tuple[str, str]]:
    return {(entity, row["id"]) for entity, rows in expected["rows"].items() for row in rows}


def test_there_is_a_vault_for_every_earlier_version() -> None:
    """Every version before the current one has its vault (the current one may be new:
    its vault is added when the next version comes, by make_old_vaults.py)."""
    missing = sorted(set(range(1, mig.LATEST)) - set(VERSIONS))
    assert not missing, f"add tests/store/fixtures/vault_vN for versions {missing}"
    assert VERSIONS and max(VERSIONS) <= mig.LATEST


def _timeline(store: Store) -> dict[str, dict[str, str]]:
    """The derived table (schema v8; v9: day numbers), its milestone dates by case."""
    from app.store.case_timeline import day_text

    dates = ("intake", "eligibility", "filed", "first_hearing", "closure")
    return {
        r["case_id"]: {k: str(day_text(r[k])) for k in dates if r[k]}
        for r in store.query("SELECT * FROM case_timeline")
    }


def _expected_timeline(expected: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The milestones of the fixture's one case, read from its records here (not by the
    rule's code): the ficha's date, the assessment, the hearing marked held, the filing,
    the closing form's date (vault_v9 was made before that rule: migrating re-derives it)."""
    rows = expected["rows"]
    (case,) = rows["case"]
    (intake,) = rows["intake"]
    answers = intake["answers"]
    served = (json.loads(answers) if isinstance(answers, str) else answers)["fecha_atencion"]
    out = {"intake": served, "eligibility": rows["eligibility"][0]["assessed_at"][:10]}
    filed = [m["occurred_on"] for m in rows.get("case_milestone", []) if m["kind"] == "filed"]
    out.update({"filed": filed[0]} if filed else {})
    # the first hearing held on or after the filing (vault_v13's conciliation is before it)
    held = [h["at"][:10] for h in rows["hearing"] if h["status"] == "held"]
    held = sorted(d for d in held if not filed or d >= filed[0])
    out.update({"first_hearing": held[0]} if held else {})
    if case["status"] == "closed":  # v9 on: the day the closing form gives, not closed_at's
        closure = case["closure"]
        closure = json.loads(closure) if isinstance(closure, str) else closure
        out["closure"] = closure["answers"]["fecha_cierre"]
    return {case["id"]: out}


@pytest.mark.parametrize("version", VERSIONS)
def test_old_vault_migrates_with_every_record(version: int, tmp_path: Path) -> None:
    data_dir, expected = _copy(version, tmp_path)
    assert _schema_version(data_dir) == version  # the file really is that version's

    store = Vault.unlock(data_dir, "ana", PASS)
    try:
        assert _schema_version_of(store) == mig.LATEST
        now = store.export_rows(include_meta=True)
        by_id = {(e, r["id"]): r for e, rows in now.items() for r in rows}
        for entity, rows in expected["rows"].items():
            for old in rows:
                new = by_id.get((entity, old["id"]))
                assert new is not None, f"v{version}: {entity} {old['id']} is missing"
                assert {k: new[k] for k in old} == old, f"v{version}: {entity} changed"
        for entity, ids in expected["deleted"].items():
            for entity_id in ids:
                assert by_id[(entity, entity_id)]["_deleted"], f"{entity} {entity_id} revived"
        assert {k for k, r in by_id.items() if not r["_deleted"]} >= _ids(expected) - {
            (e, i) for e, ids in expected["deleted"].items() for i in ids
        }

        assert _timeline(store) == _expected_timeline(expected), f"v{version}: case_timeline"
        (intake,) = expected["rows"]["intake"]  # submitted, recorded at 10:15 office time
        days = {r["intake_id"]: r["day"] for r in store.query("SELECT * FROM intake_day")}
        assert days == {intake["id"]: date.fromisoformat(intake["recorded_at"][:10]).toordinal()}

        report = store.verify_audit()
        assert report.ok, report.problems
        assert store.check_integrity() == []
        hits = store.search("huaman")
        assert [h for h in hits if h.entity == "person"], f"v{version}: search lost people"

        (attachment,) = expected["rows"]["attachment"]
        if version >= 2:  # the first store commit kept no attachment files
            blob = Attachments(store).read(attachment["id"])
            assert len(blob) == attachment["size"]

        person = store.insert("person", {"office_id": store.office_id, "given_names": "Nueva"})
        (case,) = expected["rows"]["case"]
        note = store.insert("note", {"case_id": case["id"], "text": "Escrita tras migrar."})
        assert store.get("note", note) is not None and store.get("person", person) is not None
    finally:
        store.lock()

    again = Vault.unlock(data_dir, "ana", PASS)  # reopening migrates nothing more
    try:
        assert _schema_version_of(again) == mig.LATEST
        assert again.get("person", person) is not None
    finally:
        again.lock()


@pytest.mark.parametrize("version", VERSIONS)
def test_migrated_old_vault_syncs_every_record(version: int, tmp_path: Path) -> None:
    data_dir, expected = _copy(version, tmp_path)
    (tmp_path / "world").mkdir()
    world = SyncWorld(tmp_path / "world")
    try:
        store = Vault.unlock(data_dir, "ana", PASS)
        replica = world.replica("old", store=store)
        written = store.insert("person", {"office_id": store.office_id, "given_names": "Tras"})
        report = replica.sync()
        assert report.complete and report.quarantined == 0, report
        on_server = world.server.records()
        replicated = {
            (e, i)
            for e, i in _ids(expected)
            if e not in ("office", "user")  # the server's own (enrollment adopts them)
        }
        missing = {(e, i) for e, i in replicated if (e, i) not in on_server}
        assert not missing, f"v{version}: not on the server: {sorted(missing)}"
        assert ("person", written) in on_server
        for entity, ids in expected["deleted"].items():
            for entity_id in ids:
                assert on_server[(entity, entity_id)]["deleted"]

        fresh = world.replica("fresh")
        assert fresh.sync().complete
        (case,) = expected["rows"]["case"]
        assert fresh.store.get("case", case["id"]) is not None
    finally:
        world.close()


def _schema_version_of(store: Store) -> int:
    return int(store.query("SELECT max(version) AS v FROM schema_migrations")[0]["v"])


def test_an_upgrade_rebuilds_each_derived_table_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vault at v8 goes through v9-v14: v9, v10, v11, v13 and v14 each make
    case_timeline afresh from the records, v12 and v13 intake_day; only the last step of the upgrade
    that makes a table rebuilds it (the timeline was rebuilt three times: about 5 s of
    CPU each at 100k cases), and the tables come out as a fresh rebuild makes them."""
    from collections import Counter

    from app.store import case_timeline, intake_days

    calls: Counter[str] = Counter()
    for module in (case_timeline, intake_days):
        real = module.rebuild

        def counted(conn: Any, real: Any = real, name: str = module.TABLE) -> int:
            calls[name] += 1
            return int(real(conn))

        monkeypatch.setattr(module, "rebuild", counted)
    data_dir, expected = _copy(8, tmp_path)
    store = Vault.unlock(data_dir, "ana", PASS)
    try:
        assert _schema_version_of(store) == mig.LATEST
        assert calls == {"case_timeline": 1, "intake_day": 1}
        assert _timeline(store) == _expected_timeline(expected)
        before = {t: store.query(f"SELECT * FROM {t}") for t in ("case_timeline", "intake_day")}
        monkeypatch.undo()
        with store.transaction() as tx:
            case_timeline.rebuild(tx.conn)
            intake_days.rebuild(tx.conn)
        assert {t: store.query(f"SELECT * FROM {t}") for t in before} == before
    finally:
        store.lock()


def test_v13_dates_an_intake_by_its_office_day_and_keeps_referral_fields(tmp_path: Path) -> None:
    """A v12 vault whose case came from an intake without the ficha's date, recorded at
    22:30 on 2 March in Lima (03:30 on 3 March UTC): its timeline kept the UTC day, 3
    March. The upgrade derives both tables again: the intake milestone is 2 March, and
    intake_day carries each attention's person (what the referrals count from)."""
    data_dir, expected = _copy(12, tmp_path)
    (intake,) = expected["rows"]["intake"]
    (case,) = expected["rows"]["case"]
    with _raw(data_dir) as conn:
        assert mig.current_version(conn) == 12
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE intake SET answers = json_remove(answers, '$.fecha_atencion'),"
            " recorded_at = '2026-03-03T03:30:00+00:00' WHERE id = ?",
            (intake["id"],),
        )
        utc_day = date(2026, 3, 3).toordinal()  # what v12's rule derived
        conn.execute("UPDATE case_timeline SET intake = ? WHERE case_id = ?",
                     (utc_day, case["id"]))  # fmt: skip
        conn.execute("COMMIT")
    store = Vault.unlock(data_dir, "ana", PASS)
    try:
        assert _timeline(store)[case["id"]]["intake"] == "2026-03-02"
        (row,) = store.query("SELECT * FROM intake_day")
        assert (row["day"], row["person_id"]) == (
            date(2026, 3, 2).toordinal(), intake["person_id"])  # fmt: skip
        plan = store.query("EXPLAIN QUERY PLAN " + INTAKE_REFERRALS, ("x", 1, 2))
        assert "COVERING INDEX intake_day_service" in plan[-1]["detail"]  # no table scan
    finally:
        store.lock()


def test_an_upgrade_cut_short_still_builds_its_derived_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list of migrations that ends at v10 (an older app's; a test's): v9 leaves the
    timeline to v10, which builds it — a step is left out only for a later step that
    the same upgrade really runs."""
    data_dir, expected = _copy(8, tmp_path)
    monkeypatch.setattr(mig, "MIGRATIONS", [m for m in mig.MIGRATIONS if m[0] <= 10])
    with _raw(data_dir) as conn:
        assert mig.migrate(conn) == [9, 10]
        (case,) = expected["rows"]["case"]
        found = conn.execute("SELECT case_id, typeof(intake) FROM case_timeline").fetchall()
        assert [tuple(r) for r in found] == [(case["id"], "integer")]  # v9 on: day numbers


def test_v14_takes_a_conciliation_before_the_filing_out_of_the_first_hearing(
    tmp_path: Path,
) -> None:
    """vault_v13 (made by v13's code) has an extrajudicial conciliation held on 2 March,
    before the claim was filed on the 4th, and a hearing held on 15 April: its stored
    timeline took the conciliation as the first hearing. The upgrade derives it again:
    the first hearing held on or after the filing, 15 April (fails without v14: 2 March)."""
    data_dir, expected = _copy(13, tmp_path)
    (case,) = expected["rows"]["case"]
    with _raw(data_dir) as conn:
        assert mig.current_version(conn) == 13
        stored = conn.execute(
            "SELECT first_hearing, filed FROM case_timeline WHERE case_id = ?", (case["id"],)
        ).fetchone()
        assert tuple(stored) == (date(2026, 3, 2).toordinal(), date(2026, 3, 4).toordinal())
    store = Vault.unlock(data_dir, "ana", PASS)
    try:
        got = _timeline(store)[case["id"]]
        assert (got["filed"], got["first_hearing"]) == ("2026-03-04", "2026-04-15")
    finally:
        store.lock()


def test_v15_indexes_the_audit_by_record_and_by_action(tmp_path: Path) -> None:
    """vault_v14 (made by v14's code) has no index on audit_event; the upgrade adds them,
    and a case's history reads its events through one (tests/core/test_audit_reads.py)."""
    data_dir, expected = _copy(14, tmp_path)
    (case,) = expected["rows"]["case"]
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_event'"
    with _raw(data_dir) as conn:
        assert conn.execute(indexes).fetchall() == []
    store = Vault.unlock(data_dir, "ana", PASS)
    try:
        names = {r["name"] for r in store.query(indexes)}
        assert names == {"audit_event_record", "audit_event_action"}
        plan = store.query(
            "EXPLAIN QUERY PLAN SELECT at FROM audit_event WHERE entity_id IN (?) ORDER BY at",
            (case["id"],),
        )
        assert "USING INDEX audit_event_record" in plan[0]["detail"]
        assert store.verify_audit().ok  # the chain is untouched
    finally:
        store.lock()
