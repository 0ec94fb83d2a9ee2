"""Sample intake answers (deterministic, plain dicts, no store).

Owns how answers of ``ficha_atencion`` are drawn consistent with a person (document,
names, birth date, district, phone, mother tongue), the matter's section (alimentos,
violencia, laboral, penal) and a counterparty's ``partes`` row, and how any other form
definition gets a plausible value per declared field: ``intake_answers``. Part of
:mod:`app.core.sample`, which is the public surface.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from app.core.intake_person import party_answers, person_answers
from app.core.sample_case import MATTER_LABELS, NOTE_GENERIC, matter
from app.core.sample_people import (
    REFERENCE_DAY,
    SURNAME,
    birth_date,
    court_file_number,
    district_code,
    dni,
    given_names,
    phone,
    ruc,
)
from forms.catalogs import MATTER_AREAS

INTAKE_FORM = "ficha_atencion"
VIOLENCE_TYPES = ("fisica", "psicologica", "sexual", "economica")
RISK_LEVELS = ("leve", "moderado", "severo")

_DEFENDERS = ("Dra. Carmen Salazar Ríos", "Dr. Luis Paredes Vega", "Dra. Rocío Tello Aquino",
              "Dr. Hugo Palomino Cárdenas", "Dra. Nelly Ccama Apaza")  # fmt: skip
_LOCALITIES = ("Centro poblado Santa Rosa", "Comunidad campesina Chumbivilcas",
               "Anexo Huayllay", "Caserío El Porvenir", "Comunidad nativa Yarina")  # fmt: skip
_STREETS = ("Av. Los Incas", "Jr. Tupac Amaru", "Calle Real", "Av. Grau", "Jr. Ayacucho",
            "Pasaje San Martín", "Av. La Cultura")  # fmt: skip
_CRIMES = ("hurto agravado", "lesiones leves", "omisión a la asistencia familiar",
           "robo agravado", "microcomercialización de drogas",
           "conducción en estado de ebriedad")  # fmt: skip
_EMPLOYERS = ("Agroindustrias del Sur S.A.C.", "Comercial Andina E.I.R.L.",
              "Servicios Generales Quispe S.R.L.", "Textil Amazonas S.A.")  # fmt: skip


def _ficha_answers(
    rng: random.Random,
    who: Mapping[str, Any],
    today: date,
    counterparty: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answers of ``ficha_atencion`` v1 consistent with the person ``who``."""
    chosen = matter(rng)
    day = today - timedelta(days=rng.randrange(0, 400))
    a: dict[str, Any] = {
        "fecha_atencion": day.isoformat(),
        "lugar_atencion": "brigada" if rng.random() < 0.25 else "oficina",
        "defensor": rng.choice(_DEFENDERS),
        "tipo_servicio": rng.choices(("consulta", "patrocinio", "derivacion"), (40, 50, 10))[0],
        "area": MATTER_AREAS[chosen][0],  # the matter's usual area
        "materia": chosen,
        "resumen_caso": f"Solicita orientación y patrocinio sobre {MATTER_LABELS[chosen]}.",
        "discapacidad": rng.random() < 0.07,
        "direccion": f"{rng.choice(_STREETS)} {rng.randint(100, 1999)}",
        "aviso_privacidad_version": "LPDP-2024-01",
        "aviso_privacidad_fecha": datetime.combine(day, time(rng.randint(8, 16), 5)).isoformat(),
        "consentimiento_datos_sensibles": True,
        **person_answers(who),  # the person's own data: the one person -> form mapping
    }
    a.setdefault("sexo", "X")
    a.setdefault("requiere_interprete", False)
    if a["lugar_atencion"] == "brigada":
        a["brigada_localidad"] = rng.choice(_LOCALITIES)
    if a["tipo_servicio"] == "derivacion":
        a["entidad_derivacion"] = rng.choice(("Centro Emergencia Mujer", "DEMUNA", "Fiscalía"))
    if who["doc_type"] == "SIN_DOCUMENTO":
        a.setdefault("motivo_sin_documento", "DNI extraviado")
        a.pop("numero_documento", None)
    else:
        a.pop("motivo_sin_documento", None)
    birth = date.fromisoformat(who["birth_date"])
    if (today - birth).days < 18 * 365 + 5:
        a["representante_nombres"] = f"{given_names(rng, 'F')} {who['paternal_surname']}"
        a["representante_tipo_documento"] = "DNI"
        a["representante_numero_documento"] = dni(rng)
        a["representante_parentesco"] = rng.choice(("madre", "padre", "tutor"))
    tongue = a.setdefault("lengua_materna", "castellano")
    if tongue == "otra":
        a["lengua_materna_otra"] = rng.choice(("matsigenka", "kandozi", "yanesha"))
    if tongue in ("quechua", "aimara"):
        a["autoidentificacion_etnica"] = tongue
    if a["discapacidad"]:
        a["tipo_discapacidad"] = [rng.choice(("fisica", "visual", "auditiva", "psicosocial"))]
        a["certificado_conadis"] = rng.random() < 0.4
    if who.get("phone"):
        a["llamada_segura"] = rng.random() < 0.7
    factors = []
    if chosen in ("violencia", "victimas"):
        factors.append("victima_violencia")
    if tongue != "castellano":
        factors.append("pueblo_indigena")
    if rng.random() < 0.2:
        factors.append("pobreza_extrema")
    if factors:
        a["factores_vulnerabilidad"] = factors
    _matter_answers(rng, a, chosen, day)
    if counterparty is not None:
        a["partes"] = [
            party_answers(counterparty, "demandado" if chosen != "violencia" else "denunciado")
        ]
    return a


