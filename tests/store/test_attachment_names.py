"""Attachment file names are an HMAC keyed from the data key (issue 12, finding 13): the
name of a known document's file cannot be predicted from the document; files named the
old way (plain SHA-256) are renamed atomically at the next unlock, nothing lost."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from app.store import Attachments, Vault
from app.store.store import Store
from tests.conftest import PASS

KNOWN = b"%PDF-1.4 a document everybody has (a form, a law)" * 100


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.chq"))


def test_no_file_is_named_by_the_content_hash(store: Store, vault_dir: Path) -> None:
    att = Attachments(store)
    att_id = att.add(KNOWN, "ley.pdf", "application/pdf")
    sha = hashlib.sha256(KNOWN).hexdigest()
    names = [p.stem for p in _files(vault_dir / "attachments")]
    assert len(names) == 1 and sha not in names  # the oracle is gone
    assert not (vault_dir / "attachments" / sha[:2] / f"{sha}.chq").exists()
    assert att.read(att_id) == KNOWN


def test_legacy_names_are_renamed_at_unlock_and_nothing_is_lost(
    store: Store, vault_dir: Path, vault_options: dict[str, Any]
) -> None:
    att = Attachments(store)
    ids = [att.add(KNOWN + bytes([i]), f"doc{i}.pdf", "application/pdf") for i in range(3)]
    shas = [hashlib.sha256(KNOWN + bytes([i])).hexdigest() for i in range(3)]
    root = vault_dir / "attachments"
    # Rename them back to their plain SHA-256 names: a vault written by an older Chasqui.
    for sha in shas:
        current = att.path_for(sha)
        legacy = root / sha[:2] / f"{sha}.chq"
        legacy.parent.mkdir(parents=True, exist_ok=True)
        os.replace(current, legacy)
    assert sorted(p.stem for p in _files(root)) == sorted(shas)
    store.lock()
    again = Vault.unlock(vault_dir, "ana", PASS)
    try:
        renamed = Attachments(again)
        names = sorted(p.stem for p in _files(root))
        assert len(names) == 3 and not set(names) & set(shas)
        assert [renamed.read(i) for i in ids] == [KNOWN + bytes([i]) for i in range(3)]
        assert renamed.missing() == []
        (root / ".names-hmac-v1").unlink()  # even a sweep run again renames nothing twice
        assert renamed.rename_legacy_files() == 0
        assert [renamed.read(i) for i in ids] == [KNOWN + bytes([i]) for i in range(3)]
    finally:
        again.lock()
