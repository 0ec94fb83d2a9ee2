"""Installer test fixtures: the throwaway PostgreSQL cluster of ``tests/server``, and the
server's identity file in the test's own folder (as an administrator keeps it beside the
backups: the live and the restored database of a test use the same file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.conftest import pg_cluster  # noqa: F401 - re-exported fixture


@pytest.fixture(autouse=True)
def _server_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHASQUI_SERVER_KEY", str(tmp_path / "server.identity"))