def _matter_answers(rng: random.Random, a: dict[str, Any], chosen: str, day: date) -> None:
    if chosen == "alimentos":
        a["hijos"] = []
        for _ in range(rng.choices((1, 2, 3, 4), (45, 35, 15, 5))[0]):
            sex = rng.choice("FM")
            born = date.fromisoformat(birth_date(rng, 0, 17))
            a["hijos"].append(
                {
                    "hijo_nombres": given_names(rng, sex),
                    "hijo_fecha_nacimiento": min(born, day).isoformat(),
                    "hijo_reconocido": rng.random() < 0.8,
                }
            )
        a["obligado_nombres"] = f"{given_names(rng, 'M')} {SURNAME.pick(rng)}"
        a["obligado_tipo_documento"] = "DNI"
        a["obligado_numero_documento"] = dni(rng)
        a["obligado_ocupacion"] = rng.choice(("mototaxista", "agricultor", "comerciante", "obrero"))
        a["obligado_ingreso_estimado"] = float(rng.choice((900, 1025, 1200, 1500, 2000)))
        a["monto_solicitado"] = float(rng.choice((300, 400, 500, 600, 800)))
    elif chosen == "violencia":
        a["tipos_violencia"] = sorted(
            rng.sample(VIOLENCE_TYPES, rng.choices((1, 2, 3), (50, 35, 15))[0])
        )
        a["relacion_agresor"] = rng.choice(("pareja", "ex_pareja", "padre_madre", "otro_familiar"))
        a["fecha_hechos"] = (day - timedelta(days=rng.randrange(0, 30))).isoformat()
        a["denuncia_presentada"] = rng.random() < 0.6
        if a["denuncia_presentada"]:
            a["denuncia_entidad"] = rng.choice(("comisaria", "fiscalia", "cem"))
            a["denuncia_numero"] = f"{rng.randrange(1, 9999)}-{day.year}"
        a["nivel_riesgo"] = rng.choices(RISK_LEVELS, (40, 40, 20))[0]
        a["medidas_proteccion"] = rng.random() < 0.5
        if a["medidas_proteccion"]:
            a["medidas_expediente"] = court_file_number(rng, day.year, "FP")
    elif chosen == "laboral":
        start = day - timedelta(days=rng.randrange(200, 4000))
        a["empleador_nombre"] = rng.choice(_EMPLOYERS)
        a["empleador_ruc"] = ruc(rng)
        a["fecha_inicio_labores"] = start.isoformat()
        a["fecha_fin_labores"] = (start + timedelta(days=rng.randrange(90, 180))).isoformat()
        a["remuneracion_mensual"] = float(rng.choice((1025, 1200, 1500, 1800)))
        a["pretension_laboral"] = sorted(
            rng.sample(("beneficios_sociales", "remuneraciones", "despido"), rng.randint(1, 2))
        )
    elif chosen == "penal":
        a["rol_procesal"] = rng.choice(("investigado", "imputado", "acusado"))
        a["situacion_juridica"] = rng.choice(("libre", "comparecencia", "prision_preventiva"))
        if a["situacion_juridica"] == "prision_preventiva":
            a["establecimiento_penitenciario"] = rng.choice(("E.P. Lurigancho", "E.P. Qenqoro"))
        a["etapa_proceso"] = rng.choice(("preliminar", "preparatoria", "intermedia"))
        a["delito"] = rng.choice(_CRIMES)
        a["carpeta_fiscal"] = f"506014500-{day.year}-{rng.randrange(1, 999)}-0"


