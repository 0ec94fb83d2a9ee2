"""Fixtures for core tests: a small test form and its validator (vaults: ``tests/conftest.py``)."""

from __future__ import annotations

from typing import Any

import pytest

import forms
from app.core.intakes import FormsIntakeValidator

TEST_FORM: dict[str, Any] = {
    "id": "ficha_prueba",
    "version": 2,
    "label": {"es": "Ficha de prueba"},
    "sections": [
        {
            "name": "datos",
            "label": {"es": "Datos"},
            "fields": [
                {
                    "name": "service_type",
                    "type": "select_one",
                    "label": {"es": "Servicio"},
                    "required": True,
                    "choices": [
                        {"value": "consulta", "label": {"es": "Consulta"}},
                        {"value": "patrocinio", "label": {"es": "Patrocinio"}},
                        {"value": "derivacion", "label": {"es": "Derivación"}},
                    ],
                },
                {
                    "name": "matter",
                    "type": "select_one",
                    "label": {"es": "Materia"},
                    "required": True,
                    "choices": [
                        {"value": v, "label": {"es": v}}
                        for v in ("alimentos", "violencia", "penal", "laboral", "filiacion")
                    ],
                },
                {"name": "summary", "type": "text", "label": {"es": "Resumen"}},
                {
                    "name": "children",
                    "type": "repeat",
                    "label": {"es": "Hijos"},
                    "fields": [
                        {"name": "child_name", "type": "text", "label": {"es": "Nombre"}},
                        {
                            "name": "birth_date",
                            "type": "date",
                            "label": {"es": "Nacimiento"},
                            "required": True,
                            "constraint": "${birth_date} <= today()",
                            "constraint_message": {"es": "No puede ser futura."},
                        },
                    ],
                },
            ],
        }
    ],
}


@pytest.fixture(scope="session")
def validator() -> FormsIntakeValidator:
    registry = forms.Registry([forms.definition_from_dict(TEST_FORM)])
    return FormsIntakeValidator(registry)


def person_input(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_names": "Rosa",
        "paternal_surname": "Quispe",
        "maternal_surname": "Mamani",
        "doc_type": "DNI",
        "doc_number": "10117410",
        "birth_date": "1985-03-14",
        "sex": "F",
        "ubigeo": "080101",
        "phone": "987654321",
    }
    data.update(overrides)
    return data


# The other party of a case in issue 13's walk-through (found by her names alone).
JULIA: dict[str, Any] = {
    "given_names": "Julia Yolanda",
    "paternal_surname": "Alarcón",
    "maternal_surname": "Mendoza",
    "doc_type": "DNI",
    "doc_number": "40000002",
    "birth_date": "1980-05-06",
    "sex": "F",
    "ubigeo": "150101",
}
