"""Fixtures for the report tests: the office head's vault (see ``tests/conftest.py``)."""

from __future__ import annotations

from typing import Any

import pytest

OFFICE_NAME = "ALEGRA Lima — Sede Cercado"


@pytest.fixture
def vault_options() -> dict[str, Any]:
    return {"office_name": OFFICE_NAME, "user": "jefa", "display_name": "Jefa de Oficina"}
