"""No plaintext at rest: every byte of every file under the data dir is scanned for markers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.store import Store, Vault
from app.store.store import DB_NAME
from tests.conftest import FAST, PASS

MARKERS = [
    "ZQXMARKERPERSONA",
    "ZQXMARKERDNI77441122",
    "ZQXMARKERRESPUESTA",
    "ZQXMARKERNOTA",
    "ZQXMARKERCASO",
    "ZQXMARKERBORRADOR",
]


def _encodings(marker: str) -> list[bytes]:
    return [marker.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")] + [
        marker.lower().encode("utf-8")  # the FTS index stores folded tokens
    ]


def _scan(data_dir: Path) -> list[str]:
    found = []
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert files, "nothing to scan"
    for path in files:
        data = path.read_bytes()
        for marker in MARKERS:
            for needle in _encodings(marker):
                if needle in data:
                    found.append(f"{marker} in {path.name}")
    return found


def _write_markers(store: Store) -> None:
    with store.transaction() as tx:
        pid = tx.insert(
            "person",
            {"given_names": MARKERS[0], "paternal_surname": "Quispe", "doc_number": MARKERS[1]},
        )
        tx.insert("intake", {"person_id": pid, "form_id": "f", "answers": {"relato": MARKERS[2]}})
        cid = tx.insert("case", {"person_id": pid, "summary": MARKERS[4]})
        for i in range(200):  # enough pages to spill through the WAL
            tx.insert("note", {"case_id": cid, "text": f"{MARKERS[3]} número {i} " * 10})
    store.save_draft("d1", "f", 1, {"relato": MARKERS[5]})
    store.update("person", pid, {"phone": "987654321"})
    assert store.search(MARKERS[3].lower())


def test_no_plaintext_while_open_and_after_close(vault_dir: Path) -> None:
    store, _ = Vault.create(vault_dir, "LIM01", "ALEGRA", "ana", PASS, kdf=FAST)
    _write_markers(store)
    assert Path(str(vault_dir / DB_NAME) + "-wal").exists()
    assert _scan(vault_dir) == []  # open: db, -wal, -shm, key file
    store.lock()
    assert _scan(vault_dir) == []
    again = Vault.unlock(vault_dir, "ana", PASS)
    assert again.search(MARKERS[0])
    again.lock()
    assert _scan(vault_dir) == []


def test_stdlib_sqlite_cannot_read_the_database(vault_dir: Path) -> None:
    store, _ = Vault.create(vault_dir, "LIM01", "ALEGRA", "ana", PASS, kdf=FAST)
    _write_markers(store)
    store.lock()
    conn = sqlite3.connect(vault_dir / DB_NAME)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_scanner_would_see_plaintext(tmp_path: Path) -> None:
    """Guard for the scanner itself: a plain SQLite file with a marker is caught."""
    conn = sqlite3.connect(tmp_path / "plain.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (?)", (MARKERS[0],))
    conn.commit()
    conn.close()
    assert _scan(tmp_path) == [f"{MARKERS[0]} in plain.db"]
