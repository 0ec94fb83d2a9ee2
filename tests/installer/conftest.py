"""Installer test fixtures: the throwaway PostgreSQL cluster of ``tests/server``."""

from __future__ import annotations

from tests.server.conftest import pg_cluster  # noqa: F401 - re-exported fixture
