"""A form the server publishes reaches the laptop by sync and is used for intakes, while
intakes filled with an older version keep validating."""

from __future__ import annotations

import json
from pathlib import Path

from app.core import intakes, people
from app.core.form_source import registry_for
from tests.sync.conftest import SyncWorld

SHIPPED = Path(__file__).resolve().parents[2] / "forms" / "definitions"


def _brigade_form(tmp: Path, version: int) -> Path:
    doc = {
        "id": "ficha_brigada",
        "version": version,
        "label": {"es": "Ficha de brigada", "en": "Brigade form"},
        "sections": [
            {
                "name": "datos",
                "label": {"es": "Datos"},
                "fields": [
                    {
                        "name": "localidad",
                        "type": "text",
                        "label": {"es": "Localidad"},
                        "required": True,
                    },
                    {
                        "name": "asistentes",
                        "type": "integer",
                        "label": {"es": "Asistentes"},
                        "required": version >= 2,
                    },
                ],
            }
        ],
    }
    path = tmp / f"ficha_brigada.v{version}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_published_forms_reach_the_vault_and_old_versions_keep_validating(
    world: SyncWorld,
) -> None:
    a = world.replica()
    world.server.admin.publish_form(_brigade_form(world.tmp, 1))
    assert a.sync().complete
    person = people.register_person(
        a.store,
        {
            "given_names": "Rosa",
            "paternal_surname": "Quispe",
            "sex": "F",
            "doc_type": "SIN_DOCUMENTO",
            "doc_reason": "no lo porta",
        },
    )
    validator = intakes.FormsIntakeValidator(registry_for(a.store))
    old = intakes.add_intake(
        a.store, person, {"localidad": "Chalhuanca"}, validator, form_id="ficha_brigada"
    )
    world.server.admin.publish_form(_brigade_form(world.tmp, 2))
    assert a.sync().complete
    registry = registry_for(a.store)
    assert registry.versions("ficha_brigada") == [1, 2]
    assert registry.get("ficha_atencion") is not None  # shipped forms are still there
    validator = intakes.FormsIntakeValidator(registry)
    v1 = a.store.get("intake", old)
    assert v1 is not None and v1["form_version"] == 1
    assert validator.validate("ficha_brigada", 1, json.loads(v1["answers"]), None) == []
    missing = validator.validate("ficha_brigada", 2, {"localidad": "Chalhuanca"}, None)
    assert [p.field for p in missing] == ["asistentes"]
