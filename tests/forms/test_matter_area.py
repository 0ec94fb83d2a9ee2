"""The ficha's "Materia" must be a matter of its "Área" (``forms.catalogs.MATTER_AREAS``),
checked by the engine itself (``choice_narrowed``), so the desktop, the CLI and the
server refuse the same answers: the desktop used to filter the list only, and the server
accepted criminal defence under "Asistencia legal"."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from forms import blocking, load_registry, validate
from forms.catalogs import AREAS, MATTER_AREAS, allowed
from tests.forms import samples

REGISTRY = load_registry()
VERSIONS = REGISTRY.versions("ficha_atencion")


def _narrowed(version: int, answers: dict[str, object], lang: str = "es") -> list[str]:
    definition = REGISTRY.get("ficha_atencion", version)
    found = validate(definition, answers, today=samples.TODAY, lang=lang)
    return [e.message for e in found if e.code == "choice_narrowed" and e.path == "materia"]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_matter_fits_exactly_the_areas_that_take_it(version: int) -> None:
    definition = REGISTRY.get("ficha_atencion", version)
    area = definition.by_name["area"]
    assert set(area.choice_values()) == set(AREAS)  # the catalog speaks of this form's areas
    base = samples.intake(random.Random(3), "alimentos")
    for matter, areas in MATTER_AREAS.items():
        for choice in AREAS:
            said = _narrowed(version, {**base, "area": choice, "materia": matter})
            # versions from before the rule accept what they accepted (outboxes hold them)
            assert (said == []) == (choice in areas or version < 3), (matter, choice, said)
            # the list the desktop offers is the set the engine accepts
            assert (matter in (allowed("matters", {"area": choice}) or ())) == (choice in areas)


def test_the_message_names_both_choices_in_the_form_language() -> None:
    answers = {**samples.intake(random.Random(5), "penal"), "area": "asistencia_legal"}
    assert _narrowed(3, answers) == [
        "La materia «Penal (defensa)» no corresponde al área «Asistencia legal»."
    ]
    assert _narrowed(3, answers, "en") == [
        "The matter “Criminal defence” does not belong to the area “Legal assistance”."
    ]
    errors = validate(REGISTRY.get("ficha_atencion"), answers, today=samples.TODAY)
    assert [e.path for e in blocking(errors)] == ["materia"]  # it blocks, and alone


def test_no_area_yet_or_a_form_without_one_is_not_narrowed() -> None:
    answers = {**samples.intake(random.Random(5), "penal")}
    del answers["area"]
    assert _narrowed(3, answers) == []  # "Área" is required: that is its own problem
    closing = REGISTRY.get("cierre_caso")
    assert not any(
        e.code == "choice_narrowed"
        for e in validate(closing, {"materia": "penal"}, today=samples.TODAY)
    )


def test_the_forms_cli_refuses_it(tmp_path: Path) -> None:
    answers = {**samples.intake(random.Random(5), "penal"), "area": "asistencia_legal"}
    path = tmp_path / "ficha.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "forms", "validate", "ficha_atencion", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error\tmateria\tchoice_narrowed\tLa materia «Penal (defensa)»" in done.stdout
