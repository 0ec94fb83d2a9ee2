"""The ficha's versions: v2 accepts an unknown birth date (as the person record does) and
every answer document valid under v1 stays valid under v1 and v2; v1 stays loadable for
the intakes filled with it, and new intakes get v2."""

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
    assert registry.get("ficha_atencion").version == 2  # new intakes
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