def _field_value(rng: random.Random, spec: Mapping[str, Any], today: date) -> Any:
    """A plausible value for one field of a form definition, by its declared type."""
    kind = spec.get("type", "text")
    choices = spec.get("choices") or spec.get("options") or []
    values = [c.get("value", c.get("id")) if isinstance(c, Mapping) else c for c in choices]
    if kind in ("select_one", "select-one") and values:
        return rng.choice(values)
    if kind in ("select_multiple", "select-multiple") and values:
        return sorted(rng.sample(values, rng.randint(1, min(2, len(values)))), key=str)
    low, high = spec.get("min"), spec.get("max")
    if kind == "integer":
        return rng.randint(int(low or 0), int(high if high is not None else 5))
    if kind == "decimal":
        return round(rng.uniform(float(low or 0), float(high if high is not None else 1000)), 2)
    if kind == "date":
        return (today - timedelta(days=rng.randrange(1, 3650))).isoformat()
    if kind == "datetime":
        return datetime.combine(today, time(rng.randrange(8, 17))).isoformat()
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "phone":
        return phone(rng)
    if kind == "ubigeo":
        return district_code(rng)
    if kind in ("document_id", "document"):
        return dni(rng)
    if kind == "court_file":
        return court_file_number(rng, today.year)
    return rng.choice(NOTE_GENERIC).removeprefix("y ").capitalize()


def intake_answers(
    rng: random.Random,
    person_data: Mapping[str, Any],
    definition: Any = None,
    today: date | None = None,
    counterparty: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answers for the intake form of ``person_data`` (``ficha_atencion`` by default).

    Without ``definition`` (or with ``ficha_atencion``) the answers follow ficha_atencion
    v1 field by field, consistent with the person (document, names, birth date, district,
    phone, mother tongue) and with the matter's section (alimentos: hijos, obligado...;
    violencia: tipos, riesgo...; laboral; penal), plus ``partes`` when a counterparty is
    given. With another definition (a ``forms.Definition`` or its raw dict), every field
    it declares gets a value: ours when the name matches and fits the choices, else a
    plausible value by type. Validation is left to ``forms.validate``.
    """
    today = today or REFERENCE_DAY
    answers = _ficha_answers(rng, person_data, today, counterparty)
    if definition is None or getattr(definition, "id", None) == INTAKE_FORM:
        return answers
    fields = _definition_fields(definition)
    shaped: dict[str, Any] = {}
    for spec in fields:
        name = spec.get("id") or spec.get("name")
        if not name or spec.get("skip"):
            continue
        kind = spec.get("type")
        if kind in ("repeat", "group") and isinstance(spec.get("fields"), list):
            if name in answers and isinstance(answers[name], list):
                shaped[name] = answers[name]
            else:
                shaped[name] = [
                    {
                        sub.get("id") or sub.get("name"): _field_value(rng, sub, today)
                        for sub in spec["fields"]
                        if isinstance(sub, Mapping)
                    }
                    for _ in range(rng.randint(1, 2))
                ]
            continue
        if name in answers and _fits(answers[name], spec):
            shaped[name] = answers[name]
        elif name in person_data and _fits(person_data[name], spec):
            shaped[name] = person_data[name]
        elif spec.get("required") is True or rng.random() < 0.7:
            shaped[name] = _field_value(rng, spec, today)
    return shaped


def _spec(f: Any) -> dict[str, Any]:
    """A field of a definition as a plain dict (``forms.Field`` or raw JSON)."""
    if isinstance(f, Mapping):
        return dict(f)
    return {
        "name": f.name,
        "type": f.type,
        "required": f.required is True,
        "choices": f.choice_values() if f.choices else None,
        "min": f.min,
        "max": f.max,
        "skip": f.calculate is not None or f.type == "note",
        "fields": [_spec(c) for c in f.fields] if f.fields else None,
    }


def _definition_fields(definition: Any) -> list[dict[str, Any]]:
    if definition is None:
        return []
    if hasattr(definition, "top_fields"):
        return [_spec(f) for f in definition.top_fields()]
    found: list[dict[str, Any]] = []
    for section in definition.get("sections") or []:
        if isinstance(section, Mapping):
            found.extend(_spec(f) for f in section.get("fields", []) if isinstance(f, Mapping))
    return found


def _fits(value: Any, spec: Mapping[str, Any]) -> bool:
    choices = spec.get("choices") or spec.get("options")
    if not choices:
        return True
    values = {c.get("value", c.get("id")) if isinstance(c, Mapping) else c for c in choices}
    if isinstance(value, list):
        return all(v in values for v in value)
    return value in values
