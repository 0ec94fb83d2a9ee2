"""The ficha's versions: v2 accepts an unknown birth date (as the person record does) and
every answer document valid under v1 stays valid under v1 and v2; v3 changes display texts
(the "Otras partes" note no longer asks for the alimony obligado again) and asks another
party's document type only if known; v1 and v2 stay loadable for the intakes filled with
them, and new intakes get v3."""

from __future__ import annotations

import json
import random
from pathlib import Path

from forms import blocking, load_registry, validate
from tests.forms import samples

DEFINITIONS = Path(__file__).resolve().parents[2] / "forms" / "definitions"


def test_v2_is_v1_with_an_optional_birth_date() -> None:
    v1, v2 = (
        json.loads((DEFINITIONS / f"ficha_atencion.v{n}.json").read_text(encoding="utf-8"))
        for n in (1, 2)
    )
    changed = json.dumps(v2, sort_keys=True)
    for key in ("version", "$comment"):
        v1.pop(key, None), v2.pop(key)
    field = next(f for s in v2["sections"] for f in s["fields"] if f["name"] == "fecha_nacimiento")
    assert field.pop("required") is False and field.pop("hint")["es"]
    original = next(
        f for s in v1["sections"] for f in s["fields"] if f["name"] == "fecha_nacimiento"
    )
    assert original.pop("required") is True
    assert v1 == v2, "v2 changes only the birth date's requirement"
    assert '"version": 2' in changed


def test_v1_answers_stay_valid_and_an_unknown_birth_date_is_accepted_by_v2() -> None:
    registry = load_registry()
    v1, v2 = registry.get("ficha_atencion", 1), registry.get("ficha_atencion", 2)
    assert registry.get("ficha_atencion").version == 3  # new intakes
    rng = random.Random(3)
    for _ in range(30):
        answers = samples.intake(rng)
        assert blocking(validate(v1, answers, samples.TODAY)) == []
        assert blocking(validate(v2, answers, samples.TODAY)) == []
        unknown = {k: v for k, v in answers.items() if k != "fecha_nacimiento"}
        assert [e.path for e in blocking(validate(v1, unknown, samples.TODAY))] == [
            "fecha_nacimiento"
        ]
        assert blocking(validate(v2, unknown, samples.TODAY)) == []


def _display_only(doc: dict[str, object]) -> str:
    """A definition without what only shows (labels, hints, notes, comments)."""

    def strip(node: object) -> object:
        if isinstance(node, dict):
            if node.get("type") == "note":
                return None
            return {
                k: strip(v)
                for k, v in node.items()
                if k not in ("label", "hint", "description", "$comment", "version")
            }
        if isinstance(node, list):
            return [x for x in (strip(v) for v in node) if x is not None]
        return node

    return json.dumps(strip(doc), sort_keys=True)


def test_v3_changes_only_what_shows_and_takes_every_v2_answer() -> None:
    v2, v3 = (
        json.loads((DEFINITIONS / f"ficha_atencion.v{n}.json").read_text(encoding="utf-8"))
        for n in (2, 3)
    )
    # besides texts, v3 asks another party's document type only if known
    party = next(f for s in v2["sections"] for f in s["fields"] if f["name"] == "partes")
    kind = next(c for c in party["fields"] if c["name"] == "parte_tipo_documento")
    number = next(c for c in party["fields"] if c["name"] == "parte_numero_documento")
    assert kind.pop("required") is True
    kind["required"] = False
    number["relevant"] = (
        "${parte_tipo_documento} != null and ${parte_tipo_documento} != 'SIN_DOCUMENTO'"
    )
    assert _display_only(v2) == _display_only(v3)
    registry = load_registry()
    new, old = registry.get("ficha_atencion", 3), registry.get("ficha_atencion", 2)
    rng = random.Random(8)
    for _ in range(30):
        answers = samples.intake(rng)
        assert validate(new, answers, samples.TODAY) == validate(old, answers, samples.TODAY)
    # the note of "Otras partes" depends on the matter: the obligado is not asked twice
    from forms import FormRun

    notes = ("nota_partes", "nota_partes_alimentos")
    for matter, shown in [(None, "nota_partes"), ("alimentos", "nota_partes_alimentos")]:
        run = FormRun(new, {"materia": matter} if matter else {}, samples.TODAY)
        assert [n for n in notes if run.is_relevant(new.by_name[n])] == [shown]
    run = FormRun(new, {"materia": "violencia"}, samples.TODAY)
    assert [n for n in notes if run.is_relevant(new.by_name[n])] == ["nota_partes"]


def test_v3_takes_another_party_whose_document_is_not_known() -> None:
    registry = load_registry()
    new, old = registry.get("ficha_atencion", 3), registry.get("ficha_atencion", 2)
    answers = samples.intake(random.Random(9))
    unknown = {"parte_nombres": "Pedro", "parte_apellidos": "Ccama", "parte_rol": "tercero"}
    answers["partes"] = [unknown]
    assert blocking(validate(new, answers, samples.TODAY)) == []
    assert [e.path for e in blocking(validate(old, answers, samples.TODAY))] == [
        "partes[1].parte_tipo_documento",  # v2 made the defender claim "Sin documento"
        "partes[1].parte_numero_documento",
    ]
