"""The ficha names each mother tongue as the reports do (fresh10 #25: "Shipibo-konibo" in
the ficha's list, "Shipibo-Konibo" in the monthly report's warning): every shipped
version's choices carry the labels of ``sync.spec.vocab.LANGUAGE`` ("Otra", the ficha's
short answer to "Lengua materna", aside). Fails on the old definitions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.spec import vocab

DEFINITIONS = sorted(
    (Path(__file__).parents[2] / "forms" / "definitions").glob("ficha_atencion.v*.json")
)


def _fields(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "name" in node and "choices" in node:
            yield node
        for value in node.values():
            yield from _fields(value)
    elif isinstance(node, list):
        for value in node:
            yield from _fields(value)


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.name)
def test_the_fichas_mother_tongues_are_named_as_the_reports_name_them(path: Path) -> None:
    [field] = [
        f for f in _fields(json.loads(path.read_text("utf-8"))) if f["name"] == "lengua_materna"
    ]
    named = [c for c in field["choices"] if c["value"] != "otra"]
    assert len(named) >= 5
    for choice in named:
        for lang in ("es", "en"):
            assert choice["label"][lang] == vocab.LANGUAGE.label(choice["value"], lang), choice
