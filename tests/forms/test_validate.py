"""validate(): skip logic, strict types, repeats, warnings, the shipped forms; fuzzing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms import FieldError, blocking, load_registry, validate
from tests.forms.samples import TODAY, intake

REG = load_registry()
FICHA = REG.get("ficha_atencion")
SOCIO = REG.get("evaluacion_socioeconomica")
CIERRE = REG.get("cierre_caso")


def _codes(errors: list[FieldError]) -> dict[str, str]:
    return {e.path: e.code for e in errors}


def _valid(matter: str = "alimentos", seed: int = 3) -> dict[str, Any]:
    return intake(random.Random(seed), matter)


@pytest.mark.parametrize("matter", ["alimentos", "violencia", "laboral", "penal", "filiacion"])
def test_generated_intakes_are_valid(matter: str) -> None:
    for seed in range(20):
        assert validate(FICHA, intake(random.Random(seed), matter), today=TODAY) == []


def test_violence_block_only_for_violence() -> None:
    a = _valid("alimentos")
    assert "tipos_violencia" not in _codes(validate(FICHA, a, today=TODAY))
    a["materia"] = "violencia"
    codes = _codes(validate(FICHA, a, today=TODAY))
    assert codes["tipos_violencia"] == "required"
    assert codes["nivel_riesgo"] == "required"
    # the alimentos answers are now irrelevant: ignored, not reported
    assert not any(p.startswith("hijos") for p in codes)


def test_irrelevant_answers_are_ignored_even_if_wrong() -> None:
    a = _valid("laboral")
    a["monto_solicitado"] = "mucho"  # alimentos block is not relevant
    assert validate(FICHA, a, today=TODAY) == []


def test_unknown_keys_are_reported() -> None:
    a = _valid()
    a["color_favorito"] = "azul"
    a["hijos"][0]["apodo"] = "Pepe"
    codes = _codes(validate(FICHA, a, today=TODAY))
    assert codes == {"color_favorito": "unknown_field", "hijos[1].apodo": "unknown_field"}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("monto_solicitado", "500", "type"),  # strings are not numbers
        ("monto_solicitado", True, "type"),
        ("monto_solicitado", -1, "min"),
        ("monto_solicitado", 500, None),  # integers are decimals
        ("requiere_interprete", "si", "type"),
        ("requiere_interprete", 1, "type"),
        ("fecha_nacimiento", "01/02/1990", "type"),
        ("fecha_nacimiento", "2030-01-01", "constraint"),
        ("fecha_nacimiento", "1890-01-01", "constraint"),
        ("sexo", "Z", "choice"),
        ("sexo", ["F"], "type"),
        ("factores_vulnerabilidad", ["nna", "nna"], "choice_duplicate"),
        ("factores_vulnerabilidad", ["marciano"], "choice"),
        ("factores_vulnerabilidad", "nna", "type"),
        ("numero_documento", "12345678-2", "dni_check"),
        ("numero_documento", "1234567", "dni_format"),
        ("numero_documento", 12345678, "type"),
        ("telefono", "12345", "phone_format"),
        ("ubigeo_domicilio", "999999", "ubigeo_unknown"),
        ("ubigeo_domicilio", "15010", "ubigeo_format"),
        ("aviso_privacidad_fecha", "2026-11-26", "type"),
        ("nombres", "x" * 5000, "too_long"),
        ("nombres", "   ", "required"),
        ("nombres", None, "required"),
    ],
)
def test_field_rules(field: str, value: Any, code: str | None) -> None:
    a = _valid()
    a[field] = value
    assert _codes(validate(FICHA, a, today=TODAY)).get(field) == code


def test_minor_needs_representative() -> None:
    a = _valid()
    a["fecha_nacimiento"] = "2015-06-01"
    codes = _codes(validate(FICHA, a, today=TODAY))
    assert codes["representante_nombres"] == "required"
    assert codes["representante_parentesco"] == "required"
    a["fecha_nacimiento"] = "2008-11-26"  # 18 today
    assert "representante_nombres" not in _codes(validate(FICHA, a, today=TODAY))


def test_sin_documento_needs_reason() -> None:
    a = _valid()
    a["tipo_documento"] = "SIN_DOCUMENTO"
    del a["numero_documento"]
    assert _codes(validate(FICHA, a, today=TODAY)) == {"motivo_sin_documento": "required"}
    a["motivo_sin_documento"] = "Nunca fue inscrita en RENIEC"
    assert validate(FICHA, a, today=TODAY) == []


def test_repeat_paths_are_one_based_and_counted() -> None:
    a = _valid()
    a["hijos"] = [
        {"hijo_nombres": "A", "hijo_fecha_nacimiento": "2020-01-01", "hijo_reconocido": True},
        {"hijo_nombres": "B", "hijo_fecha_nacimiento": "2030-01-01", "hijo_reconocido": "si"},
        "junk",
    ]
    codes = _codes(validate(FICHA, a, today=TODAY))
    assert codes["hijos[2].hijo_fecha_nacimiento"] == "constraint"
    assert codes["hijos[2].hijo_reconocido"] == "type"
    assert codes["hijos[3]"] == "type"
    a["hijos"] = []
    assert _codes(validate(FICHA, a, today=TODAY))["hijos"] == "required"
    a["hijos"] = [
        dict(hijo_nombres="x", hijo_fecha_nacimiento="2020-01-01", hijo_reconocido=True)
    ] * 16
    assert _codes(validate(FICHA, a, today=TODAY))["hijos"] == "max_count"


def test_labour_end_not_before_start() -> None:
    a = _valid("laboral")
    a["fecha_fin_labores"] = "2019-01-01"
    errors = validate(FICHA, a, today=TODAY)
    assert _codes(errors) == {"fecha_fin_labores": "constraint"}
    assert "anterior" in errors[0].message
    assert "precede" in validate(FICHA, a, today=TODAY, lang="en")[0].message


def test_court_file_warning_does_not_block() -> None:
    a = _valid("violencia")
    a["medidas_expediente"] = "00123-2026-0-9901-JR-FT-01"
    errors = validate(FICHA, a, today=TODAY)
    assert [(e.code, e.severity) for e in errors] == [("court_code_unknown", "warning")]
    assert blocking(errors) == []


def test_consent_refusal_is_a_warning() -> None:
    a = _valid()
    a["consentimiento_datos_sensibles"] = False
    errors = validate(FICHA, a, today=TODAY)
    assert [(e.path, e.severity) for e in errors] == [("consentimiento_datos_sensibles", "warning")]


def _socio(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "fecha_ficha": "2026-11-01",
        "fecha_evaluacion": "2026-11-20",
        "tamano_hogar": 4,
        "dependientes": 2,
        "ingreso_mensual_hogar": 900.0,
        "clasificacion_sisfoh": "pobre",
        "resultado": "gratuito",
    }
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def test_socioeconomic_rules() -> None:
    assert validate(SOCIO, _socio(), today=TODAY) == []
    assert _codes(validate(SOCIO, _socio(resultado="no_gratuito"), today=TODAY)) == {
        "numero_resolucion": "required"
    }
    assert (
        validate(SOCIO, _socio(resultado="no_gratuito", numero_resolucion="R-12-2026"), today=TODAY)
        == []
    )
    assert _codes(validate(SOCIO, _socio(dependientes=4), today=TODAY)) == {
        "dependientes": "constraint"
    }
    assert _codes(validate(SOCIO, _socio(tamano_hogar="4"), today=TODAY))["tamano_hogar"] == "type"


def test_pending_after_20_days_warns() -> None:
    pending = _socio(resultado="pendiente")
    assert validate(SOCIO, pending, today=dt.date(2026, 11, 21)) == []  # day 20
    [warning] = validate(SOCIO, pending, today=dt.date(2026, 11, 22))
    assert (warning.path, warning.code, warning.severity) == (
        "resultado",
        "constraint_warning",
        "warning",
    )
    assert "20 días" in warning.message


def test_closure_amounts_follow_matter() -> None:
    base = {
        "materia": "alimentos",
        "fecha_cierre": "2026-11-20",
        "motivo_cierre": "conclusion",
        "resultado": "favorable",
        "monto_alimentos": 450.0,
    }
    assert validate(CIERRE, base, today=TODAY) == []
    bad = dict(base, monto_alimentos=-5)
    assert _codes(validate(CIERRE, bad, today=TODAY)) == {"monto_alimentos": "min"}
    penal = dict(base, materia="penal", monto_reparacion_civil=3000)
    assert validate(CIERRE, penal, today=TODAY) == []  # monto_alimentos now ignored


@pytest.mark.parametrize("answers", [None, [], "x", 3, [{"a": 1}], {"": None}, {"hijos": {"a": 1}}])
def test_non_object_answers(answers: Any) -> None:
    result = validate(FICHA, answers, today=TODAY)
    assert isinstance(result, list) and result


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_VALUES = st.one_of(
    _JSON,
    st.text(min_size=1000, max_size=3000),
    st.sampled_from(
        [
            "2026-11-26",
            "2999-01-01",
            "DNI",
            "SIN_DOCUMENTO",
            "alimentos",
            "violencia",
            "penal",
            "laboral",
            "12345678",
            "987654321",
            "150101",
            "00123-2021-0-1801-JP-FC-01",
            "ñandú 🦙",
            "2026-02-30",
            "0000-00-00",
            "1e309",
        ]
    ),
)


@st.composite
def _mutated(draw: st.DrawFn, definition: str) -> Any:
    if definition == "ficha_atencion":
        base: dict[str, Any] = intake(random.Random(draw(st.integers(0, 50))))
    else:
        base = _socio()
    names = sorted(REG.get(definition).by_name)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.integers(0, 3))
        if action == 0 and base:
            base.pop(draw(st.sampled_from(sorted(base))), None)
        elif action == 1:
            base[draw(st.sampled_from(names))] = draw(_VALUES)
        elif action == 2:
            base[draw(st.text(max_size=10))] = draw(_JSON)
        elif isinstance(base.get("hijos"), list) and base["hijos"]:
            row = base["hijos"][0]
            if isinstance(row, dict):
                row[draw(st.sampled_from(names))] = draw(_VALUES)
    return base


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated("ficha_atencion"))
def test_validate_never_raises_on_mutated_intakes(answers: Any) -> None:
    result = validate(FICHA, answers, today=TODAY)
    assert isinstance(result, list)
    assert all(isinstance(e, FieldError) and e.message for e in result)
    assert not any(e.code == "expression_error" for e in result), result


@settings(max_examples=150, deadline=None)
@given(_mutated("evaluacion_socioeconomica"))
def test_validate_never_raises_on_mutated_assessments(answers: Any) -> None:
    result = validate(SOCIO, answers, today=TODAY)
    assert isinstance(result, list)
    assert not any(e.code == "expression_error" for e in result), result


@settings(max_examples=150, deadline=None)
@given(_JSON)
def test_validate_never_raises_on_random_json(answers: Any) -> None:
    for definition in (FICHA, SOCIO, CIERRE):
        assert isinstance(validate(definition, answers, today=TODAY), list)


def test_unknown_key_flood_is_capped() -> None:
    answers = {f"x{i}": i for i in range(10_000)}
    errors = validate(FICHA, answers, today=TODAY)
    assert sum(e.code == "unknown_field" for e in errors) == 50
    assert any(e.code == "too_many_unknown" for e in errors)
    assert len(errors) < 200
