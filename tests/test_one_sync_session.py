"""One sync session: the engine, its transport, the store's replica and the revoked ->
wipe policy are assembled only in ``app/sync_session.py``; the CLI and the desktop app
use it (issue 11 item 5)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.source_scan import lines_matching

ROOT = Path(__file__).resolve().parent.parent
ASSEMBLY = re.compile(r"\b(SyncEngine|HttpTransport|ReplicaAdapter)\(|\bVault\.wipe\(")


def assembled_outside(root: Path) -> list[str]:
    def owner(rel: str) -> bool:
        return rel == "app/sync_session.py" or rel.startswith("app/store/")

    return lines_matching(root, ("app",), ASSEMBLY, owner)


def test_sync_session_is_assembled_in_one_place() -> None:
    assert assembled_outside(ROOT) == []


def test_the_check_sees_an_assembly(tmp_path: Path) -> None:
    probe = tmp_path / "app" / "ui" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("engine = SyncEngine(replica, t)\nVault.wipe(d)\n", encoding="utf-8")
    assert len(assembled_outside(tmp_path)) == 2


def test_cli_and_desktop_use_the_session() -> None:
    for rel in ("app/sync_cli.py", "app/ui/sync_adapter.py", "app/ui/vault_port.py"):
        assert "app.sync_session" in (ROOT / rel).read_text(encoding="utf-8"), rel
