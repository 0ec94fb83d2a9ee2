"""Definition loading and checking, the shipped forms, and the version registry."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import (
    DefinitionError,
    check_file,
    definition_from_dict,
    load_definition,
    load_registry,
    validate,
)
from forms.model import build_definition
from forms.registry import DEFINITIONS_DIR, Registry

SHIPPED = sorted(DEFINITIONS_DIR.glob("*.json"))


def _form(fields: list[dict[str, Any]], **top: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "prueba",
        "version": 1,
        "label": {"es": "Prueba", "en": "Test"},
        "sections": [{"name": "s", "label": {"es": "S"}, "fields": fields}],
    }
    base.update(top)
    return base


def _text(name: str, **kw: Any) -> dict[str, Any]:
    return {"name": name, "type": "text", "label": {"es": name.title()}, **kw}


def _write(tmp_path: Path, raw: Any, name: str = "prueba.v1.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_definition_loads(path: Path) -> None:
    assert check_file(path) == []
    d = load_definition(path)
    assert d.label["es"] and d.label["en"]
    for f in d.by_name.values():
        assert f.label.get("es"), f.name
        assert f.label.get("en"), f"{f.name} lacks an English label"


def test_registry_has_the_three_forms() -> None:
    reg = load_registry()
    assert reg.form_ids() == ["cierre_caso", "evaluacion_socioeconomica", "ficha_atencion"]
    assert reg.get("ficha_atencion").version >= 1


def test_sensitive_fields_are_marked() -> None:
    d = load_registry().get("ficha_atencion")
    sensitive = set(d.sensitive_fields())
    for name in (
        "autoidentificacion_etnica",
        "discapacidad",
        "direccion",
        "tipos_violencia",
        "nivel_riesgo",
        "relacion_agresor",
        "resumen_caso",
        "delito",
    ):
        assert name in sensitive


@pytest.mark.parametrize(
    ("fields", "top", "needle"),
    [
        ([{"name": "a", "type": "wat", "label": {"es": "A"}}], {}, "tipo desconocido 'wat'"),
        ([_text("a"), _text("a")], {}, "nombre de campo duplicado"),
        (
            [{"name": "a", "type": "text", "label": {"en": "A"}}],
            {},
            "falta la etiqueta en castellano",
        ),
        ([_text("a")], {"label": {"en": "x"}}, "definición: falta la etiqueta en castellano"),
        ([_text("a", relevant="${b} = 1")], {}, "campo inexistente ${b}"),
        ([_text("a", relevant="${a} = 1 and")], {}, "expresión 'relevant' no válida"),
        ([_text("a", relevant="${a} = 1")], {}, "no puede depender del propio campo"),
        (
            [
                _text("a", calculate="${b}"),
                _text("b", calculate="${c}"),
                _text("c", calculate="${a}"),
            ],
            {},
            "ciclo entre cálculos: a -> b -> c -> a",
        ),
        ([_text("a", calculate="${a} + 'x'")], {}, "ciclo entre cálculos"),
        (
            [_text("a", constraint="regex(${a}, '(a)\\\\1')", constraint_message={"es": "x"})],
            {},
            "patrón no válido",
        ),
        ([_text("a", constraint="${a} != ''")], {}, "constraint_message"),
        ([_text("a", requried=True)], {}, "clave desconocida 'requried'"),
        ([_text("a", relevant="upper(${a}) = 'X'")], {}, "función desconocida 'upper'"),
        ([_text("a", relevant="count()")], {}, "número de argumentos incorrecto"),
        ([_text("a", calculate=3)], {}, "'calculate' debe ser una expresión"),
        ([{"name": "a", "type": "select_one", "label": {"es": "A"}}], {}, "necesita 'choices'"),
        (
            [{"name": "a", "type": "select_one", "label": {"es": "A"}, "choices": "nope"}],
            {},
            "lista de opciones inexistente",
        ),
        (
            [
                {
                    "name": "a",
                    "type": "select_one",
                    "label": {"es": "A"},
                    "choices": [
                        {"value": "x", "label": {"es": "X"}},
                        {"value": "x", "label": {"es": "Y"}},
                    ],
                }
            ],
            {},
            "opción duplicada 'x'",
        ),
        (
            [{"name": "a", "type": "select_one", "label": {"es": "A"}, "catalog": "planetas"}],
            {},
            "catálogo desconocido",
        ),
        (
            [
                {"name": "r", "type": "repeat", "label": {"es": "R"}, "fields": [_text("x")]},
                _text("b", relevant="${x} = 'a'"),
            ],
            {},
            "use ${r[1].x}",
        ),
        (
            [{"name": "r", "type": "repeat", "label": {"es": "R"}, "fields": []}],
            {},
            "al menos un campo",
        ),
        (
            [
                {
                    "name": "r",
                    "type": "repeat",
                    "label": {"es": "R"},
                    "min_count": 3,
                    "max_count": 2,
                    "fields": [_text("x")],
                }
            ],
            {},
            "'max_count'",
        ),
        ([{"name": "d", "type": "document_id", "label": {"es": "D"}}], {}, "doc_type_field"),
        (
            [{"name": "d", "type": "document_id", "label": {"es": "D"}, "doc_type_field": "t"}],
            {},
            "campo inexistente 't'",
        ),
        ([_text("Bad-Name")], {}, "'name' no válido"),
        ([_text("a")], {"version": "1"}, "'version' debe ser un entero"),
        ([_text("a")], {"extra": 1}, "clave desconocida 'extra'"),
        (
            [_text("a", relevant="${n} = 1"), {"name": "n", "type": "note", "label": {"es": "N"}}],
            {},
            "es una nota",
        ),
    ],
)
def test_definition_problems(
    fields: list[dict[str, Any]], top: dict[str, Any], needle: str
) -> None:
    with pytest.raises(DefinitionError) as info:
        definition_from_dict(_form(fields, **top), "prueba.v1.json")
    assert any(needle in p for p in info.value.problems), info.value.problems
    assert all(p.startswith("prueba.v1.json: ") for p in info.value.problems)


def test_check_file_reports_every_problem_with_file_and_field(tmp_path: Path) -> None:
    raw = _form(
        [
            {"name": "a", "type": "wat", "label": {"es": "A"}},
            _text("b", relevant="${zzz} = 1"),
            _text("b"),
            {"name": "c", "type": "text", "label": {"en": "C"}},
        ]
    )
    path = _write(tmp_path, raw)
    problems = check_file(path)
    assert len(problems) == 4, problems
    assert all(str(path) in p for p in problems)
    assert any("campo 'a'" in p and "tipo desconocido" in p for p in problems)
    assert any("campo 'b'" in p and "${zzz}" in p for p in problems)
    assert any("campo 'b'" in p and "duplicado" in p for p in problems)
    assert any("campo 'c'" in p and "castellano" in p for p in problems)


def test_check_file_bad_json_and_naming(tmp_path: Path) -> None:
    bad = tmp_path / "prueba.v1.json"
    bad.write_text('{"id": "prueba",\n "version": }', encoding="utf-8")
    [problem] = check_file(bad)
    assert "JSON no válido en la línea 2" in problem
    misnamed = _write(tmp_path, _form([_text("a")]), "otro.v2.json")
    assert any("no coincide" in p for p in check_file(misnamed))
    assert any("no se pudo leer" in p for p in check_file(tmp_path / "missing.v1.json"))
    binary = tmp_path / "bin.v1.json"
    binary.write_bytes(b"\xff\xfe\x00")
    assert check_file(binary)
    with pytest.raises(DefinitionError):
        load_definition(bad)


def test_versions_old_keep_validating(tmp_path: Path) -> None:
    v1 = _form([_text("nombre", required=True)])
    v2 = copy.deepcopy(v1)
    v2["version"] = 2
    v2["sections"][0]["fields"].append(_text("apellido", required=True))
    _write(tmp_path, v1, "prueba.v1.json")
    reg = load_registry(tmp_path)
    assert reg.get("prueba").version == 1
    _write(tmp_path, v2, "prueba.v2.json")
    reg = load_registry(tmp_path)
    assert reg.versions("prueba") == [1, 2]
    assert reg.get("prueba").version == 2
    old_submission = {"nombre": "Rosa"}
    assert validate(reg.get("prueba", 1), old_submission) == []
    assert [e.code for e in validate(reg.get("prueba", 2), old_submission)] == ["required"]
    assert ("prueba", 1) in reg and ("prueba", 3) not in reg
    with pytest.raises(KeyError):
        reg.get("prueba", 3)
    with pytest.raises(KeyError):
        reg.get("otro")


def test_retired_version_is_kept_but_not_offered(tmp_path: Path) -> None:
    v1 = _form([_text("nombre")])
    v2 = _form([_text("nombre")], version=2, retired=True)
    _write(tmp_path, v1, "prueba.v1.json")
    _write(tmp_path, v2, "prueba.v2.json")
    reg = load_registry(tmp_path)
    assert reg.get("prueba").version == 1  # newest non-retired
    assert reg.get("prueba", 2).retired
    assert validate(reg.get("prueba", 2), {"nombre": "x"}) == []
    only_retired = Registry([definition_from_dict(v2)])
    with pytest.raises(KeyError):
        only_retired.get("prueba")
    assert only_retired.active() == []


def test_published_version_is_immutable() -> None:
    reg = Registry([definition_from_dict(_form([_text("a")]))])
    reg.add(definition_from_dict(_form([_text("a")])))  # identical: fine
    with pytest.raises(DefinitionError):
        reg.add(definition_from_dict(_form([_text("b")])))


def test_load_registry_reports_bad_files(tmp_path: Path) -> None:
    _write(tmp_path, _form([_text("a")]), "prueba.v1.json")
    _write(
        tmp_path,
        _form([{"name": "a", "type": "wat", "label": {"es": "A"}}], id="otro"),
        "otro.v1.json",
    )
    with pytest.raises(DefinitionError) as info:
        load_registry(tmp_path)
    assert any("otro.v1.json" in p for p in info.value.problems)


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
    max_leaves=8,
)
_FIELD_KEYS = [
    "name",
    "type",
    "label",
    "required",
    "relevant",
    "constraint",
    "calculate",
    "choices",
    "catalog",
    "fields",
    "min_count",
    "max_count",
    "doc_type_field",
    "constraints",
    "max_length",
    "min",
    "default",
]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_definitions_never_crash_the_checker(data: st.DataObject) -> None:
    raw = json.loads((DEFINITIONS_DIR / "cierre_caso.v1.json").read_text(encoding="utf-8"))
    fields = raw["sections"][0]["fields"]
    for _ in range(data.draw(st.integers(1, 4))):
        target = fields[data.draw(st.integers(0, len(fields) - 1))]
        key = data.draw(st.sampled_from(_FIELD_KEYS))
        target[key] = data.draw(
            _JUNK | st.sampled_from(["${materia}", "${nope} = 1", "(", "repeat"])
        )
    definition, problems = build_definition(raw, "m.v1.json")
    assert (definition is None) == bool(problems)
    if definition is not None:
        assert isinstance(validate(definition, {"materia": "penal"}), list)


@settings(max_examples=100, deadline=None)
@given(_JUNK)
def test_junk_definitions_are_reported(raw: Any) -> None:
    definition, problems = build_definition(raw, "j.v1.json")
    assert definition is None and problems
