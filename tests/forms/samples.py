"""Generated answer documents for the shipped forms (tests and bench/forms.py)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from forms.catalogs import MATTER_AREAS

TODAY = dt.date(2026, 11, 26)

NAMES = ["María", "José", "Rosa", "Juan", "Luz", "Pedro", "Ñusta", "Túpac", "Yolanda", "Wilber"]
SURNAMES = ["Quispe", "Mamani", "Huamán", "Condori", "Flores", "Chávez", "Ccori", "Apaza"]
UBIGEOS = ["150101", "080101", "010201", "040101", "250101", "210101", "130101"]


def _dni(rng: random.Random) -> str:
    return f"{rng.randrange(10**8):08d}"


def _date(rng: random.Random, min_years: int, max_years: int) -> str:
    days = rng.randrange(min_years * 365 + 1, max_years * 365)
    return (TODAY - dt.timedelta(days=days)).isoformat()


def intake(rng: random.Random, matter: str | None = None) -> dict[str, Any]:
    """A valid ``ficha_atencion`` v1 answer document."""
    matter = matter or rng.choice(["alimentos", "violencia", "laboral", "penal", "filiacion"])
    minor = rng.random() < 0.15
    a: dict[str, Any] = {
        "fecha_atencion": (TODAY - dt.timedelta(days=rng.randrange(30))).isoformat(),
        "lugar_atencion": rng.choice(["oficina", "brigada"]),
        "defensor": "Ana Torres",
        "tipo_servicio": rng.choice(["consulta", "patrocinio"]),
        "area": MATTER_AREAS[matter][0],  # an area that takes the matter
        "materia": matter,
        "resumen_caso": "Solicita orientación. " * rng.randrange(1, 5),
        "tipo_documento": "DNI",
        "numero_documento": _dni(rng),
        "nombres": rng.choice(NAMES),
        "apellido_paterno": rng.choice(SURNAMES),
        "apellido_materno": rng.choice(SURNAMES),
        "sexo": rng.choice(["F", "M"]),
        "fecha_nacimiento": _date(rng, 10, 17) if minor else _date(rng, 18, 80),
        "lengua_materna": rng.choice(["castellano", "quechua", "aimara", "shipibo_konibo"]),
        "requiere_interprete": rng.random() < 0.2,
        "discapacidad": False,
        "ubigeo_domicilio": rng.choice(UBIGEOS),
        "telefono": "9" + f"{rng.randrange(10**8):08d}",
        "llamada_segura": True,
        "aviso_privacidad_version": "LPDP-2024-01",
        "aviso_privacidad_fecha": f"{TODAY.isoformat()}T10:15:00",
        "consentimiento_datos_sensibles": True,
        "factores_vulnerabilidad": ["pobreza_extrema"] if rng.random() < 0.3 else [],
        "partes": [
            {
                "parte_nombres": rng.choice(NAMES),
                "parte_apellidos": rng.choice(SURNAMES),
                "parte_tipo_documento": "DNI",
                "parte_numero_documento": _dni(rng),
                "parte_rol": "demandado",
            }
        ],
    }
    if a["lugar_atencion"] == "brigada":
        a["brigada_localidad"] = "Comunidad Nativa Santa Rosa"
    if minor:
        a.update(
            representante_nombres="Rosa Quispe Mamani",
            representante_tipo_documento="DNI",
            representante_numero_documento=_dni(rng),
            representante_parentesco="madre",
        )
    if matter == "alimentos":
        a["hijos"] = [
            {
                "hijo_nombres": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                "hijo_fecha_nacimiento": _date(rng, 0, 17),
                "hijo_acta_numero": str(rng.randrange(10**7)),
                "hijo_reconocido": rng.random() < 0.7,
            }
            for _ in range(rng.randrange(1, 4))
        ]
        a.update(obligado_nombres="Carlos Ramos", monto_solicitado=float(rng.randrange(200, 1500)))
    elif matter == "violencia":
        a.update(
            tipos_violencia=rng.sample(["fisica", "psicologica", "sexual", "economica"], 2),
            relacion_agresor="pareja",
            fecha_hechos=(TODAY - dt.timedelta(days=rng.randrange(60))).isoformat(),
            denuncia_presentada=True,
            denuncia_entidad="comisaria",
            denuncia_numero="123-2026",
            nivel_riesgo=rng.choice(["leve", "moderado", "severo"]),
            medidas_proteccion=True,
            medidas_expediente="00123-2026-0-1801-JR-FT-01",
        )
    elif matter == "laboral":
        a.update(
            empleador_nombre="Agroexportadora SAC",
            empleador_ruc="20131312955",
            fecha_inicio_labores="2020-03-01",
            fecha_fin_labores="2026-06-30",
            remuneracion_mensual=1130,
            pretension_laboral=["beneficios_sociales"],
        )
    elif matter == "penal":
        a.update(
            rol_procesal="imputado",
            situacion_juridica="prision_preventiva",
            establecimiento_penitenciario="E.P. Lurigancho",
            etapa_proceso="preparatoria",
            delito="Hurto agravado",
            carpeta_fiscal="506014500-2026-123-0",
        )
    return a
