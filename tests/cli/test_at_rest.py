"""No plaintext at rest: marker strings written through the CLI never appear in any file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.core import notes
from app.store import Vault
from tests.cli.conftest import PERSON, intake_answers, ok
from tests.conftest import PASS

MARKERS = {
    "person": "Zqxpersonamarca",
    "intake": "ZQXFICHAMARCA secreto de la ficha",
    "note": "ZQXNOTAMARCA la víctima declaró",
    "live": "ZQXVIVOMARCA nota con la bóveda abierta",
}


def _needles() -> list[bytes]:
    out = []
    for marker in MARKERS.values():
        word = marker.split()[0]
        for variant in (word, word.lower(), word.upper()):
            out.append(variant.encode("utf-8"))
            out.append(variant.encode("utf-16-le"))
    return out


def _scan(directory: Path) -> list[str]:
    found = []
    files = [p for p in directory.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        found += [f"{path.name}: {n!r}" for n in _needles() if n in data]
    return found


def test_markers_never_reach_the_disk(vault: Path) -> None:
    person = {**PERSON, "given_names": MARKERS["person"]}
    person_id = ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(person)).strip()
    answers = intake_answers(PERSON, materia="penal", tipo_servicio="patrocinio")
    answers["nombres"] = MARKERS["person"]
    answers["resumen_caso"] = MARKERS["intake"]
    intake_id = ok(
        ["intake", "add", "--person", person_id, "--form", "ficha_atencion", "--json", "-"],
        vault,
        stdin=json.dumps(answers),
    ).strip()
    case_id = ok(["case", "open", "--intake", intake_id, "--quiet"], vault).strip()
    ok(["note", "add", case_id, "--text", MARKERS["note"]], vault)
    # The data really is there (search finds it) ...
    assert MARKERS["person"] in ok(["search", MARKERS["person"], "--json"], vault)
    assert MARKERS["intake"] in ok(["case", "show", case_id, "--json"], vault)
    # ... and no file holds it, closed ...
    assert _scan(vault) == []
    # ... nor while a store is open with un-checkpointed WAL pages.
    store = Vault.unlock(vault, "ana", PASS)
    try:
        notes.add_note(store, case_id, MARKERS["live"])
        names = {p.name for p in vault.iterdir()}
        assert any(n.endswith("-wal") for n in names), names
        assert _scan(vault) == []
    finally:
        store.lock()
    assert _scan(vault) == []


def test_stdlib_sqlite_cannot_open_the_database(vault: Path) -> None:
    ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(PERSON))
    databases = [p for p in vault.iterdir() if p.suffix == ".db"]
    assert databases
    for path in databases:
        conn = sqlite3.connect(path)
        try:
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute("SELECT name FROM sqlite_master").fetchall()
        finally:
            conn.close()
