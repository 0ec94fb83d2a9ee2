"""The ficha names each mother tongue as the reports do (fresh10 #25: "Shipibo-konibo" in
the ficha's list, "Shipibo-Konibo" in the monthly report's warning): every shipped
version's choices carry the labels of ``sync.spec.vocab.LANGUAGE`` ("Otra", the ficha's
short answer to "Lengua materna", aside). Fails on the old definitions."""

from __future__ import annotations

import pytest

import forms
from sync.spec import vocab

REGISTRY = forms.load_registry()


@pytest.mark.parametrize("version", REGISTRY.versions("ficha_atencion"))
def test_the_fichas_mother_tongues_are_named_as_the_reports_name_them(version: int) -> None:
    field = REGISTRY.get("ficha_atencion", version).by_name["lengua_materna"]
    named = [c for c in field.choices or [] if c.value != "otra"]
    assert len(named) >= 5
    for choice in named:
        for lang in ("es", "en"):
            assert choice.text(lang) == vocab.LANGUAGE.label(choice.value, lang), choice
